"""The national coordinator records a consultation held for the open review, once with an
end before its start (refused, nothing typed lost), and sees it, with the pledge follow-up
approved for this review, in the report's preview."""

import re

import pytest
from playwright.sync_api import expect

from reporting.models import Consultation, ReviewCycle
from reporting.services import pledges as pledge_services
from tests.browser.conftest import login
from tests.integration.test_pledges import approved_pledge
from tests.support import pdf_pages

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_coordinator_records_a_consultation_and_sees_it_in_the_preview(
    new_page, check, open_cycle, alice, rita, cora, tmp_path
):
    pledge = approved_pledge(alice, rita, ReviewCycle.objects.get(code="imrf-2022"))
    update = pledge_services.pledge_update_save(
        user=alice,
        pledge_id=pledge.pk,
        cycle_id=open_cycle.pk,
        status="on_track",
        narrative_en="Officials at 12 of 22 crossings trained.",
        narrative_ar="",
    )
    pledge_services.pledge_update_transition(user=alice, update_id=update.pk, action="submit")
    pledge_services.pledge_update_transition(user=rita, update_id=update.pk, action="approve")

    page = new_page()
    login(page, "cora")
    page.goto(f"/reports/{open_cycle.code}/regional/writing/")
    page.get_by_role("link", name=re.compile("Consultations")).first.click()
    page.get_by_role("link", name="Record a consultation").click()
    page.get_by_label("Title").fill("National technical working group on migration")
    page.get_by_label("Starts on").fill("2028-02-10")
    page.get_by_label("Ends on").fill("2028-02-09")
    page.get_by_role("radio", name="In person").check()
    page.get_by_label("Place", exact=True).fill("Baghdad")
    page.get_by_label("Organiser, if not in the list").fill("Ministry of Migration and Displaced")
    page.locator("table.participants-grid tbody tr").first.locator("input").nth(0).fill("7")
    page.locator("table.participants-grid tbody tr").first.locator("input").nth(1).fill("9")
    page.get_by_role("button", name="Record the consultation").click()
    expect(page.get_by_text("The consultation cannot end before it starts.")).to_be_visible()
    expect(page.get_by_label("Title")).to_have_value(
        "National technical working group on migration"
    )
    expect(page.get_by_label("Place", exact=True)).to_have_value("Baghdad")
    check(page, "01-refused-kept")
    page.get_by_label("Ends on").fill("2028-02-11")
    page.get_by_role("button", name="Record the consultation").click()
    expect(page.get_by_text("The consultation is recorded.")).to_be_visible()
    check(page, "02-recorded")
    assert Consultation.objects.get(cycle=open_cycle).place == "Baghdad"

    page.goto(f"/reports/{open_cycle.code}/")
    page.get_by_label("Report", exact=True).select_option("regional")
    page.get_by_role("radio", name="English", exact=True).check()
    page.get_by_role("radio", name="Preview").check()
    # The preview compiles in place here (tasks run eagerly): wait for the page to come back.
    with page.expect_navigation(timeout=180_000):
        page.get_by_role("button", name="Compile").click(no_wait_after=True)
    row = page.locator("tbody tr").first
    expect(row.get_by_role("link", name="PDF")).to_be_visible(timeout=120_000)
    with page.expect_download() as download:
        row.get_by_role("link", name="PDF").click()
    pdf = tmp_path / "preview.pdf"
    download.value.save_as(pdf)
    printed = re.sub(r"\s+", " ", " ".join(pdf_pages(pdf)))
    assert "National technical working group on migration" in printed
    assert "Progress on earlier pledges" in printed
    assert "Officials at 12 of 22 crossings trained." in printed
