"""Celery tasks: thin, take ids, safe to run twice."""

import datetime

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from reporting import notifications, services
from reporting.models import Event, Reminder


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
    reminder = Reminder.objects.select_related("cycle", "organisation").get(pk=reminder_id)
    return notifications.send_reminder_email(reminder)


@shared_task
def send_deadline_reminders(today: str | None = None) -> int:
    """Remind organisations with unsent work before the deadline and when overdue.

    Runs several times a day from beat; each milestone is sent once, so reruns are harmless.
    """
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    return len(services.reminders_send(today=day))
