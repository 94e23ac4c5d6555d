"""The migration to indicator series converts what exists: the single objective and SDG
indicator become the first of many, text baselines and targets that read as numbers become
numbers (the rest kept word for word as notes), dimensions become data, and values entered
before periods take the year of their reference date."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("objectives", "0005_load_stakeholder_types"), ("reporting", "0017_comment_threads")]
AFTER = [("objectives", "0006_indicator_series"), ("reporting", "0020_indicator_periods")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture(autouse=True)
def back_to_the_latest_migrations():
    """Whatever happens, the tests that follow find the database fully migrated."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_existing_indicators_and_values_are_converted_and_nothing_is_lost():
    old = migrate(BEFORE)
    try:
        Indicator = old.get_model("objectives", "Indicator")
        Objective = old.get_model("objectives", "Objective")
        SdgIndicator = old.get_model("objectives", "SdgIndicator")
        sdg = SdgIndicator.objects.get(code="10.7.1")
        objective = Objective.objects.get(number=6)
        Indicator.objects.create(
            code="OLD-1",
            name_en="Recruitment cost",
            kind="percent",
            objective=objective,
            sdg_indicator=sdg,
            baseline="35",
            baseline_year=2020,
            target="1,250.5",
            target_year=2030,
            disaggregations=["sex"],
        )
        Indicator.objects.create(
            code="OLD-2", name_en="Returnees", kind="number", baseline="about 12000", target=""
        )
        Indicator.objects.create(code="OLD-3", name_en="Policy", kind="yes_no", baseline="no")
        Organisation = old.get_model("accounts", "Organisation")
        User = old.get_model("accounts", "User")
        Submission = old.get_model("reporting", "Submission")
        IndicatorValue = old.get_model("reporting", "IndicatorValue")
        ReviewCycle = old.get_model("reporting", "ReviewCycle")
        organisation = Organisation.objects.create(
            slug="old-ministry", name_en="Old ministry", kind="ministry"
        )
        user = User.objects.create(username="old-author")
        submission = Submission.objects.create(
            cycle=ReviewCycle.objects.get(code="imrf-2026"),
            organisation=organisation,
            subject_kind="objective",
            objective=objective,
            created_by=user,
            updated_by=user,
        )
        IndicatorValue.objects.create(
            submission=submission,
            indicator=Indicator.objects.get(code="OLD-1"),
            value="40",
            reference_date=datetime.date(2025, 9, 30),
        )
        IndicatorValue.objects.create(
            submission=submission, indicator=Indicator.objects.get(code="OLD-2"), value="7"
        )
    finally:
        new = migrate(AFTER)

    Indicator = new.get_model("objectives", "Indicator")
    first = Indicator.objects.get(code="OLD-1")
    assert (first.baseline, first.baseline_note) == (Decimal("35"), "")
    assert (first.target, first.target_note) == (Decimal("1250.5"), "")
    assert list(first.objectives.values_list("number", flat=True)) == [6]
    assert list(first.sdg_indicators.values_list("code", flat=True)) == ["10.7.1"]
    assert (first.framework, first.direction) == ("national", "higher")
    # What does not read as a number stays, as it was written.
    second = Indicator.objects.get(code="OLD-2")
    assert (second.baseline, second.baseline_note) == (None, "about 12000")
    third = Indicator.objects.get(code="OLD-3")
    assert (third.baseline, third.baseline_note) == (None, "no")
    Dimension = new.get_model("objectives", "DisaggregationDimension")
    assert list(Dimension.objects.order_by("position").values_list("code", flat=True)) == [
        "sex",
        "age_group",
        "governorate",
        "migration_status",
        "disability",
        "nationality",
    ]
    sex = Dimension.objects.get(code="sex")
    assert list(sex.categories.values_list("code", "label_en", "label_ar")) == [
        ("female", "Female", "إناث"),
        ("male", "Male", "ذكور"),
    ]
    IndicatorValue = new.get_model("reporting", "IndicatorValue")
    periods = dict(IndicatorValue.objects.values_list("indicator__code", "period_year"))
    assert periods == {"OLD-1": 2025, "OLD-2": None}
