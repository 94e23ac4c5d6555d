"""The content of a compiled report as plain data, in the layout of its kind of review.

A report is a document the Government writes: the coordinator's approved chapters, with the
approved contributions of ministries and civil society as the evidence behind them. Nothing
here renders: `build_report` returns dataclasses that the templates (PDF) and the Word writer
turn into a document. Every figure comes from the approved revisions as they were frozen
(reporting/snapshot.py); nothing is read from today's catalogue that a revision froze, so a
recompile of the same content gives the same document. The number of queries does not depend
on the amount of data.
"""

import datetime
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from gcm_portal.accounts.models import Membership, Organisation
from gcm_portal.bilingual import pick
from objectives.models import Objective, Principle, StakeholderType, number_and_note
from objectives.progress import progress
from reporting import report_text, segments, snapshot
from reporting.models import (
    Event,
    LayoutChapter,
    ReportEdition,
    ReviewCycle,
    Revision,
    RoundTable,
    Submission,
)
from reporting.pdf.consultations import ConsultationSection, consultation_section
from reporting.pdf.formats import format_date, format_date_range, format_number
from reporting.pdf.pledges import PledgeSection, pledge_section
from reporting.selectors import series as series_selectors
from reporting.selectors.coordination import asked_to_report
from reporting.selectors.editions import ReportContents, report_contents
from reporting.selectors.translations import CHAPTER, SUBMISSION
from reporting.sparkline import sparkline

STATUSES = ("achieved", "in_progress", "planned", "not_started")
Kind = LayoutChapter.Kind


def _action_order(code: str) -> tuple:
    """Sort key of a GCM action's code: "2(b)" before "10(a)"."""
    number, _open, letter = code.partition("(")
    return (int(number) if number.isdigit() else 0, letter)


def code_order(code: str) -> list[tuple]:
    """Sort key of a strategy action's code: "1.2" before "1.10", numbers before letters."""
    return [
        (0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"[.-]", code)
    ]


def subject_label(subject_kind: str, code: str, title: str) -> str:
    """How a source names what a contribution is on: "Objective 10", "Strategy action 1.1:
    Referral pathways", or a section's title."""
    if subject_kind == Submission.SubjectKind.OBJECTIVE:
        return _("Objective %(code)s") % {"code": code}
    if subject_kind == Submission.SubjectKind.STRATEGY_ACTION:
        return _("Strategy action %(code)s: %(title)s") % {"code": code, "title": title}
    return title


def source_note(*, organisation: str, subject: str, approved_at, language: str) -> str:
    """The words of a citation's source note, in the report and on the chapter's page."""
    return _("%(organisation)s, %(subject)s, approved on %(date)s") % {
        "organisation": organisation,
        "subject": subject,
        "date": format_date(approved_at, language),
    }


@dataclass
class Note:
    """A numbered source note: the contribution a chapter's text cites."""

    number: int
    text: str  # "Ministry of Interior, on objective 10, approved 26 May 2024"
    missing: bool = False  # cites work that is not in this report


@dataclass
class Written:
    """The coordinator's approved text of a chapter."""

    blocks: list[report_text.Block]
    messages: list[list[report_text.Segment]]
    notes: list[Note]
    language: str  # of the text as printed
    other_language: bool  # printed untranslated, in the language the report is not in
    language_note: str = ""  # in the report's language: translated from, or available only in

    @property
    def direction(self) -> str:
        return "rtl" if self.language == "ar" else "ltr"


@dataclass
class Contribution:
    """One approved contribution, attributed, as evidence in the report."""

    revision_id: int
    submission_id: int
    organisation: str
    organisation_kind: str
    is_cso: bool
    language: str  # of the text as printed
    other_language: bool  # printed untranslated, in the language the report is not in
    subject: str  # "Objective 10", "Strategy action 4.2: ...", "Policy and enabling environment"
    status: str
    status_label: str
    narratives: list[tuple[str, str]]  # (label in the report's language, text), filled ones
    principles: list[str]
    gcm_actions: list[str]
    source: str  # "Ministry of Interior · approved by IOM Iraq on 26 May 2024"
    plain: bool = False  # a report-section contribution: text without the form's headings
    language_note: str = ""  # in the report's language: translated from, or available only in

    @property
    def direction(self) -> str:
        return "rtl" if self.language == "ar" else "ltr"

    @property
    def anchor(self) -> str:
        return f"contribution-{self.submission_id}"


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
    # The language of a unit or source the contributor typed, when not the report's ("")
    unit_language: str = ""
    source_language: str = ""
    # Series and progress (reporting/selectors/series.py, objectives/progress.py): the period
    # the value is for, its progress from the baseline to the target as approved, and the
    # indicator's trend over the approved values up to this report (inline SVG).
    period: str = ""
    progress: str = ""  # "42 %", or "" when it cannot be computed
    on_track: str = ""  # on track, not on track, or why it cannot be judged
    trend: str = ""


@dataclass
class PolicyDomainRow:
    """One SDG 10.7.2 policy domain as the report prints it."""

    number: str
    title: str
    score: str  # 1-4, "" when not every sub-category was answered
    label: str
    yes: str  # "4 of 5"
    note: str
    note_language: str = ""  # the note's language when not the report's


@dataclass
class PolicyDomainTable:
    organisation: str
    approved_on: str
    rows: list[PolicyDomainRow]


@dataclass
class StrategyActionRow:
    code: str
    title: str
    lead: str
    status_label: str  # as the lead reported it in its approved revision; "" if it did not
    objective_numbers: list[int]


@dataclass
class PrintedElsewhere:
    """Where a report on a strategy action serving several objectives is printed in full."""

    subject: str  # "Strategy action 2.1: Referral pathways"
    organisation: str
    objective_number: int
    anchor: str  # of the contribution as printed


@dataclass
class ObjectiveChapter:
    number: int
    title: str
    short_label: str
    anchor: str
    synthesis: Written | None = None
    government: list[Contribution] = field(default_factory=list)
    cso: list[Contribution] = field(default_factory=list)
    strategy: list[Contribution] = field(default_factory=list)  # reports on strategy actions
    indicators: list[IndicatorRow] = field(default_factory=list)
    strategy_actions: list[StrategyActionRow] = field(default_factory=list)
    # {submission id: where that report on a strategy action is printed in full}
    strategy_elsewhere: dict[int, PrintedElsewhere] = field(default_factory=dict)
    # The GCM actions its contributions address: (code, official text or its objective)
    gcm_actions: list[tuple[str, str]] = field(default_factory=list)

    @property
    def has_content(self) -> bool:
        return bool(self.synthesis or self.government or self.cso or self.strategy)

    @property
    def strategy_entries(self) -> list[tuple[Contribution, PrintedElsewhere | None]]:
        """The reports on strategy actions serving this objective, each with where it is
        printed in full when that is under another objective."""
        return [(item, self.strategy_elsewhere.get(item.submission_id)) for item in self.strategy]


@dataclass
class ObjectiveGroup:
    title: str  # "" when the objectives are not grouped
    anchor: str
    objectives: list[ObjectiveChapter]
    continued: bool = False  # a later part of a report compiled in parts: no heading again


@dataclass
class ReportChapter:
    code: str
    kind: str
    title: str
    anchor: str
    written: Written | None = None
    government: list[Contribution] = field(default_factory=list)
    cso: list[Contribution] = field(default_factory=list)
    groups: list[ObjectiveGroup] = field(default_factory=list)
    not_reported: list[tuple[int, str]] = field(default_factory=list)
    pledges: PledgeSection | None = None  # the pledges chapter and annex
    continued: bool = False  # a later part of a report compiled in parts: no heading again

    @property
    def is_annex(self) -> bool:
        return self.kind in LayoutChapter.ANNEX_KINDS

    @property
    def contributions(self) -> list[Contribution]:
        return self.government + self.cso


@dataclass
class Report:
    kind: str
    language: str
    direction: str
    preview: bool
    title: str
    cover_note: str
    country: str
    cycle_title: str
    cycle_code: str
    venue: str
    dates: str
    region: str
    edition_date: str
    edition_day: datetime.date  # the same date, for what is not printed (file metadata)
    reference: str
    submitted_by: str
    contact: str
    validation: dict | None  # body, date, decision, organisations
    blockers: list[str]  # what would block a final: listed in a preview's imprint
    chapters: list[ReportChapter]
    contributors: list[dict]  # organisation, kind label, stakeholder type, count
    contributors_by_type: list[tuple[str, int]]
    timeline: list[tuple[str, str]]
    totals: dict
    principles: list[tuple[str, int]]  # title, number of contributions applying it
    status_by_objective: list[tuple[int, str, dict]]  # number, short title, {status: count}
    coverage_by_type: list[tuple[str, int, int]]  # organisation type, reported, asked
    matrix_actions: list[StrategyActionRow]
    matrix_objectives: list[int]
    indicator_annex: list[IndicatorRow]
    exclusions: list[tuple[str, str, str]]  # organisation, subject, reason
    revision_ids: list[int]
    chapter_revision_ids: list[int] = field(default_factory=list)
    # In the Arabic edition, what it prints in working translation until the official Arabic
    # text is loaded: {"objectives" | "principles" | "stakeholder_types": the note saying so}
    working: dict[str, str] = field(default_factory=dict)
    # SDG 10.7.2 by policy domain, from the approved questionnaire (in the indicators annex)
    policy_domains: list["PolicyDomainTable"] = field(default_factory=list)
    # The cycle's consultations, as the methodology prints them.
    consultations: ConsultationSection = field(default_factory=ConsultationSection)

    @property
    def blocker_summary(self) -> str:
        """What would block a final, in a line for every page of a preview."""
        return " · ".join(blocker.split(":")[0].rstrip(".") for blocker in self.blockers)


def build_report(
    *,
    cycle: ReviewCycle,
    kind: str,
    language: str,
    preview: bool,
    edition_date=None,
    contents: ReportContents | None = None,
) -> Report:
    """Collect everything the report shows, in the report's language."""
    with translation.override(language):
        contents = contents or report_contents(cycle=cycle, kind=kind)
        return _Builder(contents, language, preview, edition_date).build()


class _Builder:
    def __init__(self, contents: ReportContents, language: str, preview: bool, edition_date):
        self.contents, self.cycle, self.language = contents, contents.cycle, language
        self.preview, self.edition_date = preview, edition_date or timezone.localdate()
        self.revisions = contents.revisions
        self.frozen = {revision.pk: snapshot.load(revision.content) for revision in self.revisions}
        self.labels = snapshot.Labels.load(self.frozen.values())
        self.series = None  # indicator id -> approved points up to this report, when needed
        self.kinds = dict(Organisation.Kind.choices)
        self.statuses = dict(Submission.ImplementationStatus.choices)
        self.approvers = _approvers(self.revisions)
        self.by_submission = {}
        self.needs = contents.translations(language)

    # --- texts written in the other language ----------------------------------------------

    def in_report_language(
        self, kind: str, object_id: int, written_in: str, *, chapter: bool = False
    ) -> tuple[dict[str, str] | None, str]:
        """For a text written in `written_in`: its reviewed translation into the report's
        language (field name -> text; None to print the text as written) and the sentence, in
        the report's language, that says which it is."""
        if written_in == self.language:
            return None, ""
        translation_ = self.needs.usable.get((kind, object_id))
        if translation_ is not None:
            fields = segments.translated_fields(translation_.segments)
            date = format_date(
                translation_.reviewed_at or translation_.translated_at, self.language
            )
            note = (
                _("Translated from Arabic; the translation was reviewed on %(date)s.")
                if written_in == "ar"
                else _("Translated from English; the translation was reviewed on %(date)s.")
            ) % {"date": date}
            return fields, note
        if (kind, object_id) in self.needs.waived:
            if chapter:
                note = (
                    _("This text is available in Arabic only.")
                    if written_in == "ar"
                    else _("This text is available in English only.")
                )
            else:
                note = (
                    _("The text of this contribution is available in Arabic only.")
                    if written_in == "ar"
                    else _("The text of this contribution is available in English only.")
                )
            return None, note
        note = (  # a preview, before the translation is reviewed
            _("Not translated yet: printed in Arabic, as written.")
            if written_in == "ar"
            else _("Not translated yet: printed in English, as written.")
        )
        return None, note

    # --- contributions ---------------------------------------------------------------------

    def contribution(self, revision: Revision) -> Contribution:
        content = self.frozen[revision.pk]
        submission = revision.submission
        organisation = submission.organisation
        subject = subject_label(submission.subject_kind, *self.labels.subject(content, submission))
        approved_on = format_date(revision.approved_at, self.language)
        approver = self.approvers.get(revision.pk)
        source = (
            _("%(organisation)s · approved by %(approver)s on %(date)s")
            % {"organisation": organisation.name, "approver": approver, "date": approved_on}
            if approver
            else _("%(organisation)s · approved on %(date)s")
            % {"organisation": organisation.name, "date": approved_on}
        )
        translated, language_note = self.in_report_language(
            SUBMISSION, submission.pk, revision.language
        )
        if translated is None:
            language, texts = revision.language, content.narrative
        else:
            language, texts = self.language, lambda name: translated.get(name, "")
        return Contribution(
            revision_id=revision.pk,
            submission_id=submission.pk,
            organisation=organisation.name,
            organisation_kind=str(self.kinds.get(organisation.kind, "")),
            is_cso=organisation.is_cso,
            language=language,
            other_language=language != self.language,
            language_note=language_note,
            subject=subject,
            status=content.implementation_status,
            status_label=str(self.statuses.get(content.implementation_status, "")),
            narratives=[
                (str(narrative.label), texts(narrative.name))
                for narrative in snapshot.NARRATIVE_FIELDS
                if texts(narrative.name)
            ],
            principles=[self.labels.principle(letter) for letter in content.principles],
            gcm_actions=[action.code for action in content.gcm_actions],
            source=source,
            plain=submission.subject_kind == Submission.SubjectKind.SECTION,
        )

    def note_text(self, submission_id: int) -> Note:
        item = self.by_submission.get(submission_id)
        if item is None:
            return Note(0, _("a contribution that is not in this report"), missing=True)
        revision, contribution = item
        return Note(
            0,
            source_note(
                organisation=contribution.organisation,
                subject=contribution.subject,
                approved_at=revision.approved_at,
                language=self.language,
            ),
        )

    def written(self, layout_chapter: LayoutChapter, objective=None) -> Written | None:
        revision = self.contents.chapters.get(
            (layout_chapter.pk, objective.pk if objective else None)
        )
        if revision is None:
            return None
        cited: list[int] = []
        body = revision.content.get("body", "")
        messages = revision.content.get("messages", [])
        translated, language_note = self.in_report_language(
            CHAPTER, revision.chapter_id, revision.language, chapter=True
        )
        language = revision.language
        if translated is not None:
            language = self.language
            body = translated.get("body", "")
            messages = [
                translated.get(f"message-{number}", "")
                for number, _message in enumerate(messages, start=1)
            ]
        parsed_messages = [report_text.parse(m, cited).blocks for m in messages]
        text = report_text.parse(body, cited)
        notes = []
        for number, submission_id in enumerate(cited, start=1):
            note = self.note_text(submission_id)
            note.number = number
            notes.append(note)
        return Written(
            blocks=text.blocks,
            messages=[blocks[0].items[0] if blocks else [] for blocks in parsed_messages],
            notes=notes,
            language=language,
            other_language=language != self.language,
            language_note=language_note,
        )

    # --- the whole report ------------------------------------------------------------------

    def build(self) -> Report:
        cycle, language = self.cycle, self.language
        contributions = [(revision, self.contribution(revision)) for revision in self.revisions]
        contributions.sort(key=lambda pair: (pair[1].is_cso, pair[1].organisation, pair[0].pk))
        self.by_submission = {c.submission_id: (r, c) for r, c in contributions}

        objectives = list(Objective.objects.order_by("number"))
        chapters = {
            o.number: ObjectiveChapter(o.number, o.title, o.short_label, f"objective-{o.number}")
            for o in objectives
        }
        by_section, unplaced = defaultdict(list), []
        strategy_rows = {}
        for revision, item in contributions:
            submission, content = revision.submission, self.frozen[revision.pk]
            if submission.objective_id:
                chapter = chapters[submission.objective.number]
                (chapter.cso if item.is_cso else chapter.government).append(item)
            elif submission.section_id:
                by_section[submission.section_id].append(item)
            else:
                row = self.strategy_row(content, submission, item)
                strategy_rows[submission.strategy_action_id] = row
                for number in row.objective_numbers:
                    chapters[number].strategy.append(item)
                    chapters[number].strategy_actions.append(row)
                if not row.objective_numbers:
                    unplaced.append(item)
        annex = self.indicators(contributions, chapters)
        action_texts = {
            reference.code: self.labels.gcm_action(reference)
            for content in self.frozen.values()
            for reference in content.gcm_actions
        }
        for chapter in chapters.values():
            codes = {
                code
                for item in chapter.government + chapter.cso + chapter.strategy
                for code in item.gcm_actions
            }
            chapter.gcm_actions = [
                (code, action_texts[code]) for code in sorted(codes, key=_action_order)
            ]

        layout = self.contents.layout
        placed_sections = {c.section_id for c in layout.chapters.all() if c.section_id}
        unplaced += [
            item
            for section_id, items in by_section.items()
            if section_id not in placed_sections
            for item in items
        ]
        report_chapters = []
        for layout_chapter in layout.chapters.all():
            if layout_chapter.kind in LayoutChapter.ANNEX_KINDS and unplaced:
                report_chapters.append(self.other_contributions(unplaced))
                unplaced = []
            chapter = ReportChapter(
                code=layout_chapter.code,
                kind=layout_chapter.kind,
                title=layout_chapter.title,
                anchor=f"chapter-{layout_chapter.code}",
            )
            if layout_chapter.is_written and layout_chapter.kind != Kind.OBJECTIVES:
                chapter.written = self.written(layout_chapter)
            for item in by_section.get(layout_chapter.section_id, []):
                (chapter.cso if item.is_cso else chapter.government).append(item)
            if layout_chapter.kind == Kind.OBJECTIVES:
                for number, objective_chapter in chapters.items():
                    objective_chapter.synthesis = self.written(
                        layout_chapter, objectives[number - 1]
                    )
                chapter.groups = self.groups(layout_chapter, chapters)
                _print_strategy_reports_once(chapter.groups)
                chapter.not_reported = [
                    (c.number, c.short_label) for c in chapters.values() if not c.has_content
                ]
            if layout_chapter.kind in (Kind.PLEDGES, Kind.ANNEX_PLEDGES):
                chapter.pledges = pledge_section(
                    cycle=cycle,
                    pledges=self.contents.pledges,
                    updates=self.contents.pledge_updates,
                    language=language,
                )
            report_chapters.append(chapter)
        if unplaced:
            report_chapters.append(self.other_contributions(unplaced))

        stakeholder_types = {t.code: t for t in StakeholderType.objects.all()}

        def stakeholder_type(organisation) -> str:
            known = stakeholder_types.get(organisation.stakeholder_type)
            return known.title if known else organisation.get_stakeholder_type_display()

        organisations = Counter(
            (
                r.submission.organisation_id,
                c.organisation,
                r.submission.organisation.kind,
                stakeholder_type(r.submission.organisation) if c.is_cso else "",
            )
            for r, c in contributions
        )
        contributors = sorted(
            (
                {
                    "organisation": name,
                    "kind": str(self.kinds[k]),
                    "stakeholder_type": str(stake),
                    "count": count,
                }
                for (_pk, name, k, stake), count in organisations.items()
            ),
            key=lambda row: (row["kind"], row["organisation"]),
        )
        government_count = sum(1 for _r, c in contributions if not c.is_cso)
        layout_title = layout.title_for(cycle.title)
        validation = self.contents.validation
        report = Report(
            kind=self.contents.kind,
            language=language,
            direction="rtl" if language == "ar" else "ltr",
            preview=self.preview,
            title=layout_title,
            cover_note=layout.cover_note.replace("{review}", cycle.title),
            country=_("Iraq"),
            cycle_title=cycle.title,
            cycle_code=cycle.code,
            venue=cycle.venue,
            dates=(
                format_date_range(cycle.starts_on, cycle.ends_on, language)
                if cycle.starts_on
                else _("%(year)s, dates to be announced") % {"year": cycle.year}
            ),
            region=cycle.region,
            edition_date=format_date(self.edition_date, language),
            edition_day=self.edition_date,
            reference=_reference(cycle, self.contents.kind, language, self.edition_date),
            submitted_by=_("Government of Iraq"),
            contact=self.contact(),
            validation=self.validation_facts(validation),
            consultations=consultation_section(self.contents.consultations, language),
            blockers=self.contents.blockers_for(self.language) if self.preview else [],
            chapters=report_chapters,
            contributors=contributors,
            contributors_by_type=sorted(Counter(r["kind"] for r in contributors).items()),
            timeline=self.timeline(validation),
            totals={
                "contributions": len(contributions),
                "government": government_count,
                "cso": len(contributions) - government_count,
                "organisations": len(contributors),
                "objectives_covered": sum(1 for c in chapters.values() if c.has_content),
                "returned": self.returned_count(),
            },
            principles=_principle_counts(contributions, self.labels.principles),
            status_by_objective=[
                (
                    c.number,
                    c.short_label,
                    Counter(x.status for x in c.government + c.cso + c.strategy if x.status),
                )
                for c in chapters.values()
            ],
            coverage_by_type=self.coverage(),
            matrix_actions=self.matrix(strategy_rows),
            matrix_objectives=[o.number for o in objectives],
            indicator_annex=annex,
            exclusions=[
                (
                    e.submission.organisation.name,
                    _subject_label(e.submission),
                    e.reason,
                )
                for e in self.contents.exclusions
            ],
            revision_ids=sorted(r.pk for r in self.revisions),
            chapter_revision_ids=sorted(r.pk for r in self.contents.chapters.values()),
            working=self.working(
                objectives,
                [
                    stakeholder_types.get(r.submission.organisation.stakeholder_type)
                    for r, c in contributions
                    if c.is_cso
                ],
            ),
        )
        report.policy_domains = self.policy_tables(contributions)
        return report

    def working(self, objectives, stakeholder_types) -> dict[str, str]:
        """What the Arabic edition prints in working translation, with the note saying so."""
        if self.language != "ar":
            return {}

        def working(item) -> bool:
            return item is not None and item.shows_working_translation

        notes = {}
        if any(working(objective) for objective in objectives):
            notes["objectives"] = _(
                "The Arabic titles of the GCM objectives in this report are working "
                "translations; the official Arabic text of resolution 73/195 prevails."
            )
        if any(working(p) for p in Principle.objects.filter(letter__in=self.labels.principles)):
            notes["principles"] = _(
                "The Arabic titles of the guiding principles in this report are working "
                "translations; the official Arabic text of resolution 73/195 prevails."
            )
        if any(working(t) for t in stakeholder_types):
            notes["stakeholder_types"] = _(
                "The Arabic names of the stakeholder types in this report are working "
                "translations; the official Arabic text of resolution 73/195 prevails."
            )
        return notes

    def strategy_row(self, content, submission, item: Contribution) -> StrategyActionRow:
        frozen = content.subject
        if frozen is not None:
            code, title = frozen.code, pick(frozen.title_en, frozen.title_ar)
            lead, numbers = pick(frozen.lead_en, frozen.lead_ar), list(frozen.objectives)
        else:  # a revision from before version 2: the catalogue as it is today
            action = submission.strategy_action
            code, title, lead = action.code, action.title, action.lead_organisation.name
            numbers = sorted(action.objectives.values_list("number", flat=True))
        return StrategyActionRow(code, title, lead, item.status_label, numbers)

    def groups(self, layout_chapter, chapters) -> list[ObjectiveGroup]:
        listed = [c for c in chapters.values() if c.has_content]
        tables = (
            list(
                RoundTable.objects.filter(cycle=self.cycle)
                .prefetch_related("objectives")
                .order_by("number")
            )
            if layout_chapter.group_by_round_table
            else []
        )
        if not tables:  # not grouped, or a cycle without round tables
            return [ObjectiveGroup("", "", listed)]
        groups, placed = [], set()
        for table in tables:
            numbers = {o.number for o in table.objectives.all()}
            members = [c for c in listed if c.number in numbers and c.number not in placed]
            placed |= {c.number for c in members}
            groups.append(
                ObjectiveGroup(
                    _("Round table %(number)d") % {"number": table.number},
                    f"round-table-{table.number}",
                    members,
                )
            )
        rest = [c for c in listed if c.number not in placed]
        if rest:
            groups.append(ObjectiveGroup(_("Other objectives"), "round-table-other", rest))
        return [group for group in groups if group.objectives]

    def other_contributions(self, items: list[Contribution]) -> ReportChapter:
        chapter = ReportChapter(
            code="other-contributions",
            kind=Kind.TEXT,
            title=_("Other contributions"),
            anchor="chapter-other-contributions",
        )
        for item in items:
            (chapter.cso if item.is_cso else chapter.government).append(item)
        return chapter

    def policy_tables(self, contributions) -> list["PolicyDomainTable"]:
        """SDG 10.7.2 by domain from each approved questionnaire in the report (its section's
        latest approved revision): the score computed from the frozen answers."""
        tables = []
        for revision, item in contributions:
            content = self.frozen[revision.pk]
            if not content.policy_domains:
                continue
            note_language = revision.language if revision.language != self.language else ""
            tables.append(
                PolicyDomainTable(
                    organisation=item.organisation,
                    approved_on=format_date(revision.approved_at, self.language),
                    rows=[
                        PolicyDomainRow(
                            number=format_number(str(domain.number), self.language),
                            title=domain.title,
                            score=format_number(str(score.score), self.language)
                            if score.score
                            else "",
                            label=score.label,
                            yes=_("%(yes)s of %(total)s")
                            % {
                                "yes": format_number(str(score.yes), self.language),
                                "total": format_number(str(score.total), self.language),
                            },
                            note=domain.note,
                            note_language=note_language if domain.note else "",
                        )
                        for domain in content.policy_domains
                        for score in [domain.score]
                    ],
                )
            )
        return tables

    def indicators(self, contributions, chapters) -> list[IndicatorRow]:
        """Every approved indicator value, in the annex and under the objectives its
        contribution reports on (as frozen: the objective, or a strategy action's)."""
        annex = []
        for revision, item in contributions:
            content = self.frozen[revision.pk]
            submission = revision.submission
            if submission.objective_id:
                numbers = [submission.objective.number]
            elif content.subject is not None:
                numbers = list(content.subject.objectives)
            else:
                numbers = []
            typed_in = revision.language if revision.language != self.language else ""
            for reading in content.indicator_values:
                facts = self.labels.indicator_facts(reading)
                row = IndicatorRow(
                    code=reading.code,
                    name=self.labels.indicator_name(reading),
                    sdg_code=facts["sdg_code"],
                    organisation=item.organisation,
                    value=format_number(reading.value, self.language),
                    unit=self.labels.indicator_unit(reading),
                    reference_date=format_date(_iso_date(reading.reference_date), self.language)
                    if reading.reference_date
                    else "",
                    source=reading.source,
                    breakdown=[
                        (label, format_number(value, self.language))
                        for label, value in self.labels.breakdown(reading)
                    ],
                    baseline=_with_year(facts["baseline"], facts["baseline_year"], self.language),
                    target=_with_year(facts["target"], facts["target_year"], self.language),
                    unit_language=typed_in if reading.unit else "",
                    source_language=typed_in if reading.source else "",
                    **self.indicator_progress(reading, facts, revision),
                )
                annex.append(row)
                for number in numbers:
                    chapters[number].indicators.append(row)
        annex.sort(key=lambda row: (row.code, row.organisation))
        return annex

    def indicator_progress(self, reading, facts: dict, revision) -> dict:
        """The period, progress, on-track verdict and trend of one approved value, from the
        baseline and target as approved with it and the approved series up to this report."""
        if self.series is None:
            # Earlier cycles' latest approved revisions, and this report's own.
            earlier = series_selectors.approved_revisions_with_values(
                up_to_year=self.cycle.year - 1
            )
            self.series = series_selectors.series_from(
                [(r, snapshot.load(r.content)) for r in earlier]
                + [(r, self.frozen[r.pk], self.cycle) for r in self.revisions]
            )
        period = series_selectors.period_of(reading, self.cycle)
        baseline, _note = number_and_note(reading.kind or "", facts["baseline"])
        target, _note = number_and_note(reading.kind or "", facts["target"])
        measured = progress(
            baseline=baseline,
            baseline_year=facts["baseline_year"],
            target=target,
            target_year=facts["target_year"],
            direction=self.labels.indicator_direction(reading),
            latest=series_selectors.number_of(reading.kind, reading.value),
            latest_when=period.when,
        )
        # The trend of what this organisation reported: figures of different reporters
        # (e.g. federal and Kurdistan Region totals) are not one line.
        organisation_id = revision.submission.organisation_id
        points = [
            p
            for p in self.series.get(reading.indicator_id, [])
            if p.organisation_id == organisation_id
        ]
        return {
            "period": period.label(self.language),
            "progress": format_number(measured.percent, self.language) + "\u00a0%"
            if measured.percent is not None
            else "",
            "on_track": measured.verdict if reading.kind in ("number", "percent") else "",
            "trend": sparkline(
                [p.number for p in points],
                baseline=float(baseline) if baseline is not None else None,
                target=float(target) if target is not None else None,
                width=60,
                height=16,
                label=_("Trend of %(code)s") % {"code": reading.code},
            ),
        }

    def matrix(self, reported: dict) -> list[StrategyActionRow]:
        """The strategy actions reported on in this cycle, as their leads' approved revisions
        froze them (code, title, lead, objectives, status), in the strategy's order."""
        return sorted(
            reported.values(),
            key=lambda row: code_order(row.code),
        )

    def coverage(self) -> list[tuple[str, int, int]]:
        """Per organisation type: organisations asked to report (the one rule,
        selectors.coordination.asked_to_report) and, of those, the ones with approved work."""
        asked = defaultdict(set)
        for organisation in asked_to_report(cycle=self.cycle).organisations.values():
            asked[organisation.kind].add(organisation.pk)
        reported = defaultdict(set)
        for revision in self.revisions:
            organisation = revision.submission.organisation
            if organisation.pk in asked[organisation.kind]:
                reported[organisation.kind].add(organisation.pk)
        order = list(self.kinds)
        return [
            (str(self.kinds[kind]), len(reported[kind]), len(asked[kind]))
            for kind in sorted(asked, key=order.index)
        ]

    def returned_count(self) -> int:
        """Contributions in the report that went back to their organisation at least once."""
        return (
            Event.objects.filter(
                submission_id__in=[r.submission_id for r in self.revisions], action="return"
            )
            .values("submission_id")
            .distinct()
            .count()
        )

    def contact(self) -> str:
        """The coordinating organisation and its coordinators, for questions on the report."""
        coordinators = list(
            Membership.objects.filter(role=Membership.Role.COORDINATOR, user__is_active=True)
            .select_related("organisation", "user")
            .order_by("organisation__name_en", "user__last_name", "pk")
        )
        if not coordinators:
            return ""
        organisation = coordinators[0].organisation.name
        # Left-to-right marks hold an address's angle brackets to it in the Arabic edition.
        people = [
            f"{m.user.get_full_name() or m.user.username}"
            + (f" \u200e<{m.user.email}>\u200e" if m.user.email else "")
            for m in coordinators
            if m.organisation_id == coordinators[0].organisation_id
        ]
        return _("%(organisation)s (national coordinator): %(people)s") % {
            "organisation": organisation,
            "people": pgettext("list separator", ", ").join(people),
        }

    def validation_facts(self, validation) -> dict | None:
        if validation is None:
            return None
        return {
            "body": validation.body,
            "date": format_date(validation.held_on, self.language),
            "decision": str(validation.get_decision_display()),
            "organisations": [o.name for o in validation.organisations.order_by("name_en")],
        }

    def timeline(self, validation) -> list[tuple[str, str]]:
        moments = []
        if self.revisions:
            moments.append(
                (min(r.submitted_at for r in self.revisions), _("First contribution submitted"))
            )
            moments.append(
                (max(r.approved_at for r in self.revisions), _("Last contribution approved"))
            )
        if self.cycle.submission_deadline:
            moments.append((self.cycle.submission_deadline, _("National submission deadline")))
        if validation is not None:
            moments.append(
                (
                    validation.held_on,
                    _("National validation: %(body)s") % {"body": validation.body},
                )
            )
        if self.cycle.starts_on:
            moments.append(
                (
                    self.cycle.starts_on,
                    _("Review meeting: %(venue)s") % {"venue": self.cycle.venue},
                )
            )

        def day(moment):
            return timezone.localdate(moment) if hasattr(moment, "hour") else moment

        return [
            (format_date(moment, self.language), label)
            for moment, label in sorted(moments, key=lambda m: day(m[0]))
        ]


def _print_strategy_reports_once(groups: list[ObjectiveGroup]) -> None:
    """A report on a strategy action that serves several objectives prints in full under the
    first of them in the report's order; the others refer to it."""
    printed: dict[int, PrintedElsewhere] = {}
    for group in groups:
        for objective in group.objectives:
            for item in objective.strategy:
                if item.submission_id in printed:
                    objective.strategy_elsewhere[item.submission_id] = printed[item.submission_id]
                else:
                    printed[item.submission_id] = PrintedElsewhere(
                        subject=item.subject,
                        organisation=item.organisation,
                        objective_number=objective.number,
                        anchor=item.anchor,
                    )


def _approvers(revisions: list[Revision]) -> dict[int, str]:
    """{revision id: the organisation of the reviewer who approved it} (one query)."""
    approvers = {}
    events = Event.objects.filter(
        revision_id__in=[r.pk for r in revisions], action="approve"
    ).select_related("actor")
    organisation_of = {}
    actors = {event.actor_id for event in events}
    for membership in Membership.objects.filter(
        user_id__in=actors, role=Membership.Role.REVIEWER
    ).select_related("organisation"):
        organisation_of.setdefault(membership.user_id, membership.organisation.name)
    for event in events:
        if event.actor_id in organisation_of:
            approvers[event.revision_id] = organisation_of[event.actor_id]
    return approvers


def _subject_label(submission: Submission) -> str:
    if submission.objective_id:
        return _("Objective %(code)s") % {"code": submission.objective.number}
    if submission.strategy_action_id:
        return _("Strategy action %(code)s: %(title)s") % {
            "code": submission.strategy_action.code,
            "title": submission.strategy_action.title,
        }
    return submission.section.title


def _principle_counts(contributions, principles) -> list[tuple[str, int]]:
    counts = Counter(title for _r, c in contributions for title in c.principles)
    return [(title, counts.get(title, 0)) for _letter, title in sorted(principles.items())]


def _with_year(value: str, year, language: str) -> str:
    if not value:
        return ""
    number = format_number(value, language)
    return f"{number} ({year})" if year else number


def _iso_date(text: str):
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


def _reference(cycle: ReviewCycle, kind: str, language: str, edition_date) -> str:
    """The document reference printed in the imprint: country, compact, review, report,
    language and date, e.g. IRQ/GCM/ARAB-REGIONAL-2024/REGIONAL/EN/2024-06-20."""
    return "/".join(
        ["IRQ", "GCM", cycle.code.upper(), kind.upper(), language.upper(), str(edition_date)]
    )


def edition_report(edition: ReportEdition, contents: ReportContents | None = None) -> Report:
    """The report of a compiled edition, as it asks for it."""
    return build_report(
        cycle=edition.cycle,
        kind=edition.kind,
        language=edition.language,
        preview=edition.mode == ReportEdition.Mode.PREVIEW,
        edition_date=edition.edition_date,
        contents=contents,
    )
