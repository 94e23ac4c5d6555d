"""Sign-in throttling on top of django-axes.

django-axes counts failed sign-ins per account and per address in the database (so every
process and host sees the same count) and locks either out for AXES_COOLOFF_TIME once
AXES_FAILURE_LIMIT is reached. Before that, from the SLOW_DOWN_AFTER-th failure on, the next
attempt must wait a little longer each time (2, 4, 8 ... at most 60 seconds). An attempt
made too early is refused without checking the password, so it neither counts nor reveals
anything. Nobody is put to sleep on the server: waiting costs the attacker, not a worker.
"""

from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import ngettext

from gcm_portal.client_ip import client_ip

SLOW_DOWN_AFTER = 3
LONGEST_WAIT_SECONDS = 60


def _recent_failures(*, username: str, ip_address: str | None) -> tuple[int, object]:
    """(the larger failure count of the account and the address, the latest failure)."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    recent = AccessAttempt.objects.filter(attempt_time__gte=since)
    by_account = recent.filter(username=username) if username else recent.none()
    by_address = recent.filter(ip_address=ip_address) if ip_address else recent.none()
    counts = [
        attempts.aggregate(failures=Sum("failures_since_start"), latest=Max("attempt_time"))
        for attempts in (by_account, by_address)
    ]
    failures = max(count["failures"] or 0 for count in counts)
    latest = max((count["latest"] for count in counts if count["latest"]), default=None)
    return failures, latest


def seconds_to_wait(request: HttpRequest, username: str) -> int:
    """Seconds before another sign-in attempt for this account or address is checked."""
    failures, latest = _recent_failures(username=username, ip_address=client_ip(request))
    if failures < SLOW_DOWN_AFTER or latest is None:
        return 0
    if failures >= settings.AXES_FAILURE_LIMIT:
        wait = settings.AXES_COOLOFF_TIME
    else:
        wait = timedelta(seconds=min(2 ** (failures - SLOW_DOWN_AFTER + 1), LONGEST_WAIT_SECONDS))
    remaining = (latest + wait - timezone.now()).total_seconds()
    return max(0, int(remaining + 0.999))


def wait_message(seconds: int) -> str:
    if seconds > LONGEST_WAIT_SECONDS:
        minutes = (seconds + 59) // 60
        return ngettext(
            "Too many failed sign-ins for this account or from this network. Sign-in is "
            "blocked for %(count)d more minute. If you forgot your password, ask your "
            "coordinator to reset it.",
            "Too many failed sign-ins for this account or from this network. Sign-in is "
            "blocked for %(count)d more minutes. If you forgot your password, ask your "
            "coordinator to reset it.",
            minutes,
        ) % {"count": minutes}
    return ngettext(
        "Too many failed sign-ins. Wait %(count)d second, then try again.",
        "Too many failed sign-ins. Wait %(count)d seconds, then try again.",
        seconds,
    ) % {"count": seconds}
