"""A real Celery worker compiles a report; killing it mid-compile still yields one PDF.

The worker is a separate process sharing the test database, the media folder and the broker
(Redis when REDIS_URL is set, as in CI; otherwise the embedded file-system broker). The pool
process running the compile is killed with SIGKILL once rendering has started: with late
acknowledgement and reject-on-worker-lost the task is delivered again, the new attempt takes
the job over, and exactly one PDF is stored.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

from reporting.models import ReportEdition
from reporting.tasks import compile_edition
from tests.conftest import require_service
from tests.integration.test_celery_worker import redis_reachable, start_worker
from tests.reports_helpers import approve

ROOT = Path(__file__).resolve().parents[2]
CELERY = str(Path(sys.executable).with_name("celery"))

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


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


def wait_for(predicate, timeout: float, message: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    pytest.fail(message)


def test_killing_the_worker_mid_compile_still_yields_one_pdf(
    settings, tmp_path, alice, carol, rita, open_cycle, momd, cso
):
    redis_url = os.environ.get("REDIS_URL", "")
    if redis_url and not redis_reachable(redis_url):
        require_service("Redis", f"nothing answers at {redis_url}")
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
    edition = ReportEdition.objects.create(
        cycle=open_cycle, kind="regional", language="ar", mode="final"
    )
    queue = f"test-{uuid.uuid4().hex}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "DJANGO_SETTINGS_MODULE": "gcm_portal.settings",
    }
    worker = start_worker(env, queue)
    try:
        compile_edition.apply_async(args=[edition.pk], queue=queue)

        def rendering():
            edition.refresh_from_db()
            return edition.state == "running" and edition.stage in ("html", "layout")

        wait_for(rendering, 60, "the worker never started rendering")
        [child] = pool_children(worker.pid)
        os.kill(child, signal.SIGKILL)

        def finished():
            edition.refresh_from_db()
            return edition.is_finished

        wait_for(finished, 120, "the compile did not finish after the worker was killed")
    finally:
        worker.terminate()
        log, _ = worker.communicate(timeout=60)
    assert edition.state == "succeeded", f"{edition.failure_reason}\n{log}"
    assert edition.attempts == 2
    files = list((settings.MEDIA_ROOT / "reports").iterdir())
    assert [f.name for f in files] == [Path(edition.pdf.name).name]
    import hashlib

    assert hashlib.sha256(files[0].read_bytes()).hexdigest() == edition.sha256
    assert "WorkerLostError" in log or "exited prematurely" in log or "signal 9" in log
