"""An indicator's series: its values across review cycles, from approved revisions only.

A series is read from the frozen content of the latest approved revision of each submission
(reporting/snapshot.py), never from drafts: a value that was not approved is never in it.
Each point has the period the value is for (the year or dates given with it; else the year of
its reference date; else the reporting year of its cycle), the value, who reported it and in
which cycle. Points are ordered by period, then cycle.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from gcm_portal.accounts.models import User
from gcm_portal.bilingual import pick
from objectives.models import Indicator, number_and_note
from objectives.progress import Progress, progress
from reporting import access, snapshot
from reporting.models import ReviewCycle, Revision
from reporting.selectors.library import approved_revisions


@dataclass(frozen=True)
class Period:
    year: int | None = None
    start: datetime.date | None = None
    end: datetime.date | None = None

    @property
    def when(self) -> float:
        """The period as a (fractional) year: a year as itself, dates by their end."""
        if self.end:
            return self.end.year + (self.end.timetuple().tm_yday - 1) / 366
        return float(self.year)

    @property
    def sort_key(self) -> tuple:
        return (self.when, self.start or datetime.date.min)

    def label(self, language: str | None = None) -> str:
        from django.utils import translation

        from reporting.pdf.formats import format_date

        language = language or (
            "ar" if (translation.get_language() or "").startswith("ar") else "en"
        )
        if self.start and self.end:
            return f"{format_date(self.start, language)} – {format_date(self.end, language)}"
        return str(self.year)


@dataclass(frozen=True)
class SeriesPoint:
    period: Period
    value: str  # as reported
    number: float | None  # the value as a number, when it is one
    organisation_id: int
    organisation: str  # in the active language
    cycle_code: str
    cycle_title: str
    revision_id: int


def _date(text: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def period_of(reading: snapshot.IndicatorReading, cycle: ReviewCycle) -> Period:
    start, end = _date(reading.period_start), _date(reading.period_end)
    if start and end:
        return Period(start=start, end=end)
    if reading.period_year:
        return Period(year=reading.period_year)
    reference = _date(reading.reference_date)
    return Period(year=reference.year if reference else cycle.year)


def number_of(kind: str | None, value: str) -> float | None:
    number, _note = number_and_note(kind or Indicator.Kind.NUMBER, value)
    return float(number) if number is not None else None


def points_of(
    revision: Revision, content: snapshot.Snapshot, cycle: ReviewCycle | None = None
) -> list[tuple[int, SeriesPoint]]:
    """(indicator id, point) for every value in one approved revision (of `cycle`, when the
    caller has it at hand)."""
    submission = revision.submission
    organisation = submission.organisation
    cycle = cycle or submission.cycle
    return [
        (
            reading.indicator_id,
            SeriesPoint(
                period=period_of(reading, cycle),
                value=reading.value,
                number=number_of(reading.kind, reading.value),
                organisation_id=organisation.pk,
                organisation=pick(organisation.name_en, organisation.name_ar),
                cycle_code=cycle.code,
                cycle_title=cycle.title,
                revision_id=revision.pk,
            ),
        )
        for reading in content.indicator_values
        if reading.value
    ]


def approved_revisions_with_values(*, up_to_year: int | None = None, exclude_cycle=None):
    """The latest approved revision of each submission (cycles up to a year, optionally
    leaving one cycle out), with their organisation and cycle."""
    revisions = approved_revisions().select_related(
        "submission__organisation", "submission__cycle"
    )
    if up_to_year is not None:
        revisions = revisions.filter(submission__cycle__year__lte=up_to_year)
    if exclude_cycle is not None:
        revisions = revisions.exclude(submission__cycle=exclude_cycle)
    return revisions.order_by("pk")


def series_from(revisions_with_content) -> dict[int, list[SeriesPoint]]:
    """Indicator id -> its points in order, from (revision, frozen content) pairs, or
    (revision, frozen content, cycle) triples."""
    series = defaultdict(list)
    for revision, content, *known in revisions_with_content:
        for indicator_id, point in points_of(revision, content, *known):
            series[indicator_id].append(point)
    for points in series.values():
        points.sort(key=lambda p: (p.period.sort_key, p.cycle_code, p.organisation))
    return dict(series)


def series_by_indicator(*, user: User, up_to_year: int | None = None) -> dict:
    """Every indicator's series the user may read (the library's readers): one query."""
    if not access.may_read_library(user=user):
        return {}
    revisions = approved_revisions_with_values(up_to_year=up_to_year)
    return series_from((r, snapshot.load(r.content)) for r in revisions)


def indicator_series(*, user: User, indicator: Indicator) -> list[SeriesPoint]:
    """One indicator's series (period, value, organisation, cycle), approved values only."""
    return series_by_indicator(user=user).get(indicator.pk, [])


def latest_point(points: list[SeriesPoint]) -> SeriesPoint | None:
    """The latest numeric point (by period), or None."""
    numeric = [p for p in points if p.number is not None]
    return numeric[-1] if numeric else None


def catalogue_progress(indicator: Indicator, points: list[SeriesPoint]) -> Progress:
    """Progress of the indicator's latest approved value against today's baseline and target."""
    latest = latest_point(points)
    return progress(
        baseline=indicator.baseline,
        baseline_year=indicator.baseline_year,
        target=indicator.target,
        target_year=indicator.target_year,
        direction=indicator.direction,
        latest=latest.number if latest else None,
        latest_when=latest.period.when if latest else None,
    )


@dataclass
class IndicatorProgress:
    """An indicator with its approved series and its progress, as the pages show it."""

    indicator: Indicator
    points: list[SeriesPoint]
    progress: Progress
    dimensions: str = ""

    @property
    def latest(self) -> SeriesPoint | None:
        return latest_point(self.points)

    @property
    def chart(self):
        from reporting.sparkline import sparkline

        numbers = [p.number for p in self.points if p.number is not None]
        indicator = self.indicator
        return sparkline(
            numbers,
            target=float(indicator.target) if indicator.target is not None else None,
            baseline=float(indicator.baseline) if indicator.baseline is not None else None,
            label=indicator.code,
        )


def indicator_progress_list(
    *, user: User, up_to_year: int | None = None, indicators=None, with_dimensions: bool = True
) -> list[IndicatorProgress]:
    """Every indicator (or those given) with its approved series and progress against today's
    baseline and target: four queries with the catalogue's (indicators, their SDG indicators,
    their objectives, the dimensions) and one for the revisions."""
    from objectives.disaggregation import dimension_labels
    from objectives.selectors import indicator_list

    indicators = list(indicator_list() if indicators is None else indicators)
    labels = dimension_labels() if with_dimensions else {}
    series = series_by_indicator(user=user, up_to_year=up_to_year)
    rows = []
    for indicator in indicators:
        points = series.get(indicator.pk, [])
        rows.append(
            IndicatorProgress(
                indicator,
                points,
                catalogue_progress(indicator, points),
                indicator.disaggregation_display(labels),
            )
        )
    return rows
