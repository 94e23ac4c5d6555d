"""Shared fixtures: named personas, and the rule that CI never skips a real service.

The personas:
- alice: focal point of the Ministry of Migration and Displaced (MoMD)
- bob: focal point of the Ministry of Interior (MoI)
- carol: focal point of a civil-society organisation
- rita: IOM reviewer
- cora: national coordinator (MoMD)
- victor: viewer (Ministry of Planning)
- ada: administrator
- dual: focal point of MoMD who is also a reviewer at IOM (roles in two organisations)
"""

import os

import pytest

from gcm_portal.accounts.models import Membership, Organisation
from tests.factories import CsoFactory, MembershipFactory, OrganisationFactory, UserFactory

Role = Membership.Role
IN_CI = os.environ.get("CI", "").lower() == "true"


def require_service(name: str, reason: str) -> None:
    """Skip a test whose service is missing, except in CI, where that is a failure."""
    if IN_CI:
        pytest.fail(f"{name} is required in CI: {reason}")
    pytest.skip(f"{name} unavailable: {reason}")


@pytest.fixture
def momd(db):
    return OrganisationFactory(
        slug="momd",
        name_en="Ministry of Migration and Displaced",
        name_ar="وزارة الهجرة والمهجرين",
    )


@pytest.fixture
def moi(db):
    return OrganisationFactory(
        slug="moi", name_en="Ministry of Interior", name_ar="وزارة الداخلية"
    )


@pytest.fixture
def cso(db):
    return CsoFactory(slug="rights-network", name_en="Migrant Rights Network")


@pytest.fixture
def iom(db):
    return OrganisationFactory(slug="iom", name_en="IOM Iraq", kind=Organisation.Kind.IOM)


@pytest.fixture
def mop(db):
    return OrganisationFactory(slug="mop", name_en="Ministry of Planning")


def _member(username: str, organisation, role: str):
    user = UserFactory(username=username)
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def alice(momd):
    return _member("alice", momd, Role.FOCAL_POINT)


@pytest.fixture
def bob(moi):
    return _member("bob", moi, Role.FOCAL_POINT)


@pytest.fixture
def carol(cso):
    return _member("carol", cso, Role.FOCAL_POINT)


@pytest.fixture
def rita(iom):
    return _member("rita", iom, Role.REVIEWER)


@pytest.fixture
def cora(momd):
    return _member("cora", momd, Role.COORDINATOR)


@pytest.fixture
def victor(mop):
    return _member("victor", mop, Role.VIEWER)


@pytest.fixture
def ada(db):
    return UserFactory(username="ada", is_staff=True, is_superuser=True)


@pytest.fixture
def dual(momd, iom):
    user = _member("dual", momd, Role.FOCAL_POINT)
    MembershipFactory(user=user, organisation=iom, role=Role.REVIEWER)
    return user


PERSONAS = ["alice", "bob", "carol", "rita", "cora", "victor", "ada"]


@pytest.fixture
def open_cycle(db):
    import datetime

    from reporting.models import ReviewCycle

    cycle = ReviewCycle.objects.get(code="arab-regional-2028")
    cycle.state = ReviewCycle.State.OPEN
    cycle.submission_deadline = datetime.date(2028, 3, 31)
    cycle.save()
    return cycle


def assign(cycle, organisation, *, objective: int | None = None, section: str | None = None):
    from objectives.models import Objective
    from reporting.models import Assignment, ReportSection

    return Assignment.objects.create(
        cycle=cycle,
        organisation=organisation,
        objective=Objective.objects.get(number=objective) if objective else None,
        section=ReportSection.objects.get(code=section) if section else None,
    )


def start_draft(user, cycle, organisation, objective: int = 10, **fields):
    """Assign the objective, start the organisation's draft and fill it in."""
    from objectives.models import Objective
    from reporting.services.submissions import (
        Draft,
        submission_save_draft,
        submission_start,
    )

    assign(cycle, organisation, objective=objective)
    submission = submission_start(
        user=user,
        cycle=cycle,
        organisation=organisation,
        subject_kind="objective",
        subject_id=Objective.objects.get(number=objective).pk,
    )
    from reporting.snapshot import NARRATIVE_FIELD_NAMES

    narratives = {name: fields.pop(name) for name in NARRATIVE_FIELD_NAMES if name in fields}
    narratives.setdefault("progress", "Referral pathways were set up in Ninewa and Basra.")
    draft = Draft(
        implementation_status=fields.pop("implementation_status", "in_progress"),
        narratives=narratives,
        **fields,
    )
    return submission_save_draft(
        user=user, submission_id=submission.pk, base_version=submission.version, draft=draft
    )


def submitted(user, cycle, organisation, objective: int = 10, **fields):
    from reporting.services.submissions import (
        submission_transition,
    )

    submission = start_draft(user, cycle, organisation, objective, **fields)
    submission_transition(user=user, submission_id=submission.pk, action="submit")
    submission.refresh_from_db()
    return submission


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hash test passwords quickly; production keeps Django's strong default."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def english_outside_requests():
    """Start each test in English: a request in Arabic leaves its language on the thread."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def force_login_passes_second_factor(monkeypatch):
    """`client.force_login` signs in as if the second step had been passed.

    Reviewers, coordinators and administrators need a second factor; tests that are about
    something else start signed in with it done. tests/functional/test_two_factor.py signs
    in through the real pages instead.
    """
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from gcm_portal.accounts.two_factor import second_factor_required

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        if second_factor_required(user):
            device, _created = TOTPDevice.objects.get_or_create(
                user=user, name="Test authenticator", defaults={"confirmed": True}
            )
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


def signed_in_queries(user) -> int:
    """Queries every signed-in page makes before its own.

    The session, the user, and the user's roles for the navigation; and, for an account that
    passed the second sign-in step, the device that verified the session (django-otp).
    """
    from gcm_portal.accounts.models import User
    from gcm_portal.accounts.two_factor import second_factor_required

    if isinstance(user, str):
        user = User.objects.get(username=user)
    return 3 + (1 if second_factor_required(user) else 0)
