"""A pledge made at the IMRF 2022 is followed up at the open review: its organisation's
focal point says where it stands, IOM returns it once and then approves it, and everyone
with access reads the approved status in the register."""

import pytest
from playwright.sync_api import expect

from reporting.models import PledgeUpdate, ReviewCycle
from tests.browser.conftest import expect_message, login
from tests.integration.test_pledges import approved_pledge

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_focal_point_updates_a_2022_pledge_and_iom_approves_it(
    new_page, check, open_cycle, alice, rita
):
    pledge = approved_pledge(alice, rita, ReviewCycle.objects.get(code="imrf-2022"))
    page = new_page()
    login(page, "alice")
    page.goto("/pledges/")
    check(page, "01-register")
    page.get_by_role("link", name=pledge.title_en).click()
    page.get_by_role("link", name=f"Update for {open_cycle.title}").click()
    page.get_by_label("Where the pledge stands").select_option("on_track")
    page.get_by_label("What was done (English)").fill("Officials at 12 crossings trained.")
    page.get_by_role("button", name="Save the draft").click()
    expect_message(page, "Your update is saved as a draft.")
    check(page, "02-update-saved")
    page.get_by_role("button", name="Save and submit for review").click()
    expect_message(page, "Submitted")

    reviewer = new_page()
    login(reviewer, "rita")
    reviewer.goto("/review/")
    reviewer.get_by_role("link", name=f"{pledge.reference}: update for {open_cycle.title}").click()
    expect(reviewer.get_by_text("Officials at 12 crossings trained.")).to_be_visible()
    reviewer.get_by_role("button", name="Return for revision").click()
    expect(reviewer.get_by_text("Give a reason: the organisation will read it.")).to_be_visible()
    reviewer.get_by_label("Reason").fill("Say how many of the 22 crossings.")
    reviewer.get_by_role("button", name="Return for revision").click()
    expect_message(reviewer, "Returned to the organisation for revision.")

    page.reload()
    expect(page.get_by_text("Say how many of the 22 crossings.")).to_be_visible()
    # Typed and submitted at once: nothing typed is lost.
    page.get_by_label("What was done (English)").fill("Officials at 12 of 22 crossings trained.")
    page.get_by_role("button", name="Save and submit for review").click()
    expect_message(page, "Submitted")

    reviewer.reload()
    reviewer.get_by_role("button", name="Approve").click()
    expect_message(reviewer, "Approved")
    check(reviewer, "03-approved")
    update = PledgeUpdate.objects.get(pledge=pledge, cycle=open_cycle)
    assert update.approved_content["narrative"]["en"] == "Officials at 12 of 22 crossings trained."

    page.goto("/pledges/")
    expect(page.get_by_role("row", name=pledge.reference)).to_contain_text("On track")


def test_the_register_reads_right_to_left_in_arabic(new_page, check, open_cycle, alice, rita):
    pledge = approved_pledge(
        alice,
        rita,
        ReviewCycle.objects.get(code="imrf-2022"),
        title_ar="الكشف عن أوجه الضعف في كل منفذ حدودي",
    )
    page = new_page()
    login(page, "alice")
    page.locator("button[name=language]").click()
    page.wait_for_load_state()
    page.goto("/pledges/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.get_by_role("link", name="الكشف عن أوجه الضعف في كل منفذ حدودي").click()
    check(page, "01-pledge-ar")
    page.goto(f"/pledges/{pledge.pk}/updates/{open_cycle.code}/")
    page.locator("#id_status").select_option("delayed")
    page.locator("#id_narrative_ar").fill("تأخر التدريب بسبب الموازنة.")
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator("#id_narrative_ar")).to_have_value("تأخر التدريب بسبب الموازنة.")
    check(page, "02-update-ar")
