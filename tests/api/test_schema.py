"""The OpenAPI schema and the docs page: complete, valid, and for signed-in people only."""

import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tests.api.conftest import api_client

pytestmark = pytest.mark.django_db


def test_the_schema_is_valid_and_generates_without_warnings(tmp_path):
    call_command("spectacular", validate=True, fail_on_warn=True, file=str(tmp_path / "s.yml"))


def test_the_schema_needs_a_signed_in_caller(alice):
    assert api_client().get("/api/schema/").status_code == 401
    response = api_client(alice).get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    # The shared error shape is on every operation; 409 on draft saves.
    draft = schema["paths"]["/api/v1/submissions/{submission_id}/draft/"]
    assert {"400", "401", "403", "404", "409"} <= set(draft["patch"]["responses"])
    assert draft["patch"]["responses"]["409"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }
    token = schema["paths"]["/api/v1/auth/token/"]["post"]
    assert "429" in token["responses"]
    # A token comes with its expiry, and so does the caller; a token past it is token_expired.
    components = schema["components"]["schemas"]
    ok = token["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    issued = components[ok.rsplit("/", 1)[1]]
    assert issued["properties"]["expires_at"]["format"] == "date-time"
    assert {"token", "expires_at"} <= set(issued["required"])
    me = schema["paths"]["/api/v1/me/"]["get"]
    ok = me["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    expiry = components[ok.rsplit("/", 1)[1]]["properties"]["token_expires_at"]
    assert (expiry["format"], expiry["nullable"]) == ("date-time", True)
    assert "token_expired" in me["responses"]["401"]["description"]
    upload = schema["paths"]["/api/v1/submissions/{submission_id}/evidence/"]["post"]
    assert list(upload["requestBody"]["content"]) == ["multipart/form-data"]


def test_the_report_downloads_are_declared_as_files(alice):
    schema = api_client(alice).get("/api/schema/", {"format": "json"}).json()
    for path, media_type in (
        ("download", "application/pdf"),
        ("word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ):
        ok = schema["paths"][f"/api/v1/editions/{{edition_id}}/{path}/"]["get"]["responses"]["200"]
        assert ok["content"] == {media_type: {"schema": {"type": "string", "format": "binary"}}}
    edition = schema["components"]["schemas"]["Edition"]["properties"]
    assert edition["word_url"]["nullable"] and edition["download_url"]["nullable"]


def test_the_docs_page_is_served_from_bundled_files(alice):
    visitor = Client()
    response = visitor.get(reverse("api:docs"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))

    browser = Client()
    browser.force_login(alice)
    page = browser.get(reverse("api:docs"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), "nothing from a CDN"
    for asset in re.findall(r"""["'](/static/[^"']+)["']""", html):
        assert browser.get(asset).status_code == 200, asset


def test_the_token_is_a_bearer_token_and_the_old_scheme_still_works(alice):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    key = Token.objects.create(user=alice).key
    for scheme in ("Bearer", "Token", "bearer"):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"{scheme} {key}")
        assert client.get("/api/v1/me/").json()["username"] == "alice"
    refused = APIClient()
    refused.credentials(HTTP_AUTHORIZATION="Basic abc")
    answer = refused.get("/api/v1/me/")
    assert answer.status_code == 401 and answer["WWW-Authenticate"] == "Bearer"
    schema = api_client(alice).get("/api/schema/", {"format": "json"}).json()
    assert schema["components"]["securitySchemes"]["bearerAuth"]["type"] == "http"
    assert schema["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    assert {"bearerAuth": []} in schema["paths"]["/api/v1/me/"]["get"]["security"]
    # Asking for a token needs none.
    assert schema["paths"]["/api/v1/auth/token/"]["post"].get("security", []) in ([], [{}])


def test_the_schema_is_the_same_whatever_the_caller_s_language(alice, bob):
    from gcm_portal.accounts.models import User

    User.objects.filter(pk=bob.pk).update(preferred_language="ar")
    english = api_client(alice).get("/api/schema/", {"format": "json"}).content
    arabic = api_client(User.objects.get(pk=bob.pk)).get("/api/schema/", {"format": "json"})
    also_arabic = api_client(alice).get(
        "/api/schema/", {"format": "json", "lang": "ar"}, HTTP_ACCEPT_LANGUAGE="ar"
    )
    assert arabic.content == english == also_arabic.content
    assert "الموضوع" not in english.decode()


def test_every_operation_has_a_summary(alice):
    schema = api_client(alice).get("/api/schema/", {"format": "json"}).json()
    operations = [
        (method.upper(), path, operation.get("summary"))
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
        if method in ("get", "post", "put", "patch", "delete")
    ]
    assert len(operations) > 35
    assert [op for op in operations if not op[2]] == []
    summaries = {(method, path): summary for method, path, summary in operations}
    assert summaries[("GET", "/api/v1/principles/")].startswith("List: ")
    assert summaries[("GET", "/api/v1/principles/{id}/")].startswith("Read one: ")
    assert summaries[("POST", "/api/v1/auth/token/")] == "Get a token"  # its own


def test_the_wait_after_too_many_attempts_and_the_language_header_are_declared(alice):
    schema = api_client(alice).get("/api/schema/", {"format": "json"}).json()
    token = schema["paths"]["/api/v1/auth/token/"]["post"]
    retry = token["responses"]["429"]["headers"]["Retry-After"]
    assert retry["schema"] == {"type": "integer", "minimum": 0}
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            [language] = [p for p in operation["parameters"] if p["name"] == "Accept-Language"]
            assert (language["in"], language["schema"]) == ("header", {"type": "string"}), path
            assert set(language["examples"]) == {"Arabic", "English"}
