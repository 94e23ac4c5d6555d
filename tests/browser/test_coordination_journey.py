"""The national coordinator asks an organisation to report and follows who has reported."""

import re

import pytest
from playwright.sync_api import expect

from reporting.models import Assignment
from tests.browser.conftest import expect_message, login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_coordinator_assigns_an_objective_and_sees_it_in_the_coverage(
    new_page, check, open_cycle, moi, cora
):
    page = new_page()
    login(page, "cora")
    page.goto(f"/coordination/{open_cycle.code}/coverage/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Who has reported")
    expect(page.get_by_text("No organisation has been asked to report")).to_be_visible()
    check(page, "01-coverage-empty")

    page.locator(".page-header__actions").get_by_role("link", name="Assignments").click()
    page.get_by_label("Organisation").select_option(label="Ministry of Interior")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", level=2)).to_have_text("Ministry of Interior")
    check(page, "02-assignments")
    page.get_by_role("checkbox", name=re.compile(r"^10\. Prevent, combat")).check()
    page.get_by_role("button", name="Save assignments").click()
    expect_message(page, "Assignments saved for Ministry of Interior.")
    expect(page.get_by_role("checkbox", name=re.compile(r"^10\. "))).to_be_checked()
    check(page, "03-assigned")
    assignment = Assignment.objects.get(cycle=open_cycle, organisation=moi)
    assert (assignment.objective.number, assignment.assigned_by) == (10, cora)

    page.get_by_role("navigation", name="Breadcrumbs").get_by_role("link").click()
    row = page.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name="Ministry of Interior")
    )
    cells = row.locator("td")
    # What is still to submit comes first, beside Remind; then the objectives in order: the
    # tenth holds the new, not yet started report.
    expect(cells.first.locator("strong")).to_have_text("1")
    expect(cells.first.get_by_role("button", name="Remind Ministry of Interior")).to_be_visible()
    expect(cells.nth(10)).to_have_class(re.compile(r"\bcell--not_started\b"))
    expect(row.locator("td.cell--not_started")).to_have_count(1)
    check(page, "04-coverage")

    # The same matrix reads right to left in Arabic.
    page.get_by_role("button", name="العربية").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="وزارة الداخلية"))
    expect(row.locator("td.cell--not_started")).to_have_count(1)
    check(page, "05-coverage-arabic")
