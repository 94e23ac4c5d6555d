"""The content of a compiled report as plain data, built from approved revisions only.

Nothing here renders or imports WeasyPrint: `build_report` returns dataclasses that the
report templates turn into HTML. The number of queries does not depend on the amount of data.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gcm_portal.accounts.models import Organisation
from objectives.models import Indicator, Objective, StrategyAction
from reporting import snapshot
from reporting.models import ReportSection, ReviewCycle, Revision, Submission

REGIONAL, IMRF = "regional", "imrf"
STATUSES = ("achieved", "in_progress", "planned", "not_started")


@dataclass
class Contribution:
    """One approved revision, as it appears in the report, with the line that traces it."""

    revision_id: int
    organisation: str
    organisation_kind: str
    is_cso: bool
    language: str
    other_language: bool  # written in the language the report is not in
    status: str
    status_label: str
    narratives: list[tuple[str, str]]  # (label in the report's language, text), filled ones
    challenges: str
    principles: list[str]
    gcm_actions: list[str]
    source: str  # "Ministry of Interior · revision 2 · approved 26 May 2024"

    @property
    def direction(self) -> str:
        return "rtl" if self.language == "ar" else "ltr"


@dataclass
class IndicatorRow:
    code: str
    name: str
    sdg_code: str
    organisation: str
    value: str
    unit: str
    reference_date: str
    source: str
    breakdown: list[tuple[str, str]]
    baseline: str
    target: str


@dataclass
class StrategyActionRow:
    code: str
    title: str
    lead: str
    status_label: str
    objective_numbers: list[int]


@dataclass
class ObjectiveChapter:
    number: int
    title: str
    short_label: str
    anchor: str
    government: list[Contribution] = field(default_factory=list)
    cso: list[Contribution] = field(default_factory=list)
    indicators: list[IndicatorRow] = field(default_factory=list)
    strategy_actions: list[StrategyActionRow] = field(default_factory=list)

    @property
    def has_content(self) -> bool:
        return bool(self.government or self.cso)


@dataclass
class SectionChapter:
    code: str
    title: str
    anchor: str
    contributions: list[Contribution] = field(default_factory=list)
    # Contributions' text taken from other fields, e.g. every challenge for the IMRF report.
    excerpts: list[tuple[str, str, Contribution]] = field(default_factory=list)


@dataclass
class Report:
    kind: str
    language: str
    direction: str
    preview: bool
    title: str
    country: str
    cycle_title: str
    cycle_code: str
    venue: str
    dates: str
    region: str
    edition_date: str
    sections: list[SectionChapter]  # in the order of the report's headings
    objectives: list[ObjectiveChapter]
    objectives_heading: str
    objectives_anchor: str
    contributors: list[dict]  # organisation, kind label, stakeholder type, count
    contributors_by_type: list[tuple[str, int]]
    timeline: list[tuple[str, str]]
    totals: dict
    principles: list[tuple[str, int]]  # title, number of contributions applying it
    status_by_objective: list[tuple[int, dict]]  # objective number, {status: count}
    coverage_by_type: list[tuple[str, int, int]]  # organisation type, reported, asked
    matrix_actions: list[StrategyActionRow]
    matrix_objectives: list[int]
    indicator_annex: list[IndicatorRow]
    revision_ids: list[int]
    labels: dict = field(default_factory=dict)


def latest_approved_revisions(*, cycle: ReviewCycle) -> list[Revision]:
    """The latest approved revision of each submission of the cycle (never drafts)."""
    revisions = (
        Revision.objects.filter(submission__cycle=cycle, approved_at__isnull=False)
        .select_related(
            "submission__organisation",
            "submission__objective",
            "submission__strategy_action",
            "submission__section",
        )
        .order_by("submission_id", "-number")
    )
    latest = {}
    for revision in revisions:
        latest.setdefault(revision.submission_id, revision)
    return list(latest.values())


def build_report(*, cycle: ReviewCycle, kind: str, language: str, preview: bool) -> Report:
    """Collect everything the report shows, in the report's language."""
    with translation.override(language):
        return _build(cycle=cycle, kind=kind, language=language, preview=preview)


def _build(*, cycle: ReviewCycle, kind: str, language: str, preview: bool) -> Report:
    revisions = latest_approved_revisions(cycle=cycle)
    frozen = {revision.pk: snapshot.load(revision.content) for revision in revisions}
    labels = snapshot.Labels.load(frozen.values())
    statuses = dict(Submission.ImplementationStatus.choices)
    kinds = dict(Organisation.Kind.choices)

    def contribution(revision: Revision) -> Contribution:
        content = frozen[revision.pk]
        organisation = revision.submission.organisation
        status = content.implementation_status
        return Contribution(
            revision_id=revision.pk,
            organisation=organisation.name,
            organisation_kind=str(kinds.get(organisation.kind, "")),
            is_cso=organisation.is_cso,
            language=revision.language,
            other_language=revision.language != language,
            status=status,
            status_label=str(statuses.get(status, "")),
            narratives=[
                (str(narrative.label), content.narrative(narrative.name))
                for narrative in snapshot.NARRATIVE_FIELDS
                if content.narrative(narrative.name)
            ],
            challenges=content.narrative("challenges"),
            principles=[labels.principle(letter) for letter in content.principles],
            gcm_actions=[action.code for action in content.gcm_actions],
            source=_("%(organisation)s · revision %(number)d · approved %(date)s")
            % {
                "organisation": organisation.name,
                "number": revision.number,
                "date": _date(revision.approved_at),
            },
        )

    contributions = [(revision, contribution(revision)) for revision in revisions]
    contributions.sort(key=lambda pair: (pair[1].is_cso, pair[1].organisation, pair[0].pk))

    objectives = list(Objective.objects.order_by("number"))
    chapters = {
        o.pk: ObjectiveChapter(o.number, o.title, o.short_label, f"objective-{o.number}")
        for o in objectives
    }
    by_section = defaultdict(list)
    by_action = {}
    for revision, item in contributions:
        submission = revision.submission
        if submission.objective_id:
            chapter = chapters[submission.objective_id]
            (chapter.cso if item.is_cso else chapter.government).append(item)
        elif submission.section_id:
            by_section[submission.section.code].append(item)
        else:
            by_action[submission.strategy_action_id] = item

    action_rows = _strategy_actions()
    for row, objective_ids in action_rows:
        for objective_id in objective_ids:
            chapters[objective_id].strategy_actions.append(row)

    objective_of = dict(Indicator.objects.values_list("pk", "objective_id"))
    annex = []
    for revision, item in contributions:
        for reading in frozen[revision.pk].indicator_values:
            facts = labels.indicator_facts(reading)
            row = IndicatorRow(
                code=reading.code,
                name=labels.indicator_name(reading),
                sdg_code=facts["sdg_code"],
                organisation=item.organisation,
                value=reading.value,
                unit=labels.indicator_unit(reading),
                reference_date=reading.reference_date,
                source=reading.source,
                breakdown=labels.breakdown(reading),
                baseline=facts["baseline"],
                target=facts["target"],
            )
            annex.append(row)
            objective_id = objective_of.get(reading.indicator_id)
            if objective_id in chapters:
                chapters[objective_id].indicators.append(row)
    annex.sort(key=lambda row: (row.code, row.organisation))

    sections = _sections(kind, by_section, contributions)
    government_count = sum(1 for _r, c in contributions if not c.is_cso)
    organisations = Counter(
        (
            r.submission.organisation_id,
            c.organisation,
            r.submission.organisation.kind,
            r.submission.organisation.get_stakeholder_type_display() if c.is_cso else "",
        )
        for r, c in contributions
    )
    contributors = sorted(
        (
            {
                "organisation": name,
                "kind": str(kinds[k]),
                "stakeholder_type": str(stake),
                "count": count,
            }
            for (_pk, name, k, stake), count in organisations.items()
        ),
        key=lambda row: (row["kind"], row["organisation"]),
    )
    by_type = Counter(row["kind"] for row in contributors)
    chapter_list = [chapters[o.pk] for o in objectives]
    return Report(
        kind=kind,
        language=language,
        direction="rtl" if language == "ar" else "ltr",
        preview=preview,
        title=_report_title(kind, cycle),
        country=_("Iraq"),
        cycle_title=cycle.title,
        cycle_code=cycle.code,
        venue=cycle.venue,
        dates=_cycle_dates(cycle),
        region=cycle.region,
        edition_date=_date(timezone.now()),
        sections=sections,
        objectives=chapter_list,
        objectives_heading=_objectives_heading(kind),
        objectives_anchor="objectives",
        contributors=contributors,
        contributors_by_type=sorted(by_type.items()),
        timeline=_timeline(cycle, revisions),
        totals={
            "contributions": len(contributions),
            "government": government_count,
            "cso": len(contributions) - government_count,
            "organisations": len(contributors),
            "objectives_covered": sum(1 for c in chapter_list if c.has_content),
        },
        principles=_principle_counts(contributions, labels.principles),
        status_by_objective=[
            (c.number, Counter(x.status for x in c.government + c.cso if x.status))
            for c in chapter_list
        ],
        coverage_by_type=_coverage_by_type(cycle, revisions, kinds),
        matrix_actions=[row for row, _ids in action_rows],
        matrix_objectives=[o.number for o in objectives],
        indicator_annex=annex,
        revision_ids=sorted(r.pk for r in revisions),
    )


def _strategy_actions() -> list[tuple[StrategyActionRow, list[int]]]:
    rows = []
    for action in (
        StrategyAction.objects.select_related("lead_organisation")
        .prefetch_related("objectives")
        .order_by("pillar__strategy", "pillar__position", "code")
    ):
        objective_ids = [o.pk for o in action.objectives.all()]
        rows.append(
            (
                StrategyActionRow(
                    code=action.code,
                    title=action.title,
                    lead=action.lead_organisation.name,
                    status_label=str(action.get_status_display()),
                    objective_numbers=sorted(o.number for o in action.objectives.all()),
                ),
                objective_ids,
            )
        )
    return rows


def _sections(kind, by_section, contributions) -> list[SectionChapter]:
    queryset = ReportSection.objects.order_by("position")
    queryset = (
        queryset.filter(for_imrf=True) if kind == IMRF else queryset.filter(for_regional=True)
    )
    chapters = []
    for section in queryset:
        chapter = SectionChapter(section.code, section.title, f"section-{section.code}")
        chapter.contributions = by_section.get(section.code, [])
        if section.code == "challenges":
            chapter.excerpts = [
                (c.organisation, c.challenges, c) for _r, c in contributions if c.challenges
            ]
        chapters.append(chapter)
    return chapters


def _principle_counts(contributions, principles) -> list[tuple[str, int]]:
    counts = Counter(title for _r, c in contributions for title in c.principles)
    return [(title, counts.get(title, 0)) for _letter, title in sorted(principles.items())]


def _coverage_by_type(cycle, revisions, kinds) -> list[tuple[str, int, int]]:
    """Per organisation type: organisations asked to report (selectors.asked_to_report) and,
    of those, the ones with approved content."""
    from reporting.selectors.coordination import asked_to_report

    asked = defaultdict(set)
    for organisation in asked_to_report(cycle=cycle).organisations.values():
        asked[organisation.kind].add(organisation.pk)
    reported = defaultdict(set)
    for revision in revisions:
        organisation = revision.submission.organisation
        if organisation.pk in asked[organisation.kind]:
            reported[organisation.kind].add(organisation.pk)
    return [
        (str(kinds[kind]), len(reported[kind]), len(asked[kind]))
        for kind in sorted(asked, key=lambda k: list(kinds).index(k))
    ]


def _timeline(cycle: ReviewCycle, revisions: list[Revision]) -> list[tuple[str, str]]:
    moments = []
    if revisions:
        moments.append((min(r.submitted_at for r in revisions), _("First contribution submitted")))
        moments.append((max(r.approved_at for r in revisions), _("Last contribution approved")))
    if cycle.submission_deadline:
        moments.append((cycle.submission_deadline, _("National submission deadline")))
    if cycle.starts_on:
        moments.append((cycle.starts_on, _("Review meeting: %(venue)s") % {"venue": cycle.venue}))

    def day(moment) -> datetime.date:
        return timezone.localdate(moment) if isinstance(moment, datetime.datetime) else moment

    return [(_date(moment), label) for moment, label in sorted(moments, key=lambda m: day(m[0]))]


def _report_title(kind: str, cycle: ReviewCycle) -> str:
    if kind == IMRF:
        return _("Iraq: progress report to the %(forum)s") % {"forum": cycle.title}
    return _("Iraq: voluntary national review for the %(review)s") % {"review": cycle.title}


def _objectives_heading(kind: str) -> str:
    section = ReportSection.objects.filter(code="objectives-progress").first()
    return section.title if section else _("Progress on the GCM objectives")


def _cycle_dates(cycle: ReviewCycle) -> str:
    if cycle.starts_on and cycle.ends_on and cycle.ends_on != cycle.starts_on:
        return f"{_date(cycle.starts_on)} – {_date(cycle.ends_on)}"
    if cycle.starts_on:
        return _date(cycle.starts_on)
    return _("%(year)s, dates to be announced") % {"year": cycle.year}


def _date(moment) -> str:
    from django.utils.formats import date_format

    if moment is None:
        return ""
    if isinstance(moment, datetime.datetime):
        moment = timezone.localdate(moment)
    return date_format(moment, "j F Y")
