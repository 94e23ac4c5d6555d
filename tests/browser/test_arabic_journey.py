"""A focal point works in Arabic: right-to-left pages, Arabic text kept intact, Arabic errors."""

import pytest
from playwright.sync_api import expect

from reporting.models import Submission
from tests.browser.conftest import login
from tests.builders import assign

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PROGRESS = "أنشأت الوزارة مسارات إحالة في نينوى"
CHALLENGES = "قلة الملاجئ وبعدها عن المنافذ الحدودية"
NOT_A_NUMBER = "كثير"
NUMBER_ERROR = "أدخل رقماً، مثل 1250 أو 12.5."
COMMENT = "اذكروا المحافظات التي تنقصها الملاجئ."
ANSWER = "أضفنا نينوى والأنبار."


def save_draft(page):
    page.locator(".form-actions button[type=submit]").click()


def test_arabic_draft_round_trip_errors_and_review(
    new_page, check, open_cycle, momd, alice, rita, trafficking_indicator
):
    assign(open_cycle, momd, objective=10)
    value_field = f"#id_indicator_{trafficking_indicator.pk}_value"

    focal = new_page()
    login(focal, "alice")
    expect(focal.locator("html")).to_have_attribute("dir", "ltr")
    focal.get_by_role("button", name="العربية").click()
    expect(focal.locator("html")).to_have_attribute("dir", "rtl")
    expect(focal.locator("html")).to_have_attribute("lang", "ar")
    check(focal, "01-home")

    focal.goto("/reporting/")
    expect(focal.locator("html")).to_have_attribute("dir", "rtl")
    check(focal, "02-my-reporting")
    focal.locator("form[action$='/start/'] button").click()
    # Her interface language became her preference, so the draft is marked as Arabic text.
    expect(focal.locator("input[name=language][value=ar]")).to_be_checked()
    check(focal, "03-form")

    focal.select_option("#id_implementation_status", "in_progress")
    focal.fill("#id_progress", PROGRESS)
    save_draft(focal)
    expect(focal.locator("main > .messages .alert--success")).to_be_visible()
    focal.reload()
    expect(focal.locator("#id_progress")).to_have_value(PROGRESS)
    submission = Submission.objects.get(organisation=momd, objective__number=10)
    assert submission.progress == PROGRESS
    assert submission.language == "ar"
    check(focal, "04-saved")

    # A word where a number belongs: the error is in Arabic and nothing typed is lost.
    focal.fill("#id_challenges", CHALLENGES)
    focal.fill(value_field, NOT_A_NUMBER)
    with focal.expect_response(lambda r: r.request.method == "POST" and "/edit/" in r.url) as sent:
        save_draft(focal)
    assert sent.value.status == 400
    expect(focal.locator(".error-summary")).to_contain_text(NUMBER_ERROR)
    expect(focal.locator(f"{value_field}_error")).to_have_text(NUMBER_ERROR)
    expect(focal.locator(value_field)).to_have_value(NOT_A_NUMBER)
    expect(focal.locator("#id_challenges")).to_have_value(CHALLENGES)
    expect(focal.locator("#id_progress")).to_have_value(PROGRESS)
    check(focal, "05-number-error")

    focal.fill(value_field, "1250")
    save_draft(focal)
    expect(focal.locator("main > .messages .alert--success")).to_be_visible()
    expect(focal.locator("#id_challenges")).to_have_value(CHALLENGES)
    focal.locator("form[action$='/transition/'] button").click()
    expect(focal.locator(".badge--submitted")).to_be_visible()
    check(focal, "06-submitted")
    focal.locator(".page-header__actions a").click()
    expect(focal.locator("html")).to_have_attribute("dir", "rtl")
    expect(focal.locator("table .badge--submitted")).to_be_visible()
    check(focal, "07-history")

    # Rita reads in English; the Arabic submission still reads right to left.
    reviewer = new_page()
    login(reviewer, "rita")
    expect(reviewer.locator("html")).to_have_attribute("dir", "ltr")
    reviewer.goto(f"/review/{submission.pk}/")
    for field, text in (("progress", PROGRESS), ("challenges", CHALLENGES)):
        written = reviewer.locator(f"#field-{field} .revision-text")
        expect(written).to_have_text(text)
        direction, language = written.evaluate(
            "el => [getComputedStyle(el).direction, el.closest('[lang]').lang]"
        )
        assert (direction, language) == ("rtl", "ar")
        assert written.evaluate("el => el.closest('[dir]').dir") == "rtl"
    check(reviewer, "08-review-in-english")

    # The second round, both in Arabic: a comment at the field, answered, then resolved.
    reviewer.get_by_role("button", name="العربية").click()
    expect(reviewer.locator("html")).to_have_attribute("dir", "rtl")
    field = reviewer.locator("#field-challenges")
    field.locator("details.comment-new summary").click()
    field.locator("details.comment-new textarea").fill(COMMENT)
    field.locator("details.comment-new button").click()
    thread = field.locator(".comment-thread")
    expect(thread).to_contain_text(COMMENT)
    expect(thread.locator(".comment-state")).to_have_text("مفتوح")
    reviewer.fill("#id_reason", "يرجى الإجابة عن التعليق.")
    reviewer.locator("button[value=return]").click()
    check(reviewer, "09-returned-in-arabic")

    focal.goto(f"/submissions/{submission.pk}/edit/")
    thread = focal.locator(".field-with-notes").filter(has=focal.locator("#id_challenges"))
    thread = thread.locator(".comment-thread")
    expect(thread).to_contain_text(COMMENT)
    thread.locator("details.comment-act summary").first.click()
    thread.locator("textarea[name=note]").fill(ANSWER)
    thread.locator("button[form$='-address']").click()
    expect(thread.locator(".comment-state")).to_have_text("تمت معالجته")
    check(focal, "10-comment-answered")
    focal.locator("#submit-form button[type=submit]").click()
    expect(focal.locator(".meta-list .badge--submitted")).to_be_visible()

    reviewer.reload()
    thread = reviewer.locator("#field-challenges .comment-thread")
    expect(thread).to_contain_text(ANSWER)
    expect(thread.locator(".comment-state")).to_have_text("تمت معالجته")
    check(reviewer, "11-second-round-in-arabic")
    thread.locator("button[form$='-resolve']").click()
    expect(thread.locator(".comment-state")).to_have_text("مُغلق")


def box_direction(page, selector: str) -> str:
    return page.locator(selector).evaluate("box => getComputedStyle(box).direction")


def test_arabic_typed_in_the_english_interface_reads_right_to_left(
    new_page, check, open_cycle, moi, bob
):
    """A focal point keeps the English interface but writes in Arabic: the boxes read right
    to left as soon as Arabic is typed, and follow the language she chooses."""
    assign(open_cycle, moi, objective=10)
    focal = new_page()
    login(focal, "bob")
    focal.goto("/reporting/")
    focal.locator("form[action$='/start/'] button").click()
    expect(focal.locator("html")).to_have_attribute("dir", "ltr")
    expect(focal.locator("input[name=language][value=en]")).to_be_checked()

    # Before she says which language she writes in, Arabic already reads right to left, with
    # its full stop at the end of the sentence (on the left), not jumping to the start.
    focal.fill("#id_progress", f"{PROGRESS}.")
    assert box_direction(focal, "#id_progress") == "rtl"
    assert box_direction(focal, "#id_challenges") == "ltr"  # empty: the page's direction
    focal.fill("#id_challenges", "Shelters are few.")
    assert box_direction(focal, "#id_challenges") == "ltr"

    # Choosing Arabic sets every text box right to left, with the language for spelling.
    focal.locator("input[name=language][value=ar]").check()
    for box in ("#id_progress", "#id_challenges", "#id_next_steps"):
        expect(focal.locator(box)).to_have_attribute("dir", "rtl")
        expect(focal.locator(box)).to_have_attribute("lang", "ar")
        assert box_direction(focal, box) == "rtl"
    check(focal, "01-arabic-in-english-interface")
    save_draft(focal)
    expect(focal.locator("main > .messages .alert--success")).to_be_visible()
    # Saved as Arabic text, and shown so again.
    expect(focal.locator("#id_progress")).to_have_attribute("dir", "rtl")
    expect(focal.locator("#id_progress")).to_have_value(f"{PROGRESS}.")
    assert Submission.objects.get(organisation=moi).language == "ar"
