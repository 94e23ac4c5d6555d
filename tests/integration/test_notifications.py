"""E-mails about transitions: sent by a Celery task after commit, once per transition."""

import datetime

import pytest
from django.core import mail

from gcm_portal.celery import app as celery_app
from reporting import services
from reporting.models import Event, Reminder
from reporting.tasks import notify_submission_event, send_deadline_reminders
from tests.conftest import assign, start_draft, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def eager_celery(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


def test_no_mail_before_the_transaction_commits(
    alice, rita, open_cycle, momd, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submission = submitted(alice, open_cycle, momd)
    assert mail.outbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert [m.to for m in mail.outbox] == [[rita.email]]
    assert submission.organisation.name_en in mail.outbox[0].subject


def test_return_mails_the_focal_points_once_in_their_language(
    alice, rita, open_cycle, momd, django_capture_on_commit_callbacks
):
    alice.preferred_language = "ar"
    alice.save()
    submission = submitted(alice, open_cycle, momd)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        event = services.submission_transition(
            user=rita, submission_id=submission.pk, action="return", reason="أضيفوا أرقام 2027"
        )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [alice.email]
    assert "أعيد" in message.subject
    assert "أضيفوا أرقام 2027" in message.body
    assert f"/submissions/{submission.pk}/edit/" in message.body
    # A redelivered task finds the event already notified and sends nothing.
    assert notify_submission_event(event.pk) == 0
    assert len(mail.outbox) == 1
    assert Event.objects.get(pk=event.pk).notified_at is not None


def test_a_failed_send_is_retried_not_lost(alice, rita, open_cycle, momd, monkeypatch):
    submission = submitted(alice, open_cycle, momd)
    event = services.submission_transition(
        user=rita, submission_id=submission.pk, action="approve"
    )
    mail.outbox.clear()

    def broken(*args, **kwargs):
        raise OSError("SMTP server unreachable")

    monkeypatch.setattr("reporting.notifications.send_mail", broken)
    with pytest.raises(OSError):
        notify_submission_event.run(event.pk)
    assert Event.objects.get(pk=event.pk).notified_at is None
    monkeypatch.undo()
    assert notify_submission_event.run(event.pk) == 1
    assert len(mail.outbox) == 1 and "approved" in mail.outbox[0].subject


def test_reminders_go_once_per_milestone_to_organisations_with_unsent_work(
    alice, bob, open_cycle, momd, moi, django_capture_on_commit_callbacks
):
    assign(open_cycle, momd, objective=3)
    submitted(bob, open_cycle, moi, objective=4)  # MoI has sent everything it was asked for
    start_draft(alice, open_cycle, momd, objective=5)  # a draft is not sent
    deadline = open_cycle.submission_deadline

    def run_on(day: datetime.date) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return send_deadline_reminders(day.isoformat())

    assert run_on(deadline - datetime.timedelta(days=30)) == 0
    assert run_on(deadline - datetime.timedelta(days=10)) == 1
    assert run_on(deadline - datetime.timedelta(days=9)) == 0  # same milestone: not repeated
    assert run_on(deadline - datetime.timedelta(days=2)) == 1
    assert run_on(deadline + datetime.timedelta(days=1)) == 1
    assert run_on(deadline + datetime.timedelta(days=5)) == 0
    assert list(Reminder.objects.values_list("organisation__slug", "milestone")) == [
        ("momd", "due-in-14"),
        ("momd", "due-in-3"),
        ("momd", "overdue"),
    ]
    subjects = [m.subject for m in mail.outbox if m.to == [alice.email]]
    assert len(subjects) == 3 and "Overdue" in subjects[-1]
