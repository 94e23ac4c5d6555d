"""The GCM framework and review cycles come from the data file through migrations."""

import json
from pathlib import Path

import pytest

from objectives.models import Action, ArabicTextStatus, Objective, Principle, SdgIndicator
from reporting.models import ReviewCycle

ROOT = Path(__file__).resolve().parents[2]
FRAMEWORK = json.loads((ROOT / "objectives/data/gcm_framework.json").read_text("utf-8"))

pytestmark = pytest.mark.django_db


def test_the_project_copy_of_the_data_file_matches_the_shared_facts():
    shared = ROOT.parent / "shared" / "data" / "gcm_framework.json"
    if not shared.exists():
        pytest.skip("no shared/ folder beside this checkout")
    assert json.loads(shared.read_text("utf-8")) == FRAMEWORK


def test_exactly_23_objectives_with_the_official_english_titles():
    objectives = list(Objective.objects.order_by("number"))
    assert len(objectives) == 23
    for objective, expected in zip(objectives, FRAMEWORK["objectives"], strict=True):
        assert objective.number == expected["number"]
        assert objective.title_en == expected["title_en"]
        assert objective.short_label_en == expected["short_label_en"]
        assert objective.commitment_paragraph == expected["commitment_paragraph"]


def test_each_objective_has_the_lettered_actions_of_the_data_file():
    for expected in FRAMEWORK["objectives"]:
        first, last = expected["action_letters"].split("-")
        letters = list(
            Action.objects.filter(objective__number=expected["number"])
            .order_by("letter")
            .values_list("letter", flat=True)
        )
        assert len(letters) == expected["action_count"]
        assert letters[0] == first and letters[-1] == last
    assert Action.objects.count() == sum(o["action_count"] for o in FRAMEWORK["objectives"])


def test_exactly_10_guiding_principles_with_official_titles():
    principles = list(Principle.objects.order_by("letter"))
    assert [(p.letter, p.title_en, p.paragraph) for p in principles] == [
        (p["letter"], p["title_en"], p["paragraph"]) for p in FRAMEWORK["guiding_principles"]
    ]


def test_arabic_titles_are_stored_and_marked_as_working_translations():
    for model in (Objective, Principle):
        assert not model.objects.filter(title_ar="").exists()
        assert set(model.objects.values_list("arabic_status", flat=True)) == {
            ArabicTextStatus.WORKING
        }


def test_sdg_indicators_and_their_suggested_objectives():
    for expected in FRAMEWORK["sdg_indicators"]:
        indicator = SdgIndicator.objects.get(code=expected["code"])
        assert indicator.name_en == expected["name"]
        assert indicator.name_ar
        numbers = sorted(indicator.suggested_objectives.values_list("number", flat=True))
        assert numbers == sorted(expected["suggested_objectives"])


def test_review_cycles_are_seeded_with_dates_venue_and_state():
    codes = list(ReviewCycle.objects.values_list("code", flat=True))
    assert codes == [
        "arab-regional-2020",
        "imrf-2022",
        "arab-regional-2024",
        "imrf-2026",
        "arab-regional-2028",
        "imrf-2030",
    ]
    cairo = ReviewCycle.objects.get(code="arab-regional-2024")
    assert cairo.kind == ReviewCycle.Kind.REGIONAL
    assert str(cairo.starts_on) == "2024-07-03" and str(cairo.ends_on) == "2024-07-04"
    assert "Cairo" in cairo.venue_en
    assert cairo.state == ReviewCycle.State.CLOSED
    assert cairo.submission_deadline is not None
    next_regional = ReviewCycle.objects.get(code="arab-regional-2028")
    assert next_regional.starts_on is None
    assert next_regional.dates_note == "2028 (to be announced)"
    assert next_regional.state == ReviewCycle.State.PLANNED
    forum = ReviewCycle.objects.get(code="imrf-2026")
    assert forum.kind == ReviewCycle.Kind.IMRF
    assert (str(forum.starts_on), str(forum.ends_on)) == ("2026-05-05", "2026-05-08")
    assert forum.dates_note == ""
    assert forum.venue_en == "UN Headquarters, New York"
