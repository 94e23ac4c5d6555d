"""A focal point reports on an objective; a reviewer returns it, then approves the revision."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from reporting.models import Submission
from tests.browser.conftest import expect_message, login, wait_until
from tests.builders import assign

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PROGRESS = "Referral pathways for victims of trafficking were set up in Ninewa and Basra."
CHALLENGES = "Shelters are few and far from the border crossings."
REVISED_CHALLENGES = (
    "Shelters are scarce and far from the border crossings. Ninewa has no trained staff."
)
COMMENT = "Say which governorates lack shelters, and what it would take to open them."
RETURN_REASON = "Please answer the comment on challenges."
ADDRESSED = "Named Ninewa, where staff are missing."
# A small, well-formed PDF: one empty page.
PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n"
    b"%%EOF\n"
)


def test_submit_return_revise_and_approve(
    new_page, check, tmp_path, open_cycle, momd, alice, rita, trafficking_indicator
):
    assign(open_cycle, momd, objective=10)
    indicator = trafficking_indicator.pk

    # Alice starts the objective her coordinator assigned and fills the form in.
    focal = new_page()
    focal.goto("/accounts/login/")
    check(focal, "00-login")
    login(focal, "alice")
    focal.get_by_role("navigation", name="Main").get_by_role("link", name="My reporting").click()
    row = focal.get_by_role("row").filter(has_text="Objective 10")
    expect(row).to_contain_text("Not started")
    check(focal, "01-my-reporting")
    row.get_by_role("button", name="Start").click()
    expect(focal.get_by_role("heading", level=1)).to_contain_text("Objective 10")
    expect(focal.locator("#autosave-status")).to_contain_text("saved automatically while you")
    check(focal, "02-empty-form")

    focal.select_option("#id_implementation_status", "in_progress")
    focal.check("#id_principles_0")
    focal.check("#id_gcm_actions_0")
    focal.fill(f"#id_indicator_{indicator}_value", "1250")
    expect(focal.locator(f"#id_indicator_{indicator}_value")).to_have_attribute(
        "inputmode", "decimal"
    )
    focal.fill(f"#id_indicator_{indicator}_bd_sex_female", "700")
    # What the groups add up to so far, beside the value.
    expect(focal.locator("output[data-sum-of-table]").first).to_have_text("700 / 1250")
    focal.select_option(f"#id_indicator_{indicator}_reference_date_day", "31")
    focal.select_option(f"#id_indicator_{indicator}_reference_date_month", "12")
    focal.select_option(f"#id_indicator_{indicator}_reference_date_year", "2025")
    focal.fill("#id_progress", PROGRESS)
    focal.fill("#id_challenges", CHALLENGES)
    # htmx saves in the background three seconds after the typing stops.
    expect(focal.locator("#autosave-status")).to_contain_text("Draft saved automatically")
    submission = Submission.objects.get(organisation=momd, objective__number=10)

    def challenges_autosaved():
        """the autosave to store the challenges"""
        submission.refresh_from_db()
        return submission.challenges == CHALLENGES

    wait_until(focal, challenges_autosaved)
    assert submission.progress == PROGRESS
    check(focal, "03-autosaved")

    focal.get_by_role("button", name="Save draft").click()
    expect_message(focal, "Draft saved.")
    expect(focal.locator("#id_challenges")).to_have_value(CHALLENGES)
    expect(focal.locator("#id_principles_0")).to_be_checked()
    expect(focal.locator(f"#id_indicator_{indicator}_bd_sex_female")).to_have_value("700")
    expect(focal.locator(f"#id_indicator_{indicator}_reference_date_month")).to_have_value("12")
    check(focal, "04-saved")

    evidence = tmp_path / "Ninewa referral pathway.pdf"
    evidence.write_bytes(PDF)
    focal.set_input_files("#id_file", evidence)
    focal.evaluate("() => { window.stillTheSamePage = true; }")
    focal.get_by_role("button", name="Attach", exact=True).click()
    expect(focal.locator("#evidence-section [role=status]")).to_contain_text("File attached.")
    assert focal.evaluate("() => window.stillTheSamePage === true")  # attached in place
    link = focal.get_by_role("link", name="Ninewa referral pathway.pdf")
    expect(link).to_be_visible()
    download = focal.request.get(link.get_attribute("href"))
    assert download.ok
    assert download.headers["content-disposition"].startswith("attachment")
    assert download.body() == PDF
    check(focal, "05-evidence")

    focal.get_by_role("button", name="Submit for review").click()
    expect_message(focal, "Submitted. The reviewers have been told")
    expect(focal.locator(".meta-list")).to_contain_text("Submitted")
    expect(focal.locator("#id_challenges")).to_be_disabled()
    check(focal, "06-submitted")
    assert [m.to for m in mail.outbox] == [["rita@example.org"]]

    # Rita finds it in her queue, comments on the challenges and returns it.
    reviewer = new_page()
    login(reviewer, "rita")
    reviewer.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Review", exact=True
    ).click()
    expect(reviewer.get_by_role("heading", name="Review queue")).to_be_visible()
    check(reviewer, "07-review-queue")
    reviewer.get_by_role("link", name="Objective 10").click()
    expect(reviewer.locator("#field-challenges")).to_contain_text(CHALLENGES)
    check(reviewer, "08-review")
    field = reviewer.locator("#field-challenges")
    reviewer.evaluate("() => { window.stillTheSamePage = true; }")
    field.locator("summary", has_text="Comment on this field").click()
    field.locator("textarea[name=body]").fill(COMMENT)
    field.get_by_role("button", name="Add comment").click()
    expect(field.locator(".comment-thread")).to_contain_text(COMMENT)
    expect(field.locator(".comment-thread")).to_contain_text("Open")
    assert reviewer.evaluate("() => window.stillTheSamePage === true")  # no page load
    reviewer.fill("#id_reason", RETURN_REASON)
    reviewer.get_by_role("button", name="Return for revision").click()
    expect_message(reviewer, "Returned to the organisation for revision.")
    expect(reviewer.locator(".meta-list")).to_contain_text("Returned for revision")
    check(reviewer, "09-returned")
    assert mail.outbox[-1].to == ["alice@example.org"]

    # Alice sees it returned, reads the comment beside the field, revises and resubmits.
    focal.goto("/reporting/")
    row = focal.get_by_role("row").filter(has_text="Objective 10")
    expect(row).to_contain_text("Returned for revision")
    expect(row).to_contain_text("1 comment to address")
    check(focal, "10-my-reporting-returned")
    row.get_by_role("link", name="Revise").click()
    notes = focal.locator(".field-with-notes").filter(has=focal.locator("#id_challenges"))
    thread = notes.locator(".comment-thread")
    expect(thread).to_contain_text(COMMENT)
    check(focal, "11-form-with-comment")
    focal.get_by_role("link", name="History").click()
    expect(focal.get_by_role("table")).to_contain_text(RETURN_REASON)
    check(focal, "12-history")
    focal.go_back()
    focal.fill("#id_challenges", REVISED_CHALLENGES)
    focal.get_by_role("button", name="Save draft").click()
    expect_message(focal, "Draft saved.")
    # Submitting with the comment unanswered brings the form back with it to answer.
    focal.get_by_role("button", name="Submit for review").click()
    expect(focal.locator("#error-summary")).to_be_focused()
    expect(focal.locator("#error-summary")).to_contain_text("Answer the reviewer's open comment.")
    assert "check=submit" in focal.url
    thread = focal.locator(".field-with-notes").filter(has=focal.locator("#id_challenges"))
    thread = thread.locator(".comment-thread")
    thread.locator("summary", has_text="Mark addressed").click()
    thread.locator("textarea[name=note]").fill(ADDRESSED)
    thread.get_by_role("button", name="Mark addressed").click()
    expect(thread).to_contain_text("Addressed")
    expect(thread).to_contain_text(ADDRESSED)
    # The summaries above and below follow without a reload.
    expect(focal.locator("#answer-summary")).to_contain_text("Every comment has your answer")
    expect(focal.locator("#submit-open-comments textarea")).to_have_count(0)
    focal.get_by_role("button", name="Submit for review").click()
    expect_message(focal, "Submitted. The reviewers have been told")
    check(focal, "13-resubmitted")

    # Rita sees what changed since the first round and approves.
    reviewer.reload()
    challenges = reviewer.locator("#field-challenges")
    expect(challenges).to_contain_text("changed since the last round")
    expect(challenges.locator("ins")).to_have_text(["scarce", "Ninewa has no trained staff."])
    expect(challenges.locator("del")).to_have_text(["few"])
    expect(reviewer.locator("#field-progress ins")).to_have_count(0)
    expect(reviewer.locator("#last-round-heading")).to_be_visible()
    answered = challenges.locator(".comment-thread")
    expect(answered).to_contain_text("Addressed")
    expect(answered).to_contain_text(ADDRESSED)
    check(reviewer, "14-review-changes")
    expect(reviewer.locator("#comment-summary")).to_contain_text("1 comment is not resolved yet.")
    answered.get_by_role("button", name="Resolve").click()
    expect(answered).to_contain_text("Resolved by")
    expect(reviewer.locator("#comment-summary")).to_contain_text("0 comments are not resolved")
    expect(reviewer.locator("#last-round")).to_contain_text("Resolved")
    reviewer.get_by_role("button", name="Approve").click()
    expect_message(reviewer, "Approved.")
    check(reviewer, "15-approved")
    assert mail.outbox[-1].to == ["alice@example.org"]

    # Alice sees it approved, and the form locked.
    focal.goto("/reporting/")
    row = focal.get_by_role("row").filter(has_text="Objective 10")
    expect(row).to_contain_text("Approved")
    row.get_by_role("link", name="View").click()
    expect(focal.locator(".meta-list")).to_contain_text("Approved")
    expect(focal.get_by_text("Approved content is locked.")).to_be_visible()
    expect(focal.locator("#id_challenges")).to_be_disabled()
    expect(focal.locator("#id_challenges")).to_have_value(REVISED_CHALLENGES)
    expect(focal.get_by_role("button", name="Save draft")).to_have_count(0)
    expect(focal.get_by_role("button", name="Attach", exact=True)).to_have_count(0)
    check(focal, "16-approved-locked")
