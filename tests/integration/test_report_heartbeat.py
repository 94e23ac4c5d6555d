"""A running compile shows it is alive; the sweep takes over one whose heartbeat stopped.

A worker killed whole (main process and pool) leaves its compile running: the broker gives
the message back only after its visibility timeout. The compile's heartbeat stops with it,
and the sweep, run every minute and by every worker that starts, sends the job again.
"""

import datetime
import threading
import time

import pytest
from celery.signals import worker_ready
from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone

from reporting import dispatch, tasks
from reporting.models import ReportEdition
from reporting.pdf import render
from reporting.services.editions import (
    STUCK_AFTER,
    _finish,
    edition_claim,
    edition_compile,
    edition_heartbeat,
    editions_requeue_stuck,
)

pytestmark = pytest.mark.django_db

DEAD_AFTER = settings.REPORT_DEAD_AFTER_SECONDS
STUCK_AFTER = STUCK_AFTER


@pytest.fixture(autouse=True)
def media(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Nobody asked for these editions: no "report ready" mail to queue.
    monkeypatch.setattr("reporting.services.editions._notify_requester", lambda edition_id: None)


@pytest.fixture
def edition(open_cycle):
    return ReportEdition.objects.create(
        cycle=open_cycle, kind="regional", language="en", mode="final"
    )


def heartbeat(edition) -> datetime.datetime:
    return ReportEdition.objects.values_list("heartbeat_at", flat=True).get(pk=edition.pk)


def heartbeat_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("edition-heartbeat-")]


def wait_for(predicate, timeout: float = 10):
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "waited too long"
        time.sleep(0.01)


@pytest.mark.parametrize(
    ("running_for", "silent_for", "requeued"),
    [
        pytest.param(30 * 60, 5, False, id="a long compile that still beats"),
        pytest.param(2 * 60, DEAD_AFTER - 1, False, id="a few beats late"),
        pytest.param(2 * 60, DEAD_AFTER + 1, True, id="a heartbeat that stopped"),
        pytest.param(STUCK_AFTER - 60, None, False, id="claimed before heartbeats, recent"),
        pytest.param(STUCK_AFTER + 1, None, True, id="claimed before heartbeats, too old"),
    ],
)
def test_the_sweep_takes_over_a_running_compile_once_its_heartbeat_stopped(
    edition, monkeypatch, django_capture_on_commit_callbacks, running_for, silent_for, requeued
):
    sent = []
    monkeypatch.setattr("reporting.services.editions._enqueue", sent.append)
    claim = edition_claim(edition_id=edition.pk)
    now = timezone.now()
    ReportEdition.objects.filter(pk=edition.pk).update(
        started_at=now - datetime.timedelta(seconds=running_for),
        heartbeat_at=None if silent_for is None else now - datetime.timedelta(seconds=silent_for),
    )
    with django_capture_on_commit_callbacks(execute=True):
        swept = editions_requeue_stuck(now=now)
    edition.refresh_from_db()
    if requeued:
        assert swept == sent == [edition.pk]
        assert (edition.state, edition.stage) == ("queued", "requeued")
    else:
        assert swept == sent == []
        assert (edition.state, edition.attempts) == ("running", claim.attempt)


def test_a_compile_taken_over_by_the_sweep_is_stored_once(edition, monkeypatch):
    monkeypatch.setattr("reporting.services.editions._enqueue", lambda pk: None)
    dead = edition_claim(edition_id=edition.pk)
    later = timezone.now() + datetime.timedelta(seconds=DEAD_AFTER + 1)
    assert editions_requeue_stuck(now=later) == [edition.pk]
    # The compile the sweep sent runs; the dead attempt can no longer store anything.
    assert edition_compile(edition_id=edition.pk) is not None
    assert _finish(dead, b"%PDF-late", 1, [], docx=b"PK-late") is None
    # The killed worker's message comes back after the broker's visibility timeout.
    assert edition_compile(edition_id=edition.pk) is None
    edition.refresh_from_db()
    assert (edition.state, edition.attempts) == ("succeeded", 2)
    stored = sorted(default_storage.listdir("reports")[1])
    assert stored == [edition.docx.name.split("/")[-1], edition.pdf.name.split("/")[-1]]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_heartbeat_beats_while_the_compile_runs_and_stops_when_it_ends(
    edition, settings, monkeypatch
):
    settings.REPORT_HEARTBEAT_SECONDS = 0.05
    render_pdf = render.render_pdf
    beats = []

    def long_layout(html, on_stage):
        # Layout reports nothing for minutes: the heartbeat has to come from elsewhere.
        wait_for(lambda: beats.append(heartbeat(edition)) or len(set(beats)) >= 3)
        return render_pdf(html, on_stage=on_stage)

    monkeypatch.setattr(render, "render_pdf", long_layout)
    edition_compile(edition_id=edition.pk)
    edition.refresh_from_db()
    assert edition.state == "succeeded"
    assert len(set(beats)) >= 3 and beats == sorted(beats)  # it moved on during layout
    assert heartbeat_threads() == []
    time.sleep(4 * settings.REPORT_HEARTBEAT_SECONDS)
    assert heartbeat(edition) == edition.heartbeat_at


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_heartbeat_stops_when_the_compile_fails(edition, settings, monkeypatch):
    settings.REPORT_HEARTBEAT_SECONDS = 0.05

    def broken_layout(html, on_stage):
        claimed = heartbeat(edition)
        wait_for(lambda: heartbeat(edition) > claimed)
        raise ValueError("layout failed")

    monkeypatch.setattr(render, "render_pdf", broken_layout)
    with pytest.raises(ValueError):
        edition_compile(edition_id=edition.pk)
    assert heartbeat_threads() == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_attempt_that_lost_the_job_stops_beating_and_leaves_the_row_alone(edition, settings):
    settings.REPORT_HEARTBEAT_SECONDS = 0.05
    first = edition_claim(edition_id=edition.pk)
    edition_claim(edition_id=edition.pk)  # a redelivered task took the job over
    taken_over = heartbeat(edition)
    with edition_heartbeat(claim=first):
        wait_for(lambda: heartbeat_threads() == [])
    assert heartbeat(edition) == taken_over


def test_a_worker_that_starts_sends_the_sweep(monkeypatch):
    sent = []
    monkeypatch.setattr(dispatch, "enqueue", lambda task, *args: sent.append(task.name))
    worker_ready.send(sender=None)
    assert sent == [tasks.requeue_stuck_editions.name]


def test_by_default_a_dead_compile_is_picked_up_within_two_minutes():
    sweep_every = settings.CELERY_BEAT_SCHEDULE["requeue-stuck-report-editions"]["schedule"]
    assert DEAD_AFTER + sweep_every <= 2 * 60
    # A beat or two late is not a death.
    assert DEAD_AFTER >= 5 * settings.REPORT_HEARTBEAT_SECONDS
