"""Sign-in throttling and lock-out, session limits, ending sessions, and security headers."""

import ipaddress
import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from gcm_portal.accounts.middleware import LAST_SEEN_SESSION_KEY, SIGNED_IN_AT_SESSION_KEY
from tests.builders import start_draft
from tests.deployment import (
    compose_ip_range,
    compose_subnet,
    proxy_address,
    shipped_proxy_settings,
)
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def attempt(client: Client, username: str, password: str = "not-the-password", **extra):  # noqa: S107
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def time_passes(seconds: float) -> None:
    """Move the recorded failures into the past, as if the user had waited."""
    for row in AccessAttempt.objects.all():
        AccessAttempt.objects.filter(pk=row.pk).update(
            attempt_time=row.attempt_time - timedelta(seconds=seconds)
        )


# --- throttling and lock-out ------------------------------------------------------------------


def test_failures_are_slowed_down_then_allowed_again_after_the_wait(alice):
    client = Client()
    for _attempt in range(3):
        response = attempt(client, "alice")
        assert response.status_code == 200
    assert "Please enter a correct" in response.content.decode()
    # The fourth attempt comes too early: refused without checking, even the right password.
    early = attempt(client, "alice", TEST_PASSWORD)
    html = early.content.decode()
    assert early.status_code == 429 and "Too many failed sign-ins. Wait 2 seconds" in html
    assert early["Retry-After"] == "2"
    assert 'value="alice"' in html  # what the user typed is kept
    assert AccessAttempt.objects.get(username="alice").failures_since_start == 3
    time_passes(3)
    assert attempt(client, "alice", TEST_PASSWORD).status_code == 302


def test_ten_failures_lock_the_account_for_fifteen_minutes(alice):
    client = Client()
    for _attempt in range(9):
        attempt(client, "alice")
        time_passes(61)
    locked = attempt(client, "alice")
    html = locked.content.decode()
    assert locked.status_code == 429
    assert "Sign-in is blocked for 15 more minutes" in html and 'value="alice"' in html
    assert int(locked["Retry-After"]) > 800
    # Even the right password, from another address, does not get in now.
    other = Client(REMOTE_ADDR="10.9.9.9")
    refused = attempt(other, "alice", TEST_PASSWORD)
    assert refused.status_code == 429 and "_auth_user_id" not in other.session
    time_passes(16 * 60)
    assert attempt(other, "alice", TEST_PASSWORD).status_code == 302


def test_one_address_trying_many_accounts_is_locked_out_too(alice, bob, carol):
    client = Client(REMOTE_ADDR="192.0.2.7")
    for number in range(10):
        attempt(client, f"someone-{number}")
        time_passes(61)
    # Bob's right password from that address is refused; from elsewhere it works.
    assert attempt(client, "bob", TEST_PASSWORD).status_code == 429
    assert attempt(Client(REMOTE_ADDR="192.0.2.8"), "bob", TEST_PASSWORD).status_code == 302


def test_the_message_is_in_arabic_for_an_arabic_page(alice):
    client = Client()
    client.cookies["django_language"] = "ar"
    for _attempt in range(3):
        attempt(client, "alice")
    html = attempt(client, "alice").content.decode()
    assert "Too many failed sign-ins" not in html and "انتظر ثانيتين" in html


def test_the_token_endpoint_counts_failures_and_locks_out_with_the_api_error_shape(alice):
    client = Client()
    url = "/api/v1/auth/token/"
    body = {"username": "alice", "password": "wrong"}
    for _attempt in range(3):
        assert client.post(url, body, content_type="application/json").status_code == 401
    early = client.post(url, body, content_type="application/json")
    assert early.status_code == 429 and early.json()["error"]["code"] == "throttled"
    answers = []
    for _attempt in range(7):
        time_passes(61)
        answers.append(client.post(url, body, content_type="application/json"))
    assert [answer.status_code for answer in answers] == [401] * 6 + [429]
    # The tenth failure is the one that locks: django-axes answers it.
    tenth = answers[-1]
    assert tenth.json()["error"]["code"] == "locked_out" and int(tenth["Retry-After"]) > 800
    assert "blocked for 15 more minutes" in tenth.json()["error"]["message"]
    # Afterwards even the right password is refused before it is checked.
    time_passes(61)
    locked = client.post(
        url, {"username": "alice", "password": TEST_PASSWORD}, content_type="application/json"
    )
    assert locked.status_code == 429 and locked.json()["error"]["code"] == "throttled"
    assert "blocked" in locked.json()["error"]["message"]


def test_a_successful_sign_in_clears_the_count(alice):
    client = Client()
    attempt(client, "alice")
    attempt(client, "alice")
    assert attempt(client, "alice", TEST_PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(username="alice").exists()


# --- the address that counts, with the settings docker-compose.yml ships ---------------------
#
# Throttling counts failures per address, so an address the client could choose would be no
# limit at all: whoever reached gunicorn directly could name a new one in X-Forwarded-For for
# every attempt. With the shipped settings only the proxy's word counts.

PROXY = proxy_address()
NOT_THE_PROXY = {
    "from-outside": "203.0.113.50",
    # How a port published on the host shows up inside the project's network.
    "from-the-host": str(compose_subnet()[1]),
    "from-another-container": str(compose_ip_range()[2]),
}


@pytest.fixture
def shipped_settings(settings, tmp_path):
    """The proxy settings the app starts with under docker-compose.yml, applied here."""
    shipped = shipped_proxy_settings(tmp_path)
    assert shipped["TRUSTED_PROXIES"] == [f"{PROXY}/32"]
    settings.TRUSTED_PROXIES = [ipaddress.ip_network(net) for net in shipped["TRUSTED_PROXIES"]]
    settings.SECURE_PROXY_SSL_HEADER = tuple(shipped["SECURE_PROXY_SSL_HEADER"])
    return settings


@pytest.fixture
def clock_stopped(monkeypatch):
    """Django's clock stands still, so that a slow machine does not outlive the throttle's
    wait of a few seconds in the middle of a burst of attempts."""
    from django.utils import timezone

    stopped = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: stopped)


@pytest.fixture
def fifteen_accounts(db):
    return [UserFactory(username=f"member-{number}") for number in range(15)]


def forged(number: int) -> str:
    """A new story each attempt, in the spellings a forger might try."""
    return [
        f"198.51.100.{number}",
        f"198.51.100.{number}, {PROXY}",
        f"2001:db8::{number:x}",
        f"198.51.100.{number}, 198.51.100.{number + 100}",
    ][number % 4]


def attempts_on_every_account(client: Client, accounts, forwarded_for) -> list[int]:
    return [
        attempt(client, user.username, HTTP_X_FORWARDED_FOR=forwarded_for(number)).status_code
        for number, user in enumerate(accounts)
    ]


@pytest.mark.parametrize("address", NOT_THE_PROXY.values(), ids=NOT_THE_PROXY.keys())
def test_a_forged_address_does_not_dodge_the_throttle_when_not_sent_by_the_proxy(
    shipped_settings, fifteen_accounts, clock_stopped, address
):
    from gcm_portal.audit.models import AuditEntry

    answers = attempts_on_every_account(Client(REMOTE_ADDR=address), fifteen_accounts, forged)
    # Three failures from one address, then each attempt comes too early: the same answers
    # as when X-Forwarded-For never changes.
    assert answers == [200] * 3 + [429] * 12
    counted = AccessAttempt.objects.values_list("ip_address", flat=True)
    assert set(counted) == {address}
    logged = AuditEntry.objects.filter(action="login_failed").values_list("ip_address", flat=True)
    assert list(logged) == [address] * 3


def test_through_the_proxy_each_client_is_counted_under_its_own_address(
    shipped_settings, fifteen_accounts, clock_stopped
):
    through_proxy = Client(REMOTE_ADDR=PROXY)
    # Fifteen people, one wrong password each: nobody is held up by the others.
    answers = attempts_on_every_account(through_proxy, fifteen_accounts, "198.51.100.{}".format)
    assert answers == [200] * 15
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {
        f"198.51.100.{number}" for number in range(15)
    }
    # One person trying every account is throttled like anyone else.
    AccessAttempt.objects.all().delete()
    answers = attempts_on_every_account(through_proxy, fifteen_accounts, lambda _: "192.0.2.99")
    assert answers == [200] * 3 + [429] * 12


# --- sessions ---------------------------------------------------------------------------------


def signed_in(user) -> Client:
    client = Client()
    assert attempt(client, user.username, TEST_PASSWORD).status_code == 302
    return client


def shift_session(client: Client, **seconds_ago) -> None:
    session = client.session
    now = int(time.time())
    for key, ago in seconds_ago.items():
        session[key] = now - ago
    session.save()


def test_thirty_minutes_without_a_request_signs_out(alice):
    client = signed_in(alice)
    key = client.session.session_key
    shift_session(client, **{LAST_SEEN_SESSION_KEY: 31 * 60, SIGNED_IN_AT_SESSION_KEY: 31 * 60})
    response = client.get(reverse("my_reporting"), follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("login"))
    assert "signed out after 30 minutes without activity" in response.content.decode()
    assert not Session.objects.filter(session_key=key).exists()


def test_activity_keeps_the_session_but_not_beyond_twelve_hours(alice):
    client = signed_in(alice)
    shift_session(client, **{LAST_SEEN_SESSION_KEY: 29 * 60, SIGNED_IN_AT_SESSION_KEY: 29 * 60})
    assert client.get(reverse("my_reporting")).status_code == 200
    assert int(time.time()) - client.session[LAST_SEEN_SESSION_KEY] < 5  # activity noted
    shift_session(client, **{LAST_SEEN_SESSION_KEY: 60, SIGNED_IN_AT_SESSION_KEY: 12 * 3600 + 1})
    response = client.get(reverse("my_reporting"), follow=True)
    assert "12 hours have passed since you signed in" in response.content.decode()


def test_an_expired_session_tells_the_form_its_autosave_failed_and_leaves_the_page(
    alice, open_cycle, momd
):
    draft = start_draft(alice, open_cycle, momd)
    client = signed_in(alice)
    shift_session(client, **{LAST_SEEN_SESSION_KEY: 31 * 60})
    response = client.post(
        reverse("submission_autosave", args=[draft.pk]),
        {"progress": "typed after a long pause"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'id="autosave-status"' in html
    assert "signed out after 30 minutes" in html and "Not saved" in html
    assert "HX-Redirect" not in response
    draft.refresh_from_db()
    assert draft.progress != "typed after a long pause"


def test_an_expired_session_sends_a_progress_poll_to_the_sign_in_page(alice):
    client = signed_in(alice)
    shift_session(client, **{LAST_SEEN_SESSION_KEY: 31 * 60})
    response = client.get(reverse("my_reporting"), HTTP_HX_REQUEST="true")
    assert response.status_code == 401 and response["HX-Redirect"].startswith(reverse("login"))


def test_an_expired_session_gets_401_from_the_api(alice):
    client = signed_in(alice)
    shift_session(client, **{LAST_SEEN_SESSION_KEY: 31 * 60})
    response = client.get("/api/v1/me/")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "session_expired"


def test_signing_out_deletes_the_session_on_the_server(alice):
    client = signed_in(alice)
    key = client.session.session_key
    assert Session.objects.filter(session_key=key).exists()
    client.post(reverse("logout"))
    assert not Session.objects.filter(session_key=key).exists()


def test_deactivating_a_user_ends_their_sessions_and_token(
    alice, bob, django_capture_on_commit_callbacks
):
    first, second, others = signed_in(alice), signed_in(alice), signed_in(bob)
    Token.objects.create(user=alice)
    with django_capture_on_commit_callbacks(execute=True):
        alice.is_active = False
        alice.save()
    for client in (first, second):
        assert client.get(reverse("my_reporting")).status_code == 302
    assert not Token.objects.filter(user=alice).exists()
    assert others.get(reverse("my_reporting")).status_code == 200


# --- headers ----------------------------------------------------------------------------------


@pytest.mark.parametrize("url_name", ["login", "home", "my_reporting", "objective_list"])
def test_every_html_page_carries_the_security_headers(alice, url_name):
    client = Client()
    if url_name != "login":
        client.force_login(alice)
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'" and "unsafe-inline" not in str(policy)
    assert policy["object-src"] == "'none'" and policy["base-uri"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    html = response.content.decode()
    assert "<script>" not in html and " onclick=" not in html and 'style="' not in html


def test_only_the_proxy_can_say_a_request_came_over_https(shipped_settings, alice):
    shipped_settings.SECURE_SSL_REDIRECT = True  # as HTTPS=true, the compose default, sets it
    claim = {"HTTP_X_FORWARDED_PROTO": "https"}
    direct = Client(REMOTE_ADDR=NOT_THE_PROXY["from-outside"]).get(reverse("login"), **claim)
    assert direct.status_code == 301
    assert direct["Location"] == "https://testserver" + reverse("login")
    assert Client(REMOTE_ADDR=PROXY).get(reverse("login"), **claim).status_code == 200


def test_https_requests_get_hsts(settings, alice):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = Client().get(reverse("login"), secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_with_https_on_cookies_are_host_only_secure_and_http_only(settings, alice):
    settings.SESSION_COOKIE_NAME = "__Host-sessionid"
    settings.CSRF_COOKIE_NAME = "__Host-csrftoken"
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    client = Client()
    page = client.get(reverse("login"), secure=True)
    csrf = page.cookies["__Host-csrftoken"]
    assert csrf["secure"] and csrf["path"] == "/" and not csrf["domain"]
    assert csrf["samesite"] == "Lax"
    response = client.post(
        reverse("login"), {"username": "alice", "password": TEST_PASSWORD}, secure=True
    )
    session = response.cookies["__Host-sessionid"]
    assert session["secure"] and session["httponly"] and session["path"] == "/"
    assert not session["domain"] and session["samesite"] == "Lax"
    assert session["max-age"] == 12 * 3600


def test_a_lock_out_and_ended_sessions_are_in_the_audit_log(
    alice, django_capture_on_commit_callbacks
):
    from gcm_portal.audit.models import AuditEntry

    client = Client(REMOTE_ADDR="198.51.100.4")
    for _attempt in range(10):
        attempt(client, "alice")
        time_passes(61)
    lockout = AuditEntry.objects.get(action="lockout")
    assert lockout.detail["username"] == "alice" and lockout.ip_address == "198.51.100.4"
    assert AuditEntry.objects.filter(action="login_failed").count() == 10
    time_passes(16 * 60)
    signed_in(alice)
    with django_capture_on_commit_callbacks(execute=True):
        alice.is_active = False
        alice.save()
    ended = AuditEntry.objects.get(action="sessions_ended")
    assert ended.detail == {"user_id": alice.pk, "sessions": 1, "tokens": 0}
