"""Private services for the drills, the web side and a worker run as in production, and a
browser that fills in the portal's forms.

Every process is started in its own process group, so that stopping it stops what it started.
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
import requests

from tests.factories import TEST_PASSWORD
from tests.integration.test_celery_worker import start_worker

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
POSTGRES_BIN = Path("/usr/lib/postgresql/15/bin")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def answers(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
    except OSError:
        return False
    return True


def wait_until(predicate, timeout: float, message: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    pytest.fail(message)


def stop(process: subprocess.Popen, timeout: float = 15) -> None:
    """Stop the process and its group: politely, then for certain."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout)
    # Whatever is left of the group (gunicorn's or a pool's processes) goes now.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(5)


class Processes:
    """Processes started for one test, each logging to a file in its folder."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.started: list[subprocess.Popen] = []

    def start(self, name: str, args: list[str], env: dict) -> subprocess.Popen:
        with open(self.folder / f"{name}.log", "ab") as log:
            process = subprocess.Popen(
                args,
                cwd=ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.started.append(process)
        return process

    def log(self, name: str) -> str:
        path = self.folder / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop_all(self) -> None:
        for process in reversed(self.started):
            stop(process)


class PrivateRedis:
    """A redis-server of the test's own, on a free port, keeping nothing on disk."""

    def __init__(self, processes: Processes):
        self.processes = processes
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self) -> None:
        self.process = self.processes.start(
            "redis",
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.processes.folder),
            ],
            os.environ.copy(),
        )
        wait_until(lambda: answers(self.port), 10, f"redis-server did not start:\n{self.log}")

    def stop(self) -> None:
        stop(self.process)
        wait_until(lambda: not answers(self.port), 10, "redis-server did not stop")

    @property
    def log(self) -> str:
        return self.processes.log("redis")


class PrivatePostgres:
    """A PostgreSQL cluster of the test's own, run by the postgres user on a free port."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.data = folder / "data"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/gcm_portal"

    def _run(self, *args: str, timeout: float = 60) -> None:
        subprocess.run(
            ["runuser", "-u", "postgres", "--", *args],
            cwd=self.folder,
            check=True,
            capture_output=True,
            timeout=timeout,
        )

    def _pg_ctl(self, *args: str) -> None:
        self._run(str(POSTGRES_BIN / "pg_ctl"), "-D", str(self.data), "-w", "-t", "30", *args)

    def create(self) -> None:
        self._run(
            str(POSTGRES_BIN / "initdb"),
            "-D",
            str(self.data),
            "--auth=trust",
            "--username=postgres",
            "--encoding=UTF8",
            "--no-sync",
        )
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} "
            "-c fsync=off -c full_page_writes=off"
        )
        self._pg_ctl("-l", str(self.folder / "postgres.log"), "-o", options, "start")
        self._run(
            str(POSTGRES_BIN / "createdb"),
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            "postgres",
            "gcm_portal",
        )

    def restart(self) -> None:
        self._pg_ctl("-l", str(self.folder / "postgres.log"), "-m", "fast", "restart")

    def destroy(self) -> None:
        if (self.data / "postmaster.pid").exists():
            try:
                self._pg_ctl("-m", "immediate", "stop")
            except subprocess.SubprocessError:
                pid = int((self.data / "postmaster.pid").read_text().split()[0])
                os.kill(pid, signal.SIGKILL)
        shutil.rmtree(self.folder, ignore_errors=True)

    @property
    def log(self) -> str:
        path = self.folder / "postgres.log"
        return path.read_text(errors="replace") if path.exists() else ""


def service_env(tmp_path, *, database_url: str, redis_url: str) -> dict:
    """The environment of the web side and the worker: production settings, private services."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gcm_portal.settings",
        "DATA_DIR": str(tmp_path / "data"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "EMAIL_HOST": "",
        "PYTHONUNBUFFERED": "1",
    }


def start_web(processes: Processes, env: dict) -> str:
    """Run gunicorn, as the production image does; return its address once it answers."""
    port = free_port()
    processes.start(
        "web",
        [
            str(BIN / "gunicorn"),
            "gcm_portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--timeout",
            "60",
            "--graceful-timeout",
            "5",
            "--access-logfile",
            "-",
            "--no-control-socket",  # gunicorn's default socket is shared by the whole machine
        ],
        env,
    )
    base_url = f"http://127.0.0.1:{port}"

    def healthy():
        try:
            return Browser(base_url).get("/healthz/").status_code == 200
        except requests.ConnectionError:
            return False

    wait_until(healthy, 30, f"gunicorn did not start:\n{processes.log('web')}")
    return base_url


class Worker:
    """A real Celery worker (tests.integration.test_celery_worker.start_worker), its output
    read as it comes so that a full pipe never blocks it."""

    def __init__(self, env: dict, queue: str = "celery"):
        self.process = start_worker({**env, "PYTHONUNBUFFERED": "1"}, queue)
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line)

    @property
    def log(self) -> str:
        return "".join(self.lines)

    def wait_ready(self) -> None:
        wait_until(lambda: "ready." in self.log, 30, f"the worker did not start:\n{self.log}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()  # warm shutdown: the pool processes go with it
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                for child in subprocess.run(
                    ["ps", "-o", "pid=", "--ppid", str(self.process.pid)],
                    capture_output=True,
                    text=True,
                ).stdout.split():
                    os.kill(int(child), signal.SIGKILL)
                self.process.kill()
                self.process.wait(5)
        self._reader.join(5)


def celery_call(env: dict, task: str) -> None:
    """Send a task by name, as beat does."""
    subprocess.run(
        [str(BIN / "celery"), "-A", "gcm_portal", "call", task],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )


class FormFields(HTMLParser):
    """The fields one form of a page would send, as a browser sends them."""

    def __init__(self, action: str, page: str):
        super().__init__()
        self.action = action
        self.page = page
        self.inside = False
        self.fields: list[tuple[str, str]] = []
        self._textarea = None
        self._select = None
        self._options: list[tuple[str, bool]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            # A form without an action posts to its own page.
            self.inside = (attrs.get("action") or self.page) == self.action
        if not self.inside or (not attrs.get("name") and tag != "option"):
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields.append((attrs["name"], attrs.get("value", "on")))
        elif tag == "textarea":
            self._textarea = [attrs["name"], ""]
        elif tag == "select":
            self._select, self._options = attrs["name"], []
        elif tag == "option" and self._select:
            self._options.append((attrs.get("value", ""), "selected" in attrs))

    def handle_data(self, data):
        if self._textarea:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self._textarea:
            self.fields.append(tuple(self._textarea))
            self._textarea = None
        elif tag == "select" and self._select:
            chosen = [value for value, selected in self._options if selected]
            self.fields.append((self._select, (chosen or [self._options[0][0]])[0]))
            self._select = None


class Browser:
    """Someone using the portal: a cookie jar talking to the live server."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.session = requests.Session()
        self.session.trust_env = False  # straight to 127.0.0.1, never through a proxy

    def get(self, path: str) -> requests.Response:
        return self.session.get(self.base_url + path, timeout=30)

    def post(self, path: str, data, **kwargs) -> requests.Response:
        return self.session.post(self.base_url + path, data=data, timeout=30, **kwargs)

    def form(self, path: str, action: str) -> list[tuple[str, str]]:
        page = self.get(path)
        assert page.status_code == 200, page.text
        parser = FormFields(action, path)
        parser.feed(page.text)
        assert parser.fields, f"no form posting to {action} on {path}"
        return parser.fields

    def sign_in(self, username: str) -> None:
        fields = dict(self.form("/accounts/login/", "/accounts/login/"))
        fields.update(username=username, password=TEST_PASSWORD)
        response = self.post("/accounts/login/", fields)
        assert response.status_code == 200 and "sessionid" in self.session.cookies, response.text

    def use_session(self, session_key: str) -> None:
        self.session.cookies.set("sessionid", session_key)

    @property
    def csrf_token(self) -> str:
        return self.session.cookies["csrftoken"]

    def press(self, path: str, **data) -> requests.Response:
        """Press a button whose form sends only hidden fields, such as "Submit"."""
        return self.post(path, {"csrfmiddlewaretoken": self.csrf_token, **data})


def replace_field(fields: list[tuple[str, str]], name: str, value: str) -> list:
    assert any(key == name for key, _ in fields), name
    return [(key, value if key == name else old) for key, old in fields]
