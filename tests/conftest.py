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

import pytest

from gcm_portal.accounts.models import Membership, Organisation
from tests.builders import member
from tests.factories import CsoFactory, MembershipFactory, OrganisationFactory, UserFactory

Role = Membership.Role


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


@pytest.fixture
def alice(momd):
    return member("alice", momd, Role.FOCAL_POINT)


@pytest.fixture
def bob(moi):
    return member("bob", moi, Role.FOCAL_POINT)


@pytest.fixture
def carol(cso):
    return member("carol", cso, Role.FOCAL_POINT)


@pytest.fixture
def rita(iom):
    return member("rita", iom, Role.REVIEWER)


@pytest.fixture
def cora(momd):
    return member("cora", momd, Role.COORDINATOR)


@pytest.fixture
def victor(mop):
    return member("victor", mop, Role.VIEWER)


@pytest.fixture
def ada(db):
    return UserFactory(username="ada", is_staff=True, is_superuser=True)


@pytest.fixture
def dual(momd, iom):
    user = member("dual", momd, Role.FOCAL_POINT)
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
