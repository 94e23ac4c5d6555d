"""Fixtures of the drills: private services, and the processes of one test.

Everything started here is stopped when the test ends, passed or failed, and temporary folders
go with it. The machine's shared Redis and PostgreSQL are never touched.
"""

import shutil
import tempfile
from pathlib import Path

import pytest

from tests.drills.helpers import (
    POSTGRES_BIN,
    PrivatePostgres,
    PrivateRedis,
    Processes,
    Worker,
)
from tests.support import require_service


@pytest.fixture
def processes(tmp_path):
    started = Processes(tmp_path)
    yield started
    started.stop_all()


@pytest.fixture
def private_redis(processes):
    if shutil.which("redis-server") is None:
        require_service("redis-server", "the binary is not installed")
    redis = PrivateRedis(processes)
    redis.start()
    return redis


@pytest.fixture
def private_postgres():
    try:
        import pwd

        pwd.getpwnam("postgres")
    except KeyError:
        require_service("PostgreSQL", "there is no postgres user to run a private cluster")
    if not (POSTGRES_BIN / "initdb").exists() or shutil.which("runuser") is None:
        require_service("PostgreSQL", f"no initdb in {POSTGRES_BIN}, or no runuser")
    # Under /tmp rather than pytest's folder, which the postgres user may not enter.
    folder = Path(tempfile.mkdtemp(prefix="gcm-drill-postgres-"))
    shutil.chown(folder, "postgres", "postgres")
    cluster = PrivatePostgres(folder)
    try:
        cluster.create()
        yield cluster
    finally:
        cluster.destroy()


@pytest.fixture
def workers():
    """Start workers with `workers(env)`; all are stopped at the end of the test."""
    started = []

    def start(env: dict) -> Worker:
        worker = Worker(env)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()
