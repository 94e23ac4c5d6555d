"""The SDG 10.7.2 questionnaire in a real browser, on a 390 px phone, in English and Arabic:
the grid fits, answering and saving gives the domain its score, and axe-core finds nothing
serious."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.browser.test_phone_width import WIDTH, overflow
from tests.integration.test_policy_domains import all_answered, questionnaire

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_answering_the_questionnaire_on_a_phone(
    new_page, check, alice, open_cycle, momd, language
):
    domains = all_answered()
    domains[6].answers = {"6.1": "yes", "6.2": "no"}
    draft = questionnaire(alice, open_cycle, momd, domains)
    page = new_page()
    page.set_viewport_size({"width": WIDTH, "height": 844})
    login(page, "alice")
    if language == "ar":
        page.locator("button[name=language]").click()
        page.wait_for_load_state()
    page.goto(reverse("submission_edit", args=[draft.pk]))

    assert page.locator("fieldset.policy-question").count() == 30
    assert overflow(page) == 0
    check(page, "form")
    for code, answer in (("6_3", "yes"), ("6_4", "not_known"), ("6_5", "yes")):
        page.locator(f"input[name=policy_{code}][value={answer}]").check()
    page.locator("#form-actions button[type=submit]").click()
    page.wait_for_load_state()

    score = page.locator("#policy-domain-6 .policy-domain__score")
    expect(score).to_contain_text("3")
    assert overflow(page) == 0
    check(page, "saved")
