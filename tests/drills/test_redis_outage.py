"""Drill: the broker (Redis) stops while people work.

Forms still save at once, a compile request is recorded and the page says compilation is
delayed; once Redis is back (on the same port, empty) and the periodic sweeps run, the queued
compiles finish and the pending notification goes out. The web side runs in gunicorn and the
worker is a real Celery worker, both pointed at a Redis of the test's own.
"""

import datetime
import time

import pytest
from django.conf import global_settings
from django.db.models import F
from django.test import Client
from django.urls import reverse

from gcm_portal.accounts.models import User
from reporting.models import Event, ReportEdition, Submission
from reporting.services.editions import DELAYED_NOTICE
from tests.drills.helpers import (
    Browser,
    celery_call,
    replace_field,
    service_env,
    start_web,
    wait_until,
)
from tests.drills.world import seed
from tests.integration.test_report_worker import database_url

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Seconds a person may wait for a page while the broker is down: no long Celery retries.
PATIENCE = 2.5


def timed(request):
    started = time.monotonic()
    response = request()
    return time.monotonic() - started, response


def signed_in_elsewhere(base_url: str, user: User) -> Browser:
    """A browser holding a session made here: the coordinator's second factor is tested on
    its own pages, not in this drill."""
    client = Client()
    client.force_login(user)
    browser = Browser(base_url)
    browser.use_session(client.cookies["sessionid"].value)
    return browser


def test_with_redis_down_work_is_saved_and_finishes_once_it_is_back(
    settings, tmp_path, private_redis, processes, workers
):
    # Passwords as production hashes them: the web side signs people in with its own settings.
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    world = seed()
    settings.MEDIA_ROOT = tmp_path / "media"
    env = service_env(tmp_path, database_url=database_url(), redis_url=private_redis.url)
    base_url = start_web(processes, env)
    private_redis.stop()

    # A focal point saves a draft through the form, then submits it.
    alice = Browser(base_url)
    alice.sign_in("alice")
    edit = f"/submissions/{world['submission']}/edit/"
    fields = replace_field(alice.form(edit, edit), "progress", "Written while Redis was down.")
    took, response = timed(lambda: alice.post(edit, fields))
    assert response.status_code == 200 and "Draft saved." in response.text
    assert took < PATIENCE
    submission = Submission.objects.get(pk=world["submission"])
    assert submission.progress == "Written while Redis was down."

    transition = f"/submissions/{world['submission']}/transition/"
    took, response = timed(lambda: alice.press(transition, action="submit", next=edit))
    assert response.status_code == 200 and "Submitted." in response.text
    assert took < PATIENCE
    submission.refresh_from_db()
    assert submission.state == "submitted"
    [submitted] = Event.objects.filter(submission=submission, action="submit")
    assert submitted.notified_at is None

    # The coordinator asks for a compile on the page, then through the API.
    cora = signed_in_elsewhere(base_url, User.objects.get(pk=world["cora"]))
    reports = f"/reports/{world['cycle']}/"
    fields = dict(cora.form(reports, reports)) | {"kind": "regional", "language": "en"}
    took, response = timed(lambda: cora.post(reports, fields))
    assert response.status_code == 200 and took < PATIENCE
    assert str(DELAYED_NOTICE) in response.text
    assert "Compiling" not in response.text
    assert "Delayed: waiting for the service that compiles reports." in response.text

    took, response = timed(
        lambda: cora.session.post(
            f"{base_url}/api/v1/cycles/{world['cycle']}/editions/",
            json={"kind": "regional", "mode": "preview", "languages": ["en"]},
            headers={"X-CSRFToken": cora.csrf_token},
            timeout=30,
        )
    )
    assert response.status_code == 202, response.text
    assert took < PATIENCE
    [answer] = response.json()
    assert answer["state"] == "queued" and answer["notice"] == str(DELAYED_NOTICE)
    editions = list(ReportEdition.objects.order_by("pk"))
    assert [(e.state, e.is_delayed) for e in editions] == [("queued", True), ("queued", True)]
    assert "Could not queue reporting.tasks.compile_edition" in processes.log("web")

    # Redis comes back, empty; a worker starts and beat's sweeps run (sent here by name).
    private_redis.start()
    worker = workers(env)
    worker.wait_ready()
    # The notification sweep leaves alone what is younger than a couple of minutes.
    Event.objects.filter(pk=submitted.pk).update(
        created_at=F("created_at") - datetime.timedelta(minutes=5)
    )
    celery_call(env, "reporting.tasks.requeue_stuck_editions")
    celery_call(env, "reporting.tasks.send_pending_notifications")

    def compiled():
        return all(e.is_finished for e in ReportEdition.objects.all())

    wait_until(compiled, 50, f"the queued compiles did not finish:\n{worker.log}")
    for edition in ReportEdition.objects.all():
        assert edition.state == "succeeded", f"{edition.failure_reason}\n{worker.log}"
        download = cora.get(reverse("edition_download", args=[edition.pk]))
        assert download.status_code == 200 and download.content.startswith(b"%PDF")
    wait_until(
        lambda: Event.objects.get(pk=submitted.pk).notified_at,
        20,
        f"the pending notification was not sent:\n{worker.log}",
    )
    reviewer = User.objects.get(pk=world["rita"])
    assert f"To: {reviewer.email}" in worker.log

    # The web side reaches the broker again without a restart: a new event is sent at once.
    response = alice.press(transition, action="withdraw", next=edit)
    assert response.status_code == 200 and "Withdrawn" in response.text
    withdrawn = Event.objects.get(submission=submission, action="withdraw")
    wait_until(
        lambda: Event.objects.get(pk=withdrawn.pk).notified_at,
        20,
        f"the web side did not queue the notification after Redis came back:\n{worker.log}",
    )
