"""A reviewer sets up two-step sign-in on first sign-in, then uses a recovery code."""

import base64
import re

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from tests.browser.conftest import expect_message
from tests.factories import TEST_PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def sign_in_with_password(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", TEST_PASSWORD)
    page.locator("main button[type=submit]").click()


def test_a_reviewer_sets_up_the_app_then_signs_in_with_a_recovery_code(new_page, check, rita):
    page = new_page()
    sign_in_with_password(page, "rita")
    # The review queue is out of reach until the second step is set up.
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/setup/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-step sign-in")
    expect(page.locator(".qr-code-box svg")).to_be_visible()
    check(page, "01-setup")
    page.goto("/review/")
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/setup/\?next=%2Freview%2F"))

    page.get_by_label("Enter the six-digit code the app shows").fill("000000")
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator(".field-error")).to_contain_text("That code is not right")
    check(page, "02-wrong-code")

    # What an authenticator app does with the key shown for typing in.
    secret = page.locator(".secret-key code").inner_text().replace(" ", "")
    code = f"{totp(base64.b32decode(secret)):06d}"
    page.get_by_label("Enter the six-digit code the app shows").fill(code)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("Two-step sign-in is on.")).to_be_visible()
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10 and len(set(codes)) == 10
    check(page, "03-recovery-codes")
    page.get_by_role("link", name="I have stored them, continue").click()
    expect(page).to_have_url(re.compile(r"/review/$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    page.locator(".site-header").get_by_role("button", name="Sign out").click()
    sign_in_with_password(page, "rita")
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/"))
    check(page, "04-verify")
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    expect_message(page, "You used a recovery code; it will not work again.")
    check(page, "05-signed-in-with-a-recovery-code")
