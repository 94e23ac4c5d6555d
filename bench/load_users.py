"""The simulated people of bench/load.py, as locust users; bench/load.py runs this file.

    .venv/bin/python bench/load_users.py --host=http://127.0.0.1:PORT --accounts=FILE \\
        --duration=120 --output=FILE

It runs in a process of its own because locust replaces parts of the standard library with
gevent's when it is imported. Each user takes an account of its role from the accounts file
(made by bench/load.py) and signs in as a person would: the sign-in page, the password, then
the code from the authenticator app where the account has one; then it gets an API token
(with the app's next code there: a code works only once).
Once every user has signed in the clock starts: each repeats its role's requests, picked at
random with equal weight, 1 to 3 seconds apart, until the duration has passed. The output
(JSON) holds every response time in milliseconds and every failure, per endpoint, for the
sign-in and for the measured period apart.
"""

import argparse
import json
import os
import re
import time
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import gevent
from gevent.event import Event
from locust import HttpUser, between, events, task
from locust.env import Environment
from locust.exception import StopUser

# isort: split
# Only once locust has patched the standard library: it cannot patch Django's lazy settings.
from django_otp.oath import totp

TIMEOUT = 30  # seconds; a request that takes longer counts as a failure
STEP = 30  # seconds each authenticator code lasts
START_PAGE = "/reporting/"
VERSION = re.compile(r'name="version" value="(\d+)"')


class Recorder:
    """Every response time and failure, by endpoint, for the sign-in and the measured period."""

    def __init__(self):
        self.periods = {"sign_in": defaultdict(list), "measured": defaultdict(list)}
        self.failures = {"sign_in": defaultdict(list), "measured": defaultdict(list)}
        self.period = "sign_in"

    def on_request(self, name, response_time, exception=None, **_details):
        self.periods[self.period][name].append(response_time)
        if exception is not None:
            self.failures[self.period][name].append(str(exception)[:300])

    def as_json(self, seconds: float, load_average: float) -> dict:
        return {
            "seconds": seconds,
            "load_average": load_average,
            **{
                period: {
                    name: {"times": times, "failures": self.failures[period][name]}
                    for name, times in lines.items()
                }
                for period, lines in self.periods.items()
            },
        }


class Start:
    """Hold every user after its sign-in until all have signed in and the clock has started."""

    def __init__(self):
        self.expected = 0
        self.arrived = 0
        self.all_signed_in = Event()
        self.go = Event()

    def arrive(self) -> None:
        self.arrived += 1
        if self.arrived >= self.expected:
            self.all_signed_in.set()


RECORDER = Recorder()
START = Start()
ACCOUNTS: dict[str, list[dict]] = {}
SETTINGS: dict[str, str] = {}


class FormFields(HTMLParser):
    """The fields of the progress form as the browser would post them, in page order."""

    def __init__(self):
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self.inside = False
        self.textarea: str | None = None
        self.select: str | None = None
        self.first_option: str | None = None
        self.chosen = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form" and "progress-form" in (attributes.get("class") or ""):
            self.inside = True
        if not self.inside or ("name" not in attributes and tag != "option"):
            return
        name = attributes.get("name")
        if tag == "input":
            kind = attributes.get("type", "text")
            if kind in ("submit", "button", "file", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attributes:
                return
            self.fields.append((name, attributes.get("value") or ""))
        elif tag == "textarea":
            self.textarea = name
            self.fields.append((name, ""))
        elif tag == "select":
            self.select, self.first_option, self.chosen = name, None, False
        elif tag == "option" and self.select:
            value = attributes.get("value") or ""
            if self.first_option is None:
                self.first_option = value
            if "selected" in attributes:
                self.fields.append((self.select, value))
                self.chosen = True

    def handle_data(self, data):
        if self.textarea is not None:
            name, text = self.fields[-1]
            # The browser drops one newline right after <textarea>.
            self.fields[-1] = (name, (text + data) if text else data.removeprefix("\n"))

    def handle_endtag(self, tag):
        if tag == "textarea":
            self.textarea = None
        elif tag == "select" and self.select:
            # Without a chosen option the browser sends the first.
            if not self.chosen and self.first_option is not None:
                self.fields.append((self.select, self.first_option))
            self.select = None
        elif tag == "form":
            self.inside = False


class Person(HttpUser):
    """A signed-in person of one role; the subclasses say what they do."""

    abstract = True
    wait_time = between(1, 3)
    role = ""

    def on_start(self):
        self.account = ACCOUNTS[self.role].pop()
        try:
            self.sign_in()
            self.get_ready()
        finally:
            START.arrive()
        START.go.wait()
        # Start one by one, as people do, not all in the same instant.
        gevent.sleep(self.wait_time())

    # --- requests ---------------------------------------------------------------------------

    def expect(
        self,
        method: str,
        path: str,
        name: str,
        status: int = 200,
        ends_at: str = "",
        redirects_to: str = "",
        **options,
    ):
        """Send a request; it fails unless the answer has the expected status.

        Redirects are followed only when asked (then `ends_at` is the path they must lead to):
        a page that answers with a redirect, to the sign-in page say, has not been served.
        `redirects_to` is where an expected redirect must point.
        """
        options.setdefault("allow_redirects", bool(ends_at))
        with self.client.request(
            method, path, name=name, catch_response=True, timeout=TIMEOUT, **options
        ) as response:
            ended_at = urlsplit(response.url or "").path
            problem = ""
            if response.status_code != status:
                location = response.headers.get("Location", "")
                problem = f"HTTP {response.status_code} {location}".strip()
            elif ends_at and ended_at != ends_at:
                problem = f"ended at {ended_at}, not {ends_at}"
            elif redirects_to and response.headers.get("Location") != redirects_to:
                problem = f"redirected to {response.headers.get('Location')}, not {redirects_to}"
            if problem:
                response.failure(problem)
            else:
                response.success()
        if problem and self.period_is_sign_in():
            raise StopUser
        return response

    def period_is_sign_in(self) -> bool:
        return not START.go.is_set()

    def post_form(self, path: str, name: str, data: dict, ends_at: str):
        """POST a sign-in form with the CSRF token, as the page would, following redirects."""
        token = self.client.cookies.get("csrftoken", "")
        data = {"csrfmiddlewaretoken": token, **data}
        return self.expect("POST", path, name, data=data, ends_at=ends_at)

    def code(self) -> str:
        """The code the authenticator app shows now."""
        return f"{totp(bytes.fromhex(self.account['totp_key']), step=STEP):06d}"

    # --- signing in -------------------------------------------------------------------------

    def sign_in(self) -> None:
        username, password = self.account["username"], SETTINGS["password"]
        self.expect("GET", "/accounts/login/", "sign-in: GET /accounts/login/")
        two_steps = bool(self.account["totp_key"])
        # The browser follows the redirects: to the start page, or to the second step.
        response = self.post_form(
            "/accounts/login/",
            "sign-in: POST /accounts/login/ (and redirects)",
            {"username": username, "password": password, "next": START_PAGE},
            ends_at="/accounts/two-factor/" if two_steps else START_PAGE,
        )
        if two_steps:
            self.code_used_at = time.time()
            self.post_form(
                response.url,
                "sign-in: POST /accounts/two-factor/ (and redirects)",
                {"code": self.code()},
                ends_at=START_PAGE,
            )
        credentials = {"username": username, "password": password}
        if two_steps:
            # A code works once: wait for the app's next one, as a person would.
            gevent.sleep(max(0, (int(self.code_used_at / STEP) + 1) * STEP - time.time() + 0.1))
            credentials["code"] = self.code()
        response = self.expect(
            "POST", "/api/v1/auth/token/", "sign-in: POST /api/v1/auth/token/", json=credentials
        )
        self.api_headers = {"Authorization": f"Token {response.json()['token']}"}

    def get_ready(self) -> None:
        """What the person does after signing in, before the clock starts."""

    # --- what everyone does -----------------------------------------------------------------

    @task
    def api_list(self):
        self.expect(
            "GET",
            "/api/v1/submissions/",
            "GET /api/v1/submissions/ (API list)",
            headers=self.api_headers,
        )

    @task
    def healthz(self):
        self.expect("GET", "/healthz/", "GET /healthz/ (smallest view)")


class FocalPoint(Person):
    role = "focal_point"

    def get_ready(self) -> None:
        self.edit_url = f"/submissions/{self.account['submission_id']}/edit/"
        self.autosave_url = f"/submissions/{self.account['submission_id']}/autosave/"
        self.saves = 0
        self.open_form(name="sign-in: GET /submissions/<id>/edit/ (the form)")
        self.progress = dict(self.fields)["progress"]

    @task
    def my_reporting(self):
        self.expect("GET", "/reporting/", "GET /reporting/ (my reporting)")

    @task
    def open_form(self, name: str = "GET /submissions/<id>/edit/ (the form)"):
        response = self.expect("GET", self.edit_url, name)
        if response.status_code == 200:
            parser = FormFields()
            parser.feed(response.text)
            self.fields = parser.fields

    def edited(self) -> list[tuple[str, str]]:
        """The form with new text in one field, as if the person had typed."""
        self.saves += 1
        text = f"{self.progress} Update {self.saves}."
        return [(name, text if name == "progress" else value) for name, value in self.fields]

    def keep_version(self, version: int) -> None:
        self.fields = [
            (name, str(version) if name == "version" else value) for name, value in self.fields
        ]

    @task
    def autosave(self):
        """What the page does a few seconds after typing stops (htmx, with the CSRF header)."""
        headers = {
            "HX-Request": "true",
            "X-CSRFToken": self.client.cookies.get("csrftoken", ""),
        }
        with self.client.post(
            self.autosave_url,
            data=self.edited(),
            headers=headers,
            name="POST /submissions/<id>/autosave/ (htmx)",
            catch_response=True,
            allow_redirects=False,
            timeout=TIMEOUT,
        ) as response:
            found = VERSION.search(response.text) if response.status_code == 200 else None
            if found is None:
                status = re.search(r"autosave-status--(\w+)", response.text or "")
                response.failure(
                    f"HTTP {response.status_code}, not saved: "
                    f"{status.group(1) if status else 'no status'}"
                )
            else:
                response.success()
                self.keep_version(int(found.group(1)))

    @task
    def save_draft(self):
        """The "Save draft" button: the whole form (with its own CSRF token).

        The answer sends the browser back to the form; that page is the form's own line.
        """
        response = self.expect(
            "POST",
            self.edit_url,
            "POST /submissions/<id>/edit/ (Save draft)",
            302,
            redirects_to=self.edit_url,
            data=self.edited(),
        )
        if response.status_code == 302:
            # A save adds one to the version; a mistake here shows as a conflict next time.
            self.keep_version(int(dict(self.fields)["version"]) + 1)


class Reviewer(Person):
    role = "reviewer"

    @task
    def review_queue(self):
        self.expect("GET", "/review/", "GET /review/ (review queue)")


class Coordinator(Person):
    role = "coordinator"

    @task
    def coverage(self):
        self.expect(
            "GET",
            f"/coordination/{SETTINGS['cycle']}/coverage/",
            "GET /coordination/<cycle>/coverage/",
        )

    @task
    def review_queue(self):
        self.expect("GET", "/review/", "GET /review/ (review queue)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--host", required=True)
    parser.add_argument("--accounts", required=True, help="the JSON file bench/load.py makes")
    parser.add_argument("--duration", type=float, default=120, help="seconds measured")
    parser.add_argument("--output", required=True, help="where the JSON results go")
    # One person a second: sign-in hashes the password on purpose slowly (about 0.25 s of
    # CPU, twice with the token), and a crowd signing in at once would only measure a queue.
    parser.add_argument("--spawn-rate", type=float, default=1, help="users started a second")
    options = parser.parse_args()

    data = json.loads(Path(options.accounts).read_text())
    SETTINGS.update(password=data["password"], cycle=data["cycle"])
    user_classes = [FocalPoint, Reviewer, Coordinator]
    for user_class in user_classes:
        ACCOUNTS[user_class.role] = [a for a in data["accounts"] if a["role"] == user_class.role]
        user_class.fixed_count = len(ACCOUNTS[user_class.role])
    START.expected = len(data["accounts"])

    environment = Environment(user_classes=user_classes, host=options.host, events=events)
    environment.events.request.add_listener(RECORDER.on_request)
    runner = environment.create_local_runner()
    runner.start(START.expected, spawn_rate=options.spawn_rate)
    if not START.all_signed_in.wait(timeout=START.expected / options.spawn_rate + 120):
        raise SystemExit(f"only {START.arrived} of {START.expected} users signed in")
    RECORDER.period = "measured"
    started = time.monotonic()
    START.go.set()
    gevent.sleep(options.duration)
    seconds = time.monotonic() - started
    runner.quit()
    load_average = os.getloadavg()[0]
    Path(options.output).write_text(json.dumps(RECORDER.as_json(seconds, load_average)))


if __name__ == "__main__":
    main()
