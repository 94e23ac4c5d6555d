"""The API's world: the personas of tests/conftest.py (dual included), each with a token, plus
an insider (a reviewer of MoMD) and a visitor who is not signed in ("anonymous")."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from gcm_portal.accounts.models import Membership
from objectives.models import Indicator, Objective, Pillar, Strategy, StrategyAction
from tests.builders import member

SIGNED_IN = ["alice", "bob", "carol", "rita", "cora", "insider", "dual", "victor", "ada"]
PEOPLE = [*SIGNED_IN, "anonymous"]


@pytest.fixture
def insider(momd):
    return member("insider", momd, Membership.Role.REVIEWER)


def api_client(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        token, _created = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def catalogue(db, mop, cso):
    """A strategy action led by the Ministry of Planning and supported by the CSO, with an
    indicator under objective 10."""
    strategy = Strategy.objects.create(code="nmms", title_en="Strategy", title_ar="استراتيجية")
    pillar = Pillar.objects.create(strategy=strategy, code="1", title_en="Data", position=1)
    action = StrategyAction.objects.create(
        pillar=pillar, code="1.1", title_en="Referral", lead_organisation=mop
    )
    action.objectives.set(Objective.objects.filter(number=10))
    action.supporting_organisations.set([cso])
    indicator = Indicator.objects.create(
        code="Q-10-1",
        name_en="Victims referred",
        kind="number",
        objective_id=Objective.objects.get(number=10).pk,
        disaggregations=["sex"],
    )
    return {"strategy_action": action, "indicator": indicator}


@pytest.fixture
def world(request, settings, tmp_path, open_cycle, momd, moi, cso, mop, catalogue):
    settings.MEDIA_ROOT = tmp_path
    people = {name: request.getfixturevalue(name) for name in SIGNED_IN}
    return {
        "cycle": open_cycle,
        "organisations": {"gov": momd, "cso": cso, "moi": moi, "mop": mop},
        "people": people,
        "clients": {
            **{name: api_client(user) for name, user in people.items()},
            "anonymous": api_client(),
        },
        **catalogue,
    }
