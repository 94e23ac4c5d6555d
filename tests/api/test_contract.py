"""The API's contract: tokens, drafts with versions, the one error shape, languages, lists.

A story first (a report travels from draft to approval through the API alone), then each
promise on its own.
"""

import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from objectives.models import Action, Objective, Principle
from reporting.models import Event, ReportEdition, Submission
from tests.api.conftest import api_client
from tests.builders import assign, start_draft, submitted
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

CONFLICT_EN = (
    "No one may review, comment on, return, approve or reopen work of an organisation in "
    "which they hold a role."
)
CONFLICT_AR = (
    "لا يجوز لأحد أن يراجع عمل جهة يشغل فيها دوراً، ولا أن يعلّق عليه أو يعيده أو يوافق "
    "عليه أو يعيد فتحه."
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TOKEN_URL = "/api/v1/auth/token/"


def assert_error(response, status: int, code: str, fields: set | None = None) -> dict:
    """The one error shape: {"error": {"code", "message", "fields"}}."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert {"code", "message", "fields"} <= set(error)
    assert error["code"] == code
    assert isinstance(error["message"], str) and error["message"]
    assert all(
        isinstance(m, list) and all(isinstance(x, str) for x in m)
        for m in error["fields"].values()
    )
    if fields is not None:
        assert set(error["fields"]) == fields
    return error


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def draft_url(submission) -> str:
    return reverse("api:submission-draft", args=[submission.pk])


# --- the story ------------------------------------------------------------------------------


def test_a_report_travels_from_draft_to_approval_through_the_api(
    media, open_cycle, momd, alice, rita, victor, catalogue
):
    alice_api, rita_api, victor_api = api_client(alice), api_client(rita), api_client(victor)
    objective = Objective.objects.get(number=10)
    assign(open_cycle, momd, objective=10)

    started = alice_api.post(
        "/api/v1/submissions/",
        {
            "cycle": open_cycle.code,
            "organisation": momd.pk,
            "subject_kind": "objective",
            "subject_id": objective.pk,
        },
        format="json",
    )
    assert started.status_code == 201
    submission_id = started.json()["id"]
    assert started.json()["state"] == "draft"
    assert started.json()["actions"] == ["submit"]
    # Starting again finds the same draft.
    again = alice_api.post(
        "/api/v1/submissions/",
        {
            "cycle": open_cycle.code,
            "organisation": momd.pk,
            "subject_kind": "objective",
            "subject_id": objective.pk,
        },
        format="json",
    )
    assert again.status_code == 200  # found, not created
    assert again.json()["id"] == submission_id

    url = f"/api/v1/submissions/{submission_id}/"
    draft = alice_api.get(url + "draft/").json()
    assert draft["version"] == 1 and draft["is_editable"]
    principle = Principle.objects.order_by("letter").first()
    action = Action.objects.filter(objective=objective).order_by("letter").first()
    indicator = catalogue["indicator"]
    saved = alice_api.put(
        url + "draft/",
        {
            "version": draft["version"],
            "language": "en",
            "implementation_status": "in_progress",
            "progress": "Referral pathways were set up in Ninewa and Basra.",
            "principles": [principle.pk],
            "gcm_actions": [action.pk],
            "linked_strategy_actions": [catalogue["strategy_action"].pk],
            "indicator_values": [
                {
                    "indicator": indicator.pk,
                    "value": "120",
                    "reference_date": "2027-12-31",
                    "breakdown": [{"dimension": "sex", "category": "female", "value": "70"}],
                }
            ],
        },
        format="json",
    )
    assert saved.status_code == 200, saved.json()
    assert saved.json()["version"] == 2
    assert saved.json()["principles"] == [principle.pk]
    values = alice_api.get(url + "indicator-values/").json()["results"]
    assert values == [
        {
            "indicator": {
                "id": indicator.pk,
                "code": "Q-10-1",
                "name": "Victims referred",
                "kind": "number",
            },
            "value": "120",
            "unit": "",
            "reference_date": "2027-12-31",
            "period_year": None,
            "period_start": None,
            "period_end": None,
            "source": "",
            "breakdown": [{"dimension": "sex", "category": "female", "value": "70"}],
        }
    ]
    upload = SimpleUploadedFile("law.pdf", PDF, content_type="application/pdf")
    attached = alice_api.post(url + "evidence/", {"file": upload}, format="multipart")
    assert attached.status_code == 201
    assert attached.json()["name"] == "law.pdf"

    assert alice_api.post(url + "submit/", {}, format="json").status_code == 200
    # The reviewer reads the revision, comments, and returns it.
    detail = rita_api.get(url).json()
    assert detail["state"] == "submitted"
    assert detail["latest_revision"]["number"] == 1
    assert detail["latest_revision"]["content"]["progress"].startswith("Referral pathways")
    assert detail["latest_revision"]["content"]["evidence"][0]["name"] == "law.pdf"
    assert set(detail["actions"]) == {"return", "approve"}
    comment = rita_api.post(url + "comments/", {"field": "progress", "body": "Which years?"})
    assert comment.status_code == 201
    assert comment.json()["revision"] == 1
    returned = rita_api.post(url + "return/", {"reason": "Add the years."}, format="json")
    assert returned.json()["state"] == "returned"

    # The focal point reads the comment, revises, resubmits; the reviewer approves.
    assert [c["body"] for c in alice_api.get(url + "comments/").json()["results"]] == [
        "Which years?"
    ]
    version = alice_api.get(url + "draft/").json()["version"]
    patched = alice_api.patch(
        url + "draft/", {"version": version, "progress": "2026 and 2027: Ninewa, Basra."}
    )
    assert patched.status_code == 200
    assert patched.json()["principles"] == [principle.pk]  # PATCH kept the rest
    # A returned submission goes back only once each open comment has an answer.
    refused = alice_api.post(url + "submit/")
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "open_comments"
    thread = comment.json()["id"]
    answered = alice_api.post(
        url + f"comments/{thread}/address/", {"note": "Years added."}, format="json"
    )
    assert answered.status_code == 200 and answered.json()["state"] == "addressed"
    assert alice_api.post(url + "submit/").status_code == 200
    replied = rita_api.post(
        url + f"comments/{thread}/reply/", {"body": "Thank you."}, format="json"
    )
    assert replied.status_code == 201 and replied.json()["parent"] == thread
    assert rita_api.post(url + f"comments/{thread}/resolve/").json()["state"] == "resolved"
    assert rita_api.post(url + "approve/").json()["state"] == "approved"

    # A viewer reads the approved revision, never the draft.
    read = victor_api.get(url).json()
    assert read["latest_revision"]["number"] == 2
    assert read["latest_revision"]["content"]["progress"] == "2026 and 2027: Ninewa, Basra."
    assert victor_api.get(url + "draft/").status_code == 404
    history = alice_api.get(url + "events/").json()["results"]
    assert [e["action"] for e in history] == ["submit", "return", "submit", "approve"]
    assert history[1]["reason"] == "Add the years."
    evidence_id = read["latest_revision"]["content"]["evidence"][0]["id"]
    download = victor_api.get(f"/api/v1/evidence/{evidence_id}/download/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == PDF


# --- tokens ---------------------------------------------------------------------------------


def test_a_token_is_made_used_and_revoked(alice):
    client = api_client()
    made = client.post(TOKEN_URL, {"username": "alice", "password": TEST_PASSWORD}, format="json")
    assert made.status_code == 200
    key, expires_at = made.json()["token"], made.json()["expires_at"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    me = client.get("/api/v1/me/").json()
    assert me["username"] == "alice"
    assert me["token_expires_at"] == expires_at
    # Asking again gives the same token, with the same expiry.
    assert client.post(TOKEN_URL, {"username": "alice", "password": TEST_PASSWORD}).json() == {
        "token": key,
        "expires_at": expires_at,
    }

    assert client.delete(TOKEN_URL).status_code == 204
    assert not Token.objects.filter(key=key).exists()
    refused = client.get("/api/v1/me/")
    assert_error(refused, 401, "authentication_failed")
    assert refused["WWW-Authenticate"] == "Bearer"


def token_made_ago(user, age: datetime.timedelta) -> Token:
    """The user's token, made `age` ago."""
    token, _created = Token.objects.get_or_create(user=user)
    Token.objects.filter(pk=token.pk).update(created=timezone.now() - age)
    return Token.objects.get(pk=token.pk)


def test_a_token_says_when_it_expires_in_iso_8601(settings, alice):
    settings.API_TOKEN_LIFETIME_DAYS = 30
    before = timezone.now()
    made = api_client().post(TOKEN_URL, {"username": "alice", "password": TEST_PASSWORD})
    expires_at = datetime.datetime.fromisoformat(made.json()["expires_at"])
    assert expires_at.utcoffset() is not None
    token = Token.objects.get(user=alice)
    assert expires_at == token.created + datetime.timedelta(days=30)
    assert (
        before + datetime.timedelta(days=30)
        <= expires_at
        <= timezone.now() + datetime.timedelta(days=30)
    )


def test_a_token_works_until_its_lifetime_is_over_then_is_refused_and_deleted(settings, alice):
    settings.API_TOKEN_LIFETIME_DAYS = 30
    lifetime = datetime.timedelta(days=30)
    token = token_made_ago(alice, lifetime - datetime.timedelta(minutes=1))
    client = api_client()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get("/api/v1/me/").status_code == 200

    token = token_made_ago(alice, lifetime)
    expired = client.get("/api/v1/me/")
    error = assert_error(expired, 401, "token_expired")
    assert error["message"] == (
        "Your API token has expired. Get a new one: send your user name and password to "
        "/api/v1/auth/token/."
    )
    assert expired["WWW-Authenticate"] == "Bearer"
    assert not Token.objects.filter(key=token.key).exists()
    # Deleted: from now on it is a token like any unknown one.
    assert_error(client.get("/api/v1/me/"), 401, "authentication_failed")


def test_the_lifetime_setting_applies_to_tokens_already_made(settings, alice):
    token = token_made_ago(alice, datetime.timedelta(days=45))
    client = api_client()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    settings.API_TOKEN_LIFETIME_DAYS = 90
    assert client.get("/api/v1/me/").status_code == 200
    settings.API_TOKEN_LIFETIME_DAYS = 30
    assert_error(client.get("/api/v1/me/"), 401, "token_expired")


def test_signing_in_again_does_not_extend_a_token_but_replaces_an_expired_one(settings, alice):
    settings.API_TOKEN_LIFETIME_DAYS = 30
    data = {"username": "alice", "password": TEST_PASSWORD}
    old = token_made_ago(alice, datetime.timedelta(days=20))
    again = api_client().post(TOKEN_URL, data).json()
    assert again["token"] == old.key
    expires_at = datetime.datetime.fromisoformat(again["expires_at"])
    assert expires_at == old.created + datetime.timedelta(days=30)

    token_made_ago(alice, datetime.timedelta(days=31))
    renewed = api_client().post(TOKEN_URL, data).json()
    assert renewed["token"] != old.key
    assert not Token.objects.filter(key=old.key).exists()
    expires_at = datetime.datetime.fromisoformat(renewed["expires_at"])
    assert expires_at > timezone.now() + datetime.timedelta(days=29)


def test_an_expired_token_is_refused_in_the_users_language(settings, alice):
    alice.preferred_language = "ar"
    alice.save(update_fields=["preferred_language"])
    token = token_made_ago(alice, datetime.timedelta(days=settings.API_TOKEN_LIFETIME_DAYS))
    client = api_client()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    error = assert_error(client.get("/api/v1/me/"), 401, "token_expired")
    assert "/api/v1/auth/token/" in error["message"] and "انتهت صلاحية" in error["message"]


def test_me_says_when_the_callers_token_expires(settings, alice):
    browser = Client()
    browser.force_login(alice)
    assert browser.get("/api/v1/me/").json()["token_expires_at"] is None
    token = token_made_ago(alice, datetime.timedelta(days=1))
    expires_at = browser.get("/api/v1/me/").json()["token_expires_at"]
    lifetime = datetime.timedelta(days=settings.API_TOKEN_LIFETIME_DAYS)
    assert datetime.datetime.fromisoformat(expires_at) == token.created + lifetime


@pytest.mark.parametrize(
    ("data", "status", "code", "fields"),
    [
        ({"username": "alice", "password": "wrong"}, 401, "authentication_failed", set()),
        ({"username": "nobody", "password": TEST_PASSWORD}, 401, "authentication_failed", set()),
        ({"username": "alice"}, 400, "invalid", {"password"}),
        ({}, 400, "invalid", {"username", "password"}),
    ],
)
def test_a_token_needs_the_right_password(alice, data, status, code, fields):
    assert_error(api_client().post(TOKEN_URL, data, format="json"), status, code, fields)
    assert not Token.objects.exists()


def test_an_inactive_user_gets_no_token_and_loses_the_one_they_had(alice):
    token = Token.objects.create(user=alice)
    alice.is_active = False
    alice.save()
    data = {"username": "alice", "password": TEST_PASSWORD}
    assert_error(api_client().post(TOKEN_URL, data), 401, "authentication_failed")
    client = api_client()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert_error(client.get("/api/v1/me/"), 401, "authentication_failed")


def test_demo_accounts_get_and_use_tokens_only_under_debug(settings, db):
    demo = UserFactory(username="demo-focal", is_demo=True)
    data = {"username": "demo-focal", "password": TEST_PASSWORD}
    settings.DEBUG = False
    assert_error(api_client().post(TOKEN_URL, data), 401, "authentication_failed")
    settings.DEBUG = True
    assert api_client().post(TOKEN_URL, data).status_code == 200
    settings.DEBUG = False
    client = api_client()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get(user=demo).key}")
    assert_error(client.get("/api/v1/me/"), 401, "authentication_failed")


def test_guessing_passwords_is_throttled(alice):
    client = api_client()
    for _attempt in range(10):
        client.post(TOKEN_URL, {"username": "alice", "password": "guess"})
    throttled = client.post(TOKEN_URL, {"username": "alice", "password": TEST_PASSWORD})
    assert_error(throttled, 429, "throttled")
    assert int(throttled["Retry-After"]) > 0


def test_the_browser_uses_its_session_and_needs_the_csrf_token(alice, open_cycle, momd):
    submission = start_draft(alice, open_cycle, momd)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(alice)
    assert browser.get(draft_url(submission)).status_code == 200
    refused = browser.patch(draft_url(submission), {"version": 1}, content_type="application/json")
    assert_error(refused, 403, "permission_denied")
    assert "CSRF" in refused.json()["error"]["message"]


# --- drafts and versions ----------------------------------------------------------------


def test_a_stale_save_is_a_conflict_that_saves_nothing(alice, open_cycle, momd):
    submission = start_draft(alice, open_cycle, momd)
    loaded = submission.version
    first, second = api_client(alice), api_client(alice)
    assert (
        first.patch(draft_url(submission), {"version": loaded, "progress": "Mine."}).json()[
            "version"
        ]
        == loaded + 1
    )

    stale = second.patch(draft_url(submission), {"version": loaded, "progress": "Theirs."})
    error = assert_error(stale, 409, "stale_version", set())
    assert error["current_version"] == loaded + 1
    assert Submission.objects.get(pk=submission.pk).progress == "Mine."

    # Saying exactly what is saved is not a conflict.
    same = second.patch(draft_url(submission), {"version": loaded, "progress": "Mine."})
    assert same.status_code == 200
    assert same.json()["version"] == loaded + 1


def test_state_organisation_and_version_bookkeeping_are_not_written(alice, open_cycle, momd):
    submission = start_draft(alice, open_cycle, momd)
    response = api_client(alice).patch(
        draft_url(submission),
        {
            "version": submission.version,
            "state": "approved",
            "is_editable": False,
            "organisation": 999,
            "updated_by": "someone",
            "updated_at": "2020-01-01T00:00:00Z",
        },
        format="json",
    )
    assert response.status_code == 200
    saved = Submission.objects.get(pk=submission.pk)
    assert (saved.state, saved.organisation_id, saved.version) == ("draft", momd.pk, 3)
    assert response.json()["updated_by"] == alice.get_full_name()


@pytest.mark.parametrize(
    ("change", "fields"),
    [
        ({"progress": "word " * 1501}, {"progress"}),  # the service's word limit
        ({"language": "fr"}, {"language"}),
        ({"principles": [999999]}, {"principles"}),
        ({"gcm_actions": [1]}, {"gcm_actions"}),  # an action of objective 1, not 10
        ({"indicator_values": [{"indicator": 999999, "value": "1"}]}, {"indicator_values"}),
        ({"indicator_values": [{"indicator": 1}], "principles": "a"}, {"principles"}),
        ({"version": None}, {"version"}),
    ],
)
def test_invalid_drafts_say_which_field(alice, open_cycle, momd, change, fields):
    submission = start_draft(alice, open_cycle, momd)
    data = {"version": submission.version, **change}
    if data["version"] is None:
        del data["version"]
    response = api_client(alice).patch(draft_url(submission), data, format="json")
    assert_error(response, 400, "invalid", fields)
    assert Submission.objects.get(pk=submission.pk).version == submission.version


def test_an_indicator_breakdown_must_use_known_groups(alice, open_cycle, momd, catalogue):
    submission = start_draft(alice, open_cycle, momd)
    indicator = catalogue["indicator"]
    response = api_client(alice).patch(
        draft_url(submission),
        {
            "version": submission.version,
            "indicator_values": [
                {
                    "indicator": indicator.pk,
                    "value": "10",
                    "breakdown": [{"dimension": "sex", "category": "martian", "value": "1"}],
                }
            ],
        },
        format="json",
    )
    assert_error(response, 400, "invalid", {f"indicator_{indicator.pk}_breakdown"})


def test_put_replaces_the_draft_and_needs_the_language(alice, open_cycle, momd):
    submission = start_draft(alice, open_cycle, momd, challenges="Funding.")
    client = api_client(alice)
    missing = client.put(draft_url(submission), {"version": submission.version}, format="json")
    assert_error(missing, 400, "invalid", {"language"})
    replaced = client.put(
        draft_url(submission), {"version": submission.version, "language": "ar"}, format="json"
    )
    assert replaced.status_code == 200
    assert (replaced.json()["challenges"], replaced.json()["language"]) == ("", "ar")


# --- the one error shape --------------------------------------------------------------------


def test_every_kind_of_error_has_the_same_shape(media, open_cycle, momd, alice, rita, cso):
    alice_api = api_client(alice)
    draft = start_draft(alice, open_cycle, momd)
    url = f"/api/v1/submissions/{draft.pk}/"
    # 401: no credentials; an unknown token.
    assert_error(api_client().get(url), 401, "not_authenticated")
    unknown = api_client()
    unknown.credentials(HTTP_AUTHORIZATION="Token nope")
    assert_error(unknown.get(url), 401, "authentication_failed")
    # 404: what does not exist, what may not be seen, what is not an endpoint.
    assert_error(alice_api.get("/api/v1/submissions/999999/"), 404, "not_found")
    assert_error(api_client(rita).get(url), 404, "not_found")
    assert_error(alice_api.get("/api/v1/no-such-thing/"), 404, "not_found")
    assert_error(alice_api.get("/api/v1/submissions"), 404, "not_found")
    assert_error(alice_api.get("/api/v1/submissions/?page=99"), 404, "not_found")
    # 405: a method the endpoint does not have.
    assert_error(alice_api.delete("/api/v1/submissions/"), 405, "method_not_allowed")
    # 400: malformed JSON; invalid fields; a reason missing; incomplete content.
    malformed = alice_api.generic("POST", url + "submit/", "{", content_type="application/json")
    assert_error(malformed, 400, "parse_error")
    assert_error(alice_api.get("/api/v1/submissions/?state=lost"), 400, "invalid", {"state"})
    empty = start_draft(alice, open_cycle, momd, objective=3, progress="")
    incomplete = alice_api.post(f"/api/v1/submissions/{empty.pk}/submit/")
    assert_error(incomplete, 400, "incomplete", {"progress"})
    alice_api.post(url + "submit/")
    no_reason = api_client(rita).post(url + "return/", {"reason": " "}, format="json")
    assert_error(no_reason, 400, "invalid", {"reason"})
    # 403: what the rules refuse, with the reason.
    refused = alice_api.post(url + "approve/")
    assert refused.json()["error"]["message"] == CONFLICT_EN
    assert_error(refused, 403, "refused")
    assert_error(alice_api.patch(url + "draft/", {"version": 1}), 403, "refused")
    # 415: a file sent as JSON.
    assert_error(
        alice_api.post(url + "evidence/", {"file": "x"}, format="json"),
        415,
        "unsupported_media_type",
    )


def test_a_refused_file_says_why(media, alice, open_cycle, momd):
    draft = start_draft(alice, open_cycle, momd)
    upload = SimpleUploadedFile("page.pdf", b"<html></html>", content_type="application/pdf")
    response = api_client(alice).post(
        f"/api/v1/submissions/{draft.pk}/evidence/", {"file": upload}, format="multipart"
    )
    error = assert_error(response, 400, "invalid", {"file"})
    assert "not accepted" in error["message"]


def test_errors_come_in_the_language_asked_for(alice, rita, open_cycle, momd):
    submission = submitted(alice, open_cycle, momd)
    client = api_client(alice)
    refused = client.post(
        f"/api/v1/submissions/{submission.pk}/approve/", HTTP_ACCEPT_LANGUAGE="ar"
    )
    assert refused.json()["error"]["message"] == CONFLICT_AR
    missing = api_client().get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="ar")
    assert missing.json()["error"]["message"] == "لم يتم تزويد بيانات الدخول."


def test_a_script_that_names_no_language_gets_the_users_preference(alice, open_cycle, momd):
    submission = submitted(alice, open_cycle, momd)
    alice.preferred_language = "ar"
    alice.save(update_fields=["preferred_language"])
    url = f"/api/v1/submissions/{submission.pk}/approve/"
    refused = api_client(alice).post(url)
    assert refused.json()["error"]["message"] == CONFLICT_AR
    assert refused["Content-Language"] == "ar"
    # A language the request names still wins.
    english = api_client(alice).post(url, HTTP_ACCEPT_LANGUAGE="en")
    assert english.json()["error"]["message"] == CONFLICT_EN


def test_the_language_asked_for_comes_before_the_browser_s_language_cookie(
    alice, open_cycle, momd
):
    submission = submitted(alice, open_cycle, momd)
    browser = Client()
    browser.force_login(alice)
    browser.cookies["django_language"] = "en"
    url = f"/api/v1/submissions/{submission.pk}/"
    arabic = browser.get(url + "draft/", HTTP_ACCEPT_LANGUAGE="ar-IQ,ar;q=0.9")
    assert arabic["Content-Language"] == "ar"
    english = browser.get(url + "draft/")
    assert english["Content-Language"] == "en"
    # A header naming neither language leaves the cookie's.
    assert browser.get(url, HTTP_ACCEPT_LANGUAGE="fr")["Content-Language"] == "en"


def test_server_errors_under_the_api_have_the_same_shape():
    from gcm_portal.api import errors

    response = errors.server_error(RequestFactory().get("/api/v1/me/"))
    assert response.status_code == 500
    assert json.loads(response.content)["error"]["code"] == "server_error"
    page = errors.server_error(RequestFactory().get("/reporting/"))
    assert page["Content-Type"].startswith("text/html")


# --- lists ----------------------------------------------------------------------------------


def test_lists_are_paginated(db, alice):
    client = api_client(alice)
    first = client.get("/api/v1/objectives/", {"page_size": 5}).json()
    assert (first["count"], len(first["results"])) == (23, 5)
    assert first["next"].endswith("page=2&page_size=5")
    assert len(client.get("/api/v1/objectives/").json()["results"]) == 23
    many = client.get("/api/v1/indicators/", {"page_size": 1000})
    assert many.status_code == 200  # capped at 200, not refused


def test_submissions_filter_by_cycle_state_objective_organisation_and_side(
    open_cycle, momd, cso, alice, carol, rita
):
    gov = submitted(alice, open_cycle, momd, objective=10)
    civil = submitted(carol, open_cycle, cso, objective=3)
    draft = start_draft(alice, open_cycle, momd, objective=5)
    client = api_client(rita)

    def ids(**query):
        response = client.get("/api/v1/submissions/", query)
        assert response.status_code == 200, response.json()
        return {item["id"] for item in response.json()["results"]}

    assert ids() == {gov.pk, civil.pk}  # never another organisation's draft
    assert ids(kind="government") == {gov.pk}
    assert ids(kind="cso") == {civil.pk}
    assert ids(objective=Objective.objects.get(number=3).pk) == {civil.pk}
    assert ids(organisation=momd.pk) == {gov.pk}
    assert ids(state="draft") == set()
    assert ids(cycle=open_cycle.code, state="submitted") == {gov.pk, civil.pk}
    assert ids(cycle="imrf-2026") == set()
    assert ids(subject_kind="section") == set()
    assert draft.pk in {
        i["id"] for i in api_client(alice).get("/api/v1/submissions/").json()["results"]
    }


def test_a_compile_is_queued_and_followed(monkeypatch, open_cycle, cora, victor):
    queued = []
    monkeypatch.setattr("reporting.services.editions._enqueue", queued.append)
    client = api_client(cora)
    url = f"/api/v1/cycles/{open_cycle.code}/editions/"
    response = client.post(
        url, {"kind": "regional", "mode": "preview", "languages": ["ar", "en"]}, format="json"
    )
    assert response.status_code == 202
    editions = response.json()
    assert [(e["language"], e["state"], e["download_url"]) for e in editions] == [
        ("en", "queued", None),
        ("ar", "queued", None),
    ]
    progress = client.get(f"/api/v1/editions/{editions[0]['id']}/").json()
    assert (progress["state"], progress["progress"]) == ("queued", 0)
    assert_error(client.get(f"/api/v1/editions/{editions[0]['id']}/download/"), 404, "not_found")
    assert [e["word_url"] for e in editions] == [None, None]
    assert_error(client.get(f"/api/v1/editions/{editions[0]['id']}/word/"), 404, "not_found")
    assert_error(
        api_client(victor).post(url, {"kind": "regional", "mode": "preview", "languages": ["en"]}),
        403,
        "refused",
    )
    assert_error(
        client.post(url, {"kind": "regional", "mode": "preview", "languages": []}, format="json"),
        400,
        "invalid",
        {"languages"},
    )
    # A regional cycle prepares no IMRF report: the service refuses it, as the page does.
    wrong = client.post(url, {"kind": "imrf", "mode": "preview", "languages": ["en"]})
    assert_error(wrong, 403, "refused")
    assert ReportEdition.objects.count() == 2
    assert Event.objects.count() == 0


# --- health ---------------------------------------------------------------------------------


def test_the_health_check_says_ok_when_the_database_is_migrated(db):
    response = Client().get("/healthz/")
    assert (response.status_code, response.content) == (200, b"ok")


def test_the_health_check_is_503_when_the_database_fails(db, monkeypatch):
    from django.db import DatabaseError, connection

    def failing():
        raise DatabaseError("gone")

    monkeypatch.setattr(connection, "cursor", failing)
    response = Client().get("/healthz/")
    assert (response.status_code, response.content) == (503, b"database unavailable")
