"""The coordinator reads the cycle's progress on the dashboard, opens submitted work from its
mark, and reminds an organisation, in English and Arabic."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.builders import approve, assign, submitted

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.parametrize("width", [1280, 390])
def test_the_coordinator_follows_the_cycle_and_reminds(
    new_page, check, open_cycle, alice, bob, rita, cora, momd, moi, width
):
    waiting = submitted(alice, open_cycle, momd, 10, progress="Referral pathways in Ninewa.")
    approve(bob, rita, open_cycle, moi, 10, progress="Shelters in Basra.")
    assign(open_cycle, moi, objective=3)
    page = new_page()
    page.set_viewport_size({"width": width, "height": 900})
    login(page, "cora")
    page.goto(f"/coordination/{open_cycle.code}/coverage/")
    expect(page.locator(".bar")).not_to_have_count(0)
    check(page, f"{width}-01-dashboard")
    page.locator(f'a[href="/submissions/{waiting.pk}/"]').first.click()
    expect(page.locator("h1")).to_contain_text("Objective 10")
    page.go_back()
    page.get_by_role("button", name="Remind Ministry of Interior").click()
    expect(page.locator(".messages")).to_contain_text("A reminder is on its way")
    page.locator("button[name=language]").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("#reminders-heading")).to_have_text("التذكيرات المرسلة")
    check(page, f"{width}-02-dashboard-arabic")
