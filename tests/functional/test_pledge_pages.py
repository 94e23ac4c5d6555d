"""The pledge register's pages as people use them: registering, updating, reviewing."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from objectives.models import Objective
from reporting.models import Pledge, PledgeUpdate, ReviewCycle
from reporting.services import pledges as pledge_services
from tests.integration.test_pledges import approved_pledge, pledge_data

pytestmark = pytest.mark.django_db

DESCRIPTION = (
    "Le ministère "
    * 5
    + "will open consular assistance desks in ten embassies with trained staff, a hotline "
    "that answers day and night and a shared record of each case, followed until it is "
    "closed, and will report every year on the cases assisted and how they ended."
)


@pytest.fixture
def imrf_2022(db):
    return ReviewCycle.objects.get(code="imrf-2022")


def form_post(**changes) -> dict:
    data = {
        "kind": "individual",
        "form": "process",
        "title_en": "Consular desks",
        "title_ar": "",
        "description_en": DESCRIPTION,
        "description_ar": "",
        "objectives": [str(Objective.objects.get(number=14).pk)],
        "metric": "Embassies with a desk",
        "baseline": "2",
        "target": "10",
        "deadline": "2026-12-31",
        "partners": "",
        "network_id": "",
    }
    data.update(changes)
    return data


def test_a_focal_point_registers_a_pledge_through_the_form(client, alice, imrf_2022):
    client.force_login(alice)
    page = client.get(reverse("pledge_new"))
    assert page.status_code == 200 and "Register a pledge" in page.text
    response = client.post(
        reverse("pledge_new"),
        {
            **form_post(),
            "organisation": alice.memberships.get().organisation_id,
            "cycle": imrf_2022.pk,
        },
    )
    pledge = Pledge.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "pledge_detail", args=[pledge.pk]
    )
    assert pledge.title_en == "Consular desks" and pledge.deadline == datetime.date(2026, 12, 31)
    detail = client.get(response.url)
    assert "Consular desks" in detail.text and "Submit" in detail.text


def test_bad_input_comes_back_with_the_errors_and_what_was_typed(client, alice, imrf_2022):
    client.force_login(alice)
    response = client.post(
        reverse("pledge_new"),
        {
            **form_post(kind="matching", description_en="Kept text " + "x" * 3000, metric=""),
            "organisation": alice.memberships.get().organisation_id,
            "cycle": imrf_2022.pk,
        },
    )
    assert response.status_code == 400
    assert "Name the pledge this one matches." in response.text
    assert "Keep this under 3000 characters" in response.text
    assert "Kept text" in response.text and "Consular desks" in response.text
    assert "Missing: metric." in response.text
    assert not Pledge.objects.exists()


def test_someone_else_cannot_edit_or_see_a_draft(client, alice, bob, victor, imrf_2022):
    pledge = pledge_services.pledge_save(
        user=alice,
        data=pledge_data(),
        organisation_id=alice.memberships.get().organisation_id,
        cycle_id=imrf_2022.pk,
    )
    client.force_login(bob)
    assert client.get(reverse("pledge_detail", args=[pledge.pk])).status_code == 404
    assert client.post(reverse("pledge_edit", args=[pledge.pk]), form_post()).status_code == 404
    client.force_login(victor)
    assert client.get(reverse("pledge_new")).status_code == 404
    assert pledge.title_en not in client.get(reverse("pledge_list")).text


def test_the_round_trip_of_an_update_through_the_pages(client, alice, rita, imrf_2022, open_cycle):
    pledge = approved_pledge(alice, rita, imrf_2022)
    client.force_login(alice)
    url = reverse("pledge_update", args=[pledge.pk, open_cycle.code])
    assert "Where the pledge stands" in client.get(url).text
    refused = client.post(url, {"status": "sideways", "narrative_en": "TYPED TEXT"})
    assert refused.status_code == 400 and "TYPED TEXT" in refused.text
    client.post(
        url, {"status": "delayed", "narrative_en": "Budget came late.", "narrative_ar": ""}
    )
    update = PledgeUpdate.objects.get()
    client.post(reverse("pledge_update_transition", args=[update.pk]), {"action": "submit"})
    assert PledgeUpdate.objects.get().state == "submitted"

    client.force_login(rita)
    queue = client.get(reverse("review_queue"))
    assert url in queue.text
    no_reason = client.post(
        reverse("pledge_update_transition", args=[update.pk]), {"action": "return", "reason": ""}
    )
    assert no_reason.status_code == 400 and "Give a reason" in no_reason.text
    client.post(reverse("pledge_update_transition", args=[update.pk]), {"action": "approve"})
    assert PledgeUpdate.objects.get().state == "approved"
    assert "Budget came late." in client.get(url).text


def test_the_pages_read_in_arabic(client, alice, rita, imrf_2022):
    pledge = approved_pledge(alice, rita, imrf_2022, title_ar="الفحص في كل منفذ حدودي")
    client.force_login(alice)
    client.cookies["django_language"] = "ar"
    page = client.get(reverse("pledge_list"), HTTP_ACCEPT_LANGUAGE="ar")
    assert 'dir="rtl"' in page.text and "الفحص في كل منفذ حدودي" in page.text
    assert client.get(reverse("pledge_detail", args=[pledge.pk])).status_code == 200


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_list_and_a_pledge_make_the_same_queries_however_many_pledges(
    client, alice, rita, imrf_2022, open_cycle
):
    first = approved_pledge(alice, rita, imrf_2022)
    client.force_login(rita)
    small = (
        queries(client, reverse("pledge_list")),
        queries(client, reverse("pledge_detail", args=[first.pk])),
    )
    for number in range(9):
        pledge = approved_pledge(alice, rita, imrf_2022, title_en=f"Pledge {number}")
        update = pledge_services.pledge_update_save(
            user=alice,
            pledge_id=pledge.pk,
            cycle_id=open_cycle.pk,
            status="on_track",
            narrative_en="Going.",
            narrative_ar="",
        )
        pledge_services.pledge_update_transition(user=alice, update_id=update.pk, action="submit")
    large = (
        queries(client, reverse("pledge_list")),
        queries(client, reverse("pledge_detail", args=[first.pk])),
    )
    assert small == large
