"""A NUL character anywhere the portal reads a request is a 400, for pages and the API.

PostgreSQL refuses NUL in text: before RefuseNulCharactersMiddleware, a NUL that reached a
query (a filter, the session cookie, a token) ended as a 500 there. These tests run on
SQLite and, in CI, on PostgreSQL (DATABASE_URL).
"""

import json
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from reporting.models import Submission
from tests.api.conftest import api_client
from tests.builders import start_draft

pytestmark = pytest.mark.django_db

NUL = "\x00"
CYCLE = "arab-regional-2028"
PDF_WITH_NUL_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\n\x00\x00\x00\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def draft(settings, tmp_path, alice, open_cycle, momd) -> Submission:
    settings.MEDIA_ROOT = tmp_path
    return start_draft(alice, open_cycle, momd)


def page_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def json_body(value) -> dict:
    return {"data": json.dumps(value), "content_type": "application/json"}


def urlencoded(value: dict) -> dict:
    return {"data": urlencode(value), "content_type": "application/x-www-form-urlencoded"}


# (what carries the NUL, method, path ({id}: alice's draft), keyword arguments of the call)
PAGE_REQUESTS = [
    ("query value", "GET", "/reporting/", {"data": {"cycle": NUL}}),
    ("query value", "GET", "/cycles/", {"data": {"q": f"x{NUL}y"}}),
    ("query key", "GET", "/objectives/", {"data": {f"page{NUL}": "1"}}),
    ("path", "GET", f"/reports/{CYCLE}%00/", {}),
    ("path", "GET", "/submissions/{id}/%00", {}),
    ("session cookie", "GET", "/reporting/", {"HTTP_COOKIE": f"sessionid=abcdefgh{NUL}ijkl"}),
    ("header", "GET", "/", {"HTTP_USER_AGENT": f"probe{NUL}"}),
    ("form field", "POST", "/language/", urlencoded({"language": f"ar{NUL}", "next": "/"})),
    ("multipart field", "POST", "/submissions/{id}/autosave/", {"data": {"progress": NUL}}),
    ("multipart key", "POST", f"/reporting/{CYCLE}/start/", {"data": {f"subject{NUL}": "1"}}),
]

API_REQUESTS = [
    ("query value", "GET", "/api/v1/submissions/", {"data": {"cycle": NUL}}),
    ("query key", "GET", "/api/v1/objectives/", {"data": {f"page{NUL}": "1"}}),
    ("path", "GET", "/api/v1/cycles/%00/", {}),
    ("path", "GET", "/api/v1/submissions/{id}/%00", {}),
    ("token", "GET", "/api/v1/me/", {"HTTP_AUTHORIZATION": f"Token abc{NUL}def"}),
    (
        "JSON escape",
        "PATCH",
        "/api/v1/submissions/{id}/draft/",
        json_body({"version": 2, "progress": f"Ninewa{NUL}"}),
    ),
    (
        "JSON key",
        "PUT",
        "/api/v1/submissions/{id}/draft/",
        json_body({"version": 2, "language": "en", f"progress{NUL}": "x"}),
    ),
    (
        "JSON nested",
        "POST",
        "/api/v1/submissions/",
        json_body({"cycle": CYCLE, "subject_kind": "objective", "x": [{"y": [NUL]}]}),
    ),
    (
        "raw NUL in JSON",
        "POST",
        "/api/v1/submissions/{id}/comments/",
        {"data": b'{"body": "a\x00b"}', "content_type": "application/json"},
    ),
    (
        "NUL in the JSON body's own charset",
        "POST",
        "/api/v1/submissions/{id}/comments/",
        {"data": b'{"body": "a+AAA-b"}', "content_type": "application/json; charset=utf-7"},
    ),
    (
        "multipart field",
        "POST",
        "/api/v1/submissions/{id}/evidence/",
        {"data": {"note": f"a{NUL}"}, "format": "multipart"},
    ),
    (
        "multipart key",
        "POST",
        "/api/v1/submissions/{id}/evidence/",
        {"data": {f"file{NUL}": "x"}, "format": "multipart"},
    ),
]


def send(client: Client, method: str, path: str, draft: Submission, call: dict):
    call = dict(call)
    data = call.pop("data", None)
    url = path.format(id=draft.pk)
    if method == "GET":
        return client.get(url, data, **call)
    if "content_type" in call:
        return client.generic(method, url, data or b"", **call)
    return client.post(url, data or {}, **call)


def ids(requests) -> list[str]:
    return [f"{method} {path} ({where})" for where, method, path, _call in requests]


@pytest.mark.parametrize(
    ("where", "method", "path", "call"), PAGE_REQUESTS, ids=ids(PAGE_REQUESTS)
)
def test_a_nul_in_a_page_request_is_a_400_page(draft, alice, where, method, path, call):
    response = send(page_client(alice), method, path, draft, call)
    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"].startswith("text/html")
    assert "Bad Request (400)" in response.content.decode()


@pytest.mark.parametrize(("where", "method", "path", "call"), API_REQUESTS, ids=ids(API_REQUESTS))
def test_a_nul_in_an_api_request_is_a_400_in_the_error_shape(
    draft, alice, where, method, path, call
):
    client = api_client() if "HTTP_AUTHORIZATION" in call else api_client(alice)
    response = send(client, method, path, draft, call)
    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "error": {
            "code": "bad_request",
            "message": "The request contains a NUL character, which the portal does not "
            "accept. Remove it and send the request again.",
            "fields": {},
        }
    }
    draft.refresh_from_db()
    assert draft.version == 2 and NUL not in draft.progress


def test_the_refusal_is_in_the_requests_language(alice):
    response = api_client(alice).get(
        "/api/v1/submissions/", {"cycle": NUL}, HTTP_ACCEPT_LANGUAGE="ar"
    )
    assert response.status_code == 400
    assert response.json()["error"]["message"].startswith("يحتوي الطلب على محرف NUL")


# --- what is not refused ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/", 200),
        ("/reporting/", 200),
        (f"/reporting/?cycle={CYCLE}", 200),
        ("/cycles/", 200),
        ("/objectives/?page=1", 200),
        (f"/reports/{CYCLE}/", 200),
        ("/submissions/{id}/", 200),
    ],
)
def test_pages_without_a_nul_still_answer(draft, alice, url, status):
    assert page_client(alice).get(url.format(id=draft.pk)).status_code == status


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/submissions/?cycle={CYCLE}",
        "/api/v1/objectives/?page=1",
        f"/api/v1/cycles/{CYCLE}/",
        "/api/v1/me/",
        "/api/v1/submissions/{id}/draft/",
    ],
)
def test_api_calls_without_a_nul_still_answer(draft, alice, url):
    assert api_client(alice).get(url.format(id=draft.pk)).status_code == 200


def test_an_escaped_backslash_is_text_and_a_file_may_hold_nul_bytes(draft, alice):
    client = api_client(alice)
    url = f"/api/v1/submissions/{draft.pk}/"
    # "\\u0000" in JSON is a backslash followed by "u0000": saved as written.
    text = "Referral pathways, see \\u0000 in the log."
    saved = client.patch(url + "draft/", {"version": 2, "progress": text}, format="json")
    assert saved.status_code == 200, saved.json()
    assert Submission.objects.get(pk=draft.pk).progress == text
    # The contents of an uploaded file are not inspected.
    upload = SimpleUploadedFile("law.pdf", PDF_WITH_NUL_BYTES, content_type="application/pdf")
    added = client.post(url + "evidence/", {"file": upload}, format="multipart")
    assert added.status_code == 201, added.json()


def test_a_page_form_without_a_nul_is_saved(draft, alice):
    response = page_client(alice).post(
        f"/submissions/{draft.pk}/autosave/",
        {"version": 2, "language": "en", "implementation_status": "in_progress", "progress": "x"},
    )
    assert response.status_code == 200
    assert Submission.objects.get(pk=draft.pk).progress == "x"
