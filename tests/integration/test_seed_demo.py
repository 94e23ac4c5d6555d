"""seed_demo: idempotent, clearly labelled, and never usable in production."""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from gcm_portal.accounts.models import Membership, Organisation, User
from reporting.models import ReviewCycle

pytestmark = pytest.mark.django_db

SAMPLE_AUTHORS = [
    "mofa-focal",
    "molsa-focal",
    "mop-focal",
    "krg-focal",
    "diaspora-focal",
    "union-focal",
    "mop-viewer",
]

DEMO_ACCOUNTS = [
    "momd-focal",
    "moi-focal",
    "cso-focal",
    "iom-reviewer",
    "momd-coordinator",
    "iom-translator",
    "admin",
]


def row_counts() -> dict[str, int]:
    project_apps = ("accounts", "objectives", "reporting", "otp_totp")
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in project_apps
    }


def test_seed_demo_twice_leaves_the_same_rows(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    first = row_counts()
    passwords = dict(User.objects.values_list("username", "password"))
    call_command("seed_demo")
    assert row_counts() == first
    assert dict(User.objects.values_list("username", "password")) == passwords


def test_seed_demo_creates_the_documented_accounts_and_organisations(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    assert set(User.objects.values_list("username", flat=True)) == {
        *DEMO_ACCOUNTS,
        *SAMPLE_AUTHORS,
    }
    assert all(user.check_password("demo-pass") for user in User.objects.all())
    assert all(User.objects.values_list("is_demo", flat=True))
    kinds = list(Organisation.objects.values_list("kind", flat=True))
    assert kinds.count(Organisation.Kind.CSO) == 3
    assert Organisation.Kind.KURDISTAN_REGION in kinds and Organisation.Kind.IOM in kinds
    assert not Organisation.objects.filter(is_sample=False).exists()
    roles = dict(Membership.objects.values_list("user__username", "role"))
    assert roles["iom-reviewer"] == Membership.Role.REVIEWER
    assert roles["momd-coordinator"] == Membership.Role.COORDINATOR
    assert ReviewCycle.objects.get(code="arab-regional-2028").state == ReviewCycle.State.OPEN


def test_seed_demo_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")
    assert not User.objects.exists()


@pytest.mark.parametrize(("debug", "signed_in"), [(True, True), (False, False)])
def test_demo_accounts_sign_in_only_under_debug(settings, debug, signed_in):
    settings.DEBUG = True
    call_command("seed_demo")
    settings.DEBUG = debug
    response = Client().post(reverse("login"), {"username": "momd-focal", "password": "demo-pass"})
    assert (response.status_code == 302) is signed_in


def test_seed_demo_adds_submissions_in_every_state_and_approved_past_cycles(settings):
    from django.db.models import Count

    from reporting.models import Revision, Submission

    settings.DEBUG = True
    call_command("seed_demo")
    states = dict(
        Submission.objects.filter(cycle__code="arab-regional-2028")
        .values_list("state")
        .annotate(n=Count("pk"))
    )
    assert set(states) == {"draft", "submitted", "returned", "approved"}
    for code in ("arab-regional-2024", "imrf-2026"):
        # The Ministry's SDG 10.7.2 answers for the 2026 forum stayed a draft (never printed).
        past = Submission.objects.filter(cycle__code=code).exclude(state="draft")
        assert past.count() > 10
        assert set(past.values_list("state", flat=True)) == {"approved"}
        assert not Revision.objects.filter(submission__in=past, approved_at__isnull=True).exists()
    assert list(
        Submission.objects.filter(
            state="draft", cycle__code__in=["arab-regional-2024", "imrf-2026"]
        ).values_list("cycle__code", "section__code")
    ) == [("imrf-2026", "sdg-10-7-2")]
    assert Submission.objects.filter(cycle__code="arab-regional-2024", language="ar").exists()
    assert Submission.objects.filter(
        cycle__code="arab-regional-2024", organisation__kind="cso"
    ).exists()


def test_demo_accounts_that_need_it_sign_in_in_two_steps_with_the_published_code(settings, capsys):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.DEBUG = True
    call_command("seed_demo")
    assert set(TOTPDevice.objects.values_list("user__username", flat=True)) == {
        "iom-reviewer",
        "momd-coordinator",
        "admin",
    }
    client = Client()
    response = client.post(
        reverse("login"), {"username": "iom-reviewer", "password": "demo-pass"}, follow=True
    )
    assert response.redirect_chain[-1][0].startswith(reverse("two_factor_verify"))
    capsys.readouterr()
    call_command("demo_code", "iom-reviewer")
    code = capsys.readouterr().out.strip()
    assert len(code) == 6 and code.isdigit()
    passed = client.post(reverse("two_factor_verify"), {"code": code})
    assert passed.status_code == 302 and client.get(reverse("review_queue")).status_code == 200
    with pytest.raises(CommandError, match="not a demo account"):
        call_command("demo_code", "momd-focal")
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=true"):
        call_command("demo_code", "iom-reviewer")
