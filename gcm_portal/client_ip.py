"""The address a request came from, for sign-in throttling and the audit log.

X-Forwarded-For is whatever the sender wrote, so it is believed only when the connection
comes from a reverse proxy listed in TRUSTED_PROXIES (docs/operations.md). Anyone else who
reaches the server directly could otherwise write a new address into it for each attempt,
slip past the per-address sign-in throttle and put a false address in the audit log.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest

Address = ipaddress.IPv4Address | ipaddress.IPv6Address

# Headers a reverse proxy sets about the client. ProxyHeadersMiddleware removes them from
# requests that did not come from a trusted proxy, so nothing downstream (Django's
# SECURE_PROXY_SSL_HEADER, a library reading X-Real-IP) can be told a story by the client.
PROXY_HEADERS = (
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_FORWARDED",
    "HTTP_X_REAL_IP",
)


def client_ip(request: HttpRequest) -> str | None:
    """Return the client's IP address, or None when the connecting address is unusable.

    A connection from anywhere but a trusted proxy: its own address, whatever its headers
    say. From a trusted proxy: X-Forwarded-For read from the right, past the addresses of
    trusted proxies, up to the first address that is not one: the client as the nearest
    trusted proxy saw it. What lies further left was written by the client and is never
    read. If the walk meets something that is not an address, the last trusted hop counts
    (one shared, throttled address rather than none, or one the client chose).
    """
    nearest = _address(request.META.get("REMOTE_ADDR", ""))
    if nearest is None:
        return None
    if not _is_trusted_proxy(nearest):
        return str(nearest)
    for item in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        if not item.strip():
            continue
        address = _address(item)
        if address is None:
            break
        nearest = address
        if not _is_trusted_proxy(address):
            break
    return str(nearest)


def from_trusted_proxy(request: HttpRequest) -> bool:
    """Whether the connection comes from an address in TRUSTED_PROXIES."""
    address = _address(request.META.get("REMOTE_ADDR", ""))
    return address is not None and _is_trusted_proxy(address)


def _is_trusted_proxy(address: Address) -> bool:
    return any(address in network for network in settings.TRUSTED_PROXIES)


def _address(text: str) -> Address | None:
    """Parse one address as proxies write it (`192.0.2.1`, `192.0.2.1:443`, `[2001:db8::1]:443`).

    None for anything else. IPv4 addresses in IPv6 form (`::ffff:192.0.2.1`, as a dual-stack
    socket reports them) become plain IPv4, and an IPv6 zone (`%eth0`) is dropped, so that
    one client is always counted under one spelling.
    """
    text, port = text.strip(), None
    if text.startswith("["):
        text, bracket, rest = text[1:].partition("]")
        if not bracket or (rest and not rest.startswith(":")):
            return None
        port = rest[1:] if rest else None
    elif text.count(":") == 1:
        text, _colon, port = text.partition(":")
    if port is not None and not (port.isascii() and port.isdigit()):
        return None
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return address.ipv4_mapped
        if address.scope_id is not None:
            return ipaddress.IPv6Address(int(address))
    return address
