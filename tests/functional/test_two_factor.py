"""Two-step sign-in through the real pages: required for reviewers, coordinators and
administrators, optional for focal points; TOTP codes and single-use recovery codes."""

import base64
import re

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def sign_in_with_password(user) -> Client:
    client = Client()
    response = client.post(
        reverse("login"), {"username": user.username, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    return client


def code_for(device: TOTPDevice) -> str:
    """The app's current code, as a person would type it a while after a wrong one."""
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=None, throttling_failure_count=0
    )
    return f"{totp(device.bin_key):06d}"


def confirmed_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


@pytest.mark.parametrize("persona", ["rita", "cora", "ada"])
def test_roles_that_need_it_are_sent_to_set_it_up_and_nowhere_else(request, persona):
    client = sign_in_with_password(request.getfixturevalue(persona))
    for url in (reverse("home"), reverse("review_queue"), reverse("admin:index")):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("two_factor_setup"))
    api = client.get("/api/v1/submissions/")
    assert api.status_code == 403
    assert api.json()["error"]["code"] == "second_factor_required"


def test_setting_it_up_shows_a_qr_code_and_the_key_then_recovery_codes(rita):
    client = sign_in_with_password(rita)
    page = client.get(reverse("two_factor_setup")).content.decode()
    assert "<svg" in page and "<script" not in page.split("<main", 1)[1].split("</main>")[0]
    secret = re.search(r'<p class="secret-key"[^>]*><code>([A-Z2-7 ]+)</code>', page).group(1)
    device = TOTPDevice.objects.get(user=rita, confirmed=False)

    assert base64.b32decode(secret.replace(" ", "")) == device.bin_key

    wrong = client.post(reverse("two_factor_setup"), {"code": "000000"})
    assert wrong.status_code == 200
    assert "That code is not right" in wrong.content.decode()
    assert client.get(reverse("home")).status_code == 302  # still not through

    done = client.post(
        reverse("two_factor_setup"), {"code": code_for(device), "next": reverse("review_queue")}
    )
    html = done.content.decode()
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", html)
    assert len(codes) == 10 and "Two-step sign-in is on." in html
    assert set(StaticToken.objects.filter(device__user=rita).values_list("token", flat=True)) == (
        set(codes)
    )
    assert client.get(reverse("review_queue")).status_code == 200


def test_the_second_step_takes_a_current_code_once(rita):
    device = confirmed_device(rita)
    client = sign_in_with_password(rita)
    response = client.get(reverse("review_queue"))
    assert response.url == f"{reverse('two_factor_verify')}?next=%2Freview%2F"
    wrong = client.post(reverse("two_factor_verify"), {"code": "123456", "next": "/review/"})
    assert "That code is not right" in wrong.content.decode()
    code = code_for(device)
    passed = client.post(reverse("two_factor_verify"), {"code": code, "next": "/review/"})
    assert passed.status_code == 302 and passed.url == "/review/"
    assert client.get("/review/").status_code == 200
    # The same code cannot be used again, in another browser.
    other = sign_in_with_password(rita)
    again = other.post(reverse("two_factor_verify"), {"code": code})
    assert again.status_code == 200 and "That code is not right" in again.content.decode()


def test_a_recovery_code_works_once_and_says_so(rita):
    confirmed_device(rita)
    from gcm_portal.accounts.two_factor import recovery_codes_replace

    code = recovery_codes_replace(user=rita)[0]
    client = sign_in_with_password(rita)
    response = client.post(reverse("two_factor_verify"), {"code": code.upper()}, follow=True)
    assert "You used a recovery code; it will not work again." in response.content.decode()
    other = sign_in_with_password(rita)
    refused = other.post(reverse("two_factor_verify"), {"code": code})
    assert "That code is not right" in refused.content.decode()


def test_wrong_codes_are_slowed_down(rita):
    confirmed_device(rita)
    client = sign_in_with_password(rita)
    client.post(reverse("two_factor_verify"), {"code": "000000"})
    client.post(reverse("two_factor_verify"), {"code": "000001"})
    html = client.post(reverse("two_factor_verify"), {"code": "000002"}).content.decode()
    assert "Too many wrong codes" in html


def test_focal_points_may_sign_in_without_it_or_turn_it_on_and_off(alice):
    client = sign_in_with_password(alice)
    assert client.get(reverse("home")).status_code == 200
    client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=alice)
    client.post(reverse("two_factor_setup"), {"code": code_for(device)})
    # From now on the account needs the second step.
    later = sign_in_with_password(alice)
    assert later.get(reverse("home")).url.startswith(reverse("two_factor_verify"))
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    later.post(reverse("two_factor_verify"), {"code": code_for(device)})
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    off = later.post(
        reverse("account_security"), {"action": "disable", "code": code_for(device)}, follow=True
    )
    assert "Two-step sign-in is turned off." in off.content.decode()
    assert not TOTPDevice.objects.filter(user=alice).exists()
    assert sign_in_with_password(alice).get(reverse("home")).status_code == 200


def test_roles_that_need_it_cannot_turn_it_off(rita):
    device = confirmed_device(rita)
    client = sign_in_with_password(rita)
    client.post(reverse("two_factor_verify"), {"code": code_for(device)})
    page = client.get(reverse("account_security")).content.decode()
    assert 'value="disable"' not in page and "cannot be turned off" in page
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    refused = client.post(
        reverse("account_security"), {"action": "disable", "code": code_for(device)}, follow=True
    )
    assert "cannot be turned off" in refused.content.decode()
    assert TOTPDevice.objects.filter(user=rita, confirmed=True).exists()


def test_the_second_step_does_not_follow_a_next_link_elsewhere(rita):
    device = confirmed_device(rita)
    client = sign_in_with_password(rita)
    response = client.post(
        reverse("two_factor_verify"), {"code": code_for(device), "next": "https://evil.test/"}
    )
    assert response.url == reverse("home")


def test_pages_in_arabic(rita):
    confirmed_device(rita)
    client = sign_in_with_password(rita)
    client.cookies["django_language"] = "ar"
    html = client.get(reverse("two_factor_verify")).content.decode()
    assert 'dir="rtl"' in html and "Two-step sign-in" not in html
    assert "تسجيل الدخول بخطوتين" in html


def test_a_token_for_a_reviewer_needs_a_current_code(rita, alice):
    device = confirmed_device(rita)
    client = Client()
    url = "/api/v1/auth/token/"
    missing = client.post(
        url, {"username": "rita", "password": TEST_PASSWORD}, content_type="application/json"
    )
    assert missing.status_code == 400 and "code" in missing.json()["error"]["fields"]
    wrong = client.post(
        url,
        {"username": "rita", "password": TEST_PASSWORD, "code": "000000"},
        content_type="application/json",
    )
    assert wrong.status_code == 400
    right = client.post(
        url,
        {"username": "rita", "password": TEST_PASSWORD, "code": code_for(device)},
        content_type="application/json",
    )
    assert right.status_code == 200 and right.json()["token"]
    # A focal point without two-step sign-in needs no code.
    plain = client.post(
        url, {"username": "alice", "password": TEST_PASSWORD}, content_type="application/json"
    )
    assert plain.status_code == 200


def test_the_audit_log_keeps_turning_on_refused_codes_and_turning_off(alice):
    from gcm_portal.audit.models import AuditEntry

    client = sign_in_with_password(alice)
    client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=alice)
    client.post(reverse("two_factor_setup"), {"code": code_for(device)})
    other = sign_in_with_password(alice)
    other.post(reverse("two_factor_verify"), {"code": "000000"})
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    other.post(reverse("two_factor_verify"), {"code": code_for(device)})
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    other.post(reverse("account_security"), {"action": "disable", "code": code_for(device)})
    actions = list(
        AuditEntry.objects.filter(actor=alice)
        .exclude(action="login")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["two_factor_enabled", "two_factor_failed", "two_factor_disabled"]
