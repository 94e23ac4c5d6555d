"""The address a request came from, for sign-in throttling and the audit log."""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """Return the client's IP address.

    Without trusted proxies (TRUSTED_PROXY_COUNT=0) this is the connecting address: a client
    can put anything in X-Forwarded-For. Behind N proxies that each append the address they
    saw, the client is the N-th address from the right of X-Forwarded-For.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None
