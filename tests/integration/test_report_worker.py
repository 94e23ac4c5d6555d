"""Real Celery workers compile a report; killing one mid-compile still yields one PDF.

The workers are separate processes sharing the test database, the media folder and the broker
(Redis when REDIS_URL is set, as in CI; otherwise the embedded file-system broker). Once
rendering has started, a worker is killed with SIGKILL in one of two ways:

- only the pool process running the compile: with late acknowledgement and reject-on-worker-
  lost the task is delivered again at once, the new attempt takes the job over;
- the whole worker, main process and pool: nothing gives the task back (Redis only after its
  visibility timeout, an hour), the compile's heartbeat stops, and the next worker to start
  sweeps and sends the job again.

Either way exactly one PDF (and one Word copy) is stored.
"""

import hashlib
import json
import os
import re
import signal
import subprocess
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from gcm_portal.celery import app as celery_app
from reporting.models import ReportEdition
from reporting.tasks import compile_edition
from tests.builders import approve
from tests.drills.helpers import Worker
from tests.integration.test_celery_worker import redis_reachable, start_worker
from tests.support import require_service

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# The drill's heartbeat, in seconds: the shipped values (10 and 60) would make it wait minutes.
HEARTBEAT = 0.5
DEAD_AFTER = 2


def database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    user = settings["USER"] or "postgres"
    host = settings["HOST"] or "127.0.0.1"
    return f"postgres://{user}@{host}:{settings['PORT'] or 5432}/{settings['NAME']}"


def pool_children(pid: int) -> list[int]:
    result = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True
    )
    return [int(line) for line in result.stdout.split()]


def group_gone(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return True
    return False


def wait_for(predicate, timeout: float, message: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    pytest.fail(message)


def redeliver_unacked(queue: str) -> list[str]:
    """Put back in the queue the compiles a killed worker held, as Redis does after the
    visibility timeout; answer the names of the tasks that came back. Messages the living
    worker holds at that moment (the finished compile's e-mail) stay where they are."""
    with celery_app.connection_for_write() as broker:
        channel = broker.default_channel
        tasks = []
        for tag, held in channel.client.hgetall(channel.unacked_key).items():
            message, _exchange, routing_key = json.loads(held)
            if routing_key == queue and message["headers"]["task"] == compile_edition.name:
                channel.qos.restore_by_tag(tag, client=channel.client)
                tasks.append(message["headers"]["task"])
    return tasks


@pytest.fixture
def redis_url():
    url = os.environ.get("REDIS_URL", "")
    if url and not redis_reachable(url):
        require_service("Redis", f"nothing answers at {url}")
    return url


@pytest.fixture
def queue(redis_url):
    """A queue of the test's own, emptied at the end of what the workers left in it."""
    name = f"test-{uuid.uuid4().hex}"
    yield name
    with celery_app.connection_for_write() as broker:
        broker.default_channel.queue_purge(name)


@pytest.fixture
def edition(settings, tmp_path, alice, rita, open_cycle, momd):
    """A full report (every objective approved), long enough to kill its worker mid-layout."""
    settings.MEDIA_ROOT = tmp_path / "media"
    for number in range(1, 24):
        approve(
            alice,
            rita,
            open_cycle,
            momd,
            number,
            progress=f"Progress on objective {number}. " * 40,
        )
    return ReportEdition.objects.create(
        cycle=open_cycle, kind="regional", language="ar", mode="final"
    )


@pytest.fixture
def worker_env(settings):
    return {
        **os.environ,
        "DATABASE_URL": database_url(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }


def rendering(edition) -> bool:
    edition.refresh_from_db()
    return edition.state == "running" and edition.stage in ("html", "layout")


def finished(edition) -> bool:
    edition.refresh_from_db()
    return edition.is_finished


def swept(worker: Worker) -> bool:
    """The worker has run the stuck-compile sweep it sends when it starts."""
    return bool(re.search(r"requeue_stuck_editions\[[^]]+\] succeeded", worker.log))


def assert_one_pdf(edition, media_root: Path, log: str) -> None:
    edition.refresh_from_db()
    assert edition.state == "succeeded", f"{edition.failure_reason}\n{log}"
    assert edition.attempts == 2
    files = sorted((media_root / "reports").iterdir())
    assert [f.name for f in files] == sorted(
        [Path(edition.pdf.name).name, Path(edition.docx.name).name]
    )
    pdf = media_root / edition.pdf.name
    assert hashlib.sha256(pdf.read_bytes()).hexdigest() == edition.sha256


def test_killing_the_pool_process_mid_compile_still_yields_one_pdf(
    settings, queue, edition, worker_env
):
    worker = start_worker(worker_env, queue)
    try:
        compile_edition.apply_async(args=[edition.pk], queue=queue)
        wait_for(lambda: rendering(edition), 60, "the worker never started rendering")
        [child] = pool_children(worker.pid)
        os.kill(child, signal.SIGKILL)
        wait_for(
            lambda: finished(edition),
            120,
            "the compile did not finish after the worker was killed",
        )
    finally:
        worker.terminate()
        log, _ = worker.communicate(timeout=60)
    assert_one_pdf(edition, settings.MEDIA_ROOT, log)
    assert "WorkerLostError" in log or "exited prematurely" in log or "signal 9" in log


def test_a_compile_whose_whole_worker_was_killed_finishes_once_a_worker_starts(
    settings, redis_url, queue, edition, worker_env
):
    env = {
        **worker_env,
        "TEST_REPORT_HEARTBEAT_SECONDS": str(HEARTBEAT),
        "TEST_REPORT_DEAD_AFTER_SECONDS": str(DEAD_AFTER),
    }
    first = Worker(env, queue)
    try:
        wait_for(
            lambda: swept(first), 60, f"the worker did not sweep when it started:\n{first.log}"
        )
        compile_edition.apply_async(args=[edition.pk], queue=queue)

        def rendering_and_beating():
            return rendering(edition) and edition.heartbeat_at > edition.started_at

        wait_for(rendering_and_beating, 60, f"the worker never started rendering:\n{first.log}")
        os.killpg(first.process.pid, signal.SIGKILL)
        first.process.wait(10)
        wait_for(lambda: group_gone(first.process.pid), 10, "the pool process outlived the kill")
    finally:
        first.stop()

    # Nobody holds the job, but it still says running; its heartbeat has stopped.
    edition.refresh_from_db()
    last_beat = edition.heartbeat_at
    wait_for(
        lambda: timezone.now() - last_beat > timezone.timedelta(seconds=DEAD_AFTER),
        10,
        "the clock stood still",
    )
    edition.refresh_from_db()
    assert edition.heartbeat_at == last_beat, first.log
    assert (edition.state, edition.attempts) == ("running", 1)

    second = Worker(env, queue)
    started = time.monotonic()
    try:
        wait_for(
            lambda: finished(edition), 120, f"no worker took the dead compile over:\n{second.log}"
        )
        took = time.monotonic() - started
        # The killed worker's message comes back; the job is done, so nothing is compiled.
        if redis_url:
            assert redeliver_unacked(queue) == [compile_edition.name], second.log
        else:  # the file-system broker forgot it when the worker took it: send it again
            compile_edition.apply_async(args=[edition.pk], queue=queue)
        wait_for(lambda: "'nothing to do'" in second.log, 60, second.log)
    finally:
        second.stop()
    assert_one_pdf(edition, settings.MEDIA_ROOT, second.log)
    assert swept(second)
    assert took < 60, f"took {took:.0f} s after the worker started"
