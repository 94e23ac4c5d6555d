"""The audit log's one writer: `record(action, ...)`, called where the audited thing happens.

    record("state_change", actor=user, obj=submission, from_state="draft", to_state="submitted")

An entry is written in the caller's transaction: a change that rolls back leaves no entry,
and an entry that cannot be written fails the change (an audited action is never left
unaudited). Call it inside the `transaction.atomic()` block that makes the change.
"""

import ipaddress
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import models
from django.http import HttpRequest

from gcm_portal.audit.models import AuditEntry
from gcm_portal.client_ip import client_ip

Action = AuditEntry.Action
USER_AGENT_LENGTH = AuditEntry._meta.get_field("user_agent").max_length

# The request being served, set by AuditMiddleware: services that are not handed the request
# still record where it came from. Workers and commands have none.
_current_request: ContextVar[HttpRequest | None] = ContextVar("audit_request", default=None)


@contextmanager
def serving(request: HttpRequest) -> Iterator[None]:
    """Make `request` the one that record() describes while the block runs."""
    token = _current_request.set(request)
    try:
        yield
    finally:
        _current_request.reset(token)


def record(
    action: str,
    *,
    actor=None,
    request: HttpRequest | None = None,
    obj: models.Model | None = None,
    **detail,
) -> AuditEntry:
    """Write one audit entry and return it.

    - `action`: one of AuditEntry.Action (a ValueError for anything else);
    - `actor`: the user who acted; by default the request's signed-in user, if any;
    - `request`: by default the request being served; gives the client's address (see
      gcm_portal/client_ip.py) and its User-Agent, cut to 300 characters;
    - `obj`: the model instance concerned, kept as its type ("reporting.submission") and id;
    - `detail`: anything else, as JSON (never a password or a token).
    """
    if request is None:
        request = _current_request.get()
    if actor is None and request is not None:
        actor = getattr(request, "user", None)
    if actor is not None and not actor.is_authenticated:
        actor = None
    return AuditEntry.objects.create(
        action=Action(action),
        actor=actor,
        actor_username=actor.get_username() if actor is not None else "",
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        ip_address=_ip_address(request) if request is not None else None,
        user_agent=_user_agent(request) if request is not None else "",
        detail=detail,
    )


def _ip_address(request: HttpRequest) -> str | None:
    address = client_ip(request)
    try:
        return str(ipaddress.ip_address(address)) if address else None
    except ValueError:
        return None  # a garbled forwarded address: no address rather than a wrong one


def _user_agent(request: HttpRequest) -> str:
    return request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_LENGTH]
