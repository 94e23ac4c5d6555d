"""Celery tasks: thin, take ids, safe to run twice."""

import datetime

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import worker_ready
from django.db import DatabaseError, transaction
from django.utils import timezone

from reporting import dispatch, notifications
from reporting.models import EditionPart, Event, Reminder, ReportEdition
from reporting.services.coordination import reminders_send
from reporting.services.editions import (
    edition_fail,
    edition_retry_later,
    editions_requeue_stuck,
)
from reporting.services.parts import (
    edition_assemble,
    edition_compile,
    edition_write_word,
    part_render,
)
from reporting.services.submissions import events_notify_pending


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_submission_event(event_id: int) -> int:
    """E-mail the people concerned by a state change, exactly once per event."""
    with transaction.atomic():
        claimed = Event.objects.filter(pk=event_id, notified_at__isnull=True).update(
            notified_at=timezone.now()
        )
        if not claimed:
            return 0
        event = Event.objects.select_related(
            "submission__organisation",
            "submission__cycle",
            "submission__objective",
            "submission__strategy_action",
            "submission__section",
            "actor",
        ).get(pk=event_id)
        # Sent inside the claim: if sending fails, the claim rolls back and the retry sends.
        return notifications.send_event_email(event)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_reminder(reminder_id: int) -> int:
    reminder = (
        Reminder.objects.select_related("cycle", "organisation").filter(pk=reminder_id).first()
    )
    if reminder is None:
        return 0  # dropped because it could not be queued; the next run records it again
    return notifications.send_reminder_email(reminder)


@shared_task
def send_pending_notifications() -> int:
    """Periodic: send the notifications that have not gone out, e.g. after a broker outage."""
    return len(events_notify_pending())


@shared_task
def send_deadline_reminders(today: str | None = None) -> int:
    """Remind organisations with unsent work before the deadline and when overdue.

    Runs several times a day from beat; each milestone is sent once, so reruns are harmless.
    """
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    return len(reminders_send(today=day))


# Errors worth another try: the database or the file system had a bad moment.
TRANSIENT_ERRORS = (OSError, DatabaseError)
COMPILE_MAX_RETRIES = 3


# Every step of a compile: acknowledged late, given back when its worker is lost, stopped below
# the broker's visibility timeout and the sweep's STUCK_AFTER.
COMPILE_TASK = {
    "bind": True,
    "acks_late": True,
    "reject_on_worker_lost": True,
    "max_retries": COMPILE_MAX_RETRIES,
    "soft_time_limit": 14 * 60,
    "time_limit": 15 * 60,
}


def _compile_step(task, edition_id: int, work, *, whole: bool):
    """Run a step of a compile (`whole`: all of it, otherwise one step of a compile in parts):
    a passing error is tried again (this step alone, with backoff), anything else fails the
    edition with a reason people can read."""
    what = "The report" if whole else "A part of the report"
    try:
        return work()
    except SoftTimeLimitExceeded:
        edition_fail(
            edition_id=edition_id,
            reason=f"{what} took longer than 14 minutes to render and was stopped.",
        )
        return "failed"
    except TRANSIENT_ERRORS as error:
        reason = f"{type(error).__name__}: {error}"
        if task.request.retries >= task.max_retries:
            failed = "Failed" if whole else "A part failed"
            edition_fail(
                edition_id=edition_id,
                reason=f"{failed} {task.max_retries + 1} times; the last error was {reason}",
            )
            return "failed"
        if whole:
            edition_retry_later(edition_id=edition_id, reason=reason)
        countdown = (
            min(10 * 2**task.request.retries, 300)
            if whole
            else min(5 * 2**task.request.retries, 60)
        )
        raise task.retry(exc=error, countdown=countdown) from error
    except Exception as error:
        edition_fail(
            edition_id=edition_id,
            reason=f"The report could not be rendered: {type(error).__name__}: {error}",
        )
        raise


@shared_task(**COMPILE_TASK)
def compile_edition(self, edition_id: int) -> str:
    """Compile one report edition; safe to run again after a crash or a redelivery."""

    def work():
        edition = edition_compile(edition_id=edition_id, spread=True)
        return "done" if edition else "nothing to do"

    return _compile_step(self, edition_id, work, whole=True)


@shared_task(**COMPILE_TASK)
def render_edition_part(self, part_id: int) -> str:
    """Lay out one part of an edition compiled in parts; safe to run twice."""
    edition_id = (
        EditionPart.objects.filter(pk=part_id).values_list("edition_id", flat=True).first()
    )
    if edition_id is None:
        return "gone"
    return _compile_step(self, edition_id, lambda: part_render(part_id=part_id), whole=False)


@shared_task(**COMPILE_TASK)
def assemble_edition(self, edition_id: int, attempt: int) -> str:
    """Join the parts of an edition compiled in parts and finish it; safe to run twice."""

    def work():
        return "done" if edition_assemble(edition_id=edition_id, attempt=attempt) else "nothing"

    return _compile_step(self, edition_id, work, whole=False)


@shared_task(**COMPILE_TASK)
def write_edition_word(self, edition_id: int, attempt: int) -> str:
    """Write the Word copy of an edition compiled in parts; safe to run twice. A Word copy
    that cannot be written leaves the PDF as it is."""
    try:
        return "written" if edition_write_word(edition_id=edition_id, attempt=attempt) else "no"
    except TRANSIENT_ERRORS as error:
        if self.request.retries >= self.max_retries:
            ReportEdition.objects.filter(
                pk=edition_id, attempts=attempt, stage=ReportEdition.WORD_PENDING
            ).update(stage="")
            return "given up"
        raise self.retry(exc=error, countdown=min(5 * 2**self.request.retries, 60)) from error


@shared_task
def requeue_stuck_editions() -> int:
    """Periodic: send again the compiles whose worker died or that could not be queued."""
    return len(editions_requeue_stuck())


@worker_ready.connect
def requeue_stuck_editions_at_start(**kwargs) -> None:
    """A worker that starts sweeps at once: it may be the one replacing a worker that died."""
    dispatch.enqueue(requeue_stuck_editions)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_edition_finished(edition_id: int) -> int:
    edition = ReportEdition.objects.select_related("cycle", "requested_by").get(pk=edition_id)
    return notifications.send_edition_email(edition)
