"""The pledge register over the API: the same rules as the pages."""

import pytest

from objectives.models import Objective
from reporting.models import Pledge, PledgeUpdate, ReviewCycle
from tests.api.conftest import api_client
from tests.integration.test_pledges import DESCRIPTION, approved_pledge

pytestmark = pytest.mark.django_db


def new_pledge(alice, **changes) -> dict:
    return {
        "cycle": "imrf-2022",
        "organisation": alice.memberships.get().organisation_id,
        "kind": "individual",
        "form": "policy",
        "title_en": "Fair recruitment",
        "description_en": DESCRIPTION,
        "objectives": [Objective.objects.get(number=6).pk],
        "metric": "Agencies licensed",
        "target": "All",
        "deadline": "2026-12-31",
        **changes,
    }


def test_a_focal_point_registers_submits_and_iom_approves(alice, rita):
    client = api_client(alice)
    created = client.post("/api/v1/pledges/", new_pledge(alice), format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["state"] == "draft" and body["smart_warnings"] == []
    pledge_id = body["id"]
    patched = client.patch(f"/api/v1/pledges/{pledge_id}/", {"target": "All 41"}, format="json")
    assert patched.status_code == 200 and patched.json()["target"] == "All 41"
    assert patched.json()["title_en"] == "Fair recruitment"
    submitted = client.post(f"/api/v1/pledges/{pledge_id}/transition/", {"action": "submit"})
    assert submitted.json()["state"] == "submitted"
    refused = client.post(f"/api/v1/pledges/{pledge_id}/transition/", {"action": "approve"})
    assert refused.status_code == 403
    approved = api_client(rita).post(
        f"/api/v1/pledges/{pledge_id}/transition/", {"action": "approve"}
    )
    assert approved.status_code == 200
    assert approved.json()["approved_content"]["target"] == "All 41"


def test_bad_input_is_a_400_that_names_the_fields(alice):
    response = api_client(alice).post(
        "/api/v1/pledges/",
        new_pledge(alice, kind="matching", description_en="x" * 3001),
        format="json",
    )
    assert response.status_code == 400
    assert {"description_en"} <= set(response.json()["error"]["fields"])
    response = api_client(alice).post(
        "/api/v1/pledges/", new_pledge(alice, kind="matching"), format="json"
    )
    assert response.status_code == 400 and "matched_pledge" in response.json()["error"]["fields"]
    assert not Pledge.objects.exists()


def test_others_cannot_register_for_an_organisation_or_read_its_drafts(alice, bob, victor):
    assert (
        api_client(bob).post("/api/v1/pledges/", new_pledge(alice), format="json").status_code
        == 403
    )
    pledge_id = (
        api_client(alice).post("/api/v1/pledges/", new_pledge(alice), format="json").json()["id"]
    )
    for user in (bob, victor):
        assert api_client(user).get(f"/api/v1/pledges/{pledge_id}/").status_code == 404
        assert api_client(user).get("/api/v1/pledges/").json()["count"] == 0
    assert api_client().get("/api/v1/pledges/").status_code in (401, 403)


def test_an_update_for_the_open_review(alice, rita, open_cycle):
    pledge = approved_pledge(alice, rita, ReviewCycle.objects.get(code="imrf-2022"))
    client = api_client(alice)
    url = f"/api/v1/pledges/{pledge.pk}/updates/{open_cycle.code}/"
    missing = client.get(url)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    saved = client.put(url, {"status": "on_track", "narrative_en": "Going well."}, format="json")
    assert saved.status_code == 200 and saved.json()["state"] == "draft"
    bad = client.put(url, {"status": "sideways"}, format="json")
    assert bad.status_code == 400 and "status" in bad.json()["error"]["fields"]
    update_id = saved.json()["id"]
    client.post(f"/api/v1/pledge-updates/{update_id}/transition/", {"action": "submit"})
    no_reason = api_client(rita).post(
        f"/api/v1/pledge-updates/{update_id}/transition/", {"action": "return"}
    )
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["error"]["fields"]
    api_client(rita).post(f"/api/v1/pledge-updates/{update_id}/transition/", {"action": "approve"})
    assert PledgeUpdate.objects.get().state == "approved"
    listed = client.get(f"/api/v1/pledges/{pledge.pk}/updates/").json()
    assert [u["status"] for u in listed] == ["on_track"]
