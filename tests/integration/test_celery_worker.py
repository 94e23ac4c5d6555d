"""A real Celery worker process consumes a task, through Redis and through the embedded broker.

The worker and the sender are separate processes with the same environment, as in production.
Each test uses its own queue so no other worker on the machine can take its task.
"""

import json
import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from tests.support import require_service

ROOT = Path(__file__).resolve().parents[2]
CELERY = str(Path(sys.executable).with_name("celery"))
SEND_PING = """
import json, sys
from gcm_portal.celery import ping
print(json.dumps(ping.apply_async(queue=sys.argv[1]).get(timeout=60)))
"""

pytestmark = pytest.mark.services


def redis_reachable(url: str) -> bool:
    host, port = url.split("//", 1)[1].split("/", 1)[0].split(":")
    try:
        socket.create_connection((host, int(port)), timeout=2).close()
    except OSError:
        return False
    return True


def start_worker(env: dict, queue: str, concurrency: int = 1) -> subprocess.Popen:
    """Start a real worker process, with `concurrency` pool processes, consuming only the
    given queue.

    What the worker sends goes to that queue too (tests/worker_settings.py); it runs in a
    process group of its own, so that a test can kill the worker and its pool at once.
    """
    return subprocess.Popen(
        [
            CELERY,
            "-A",
            "gcm_portal",
            "worker",
            "-Q",
            queue,
            "--concurrency",
            str(concurrency),
            "--pool",
            "prefork",
            "--loglevel",
            "INFO",
            "--without-mingle",
            "--without-gossip",
        ],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "tests.worker_settings", "TEST_WORKER_QUEUE": queue},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def round_trip(env: dict) -> dict:
    """Start a worker on a private queue, ping it from another process, return the answer."""
    queue = f"test-{uuid.uuid4().hex}"
    worker = start_worker(env, queue)
    try:
        sender = subprocess.run(
            [sys.executable, "-c", SEND_PING, queue],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=90,
        )
    finally:
        worker.terminate()
        log, _ = worker.communicate(timeout=30)
    assert sender.returncode == 0, f"{sender.stderr}\n--- worker log ---\n{log}"
    assert "gcm_portal.ping" in log and "succeeded" in log, log
    return json.loads(sender.stdout)


def base_env(tmp_path) -> dict:
    env = dict(os.environ)
    env.update({"DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "gcm_portal.settings"})
    env.pop("DATABASE_URL", None)
    return env


def test_worker_consumes_a_task_through_the_embedded_broker(tmp_path):
    env = base_env(tmp_path)
    env["REDIS_URL"] = ""
    answer = round_trip(env)
    assert answer == {"pong": True, "database": "sqlite"}
    assert (tmp_path / "broker" / "queue").is_dir()


def test_worker_consumes_a_task_through_redis(tmp_path):
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    if not redis_reachable(url):
        require_service("Redis", f"nothing answers at {url}")
    env = base_env(tmp_path)
    env["REDIS_URL"] = url
    if os.environ.get("DATABASE_URL"):
        env["DATABASE_URL"] = os.environ["DATABASE_URL"]
    answer = round_trip(env)
    assert answer["pong"] is True
    assert answer["database"] == ("postgresql" if "DATABASE_URL" in env else "sqlite")
