"""A session that passed the password but not the second step reaches nothing else.

The table covers every URL of the project (pages, API, admin, downloads) for a reviewer, a
coordinator and an administrator signed in with the password alone, with and without an
authenticator already set up. Only the rows below answer anything but the way to the second
step (pages: a redirect to it; the API: 403 `second_factor_required`); a URL name that no row
mentions fails test_every_url_has_a_row. The admin site is one row: its URLs are made by
Django from the registered models and all sit behind the same rule.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from gcm_portal.accounts.models import Membership
from gcm_portal.accounts.two_factor import recovery_codes_replace
from gcm_portal.audit.models import AuditEntry
from tests import access_matrix
from tests.builders import member
from tests.factories import TEST_PASSWORD, UserFactory
from tests.functional.test_two_factor import code_for, confirmed_device, sign_in_with_password

pytestmark = pytest.mark.django_db

PEOPLE = ["rita", "cora", "ada"]
SECOND_STEP = "second step"
# What a password-only session gets, by URL name and method, when the account already has an
# authenticator ("with") and when it has none yet ("without"). SECOND_STEP: sent to the second
# step (for the API: 403 second_factor_required). Missing methods default to SECOND_STEP.
ALLOWED = {
    "two_factor_verify": {
        "with": {"GET": 200, "POST": 200},  # the code form (again, when no code was sent)
        "without": {"GET": SECOND_STEP, "POST": SECOND_STEP},  # sent to set one up
    },
    "two_factor_setup": {
        "with": {"GET": SECOND_STEP, "POST": SECOND_STEP},  # never replaced from here
        "without": {"GET": 200, "POST": 200},
    },
    "logout": {"with": {"GET": 405, "POST": 302}, "without": {"GET": 405, "POST": 302}},
    "language_switch": {"with": {"GET": 405, "POST": 302}, "without": {"GET": 405, "POST": 302}},
    "healthz": {"with": {"GET": 200, "POST": 405}, "without": {"GET": 200, "POST": 405}},
}
# Every other URL name of the project, listed so that a new URL needs a decision here.
REFUSED = {
    "home",
    "login",
    "account_security",
    "cycle_list",
    "my_reporting",
    "submission_start",
    "submission_detail",
    "submission_edit",
    "submission_autosave",
    "submission_start_from",
    "submission_transition",
    "submission_history",
    "evidence_upload",
    "evidence_remove",
    "evidence_download",
    "review_queue",
    "review_detail",
    "review_comment",
    "comment_act",
    "review_claim",
    "review_approve_several",
    "coverage",
    "reminder_send",
    "assignments",
    "report_editions",
    "edition_progress",
    "edition_download",
    "edition_download_docx",
    "report_writing",
    "chapter_start",
    "chapter_edit",
    "chapter_transition",
    "chapter_drafter",
    "submission_exclude",
    "validation_new",
    "validation_minutes",
    "pledge_list",
    "pledge_new",
    "pledge_export",
    "pledge_detail",
    "pledge_edit",
    "pledge_delete",
    "pledge_transition",
    "pledge_update",
    "pledge_update_transition",
    "pledge_evidence_add",
    "pledge_evidence_remove",
    "pledge_evidence_download",
    "consultation_list",
    "consultation_new",
    "consultation_edit",
    "consultation_delete",
    "consultation_input_download",
    "consultation_input_remove",
    "library",
    "library_entry",
    "translation_index",
    "translation_queue",
    "translation_start",
    "translation_edit",
    "translation_review",
    "translation_update",
    "translation_waive",
    "xliff_download",
    "xliff_upload",
    "xliff_import_detail",
    "xliff_import_commit",
    "spreadsheets",
    "spreadsheet_export",
    "import_template",
    "import_upload",
    "import_detail",
    "import_commit",
    "objective_list",
    "objective_detail",
    "principle_list",
    "strategy_overview",
    "indicator_list",
    "indicator_detail",
    "admin:*",
    "api:schema",
    "api:docs",
    "api:auth-token",
    "api:me",
    "api:objective-list",
    "api:objective-detail",
    "api:principle-list",
    "api:principle-detail",
    "api:strategy-action-list",
    "api:strategy-action-detail",
    "api:indicator-list",
    "api:indicator-detail",
    "api:indicator-series",
    "api:disaggregation-list",
    "api:disaggregation-detail",
    "api:organisation-list",
    "api:organisation-detail",
    "api:cycle-list",
    "api:cycle-detail",
    "api:cycle-editions",
    "api:edition-detail",
    "api:edition-download",
    "api:edition-word",
    "api:cycle-export",
    "api:cycle-import-template",
    "api:cycle-imports",
    "api:import-detail",
    "api:import-commit",
    "api:pledge-list",
    "api:pledge-detail",
    "api:pledge-transition",
    "api:pledge-update-list",
    "api:pledge-update-detail",
    "api:pledge-update-transition",
    "api:cycle-consultations",
    "api:consultation-detail",
    "api:consultation-inputs",
    "api:consultation-input-download",
    "api:submission-list",
    "api:submission-detail",
    "api:submission-draft",
    "api:submission-submit",
    "api:submission-withdraw",
    "api:submission-return",
    "api:submission-approve",
    "api:submission-reopen",
    "api:submission-comments",
    "api:comment-reply",
    "api:comment-address",
    "api:comment-resolve",
    "api:submission-events",
    "api:submission-indicator-values",
    "api:submission-evidence",
    "api:submission-evidence-item",
    "api:evidence-download",
}
URLS = sorted(access_matrix.project_urls())


def row_of(name: str) -> str:
    return "admin:*" if name.startswith("admin:") else name


def test_every_url_has_a_row():
    rows = {row_of(name) for name, _parameters in URLS}
    assert rows - set(ALLOWED) - REFUSED == set(), "add the new URL to ALLOWED or REFUSED"
    assert (set(ALLOWED) | REFUSED) - rows == set()
    assert not set(ALLOWED) & REFUSED


def is_way_to_second_step(response, url: str) -> bool:
    if url.startswith("/api/"):
        return (
            response.status_code == 403
            and response.json()["error"]["code"] == "second_factor_required"
        )
    steps = (reverse("two_factor_verify"), reverse("two_factor_setup"))
    return response.status_code == 302 and response.url.startswith(steps)


@pytest.fixture
def password_only(request, iom, momd):
    """{(who, "with"|"without"): a client signed in with the password alone}: the personas
    with an authenticator, and a reviewer, a coordinator and an administrator without one."""
    without = {
        "rita": member("rita2", iom, Membership.Role.REVIEWER),
        "cora": member("cora2", momd, Membership.Role.COORDINATOR),
        "ada": UserFactory(username="ada2", is_staff=True, is_superuser=True),
    }
    clients = {}
    for who in PEOPLE:
        user = request.getfixturevalue(who)
        confirmed_device(user)
        clients[(who, "with")] = sign_in_with_password(user)
        clients[(who, "without")] = sign_in_with_password(without[who])
    return clients


@pytest.mark.parametrize(("name", "parameters"), URLS, ids=[n for n, _p in URLS])
def test_a_password_only_session_reaches_only_the_second_step(password_only, name, parameters):
    url = access_matrix.sample_url(name, parameters)
    expected_by_variant = ALLOWED.get(row_of(name), {})
    outcomes, expected = {}, {}
    for (who, variant), client in password_only.items():
        for method in ("GET", "POST"):
            response = client.get(url) if method == "GET" else client.post(url)
            key = (who, variant, method)
            outcomes[key] = (
                SECOND_STEP if is_way_to_second_step(response, url) else response.status_code
            )
            expected[key] = expected_by_variant.get(variant, {}).get(method, SECOND_STEP)
    assert outcomes == expected


# --- the probe's path, step by step ---------------------------------------------------------


def test_the_set_up_page_cannot_replace_an_authenticator_without_the_second_step(ada):
    owner = confirmed_device(ada)
    owners_codes = recovery_codes_replace(user=ada)
    client = sign_in_with_password(ada)

    page = client.get(reverse("two_factor_setup"))
    assert page.status_code == 302 and page.url.startswith(reverse("two_factor_verify"))
    assert not TOTPDevice.objects.filter(user=ada, confirmed=False).exists()  # no new secret

    # Even with a device of the attacker's own, the set-up page takes no code.
    planted = TOTPDevice.objects.create(user=ada, name="planted", confirmed=False)
    posted = client.post(reverse("two_factor_setup"), {"code": code_for(planted)})
    assert posted.status_code == 302 and posted.url.startswith(reverse("two_factor_verify"))
    assert client.get("/admin/").status_code == 302
    assert TOTPDevice.objects.get(pk=owner.pk).confirmed
    assert StaticToken.objects.filter(device__user=ada, token=owners_codes[0]).exists()

    # The owner's own code still lets the owner in.
    owner_client = sign_in_with_password(ada)
    passed = owner_client.post(reverse("two_factor_verify"), {"code": code_for(owner)})
    assert passed.status_code == 302
    assert owner_client.get("/admin/").status_code == 200


def replace_authenticator(client: Client, **data):
    return client.post(reverse("two_factor_setup"), data)


def test_replacing_the_authenticator_needs_a_code_from_the_current_one(ada):
    old = confirmed_device(ada)
    recovery = recovery_codes_replace(user=ada)
    client = sign_in_with_password(ada)
    client.post(reverse("two_factor_verify"), {"code": recovery[0]})
    other_browser = sign_in_with_password(ada)
    other_browser.post(reverse("two_factor_verify"), {"code": recovery[1]})
    assert other_browser.get("/admin/").status_code == 200

    page = client.get(reverse("two_factor_setup")).content.decode()
    assert "Move two-step sign-in to a new phone" in page
    assert 'name="current_code"' in page
    new = TOTPDevice.objects.get(user=ada, confirmed=False)

    missing = replace_authenticator(client, code=code_for(new))
    assert "Enter a code from your current authenticator" in missing.content.decode()
    wrong = replace_authenticator(client, code=code_for(new), current_code="000000")
    assert "That code is not right" in wrong.content.decode()
    assert TOTPDevice.objects.get(pk=old.pk).confirmed

    done = replace_authenticator(client, code=code_for(new), current_code=code_for(old))
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", done.content.decode())
    assert len(codes) == 10
    assert list(TOTPDevice.objects.filter(user=ada).values_list("pk", flat=True)) == [new.pk]
    entry = AuditEntry.objects.get(action="two_factor_replaced")
    assert entry.actor == ada
    assert entry.detail["replaced"][0]["id"] == old.pk
    assert entry.detail["replaced"][0]["name"] == old.name
    assert entry.detail["recovery_codes_replaced"] is True
    # The browser that changed it stays in; the other one must sign in again.
    assert client.get("/admin/").status_code == 200
    assert other_browser.get("/admin/").status_code == 302


def test_a_recovery_code_also_vouches_for_the_replacement(rita):
    old = confirmed_device(rita)
    recovery = recovery_codes_replace(user=rita)[0]
    client = sign_in_with_password(rita)
    client.post(reverse("two_factor_verify"), {"code": code_for(old)})
    client.get(reverse("two_factor_setup"))
    new = TOTPDevice.objects.get(user=rita, confirmed=False)
    done = replace_authenticator(client, code=code_for(new), current_code=recovery)
    assert done.status_code == 200 and "Your recovery codes" in done.content.decode()
    assert TOTPDevice.objects.get(user=rita).pk == new.pk


def test_turning_it_on_signs_out_the_accounts_other_browsers(alice):
    other_browser = Client()
    other_browser.post(reverse("login"), {"username": "alice", "password": TEST_PASSWORD})
    assert other_browser.get(reverse("home")).status_code == 200
    client = sign_in_with_password(alice)
    client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=alice, confirmed=False)
    client.post(reverse("two_factor_setup"), {"code": code_for(device)})
    assert AuditEntry.objects.filter(action="two_factor_enabled", actor=alice).exists()
    assert client.get(reverse("home")).status_code == 200
    assert other_browser.get(reverse("home")).status_code == 302


def test_the_menu_is_not_shown_before_the_second_step(cora):
    confirmed_device(cora)
    client = sign_in_with_password(cora)
    html = client.get(reverse("two_factor_verify")).content.decode()
    assert 'class="site-nav"' not in html
    assert reverse("account_security") not in html
    assert "Sign out" in html


def test_wrong_current_codes_on_the_move_page_are_slowed_down_and_logged(rita):
    old = confirmed_device(rita)
    recovery = recovery_codes_replace(user=rita)
    client = sign_in_with_password(rita)
    client.post(reverse("two_factor_verify"), {"code": recovery[0]})
    client.get(reverse("two_factor_setup"))
    new = TOTPDevice.objects.get(user=rita, confirmed=False)
    answers = [
        replace_authenticator(
            client, code=code_for(new), current_code=f"00000{n}"
        ).content.decode()
        for n in range(3)
    ]
    assert "Too many wrong codes" in answers[-1]
    assert AuditEntry.objects.filter(action="two_factor_failed", actor=rita).count() == 3
    assert TOTPDevice.objects.get(pk=old.pk).throttling_failure_count >= 1
