"""Sending tasks while the broker is down: nothing fails, nothing is lost, the user is told.

The broker's refusal is the real one where a test can afford it (a Redis URL on which nothing
listens); elsewhere the project's tasks refuse the way kombu does. tests/drills/ runs the same
story against a Redis that really stops.
"""

import datetime
import logging
import os
import subprocess
import sys
import time

import pytest
from celery import Celery
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from gcm_portal.celery import app as celery_app
from reporting import dispatch
from reporting.models import Event, Reminder, ReportEdition
from reporting.services.coordination import reminders_send
from reporting.services.editions import DELAYED_NOTICE, _enqueue, editions_requeue_stuck
from reporting.services.submissions import events_notify_pending
from reporting.tasks import compile_edition, notify_submission_event, send_reminder
from tests.builders import assign, submitted
from tests.drills.helpers import free_port

pytestmark = pytest.mark.django_db


def broker_down(*args, **kwargs):
    raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")


@pytest.fixture(autouse=True)
def eager_celery(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


def test_a_refusing_broker_is_reported_within_a_second_not_raised(caplog):
    # Nothing listens on that port. Not the current app, which the project's tasks use.
    app = Celery("refused", broker=f"redis://127.0.0.1:{free_port()}/0", set_as_current=False)

    @app.task(name="refused.noop")
    def noop(number):
        return number

    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="reporting.dispatch"):
        assert dispatch.enqueue(noop, 7) is False
    assert time.monotonic() - started < 1.5
    assert "Could not queue refused.noop(7,)" in caplog.text


def test_a_task_the_broker_takes_is_reported_sent():
    app = Celery("memory", broker="memory://", set_as_current=False)

    @app.task(name="memory.noop")
    def noop():
        return None

    assert dispatch.enqueue(noop) is True


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_with_the_broker_down_submit_works_and_a_compile_request_says_it_is_delayed(
    alice, rita, cora, open_cycle, momd, monkeypatch
):
    monkeypatch.setattr(notify_submission_event, "apply_async", broker_down)
    monkeypatch.setattr(compile_edition, "apply_async", broker_down)
    submission = submitted(alice, open_cycle, momd)
    assert submission.state == "submitted"
    assert Event.objects.get(submission=submission).notified_at is None

    page = Client()
    page.force_login(cora)
    url = reverse("report_editions", args=[open_cycle.code])
    response = page.post(
        url, {"kind": "regional", "language": "en", "mode": "preview"}, follow=True
    )
    html = response.content.decode()
    assert str(DELAYED_NOTICE) in html and "Compiling" not in html
    assert "Delayed: waiting for the service that compiles reports." in html

    api = Client()
    api.force_login(cora)
    response = api.post(
        f"/api/v1/cycles/{open_cycle.code}/editions/",
        {"kind": "regional", "mode": "preview", "languages": ["ar"]},
        content_type="application/json",
    )
    assert response.status_code == 202
    [answer] = response.json()
    assert answer["state"] == "queued" and answer["stage"] == "waiting-for-broker"
    assert answer["notice"] == str(DELAYED_NOTICE)
    assert [(e.state, e.is_delayed) for e in ReportEdition.objects.all()] == [
        ("queued", True),
        ("queued", True),
    ]


def test_the_sweep_sends_a_delayed_compile_at_once_and_leaves_others_alone(
    cora, open_cycle, monkeypatch, django_capture_on_commit_callbacks
):
    sent = []
    monkeypatch.setattr("reporting.services.editions._enqueue", sent.append)
    delayed, waiting = (
        ReportEdition.objects.create(
            cycle=open_cycle, kind="regional", language=language, mode="final", stage=stage
        )
        for language, stage in [("en", ReportEdition.WAITING_FOR_BROKER), ("ar", "")]
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert editions_requeue_stuck() == [delayed.pk]
    assert sent == [delayed.pk]
    delayed.refresh_from_db()
    assert delayed.state == "queued" and not delayed.is_delayed
    waiting.refresh_from_db()
    assert waiting.stage == ""


def test_a_compile_the_broker_refused_is_marked_and_its_row_says_so(cora, open_cycle, monkeypatch):
    monkeypatch.setattr(compile_edition, "apply_async", broker_down)
    edition = ReportEdition.objects.create(
        cycle=open_cycle, kind="regional", language="en", mode="final", requested_by=cora
    )
    _enqueue(edition.pk)
    edition.refresh_from_db()
    assert edition.is_delayed
    client = Client()
    client.force_login(cora)
    row = client.get(reverse("edition_progress", args=[edition.pk])).content.decode()
    assert "Delayed: waiting for the service that compiles reports." in row
    assert "every 2s" in row  # it keeps polling, and changes once the sweep has sent it


def test_the_sweep_sends_a_notification_the_broker_refused_once(
    alice, rita, open_cycle, momd, monkeypatch, django_capture_on_commit_callbacks
):
    with monkeypatch.context() as broken:
        broken.setattr(notify_submission_event, "apply_async", broker_down)
        with django_capture_on_commit_callbacks(execute=True):
            submission = submitted(alice, open_cycle, momd)
    event = Event.objects.get(submission=submission)
    assert event.notified_at is None and mail.outbox == []

    def sweep(minutes_later: float) -> list[int]:
        later = timezone.now() + datetime.timedelta(minutes=minutes_later)
        with django_capture_on_commit_callbacks(execute=True):
            return events_notify_pending(now=later)

    assert sweep(0) == []  # too young: its own task may still be on its way
    assert sweep(3) == [event.pk]
    assert [m.to for m in mail.outbox] == [[rita.email]]
    assert sweep(3) == []  # sent: the claim is taken
    Event.objects.filter(pk=event.pk).update(notified_at=None)
    assert sweep(60 * 24 + 5) == []  # given up after a day
    assert len(mail.outbox) == 1


def test_a_reminder_the_broker_refused_is_recorded_again_by_the_next_run(
    alice, open_cycle, momd, monkeypatch, django_capture_on_commit_callbacks
):
    assign(open_cycle, momd, objective=3)
    day = open_cycle.submission_deadline - datetime.timedelta(days=2)
    with monkeypatch.context() as broken:
        broken.setattr(send_reminder, "apply_async", broker_down)
        with django_capture_on_commit_callbacks(execute=True):
            reminders_send(today=day)
    assert not Reminder.objects.exists() and mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        [reminder] = reminders_send(today=day)
    assert reminder.milestone == "due-in-3"
    assert [m.to for m in mail.outbox] == [[alice.email]]


def test_a_task_is_found_by_name_in_a_process_that_never_imported_the_tasks():
    code = (
        "import django, sys; django.setup(); "
        "from celery import current_app; "
        "assert 'reporting.tasks.send_reminder' not in current_app.tasks; "
        "from reporting.dispatch import task_named; "
        "print(task_named('reporting.tasks.send_reminder').name)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "gcm_portal.settings"},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "reporting.tasks.send_reminder"
