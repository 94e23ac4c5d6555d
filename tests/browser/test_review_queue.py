"""The review queue applies a filter as soon as it is chosen, without pressing Filter."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.builders import approve, submitted

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_choosing_a_state_filters_the_queue_at_once(
    new_page, check, open_cycle, alice, bob, rita, momd, moi
):
    submitted(alice, open_cycle, momd, 10, progress="Waiting for review.")
    approve(bob, rita, open_cycle, moi, 10, progress="Approved already.")
    page = new_page()
    login(page, "rita")
    page.goto("/review/")
    expect(page.locator("tbody tr")).to_have_count(1)
    page.select_option("#id_state", "approved")
    page.wait_for_url(re.compile(r".*state=approved.*"))
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(page.locator("tbody")).to_contain_text("Ministry of Interior")
    check(page, "01-approved-only")
