"""Progress against baseline and target (objectives/progress.py): pure, no database."""

from decimal import Decimal

import pytest

from objectives.progress import progress, time_elapsed


def measure(
    latest, when=2024, *, baseline=100, target=200, direction="higher", years=(2020, 2030)
):
    return progress(
        baseline=baseline,
        baseline_year=years[0],
        target=target,
        target_year=years[1],
        direction=direction,
        latest=latest,
        latest_when=when,
    )


@pytest.mark.parametrize(
    ("latest", "direction", "baseline", "target", "share"),
    [
        (150, "higher", 100, 200, 0.5),
        (100, "higher", 100, 200, 0.0),
        (200, "higher", 100, 200, 1.0),
        (60, "lower", 80, 40, 0.5),
        (Decimal("6.8"), "lower", Decimal("7.5"), Decimal("3"), (7.5 - 6.8) / 4.5),
    ],
    ids=["half way up", "at the baseline", "at the target", "half way down", "decimals"],
)
def test_the_share_covered_follows_the_direction(latest, direction, baseline, target, share):
    measured = measure(latest, direction=direction, baseline=baseline, target=target)
    assert measured.share == pytest.approx(share)


@pytest.mark.parametrize(
    ("latest", "direction", "share", "reached", "worse"),
    [
        (250, "higher", 1.0, True, False),
        (50, "higher", 0.0, False, True),
        (30, "lower", 1.0, True, False),
        (95, "lower", 0.0, False, True),
    ],
    ids=["beyond the target", "below the baseline", "lower: beyond", "lower: worse"],
)
def test_the_share_is_clamped_between_baseline_and_target(
    latest, direction, share, reached, worse
):
    baseline, target = (100, 200) if direction == "higher" else (80, 40)
    measured = measure(latest, direction=direction, baseline=baseline, target=target)
    assert (measured.share, measured.reached, measured.worse_than_baseline) == (
        share,
        reached,
        worse,
    )
    assert measured.percent == round(share * 100)


def test_a_reached_target_is_on_track_whenever_it_was_reached():
    assert measure(200, when=2021).on_track is True


@pytest.mark.parametrize(
    ("latest", "direction", "reached"),
    [
        (100, "higher", True),
        (110, "higher", True),
        (90, "higher", False),
        (90, "lower", True),
        (110, "lower", False),
    ],
    ids=["higher, kept", "higher, bettered", "higher, fell", "lower, bettered", "lower, rose"],
)
def test_a_target_equal_to_the_baseline_means_keeping_it(latest, direction, reached):
    measured = measure(latest, 2025, direction=direction, baseline=100, target=100)
    assert measured.share == (1.0 if reached else 0.0)
    assert measured.reached is reached
    assert measured.on_track is reached


@pytest.mark.parametrize(
    ("latest", "when", "on_track"),
    [
        (150, 2025, True),  # half the time, half the way
        (140, 2025, False),  # half the time, 40 % of the way
        (130, 2022, True),  # a fifth of the time, 30 % of the way
        (190, 2031, False),  # the target year passed, not reached
    ],
    ids=["exactly on pace", "behind", "ahead", "late"],
)
def test_on_track_compares_the_share_covered_with_the_time_elapsed(latest, when, on_track):
    assert measure(latest, when).on_track is on_track


def test_a_period_given_by_dates_counts_its_fraction_of_a_year():
    assert measure(150, 2024.9).on_track is True  # 49 % of the time, 50 % of the way
    assert measure(150, 2025.1).on_track is False


@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [
        ({"baseline": None}, "No numeric baseline and target"),
        ({"target": None}, "No numeric baseline and target"),
        ({"latest": None}, "No approved value yet"),
        ({"baseline": 100, "target": 50}, "The target is not an improvement on the baseline"),
        ({"years": (None, 2030)}, "No baseline and target years to compare with"),
        ({"years": (2030, 2020)}, "No baseline and target years to compare with"),
        ({"when": 2020}, "The latest value is not after the baseline year"),
        ({"when": 2018}, "The latest value is not after the baseline year"),
    ],
    ids=[
        "no baseline",
        "no target",
        "no value",
        "higher is better, target below the baseline",
        "no baseline year",
        "target year before baseline year",
        "value of the baseline year",
        "value before the baseline year",
    ],
)
def test_what_cannot_be_judged_says_why(kwargs, reason):
    arguments = {"latest": 150, "when": 2025, **kwargs}
    measured = measure(arguments.pop("latest"), arguments.pop("when"), **arguments)
    assert measured.on_track is None
    assert measured.verdict == reason
    if "latest" in kwargs or "baseline" in kwargs or "target" in kwargs:
        assert measured.share is None and measured.percent is None


def test_the_verdict_is_plain_words():
    assert measure(150, 2025).verdict == "On track"
    assert measure(120, 2025).verdict == "Not on track"


@pytest.mark.parametrize(
    ("years", "when", "elapsed"),
    [((2020, 2030), 2025, 0.5), ((2020, 2030), 2040, 1.0), ((2020, 2030), 2010, 0.0)],
)
def test_time_elapsed_is_clamped(years, when, elapsed):
    assert time_elapsed(*years, when) == elapsed
