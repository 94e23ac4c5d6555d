"""Indicator series across review cycles: values belong to a period, a series is read from
approved revisions only, progress is measured against the catalogue's numbers, and the
breakdowns follow the dimensions an administrator keeps."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from objectives.models import DisaggregationCategory, DisaggregationDimension, Indicator
from reporting import snapshot
from reporting.models import ReviewCycle, Revision
from reporting.selectors.series import indicator_progress_list, indicator_series
from reporting.services.submissions import (
    Draft,
    IndicatorEntry,
    submission_save_draft,
    submission_transition,
)
from tests.builders import approve, member, start_draft, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def referrals(db):
    return Indicator.objects.create(
        code="IND-T1",
        name_en="Victims referred",
        kind=Indicator.Kind.NUMBER,
        objective_id=10,
        baseline=100,
        baseline_year=2020,
        target=300,
        target_year=2030,
        disaggregations=["sex"],
    )


def closed(code: str) -> ReviewCycle:
    cycle = ReviewCycle.objects.get(code=code)
    ReviewCycle.objects.filter(pk=cycle.pk).update(state=ReviewCycle.State.OPEN)
    cycle.refresh_from_db()
    return cycle


def reported(indicator, value, **period):
    return [IndicatorEntry(indicator.pk, value=value, **period)]


def test_a_series_holds_approved_values_only_in_the_order_of_their_periods(
    referrals, alice, bob, rita, momd, moi, open_cycle
):
    earlier = closed("imrf-2026")
    approve(
        alice,
        rita,
        earlier,
        momd,
        10,
        indicator_values=reported(referrals, "180", period_year=2025),
    )
    oldest = closed("arab-regional-2024")
    approve(
        alice,
        rita,
        oldest,
        momd,
        10,
        indicator_values=reported(
            referrals,
            "140",
            period_start=datetime.date(2023, 1, 1),
            period_end=datetime.date(2023, 12, 31),
        ),
    )
    # Never approved: a draft, and work awaiting review.
    start_draft(
        alice, open_cycle, momd, 10, indicator_values=reported(referrals, "999", period_year=2027)
    )
    submitted(
        bob, open_cycle, moi, 10, indicator_values=reported(referrals, "888", period_year=2027)
    )

    points = indicator_series(user=alice, indicator=referrals)

    assert [(p.period.label(), p.value, p.cycle_code) for p in points] == [
        ("1 January 2023 – 31 December 2023", "140", "arab-regional-2024"),
        ("2025", "180", "imrf-2026"),
    ]
    assert {p.organisation for p in points} == {momd.name}
    (row,) = indicator_progress_list(user=alice, indicators=[referrals])
    assert row.latest.value == "180"
    assert row.progress.percent == 40  # (180 - 100) / (300 - 100)
    assert row.progress.on_track is False  # half the time gone by 2025
    assert 'class="sparkline"' in row.chart


def test_a_reopened_submission_keeps_its_last_approved_value_in_the_series(
    referrals, alice, rita, momd, mop, open_cycle
):
    coordinator = member("mop-coordinator", mop, "coordinator")
    submission = approve(
        alice,
        rita,
        open_cycle,
        momd,
        10,
        indicator_values=reported(referrals, "150", period_year=2026),
    )
    submission_transition(
        user=coordinator, submission_id=submission.pk, action="reopen", reason="Check"
    )
    submission.refresh_from_db()
    submission_save_draft(
        user=alice,
        submission_id=submission.pk,
        base_version=submission.version,
        draft=Draft(
            implementation_status="in_progress",
            narratives={"progress": "Rechecked."},
            indicator_values=reported(referrals, "155", period_year=2026),
        ),
    )
    submission_transition(user=alice, submission_id=submission.pk, action="submit")

    assert [p.value for p in indicator_series(user=alice, indicator=referrals)] == ["150"]


def test_values_without_a_period_take_their_reference_date_or_their_cycle(
    referrals, alice, rita, momd, open_cycle
):
    approve(
        alice,
        rita,
        open_cycle,
        momd,
        10,
        indicator_values=reported(referrals, "150", reference_date=datetime.date(2026, 6, 30)),
    )
    (point,) = indicator_series(user=alice, indicator=referrals)
    assert point.period.year == 2026


def test_no_series_for_someone_who_may_not_read_approved_work(
    referrals, alice, rita, momd, open_cycle
):
    from tests.factories import UserFactory

    approve(alice, rita, open_cycle, momd, 10, indicator_values=reported(referrals, "150"))
    assert indicator_series(user=UserFactory(username="nobody"), indicator=referrals) == []


def test_the_revision_freezes_the_period_direction_and_framework(
    referrals, alice, rita, momd, open_cycle
):
    submission = approve(
        alice,
        rita,
        open_cycle,
        momd,
        10,
        indicator_values=reported(
            referrals,
            "150",
            period_start=datetime.date(2026, 1, 1),
            period_end=datetime.date(2026, 6, 30),
        ),
    )
    Indicator.objects.filter(pk=referrals.pk).update(direction="lower", baseline=1, target=2)
    content = Revision.objects.get(submission=submission).content
    assert content["version"] == 3
    (reading,) = snapshot.load(content).indicator_values
    assert (reading.period_start, reading.period_end) == ("2026-01-01", "2026-06-30")
    assert (reading.direction, reading.framework) == ("higher", "national")
    assert (reading.baseline, reading.target) == ("100", "300")


@pytest.mark.parametrize(
    ("period", "field", "message"),
    [
        (
            {"period_start": datetime.date(2026, 6, 30), "period_end": datetime.date(2026, 1, 1)},
            "period_end",
            "The end date is before the start date.",
        ),
        (
            {"period_start": datetime.date(2026, 1, 1)},
            "period_end",
            "Give both the start and the end date of the period.",
        ),
        (
            {"period_year": 2026, "period_end": datetime.date(2026, 12, 31)},
            "period_year",
            "Give either the year or the start and end dates, not both.",
        ),
        ({"period_year": 1492}, "period_year", "Enter a year between 1900 and 2100."),
    ],
    ids=["end before start", "start without end", "year and dates", "year out of range"],
)
def test_a_period_that_does_not_hold_together_is_refused(
    referrals, alice, momd, open_cycle, period, field, message
):
    with pytest.raises(ValidationError) as refused:
        start_draft(
            alice, open_cycle, momd, 10, indicator_values=reported(referrals, "150", **period)
        )
    assert refused.value.message_dict == {f"indicator_{referrals.pk}_{field}": [message]}


def test_breakdowns_follow_the_dimensions_the_administrator_keeps(
    referrals, alice, momd, open_cycle
):
    disability = DisaggregationDimension.objects.get(code="disability")
    assert set(disability.categories.values_list("code", flat=True)) == {
        "with-disability",
        "without-disability",
    }
    DisaggregationCategory.objects.create(
        dimension=disability, code="not-known", label_en="Not known", position=3
    )
    Indicator.objects.filter(pk=referrals.pk).update(disaggregations=["disability"])
    rows = [
        {"dimension": "disability", "category": "with-disability", "value": "20"},
        {"dimension": "disability", "category": "not-known", "value": "5"},
    ]
    submission = start_draft(
        alice,
        open_cycle,
        momd,
        10,
        indicator_values=[IndicatorEntry(referrals.pk, value="150", breakdown=rows)],
    )
    assert submission.indicator_values.get().breakdown == rows

    with pytest.raises(ValidationError) as refused:
        submission_save_draft(
            user=alice,
            submission_id=submission.pk,
            base_version=submission.version,
            draft=Draft(
                indicator_values=[
                    IndicatorEntry(
                        referrals.pk,
                        value="150",
                        breakdown=[{"dimension": "sex", "category": "female", "value": "1"}],
                    )
                ]
            ),
        )
    assert refused.value.message_dict == {
        f"indicator_{referrals.pk}_breakdown": ["Unknown breakdown."]
    }


def test_a_breakdown_is_checked_against_its_total_by_the_data_driven_dimensions(
    referrals, alice, momd, open_cycle
):
    every_group = [
        {"dimension": "sex", "category": "female", "value": "100"},
        {"dimension": "sex", "category": "male", "value": "40"},
    ]
    with pytest.raises(ValidationError) as refused:
        start_draft(
            alice,
            open_cycle,
            momd,
            10,
            indicator_values=[IndicatorEntry(referrals.pk, value="150", breakdown=every_group)],
        )
    assert refused.value.message_dict == {
        f"indicator_{referrals.pk}_breakdown": [
            "The groups by sex add up to 140, but the value is 150."
        ]
    }
