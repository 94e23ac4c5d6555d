"""What the benchmarks that drive gunicorn share: the environment, the demo data, the server.

The server listens on 127.0.0.1 only, on a free port, with DEBUG=true (the demo accounts sign
in only then) and its data in a temporary DATA_DIR.
"""

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def environment(data_dir: str, database_url: str = "") -> dict:
    """The server's environment: SQLite in data_dir unless a database URL is given."""
    env = {**os.environ, "DEBUG": "true", "DATA_DIR": data_dir, "REDIS_URL": ""}
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def prepare(env: dict) -> None:
    """Create the tables and the demo data."""
    for command in (["migrate", "--noinput"], ["seed_demo"]):
        subprocess.run(
            [sys.executable, "manage.py", *command, "-v", "0"],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )


def start_gunicorn(env: dict, port: int, workers: int, threads: int) -> subprocess.Popen:
    """gunicorn with gthread workers, so that connections stay alive between requests."""
    gunicorn = Path(sys.executable).with_name("gunicorn")
    return subprocess.Popen(
        [
            str(gunicorn),
            "gcm_portal.wsgi:application",
            f"--bind={HOST}:{port}",
            f"--workers={workers}",
            "--worker-class=gthread",
            f"--threads={threads}",
            "--keep-alive=30",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=env,
    )


def wait_until_up(port: int, server: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn exited before answering")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/healthz/")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer in time")
