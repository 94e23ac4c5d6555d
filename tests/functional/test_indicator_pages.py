"""The indicator pages (the catalogue with progress, one indicator's series) and the
progress table of the coordinator's dashboard: approved values only, pinned query counts,
English and Arabic."""

import pytest
from django.test import Client
from django.urls import reverse

from objectives.models import Indicator
from reporting.models import Submission
from tests.builders import approve, start_draft, submitted
from tests.support import signed_in_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def series(alice, bob, rita, momd, moi, open_cycle):
    """Two indicators: one with approved values in two cycles, a draft and work awaiting
    review; a yes/no one without numbers."""
    from reporting.models import ReviewCycle
    from reporting.services.submissions import IndicatorEntry

    referrals = Indicator.objects.create(
        code="IND-T1",
        name_en="Victims referred",
        kind=Indicator.Kind.NUMBER,
        objective_id=10,
        baseline=100,
        baseline_year=2020,
        target=300,
        target_year=2030,
        framework=Indicator.Framework.MGI,
        definition_en="Victims referred to services in the year.",
    )
    policy = Indicator.objects.create(
        code="IND-T2", name_en="Policy adopted", kind="yes_no", objective_id=10, baseline_note="no"
    )
    earlier = ReviewCycle.objects.get(code="imrf-2026")
    ReviewCycle.objects.filter(pk=earlier.pk).update(state="open")
    earlier.refresh_from_db()
    approve(
        alice,
        rita,
        earlier,
        momd,
        10,
        indicator_values=[
            IndicatorEntry(referrals.pk, value="160", period_year=2024),
            IndicatorEntry(policy.pk, value="no", period_year=2025),
        ],
    )
    approve(
        alice,
        rita,
        open_cycle,
        momd,
        10,
        indicator_values=[IndicatorEntry(referrals.pk, value="220", period_year=2025)],
    )
    start_draft(
        bob, open_cycle, moi, 10, indicator_values=[IndicatorEntry(referrals.pk, value="9991")]
    )
    submitted(bob, open_cycle, moi, 11)
    return referrals


def client_for(user, language="en") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_catalogue_shows_each_indicator_s_latest_approved_value_and_progress(
    series, victor, django_assert_num_queries, language
):
    client = client_for(victor, language)
    # indicators with their strategy action; their SDG indicators; their objectives; the
    # dimensions' labels; the latest approved revisions
    with django_assert_num_queries(signed_in_queries(victor) + 5):
        html = client.get(reverse("indicator_list")).content.decode()
    assert reverse("indicator_detail", args=[series.pk]) in html
    assert "220" in html and "9991" not in html
    assert "60&nbsp;%" in html  # (220 - 100) / (300 - 100), half the time gone by 2025
    assert 'class="sparkline"' in html
    if language == "en":
        assert "On track" in html and "Migration Governance Indicators (MGI)" in html
        assert "No numeric baseline and target" in html


@pytest.mark.parametrize("language", ["en", "ar"])
def test_an_indicator_page_shows_its_series_baseline_target_and_progress(
    series, victor, django_assert_num_queries, language
):
    client = client_for(victor, language)
    # the indicator with its strategy action; its SDG indicators; its objectives; the
    # dimensions' labels; the latest approved revisions
    with django_assert_num_queries(signed_in_queries(victor) + 5):
        response = client.get(reverse("indicator_detail", args=[series.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("160") < html.index("220")
    assert "9991" not in html
    assert "<svg" in html and "<polyline" in html
    if language == "en":
        assert "Victims referred to services in the year." in html
        assert "100</bdi> (2020)" in html and "300</bdi> (2030)" in html
        assert "60&nbsp;%" in html and "On track" in html


def test_an_unknown_indicator_is_not_found(victor):
    assert client_for(victor).get(reverse("indicator_detail", args=[999])).status_code == 404


def test_the_coordinator_s_dashboard_has_a_compact_progress_column(series, cora, open_cycle):
    html = client_for(cora).get(reverse("coverage", args=[open_cycle.code])).content.decode()
    section = html[html.index("indicator-progress-heading") :]
    assert "IND-T1" in section and "60&nbsp;%" in section and "On track" in section
    assert "9991" not in section


def test_the_submission_form_asks_for_the_period(series, bob, moi, open_cycle):
    submission = Submission.objects.get(cycle=open_cycle, organisation=moi, objective__number=10)
    html = client_for(bob).get(reverse("submission_edit", args=[submission.pk])).content.decode()
    prefix = f"indicator_{series.pk}"
    for name in ("period_year", "period_start", "period_end"):
        assert f'name="{prefix}_{name}' in html


def test_a_period_that_ends_before_it_starts_keeps_what_was_typed(series, bob, moi, open_cycle):
    submission = Submission.objects.get(cycle=open_cycle, organisation=moi, objective__number=10)
    prefix = f"indicator_{series.pk}"
    data = {
        "version": submission.version,
        "language": "en",
        "implementation_status": "in_progress",
        "progress": "Typed text kept.",
        f"{prefix}_value": "230",
        f"{prefix}_period_start_day": "30",
        f"{prefix}_period_start_month": "6",
        f"{prefix}_period_start_year": "2027",
        f"{prefix}_period_end_day": "1",
        f"{prefix}_period_end_month": "1",
        f"{prefix}_period_end_year": "2027",
    }
    response = client_for(bob).post(reverse("submission_edit", args=[submission.pk]), data)
    html = response.content.decode()
    assert response.status_code == 400  # the form again, with the error beside the field
    assert "The end date is before the start date." in html
    assert "Typed text kept." in html and 'value="230"' in html
