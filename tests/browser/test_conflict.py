"""Two tabs edit one draft: the stale save is refused, and the user's text is kept."""

import pytest
from playwright.sync_api import expect

from reporting.models import Submission
from tests.browser.conftest import expect_message, login
from tests.builders import start_draft

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TEXT_A = "Tab A: a national referral mechanism for victims of trafficking was adopted."
TEXT_B = "Tab B: shelters for victims of trafficking opened in Erbil and Basra."


def test_stale_save_shows_both_texts_and_a_deliberate_save_wins(
    new_page, check, open_cycle, momd, alice
):
    submission = start_draft(alice, open_cycle, momd, objective=10)
    tab_a = new_page()
    login(tab_a, "alice")
    tab_b = new_page(tab_a.context)
    for tab in (tab_a, tab_b):
        tab.goto(f"/submissions/{submission.pk}/edit/")
        expect(tab.locator("#id_progress")).to_have_value(submission.progress)

    # Tab A saves first. Its "Save draft" click blurs the text area, whose change event
    # autosaves the text; the page lets that autosave finish, then posts with the version it
    # answered. Either way tab A ends ahead of the version tab B loaded.
    tab_a.fill("#id_progress", TEXT_A)
    tab_a.get_by_role("button", name="Save draft").click()
    expect_message(tab_a, "Draft saved.")
    expect(tab_a.locator("#id_progress")).to_have_value(TEXT_A)

    # Tab B still holds the version it loaded: neither its autosave (on leaving the text area)
    # nor its "Save draft" may overwrite tab A's text.
    tab_b.fill("#id_progress", TEXT_B)
    with (
        tab_b.expect_response("**/autosave/") as autosaved,
        tab_b.expect_response(lambda r: r.request.method == "POST" and "/edit/" in r.url) as sent,
    ):
        tab_b.get_by_role("button", name="Save draft").click()
    assert (autosaved.value.status, sent.value.status) == (200, 409)
    expect(tab_b.locator("#conflict")).to_contain_text("Your changes were not saved")
    expect(tab_b.locator("#id_progress")).to_have_value(TEXT_B)
    newer = tab_b.get_by_role("textbox", name="Newer saved text: Progress made")
    expect(newer).to_have_value(TEXT_A)
    expect(newer).to_have_attribute("readonly", "")
    submission.refresh_from_db()
    assert submission.progress == TEXT_A
    check(tab_b, "conflict")

    # With both texts in view, saving tab B again is a deliberate choice: it wins.
    tab_b.get_by_role("button", name="Save draft").click()
    expect_message(tab_b, "Draft saved.")
    expect(tab_b.locator("#id_progress")).to_have_value(TEXT_B)
    expect(tab_b.locator("#conflict")).to_have_count(0)
    check(tab_b, "resolved")
    submission.refresh_from_db()
    assert submission.progress == TEXT_B
    assert submission.state == Submission.State.DRAFT


def test_saving_while_an_autosave_travels_is_no_conflict_with_oneself(
    new_page, check, open_cycle, momd, alice
):
    submission = start_draft(alice, open_cycle, momd, objective=10)
    page = new_page()
    login(page, "alice")
    page.goto(f"/submissions/{submission.pk}/edit/")
    # A slow connection: the autosave that changing the status starts is still on its way
    # when "Save draft" is pressed, so the page still holds the version it loaded.
    network = page.context.new_cdp_session(page)
    network.send("Network.enable")
    network.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 400, "downloadThroughput": -1, "uploadThroughput": -1},
    )
    page.select_option("#id_implementation_status", "achieved")
    page.fill("#id_progress", TEXT_A)
    with page.expect_response(lambda r: r.request.method == "POST" and "/edit/" in r.url) as sent:
        page.get_by_role("button", name="Save draft").click()
    assert sent.value.status == 302
    expect_message(page, "Draft saved.")
    check(page, "saved")
    submission.refresh_from_db()
    assert (submission.implementation_status, submission.progress) == ("achieved", TEXT_A)
