"""E-mails about transitions: sent by a Celery task after commit, once per transition."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail

from gcm_portal.celery import app as celery_app
from gcm_portal.templating import TextTemplates
from reporting import notifications
from reporting.models import Event, Reminder, ReportEdition
from reporting.services.submissions import submission_transition
from reporting.tasks import notify_submission_event, send_deadline_reminders
from tests.builders import assign, start_draft, submitted

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
        event = submission_transition(
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
    event = submission_transition(user=rita, submission_id=submission.pk, action="approve")
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


# --- plain text ----------------------------------------------------------------------------

# What HTML escaping would turn into entities: an apostrophe, an ampersand, angle brackets
# and double quotes.
AWKWARD = 'O\'Brien & Sons <Ltd> "Trust"'
ENTITIES = ("&#x27;", "&#39;", "&amp;", "&lt;", "&gt;", "&quot;")
EMAIL_TEMPLATES = Path(settings.BASE_DIR) / "templates" / "reporting" / "email"


@pytest.fixture
def text_templates_rendered(monkeypatch) -> list[str]:
    """The names of the templates the plain-text engine renders while the test runs."""
    rendered = []
    original = TextTemplates.get_template

    def get_template(self, template_name):
        rendered.append(template_name)
        return original(self, template_name)

    monkeypatch.setattr(TextTemplates, "get_template", get_template)
    return rendered


@pytest.fixture
def every_kind_of_email(
    text_templates_rendered,
    alice,
    rita,
    cora,
    open_cycle,
    momd,
    django_capture_on_commit_callbacks,
) -> dict[str, list]:
    """Each e-mail the portal sends, about an organisation, people, a cycle and reasons whose
    names hold every character HTML would escape."""
    momd.name_en = f"Ministry {AWKWARD}"
    momd.save()
    open_cycle.title_en = f"Review {AWKWARD}"
    open_cycle.save()
    for person, first_name in ((alice, "Alice"), (rita, "Rita")):
        person.first_name, person.last_name = first_name, AWKWARD
        person.save()
    with django_capture_on_commit_callbacks(execute=True):
        submission = submitted(alice, open_cycle, momd)
        submission_transition(
            user=rita, submission_id=submission.pk, action="return", reason=f"Check {AWKWARD}"
        )
    assign(open_cycle, momd, objective=3)
    with django_capture_on_commit_callbacks(execute=True):
        send_deadline_reminders(
            (open_cycle.submission_deadline + datetime.timedelta(days=1)).isoformat()
        )
    for state, reason in (("failed", f"Font {AWKWARD} missing"), ("succeeded", "")):
        edition = ReportEdition.objects.create(
            cycle=open_cycle,
            kind="regional",
            language="en",
            mode="final",
            state=state,
            failure_reason=reason,
            page_count=12,
            requested_by=cora,
        )
        notifications.send_edition_email(edition)
    return {
        "submitted": [m for m in mail.outbox if m.to == [rita.email]],
        "returned": [m for m in mail.outbox if m.to == [alice.email] and "returned" in m.subject],
        "reminder": [m for m in mail.outbox if m.to == [alice.email] and "Overdue" in m.subject],
        "edition": [m for m in mail.outbox if m.to == [cora.email]],
    }


FSI, PDI = "\u2068", "\u2069"


def test_plain_text_emails_show_names_and_reasons_as_written(every_kind_of_email):
    emails = every_kind_of_email
    assert [len(emails[kind]) for kind in emails] == [1, 1, 1, 2]
    submitted_mail, returned, reminder = (
        emails[k][0] for k in ("submitted", "returned", "reminder")
    )
    assert f"Ministry {AWKWARD}" in submitted_mail.subject
    # Names and reasons keep their own direction inside a line in the other language
    # (Unicode isolates: plain text has no dir attribute).
    assert f"{FSI}Ministry {AWKWARD}{PDI} has submitted" in submitted_mail.body
    assert f"Dear {FSI}Rita {AWKWARD}{PDI}," in submitted_mail.body
    assert f"Dear {FSI}Alice {AWKWARD}{PDI}," in returned.body
    assert f"{FSI}Check {AWKWARD}{PDI}" in returned.body
    assert f"Review {AWKWARD}" in reminder.subject
    failed, ready = emails["edition"]
    assert f"Review {AWKWARD}" in failed.subject and f"Review {AWKWARD}" in ready.subject
    assert f"Font {AWKWARD} missing" in failed.body
    for message in (m for messages in emails.values() for m in messages):
        text = message.subject + message.body
        assert not any(entity in text for entity in ENTITIES), text
        assert message.alternatives == []  # plain text only


def test_every_email_template_is_rendered_as_plain_text(
    every_kind_of_email, text_templates_rendered
):
    on_disk = {f"reporting/email/{path.name}" for path in EMAIL_TEMPLATES.glob("*")}
    assert on_disk and all(name.endswith(".txt") for name in on_disk)
    assert set(text_templates_rendered) == on_disk
