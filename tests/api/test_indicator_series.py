"""The API's indicators: their catalogue fields, their series with progress (approved values
only), and the disaggregation dimensions with their categories."""

import pytest

from objectives.models import Indicator
from reporting.models import ReviewCycle
from reporting.services.submissions import IndicatorEntry
from tests.api.conftest import api_client
from tests.builders import approve, start_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def referrals(alice, bob, rita, momd, moi, open_cycle):
    indicator = Indicator.objects.create(
        code="IND-T1",
        name_en="Victims referred",
        kind="number",
        objective_id=10,
        sdg_indicator_id=None,
        baseline=100,
        baseline_year=2020,
        target=300,
        target_year=2030,
        direction="higher",
        framework="gcm",
        disaggregations=["sex", "disability"],
    )
    indicator.objectives.add(7)
    earlier = ReviewCycle.objects.get(code="imrf-2026")
    ReviewCycle.objects.filter(pk=earlier.pk).update(state="open")
    earlier.refresh_from_db()
    approve(
        alice,
        rita,
        earlier,
        momd,
        10,
        indicator_values=[IndicatorEntry(indicator.pk, value="160", period_year=2024)],
    )
    start_draft(bob, open_cycle, moi, 10, indicator_values=[IndicatorEntry(indicator.pk, "999")])
    return indicator


def test_indicators_carry_their_catalogue_fields(referrals, victor):
    response = api_client(victor).get("/api/v1/indicators/", {"objective": 7})
    (item,) = response.json()["results"]
    assert [o["number"] for o in item["objectives"]] == [7, 10]
    assert item["sdg_indicators"] == []
    assert (item["framework"], item["direction"]) == ("gcm", "higher")
    assert (item["baseline"], item["baseline_year"], item["target"], item["target_year"]) == (
        100.0,
        2020,
        300.0,
        2030,
    )
    assert item["disaggregations"] == ["sex", "disability"]


def test_an_indicator_s_series_has_approved_values_and_progress(
    referrals, victor, django_assert_num_queries
):
    client = api_client(victor)
    # the token with its user; the indicator with its strategy action; its SDG indicators;
    # its objectives; the dimensions' labels; her roles; the latest approved revisions
    with django_assert_num_queries(7):
        response = client.get(f"/api/v1/indicators/{referrals.pk}/series/")
    body = response.json()
    assert response.status_code == 200
    assert [(p["period"], p["value"], p["cycle"]) for p in body["points"]] == [
        ("2024", "160", "imrf-2026")
    ]
    assert body["progress"] == {"percent": 30, "on_track": False, "reached": False, "reason": ""}
    assert (body["baseline"], body["target"], body["direction"]) == (100.0, 300.0, "higher")


def test_an_unknown_indicator_s_series_is_not_found(victor):
    assert api_client(victor).get("/api/v1/indicators/999/series/").status_code == 404


def test_the_series_needs_a_signed_in_caller(referrals):
    assert api_client().get(f"/api/v1/indicators/{referrals.pk}/series/").status_code == 401


def test_the_disaggregation_dimensions_are_listed_with_their_categories(victor):
    results = api_client(victor).get("/api/v1/disaggregations/").json()["results"]
    codes = [d["code"] for d in results]
    assert codes == [
        "sex",
        "age_group",
        "governorate",
        "migration_status",
        "disability",
        "nationality",
    ]
    assert [c["code"] for c in results[0]["categories"]] == ["female", "male"]
