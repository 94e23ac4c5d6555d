"""Browser fixtures: real Chromium (never downloaded) driving the portal on a live server.

The live server runs in a thread of the test process, over the test database. Each test is
transactional (the server and the test see each other's writes) and uses serialized rollback,
so the data that migrations load (the 23 objectives, the cycles, the report sections) is put
back before each test after the previous one flushed the tables.

Playwright's sync API leaves an asyncio loop registered as running on this thread while it is
started, and two things follow:

- Django refuses ORM calls from such a thread (the test's own fixtures and assertions, the
  flush between tests) as "async unsafe"; they are not async, so DJANGO_ALLOW_ASYNC_UNSAFE is
  set while Playwright runs.
- asgiref then hands this thread a different database connection object, one without the
  data Django serialized after migrating: Django's serialized rollback would silently restore
  nothing from the second browser test on (and its flush would recreate content types that
  the restore then collides with). The new connection object is given that data as soon as
  Playwright starts, and `migration_data_present` checks before each test that it worked.

Chromium is started once, at the first browser test, and stopped as soon as the run of
browser tests is over, so the tests that follow them see a plain thread again.
"""

import json
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connection
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from gcm_portal.accounts.models import User
from gcm_portal.accounts.two_factor import second_factor_required
from objectives.models import Indicator, Objective
from tests.factories import TEST_PASSWORD
from tests.support import require_service

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[2]
# Loaded from the portal's own static files: the Content-Security-Policy refuses inline
# scripts, the test's included.
AXE_URL = "/static/vendor/axe-core/axe.min.js"
# Pages on which a test tool is at work: axe-core's probes and Playwright's screenshots add
# inline styles that the Content-Security-Policy refuses; those refusals are not the page's.
TOOLS_AT_WORK_ON: list = []


@contextmanager
def tool_at_work(page) -> Iterator[None]:
    TOOLS_AT_WORK_ON.append(page)
    try:
        yield
        # Let the console messages of the tool arrive while they are still recognised.
        page.evaluate("() => new Promise(resolve => setTimeout(resolve, 50))")
    finally:
        TOOLS_AT_WORK_ON.remove(page)


SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}
TIMEOUT_MS = 10_000
expect.set_options(timeout=TIMEOUT_MS)
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"


class BrowserSession:
    """Playwright with one headless Chromium: started on first use, stopped when done."""

    def __init__(self):
        self.playwright = None
        self.browser = None
        self.async_unsafe = None

    def start(self, serialized_data: str):
        if self.browser is not None:
            return self.browser
        if not CHROMIUM.exists():
            require_service("Chromium", f"{CHROMIUM} is missing (install Debian's chromium)")
        from playwright.sync_api import sync_playwright

        self.async_unsafe = os.environ.get(ASYNC_UNSAFE)
        os.environ[ASYNC_UNSAFE] = "true"
        self.playwright = sync_playwright().start()
        # The connection object this thread gets from now on (see the module docstring).
        connection._test_serialized_contents = serialized_data
        try:
            self.browser = self.playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
        except Exception:
            self.stop()
            raise
        return self.browser

    def stop(self):
        if self.playwright is None:
            return
        try:
            if self.browser is not None:
                self.browser.close()
        finally:
            self.playwright.stop()
            self.playwright = self.browser = None
            if self.async_unsafe is None:
                os.environ.pop(ASYNC_UNSAFE, None)
            else:
                os.environ[ASYNC_UNSAFE] = self.async_unsafe


BROWSER = BrowserSession()


@pytest.fixture(scope="session")
def browser_session() -> Iterator[BrowserSession]:
    """The session's Chromium; stopped at the end at the latest."""
    yield BROWSER
    BROWSER.stop()


@pytest.fixture
def chromium(browser_session, serialized_migration_data):
    return browser_session.start(serialized_migration_data)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Stop Chromium after the last of a run of browser tests, once its fixtures are gone."""
    try:
        return (yield)
    finally:
        if nextitem is None or nextitem.get_closest_marker("browser") is None:
            BROWSER.stop()


@pytest.fixture(scope="session")
def serialized_migration_data(django_db_setup) -> str:
    """What Django serialized after migrating the test database, read before Playwright runs."""
    return getattr(connection, "_test_serialized_contents", "")


@pytest.fixture(autouse=True)
def migration_data_present(transactional_db):
    """Fail clearly, rather than deep in a journey, when the migrations' data is missing."""
    if not Objective.objects.exists():
        pytest.fail(
            "The data loaded by migrations is missing: mark the test "
            "django_db(transaction=True, serialized_rollback=True)."
        )


@pytest.fixture(autouse=True)
def browser_backends(settings, tmp_path):
    """Mail to mail.outbox, uploads to a temporary folder, Celery tasks run in place.

    The transitions queue their e-mail with transaction.on_commit(task.delay); the live
    server runs in this process, so eager tasks need no broker and their mail lands here.
    """
    from gcm_portal.celery import app

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = tmp_path / "media"
    saved = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = saved


@pytest.fixture
def new_page(chromium, live_server) -> Iterator[Callable]:
    """Open a page in a fresh browser context (its own cookies), closed after the test."""
    contexts = []
    refused_by_policy: list[str] = []

    def open_page(context=None):
        if context is None:
            context = chromium.new_context(
                base_url=live_server.url, viewport={"width": 1280, "height": 900}
            )
            context.set_default_timeout(TIMEOUT_MS)
            contexts.append(context)
        page = context.new_page()

        def note_refusal(message) -> None:
            # Anything the Content-Security-Policy blocks is a bug in a page.
            if "Content Security Policy" in message.text and page not in TOOLS_AT_WORK_ON:
                refused_by_policy.append(f"{page.url}: {message.text}")

        page.on("console", note_refusal)
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert not refused_by_policy, "\n".join(refused_by_policy)


def authenticator_code(username: str) -> str:
    """The current code of the persona's authenticator app (created when missing)."""
    device, _created = TOTPDevice.objects.get_or_create(
        user=User.objects.get(username=username),
        name="Test authenticator",
        defaults={"confirmed": True},
    )
    # A code is accepted once per 30 seconds; a test may sign the same persona in twice.
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    return f"{totp(device.bin_key):06d}"


def login(page, username: str) -> None:
    """Sign in through the login page as one of the personas, with the second step for the
    roles that need it."""
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", TEST_PASSWORD)
    needs_code = second_factor_required(User.objects.get(username=username))
    code = authenticator_code(username) if needs_code else None
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(r"^(?!.*/accounts/login/)"))
    if code is not None:
        page.wait_for_url(re.compile(r".*/accounts/two-factor/"))
        page.fill("#id_code", code)
        page.locator("main button[type=submit]").click()
        page.wait_for_url(re.compile(r"^(?!.*/accounts/two-factor/)"))


def expect_message(page, text: str) -> None:
    """Expect the confirmation or error that the page shows after a redirect."""
    expect(page.locator("main > .messages")).to_contain_text(text)


def assert_accessible(page, name: str) -> None:
    """Run axe-core (WCAG 2.1 A and AA) and fail on serious or critical violations."""
    with tool_at_work(page):
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.add_script_tag(url=AXE_URL)
        results = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
        )
    blocking = [v for v in results["violations"] if v["impact"] in BLOCKING_IMPACTS]
    if blocking:
        lines = [f"axe found {len(blocking)} serious/critical violation(s) on {name}:"]
        for violation in blocking:
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
            for node in violation["nodes"]:
                lines.append(f"    {json.dumps(node['target'])}")
        pytest.fail("\n".join(lines), pytrace=False)


@pytest.fixture
def trafficking_indicator(db):
    """A number indicator of objective 10, broken down by sex."""
    return Indicator.objects.create(
        code="IQ-10.1",
        name_en="Victims of trafficking referred to protection services",
        name_ar="ضحايا الاتجار المحالون إلى خدمات الحماية",
        kind=Indicator.Kind.NUMBER,
        objective=Objective.objects.get(number=10),
        disaggregations=["sex"],
    )


@pytest.fixture
def check(request) -> Callable:
    """Screenshot a step into test-artifacts/screenshots/ and check its accessibility."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    test_name = re.sub(r"[^\w-]+", "-", request.node.name).strip("-")
    for stale in SCREENSHOTS.glob(f"{test_name}-*.png"):
        stale.unlink()

    def check_step(page, step: str) -> None:
        with tool_at_work(page):
            page.screenshot(path=SCREENSHOTS / f"{test_name}-{step}.png", full_page=True)
        assert_accessible(page, f"{test_name} / {step} ({page.url})")

    return check_step


def wait_until(page, predicate: Callable[[], bool], timeout_ms: int = TIMEOUT_MS) -> None:
    """Poll a condition (such as a database row) while the page keeps running."""
    waited = 0
    while not predicate():
        if waited >= timeout_ms:
            pytest.fail(f"timed out after {timeout_ms} ms waiting for {predicate.__doc__}")
        page.wait_for_timeout(100)
        waited += 100
