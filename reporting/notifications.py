"""E-mails about submissions, each in its recipient's language.

They are plain text: subjects and bodies are `.txt` templates, which the text engine renders
without HTML escaping (gcm_portal/templating.py), so names and reasons arrive as written.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from gcm_portal.accounts.models import Membership, User
from reporting.models import Event, Reminder, Submission

Role = Membership.Role


def _recipients(*, organisation_ids, role: str) -> list[User]:
    return list(
        User.objects.filter(
            memberships__organisation_id__in=organisation_ids,
            memberships__role=role,
            is_active=True,
        )
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def event_recipients(event: Event) -> list[User]:
    """Focal points hear about reviews of their work; reviewers hear about submissions."""
    submission = event.submission
    if event.action in ("submit",):
        reviewers = _recipients(
            organisation_ids=Membership.objects.filter(role=Role.REVIEWER).values(
                "organisation_id"
            ),
            role=Role.REVIEWER,
        )
        return [u for u in reviewers if u.pk != event.actor_id]
    if event.action in ("return", "approve", "reopen"):
        return _recipients(organisation_ids=[submission.organisation_id], role=Role.FOCAL_POINT)
    return []


def _send(user: User, template: str, context: dict) -> None:
    with translation.override(user.preferred_language):
        subject = render_to_string(f"reporting/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"reporting/email/{template}_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


def send_event_email(event: Event) -> int:
    """Send the event's e-mails; return how many were sent."""
    recipients = event_recipients(event)
    submission: Submission = event.submission
    path = (
        reverse("review_detail", args=[submission.pk])
        if event.action == "submit"
        else reverse("submission_edit", args=[submission.pk])
    )
    for user in recipients:
        _send(
            user,
            "event",
            {
                "event": event,
                "submission": submission,
                "user": user,
                "url": settings.PORTAL_URL + path,
            },
        )
    return len(recipients)


def send_reminder_email(reminder: Reminder) -> int:
    recipients = _recipients(organisation_ids=[reminder.organisation_id], role=Role.FOCAL_POINT)
    for user in recipients:
        _send(
            user,
            "reminder",
            {
                "reminder": reminder,
                "cycle": reminder.cycle,
                "user": user,
                "url": settings.PORTAL_URL + reverse("my_reporting"),
            },
        )
    return len(recipients)


def send_edition_email(edition) -> int:
    """Tell whoever asked for a compile that it is ready, or why it failed."""
    user = edition.requested_by
    if user is None or not user.email or not user.is_active:
        return 0
    _send(
        user,
        "edition",
        {
            "edition": edition,
            "user": user,
            "url": settings.PORTAL_URL + reverse("report_editions", args=[edition.cycle.code]),
        },
    )
    return 1
