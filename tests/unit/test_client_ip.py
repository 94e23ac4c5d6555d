"""Which address counts for sign-in throttling and the audit log (gcm_portal/client_ip.py).

X-Forwarded-For is the sender's word. The portal believes it only from a trusted proxy, and
then only the part that trusted proxies wrote.
"""

import ipaddress

import pytest
from django.test import RequestFactory

from gcm_portal.client_ip import client_ip

PROXY = "172.30.0.10"  # the compose proxy's address
INNER_PROXIES = "10.8.0.0/24"  # say, a load balancer's network in front of another proxy


@pytest.fixture(autouse=True)
def trusted_proxies(settings):
    settings.TRUSTED_PROXIES = [
        ipaddress.ip_network(network) for network in ("127.0.0.0/8", "::1", PROXY, INNER_PROXIES)
    ]


def address_of(remote_addr: str, forwarded: str | None = None) -> str | None:
    headers = {} if forwarded is None else {"HTTP_X_FORWARDED_FOR": forwarded}
    return client_ip(RequestFactory().get("/", REMOTE_ADDR=remote_addr, **headers))


@pytest.mark.parametrize(
    ("remote_addr", "forwarded", "counted"),
    [
        # Straight to gunicorn: the connecting address, whatever the header says.
        pytest.param("203.0.113.50", None, "203.0.113.50", id="direct"),
        pytest.param("203.0.113.50", "198.51.100.1", "203.0.113.50", id="direct-forged"),
        pytest.param(
            "203.0.113.50", f"198.51.100.1, {PROXY}", "203.0.113.50", id="direct-forged-chain"
        ),
        pytest.param("172.30.0.1", "198.51.100.1", "172.30.0.1", id="neighbour-not-the-proxy"),
        pytest.param("2001:db8::50", "198.51.100.1", "2001:db8::50", id="direct-ipv6-forged"),
        # Through the proxy, which writes the address it saw.
        pytest.param(PROXY, "198.51.100.1", "198.51.100.1", id="proxy"),
        pytest.param(PROXY, None, PROXY, id="proxy-without-header"),
        pytest.param(f"::ffff:{PROXY}", "198.51.100.1", "198.51.100.1", id="proxy-ipv4-in-ipv6"),
        pytest.param("::1", "2001:db8::7", "2001:db8::7", id="ipv6-proxy"),
        pytest.param("127.0.0.1", "198.51.100.1", "198.51.100.1", id="proxy-on-the-same-host"),
        # Proxies that append: only what trusted hops wrote is read, from the right.
        pytest.param(PROXY, "6.6.6.6, 198.51.100.1", "198.51.100.1", id="appended"),
        pytest.param(PROXY, "6.6.6.6, 198.51.100.1, 10.8.0.2", "198.51.100.1", id="two-hops"),
        pytest.param(PROXY, "6.6.6.6,198.51.100.1,10.8.0.2", "198.51.100.1", id="no-spaces"),
        pytest.param(PROXY, "10.8.0.3, 10.8.0.2", "10.8.0.3", id="every-hop-trusted"),
        pytest.param(PROXY, " 198.51.100.1 , , ", "198.51.100.1", id="blank-items"),
        # Other spellings of an address: one client, one spelling.
        pytest.param(PROXY, "198.51.100.1:51234", "198.51.100.1", id="ipv4-with-port"),
        pytest.param(PROXY, "[2001:DB8:0:0::1]:443", "2001:db8::1", id="ipv6-with-port"),
        pytest.param(PROXY, "[2001:db8::1]", "2001:db8::1", id="ipv6-bracketed"),
        pytest.param(PROXY, "2001:DB8:0:0::1", "2001:db8::1", id="ipv6-uncompressed"),
        pytest.param(PROXY, "::ffff:198.51.100.1", "198.51.100.1", id="ipv4-in-ipv6"),
        pytest.param(PROXY, "fe80::1%eth0", "fe80::1", id="ipv6-zone"),
        # Not addresses: never an error and never counted; the nearest trusted hop is.
        pytest.param(PROXY, "not-an-address", PROXY, id="word"),
        pytest.param(PROXY, "unknown", PROXY, id="unknown"),
        pytest.param(PROXY, "", PROXY, id="empty"),
        pytest.param(PROXY, ",,,", PROXY, id="commas"),
        pytest.param(PROXY, "999.1.1.1", PROXY, id="octet-too-big"),
        pytest.param(PROXY, "1.2.3.4.5", PROXY, id="five-octets"),
        pytest.param(PROXY, "01.2.3.4", PROXY, id="leading-zero"),
        pytest.param(PROXY, "1.2.3.4:http", PROXY, id="port-not-a-number"),
        pytest.param(PROXY, "1.2.3.4:", PROXY, id="port-missing"),
        pytest.param(PROXY, "[2001:db8::1", PROXY, id="bracket-not-closed"),
        pytest.param(PROXY, "[2001:db8::1]443", PROXY, id="bracket-then-junk"),
        pytest.param(PROXY, "1.2.3.4%eth0", PROXY, id="ipv4-zone"),
        pytest.param(PROXY, "<script>alert(1)</script>", PROXY, id="markup"),
        pytest.param(PROXY, "1" * 10_000, PROXY, id="long"),
        pytest.param(PROXY, "198.51.100.1, 10.8.0.2, junk", PROXY, id="junk-nearest"),
        pytest.param(PROXY, "198.51.100.1, junk, 10.8.0.2", "10.8.0.2", id="junk-mid-chain"),
        pytest.param(PROXY, "junk, 198.51.100.1", "198.51.100.1", id="junk-beyond-client"),
        # No usable connecting address at all.
        pytest.param("", "198.51.100.1", None, id="no-remote-addr"),
        pytest.param("junk", "198.51.100.1", None, id="junk-remote-addr"),
    ],
)
def test_the_counted_address(remote_addr, forwarded, counted):
    assert address_of(remote_addr, forwarded) == counted


def test_with_no_trusted_proxies_the_header_is_never_read(settings):
    settings.TRUSTED_PROXIES = []
    assert address_of("127.0.0.1", "198.51.100.1") == "127.0.0.1"
    assert address_of(PROXY, "198.51.100.1") == PROXY
