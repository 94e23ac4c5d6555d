"""Reads of the coordinator's work: cycles, who is asked to report on what, coverage."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from gcm_portal.accounts.models import Membership, Organisation, User
from objectives.models import Objective, StrategyAction
from reporting import access
from reporting.models import (
    Assignment,
    Reminder,
    ReportSection,
    ReviewCycle,
    Submission,
)

Role = Membership.Role


State = Submission.State


def cycle_list() -> QuerySet[ReviewCycle]:
    return ReviewCycle.objects.order_by("year", "kind")


def cycle_get_open() -> ReviewCycle | None:
    """Return the cycle now open for submissions (the earliest, if several are)."""
    return ReviewCycle.objects.filter(state=ReviewCycle.State.OPEN).order_by("year").first()


def cycle_get(*, code: str) -> ReviewCycle:
    try:
        return ReviewCycle.objects.get(code=code)
    except ReviewCycle.DoesNotExist as error:
        raise Http404 from error


# Organisations that report: every kind but IOM and the other UN agencies, which review and
# support the work rather than report it. Only these can be assigned subjects, and a strategy
# action led by one of them (a ministry, a Kurdistan Region body, a civil-society organisation,
# academia) is asked of its lead.
REPORTING_KINDS = [
    kind
    for kind in Organisation.Kind.values
    if kind not in (Organisation.Kind.IOM, Organisation.Kind.UN_AGENCY)
]


def organisations_that_report() -> QuerySet[Organisation]:
    """The organisations the coordinator can ask to report (assignments)."""
    return Organisation.objects.filter(kind__in=REPORTING_KINDS)


@dataclass
class Asked:
    """Who is asked to report on what in a cycle: organisations, and for each of them
    {(subject kind, subject id): subject}."""

    organisations: dict[int, Organisation] = field(default_factory=dict)
    subjects: dict[int, dict[tuple[str, int], object]] = field(default_factory=dict)

    def add(self, organisation: Organisation, kind: str, subject) -> None:
        self.organisations[organisation.pk] = organisation
        self.subjects.setdefault(organisation.pk, {})[(kind, subject.pk)] = subject

    def of(self, organisation_id: int) -> set[tuple[str, int]]:
        return set(self.subjects.get(organisation_id, {}))


def asked_to_report(*, cycle: ReviewCycle, organisation_ids=None) -> Asked:
    """The one rule for who is asked to report on what in a cycle (two queries):

    - the coordinator's assignments (an objective or a report section), and
    - each strategy action, of its lead organisation, when that organisation reports
      (REPORTING_KINDS, civil society included).

    The portal's lists, the coverage page, reminders, "who has not sent" and the compiled
    report's coverage all ask this; `organisation_ids` narrows it.
    """
    asked = Asked()
    assignments = Assignment.objects.filter(
        cycle=cycle, organisation__kind__in=REPORTING_KINDS
    ).select_related("organisation", "objective", "section")
    actions = StrategyAction.objects.filter(
        lead_organisation__kind__in=REPORTING_KINDS
    ).select_related("lead_organisation")
    if organisation_ids is not None:
        assignments = assignments.filter(organisation_id__in=organisation_ids)
        actions = actions.filter(lead_organisation_id__in=organisation_ids)
    for assignment in assignments:
        kind = "objective" if assignment.objective_id else "section"
        asked.add(assignment.organisation, kind, assignment.objective or assignment.section)
    for action in actions:
        asked.add(action.lead_organisation, "strategy_action", action)
    return asked


def expected_subjects(*, cycle: ReviewCycle, organisation: Organisation) -> set[tuple[str, int]]:
    """Return {(subject kind, id)} the organisation is asked to report on in the cycle."""
    return asked_to_report(cycle=cycle, organisation_ids=[organisation.pk]).of(organisation.pk)


@dataclass
class ReportingItem:
    """One line of "my reporting": a subject and where the organisation's report on it is."""

    organisation: Organisation
    subject_kind: str
    subject: object
    submission: Submission | None = None
    open_comments: int = 0

    @property
    def state(self) -> str:
        return self.submission.state if self.submission else "not_started"

    @property
    def sort_key(self) -> tuple:
        order = {"section": 0, "objective": 1, "strategy_action": 2}[self.subject_kind]
        subject = self.subject
        position = getattr(subject, "position", None) or getattr(subject, "number", None)
        return (self.organisation.name_en, order, position or 0, getattr(subject, "code", ""))


def my_reporting(*, user: User, cycle: ReviewCycle) -> list[ReportingItem]:
    """What the user's organisations are expected to report in the cycle, with their states."""
    organisation_ids = access.reports_for(user=user)
    asked = asked_to_report(cycle=cycle, organisation_ids=organisation_ids)
    items = {
        (organisation_id, kind, subject_id): ReportingItem(
            asked.organisations[organisation_id], kind, subject
        )
        for organisation_id, subjects in asked.subjects.items()
        for (kind, subject_id), subject in subjects.items()
    }
    submissions = Submission.objects.filter(
        cycle=cycle, organisation_id__in=organisation_ids
    ).annotate(
        # The reviewers' comments the organisation has not yet answered.
        latest_comments=Count(
            "comments", filter=Q(comments__parent__isnull=True, comments__state="open")
        )
    )
    for submission in submissions:
        item = items.get(
            (submission.organisation_id, submission.subject_kind, subject_id_of(submission))
        )
        if item is not None:
            item.submission = submission
            if submission.state == State.RETURNED:
                item.open_comments = submission.latest_comments
    return sorted(items.values(), key=lambda item: item.sort_key)


def subject_id_of(submission: Submission) -> int:
    return submission.objective_id or submission.strategy_action_id or submission.section_id


def organisations_with_unsent_work(*, cycle: ReviewCycle) -> set[int]:
    """Organisations with an expected subject not yet submitted (nothing, or a draft)."""
    asked = asked_to_report(cycle=cycle)
    sent = defaultdict(set)
    for submission in (
        Submission.objects.filter(cycle=cycle)
        .exclude(state=State.DRAFT)
        .only(
            "organisation_id", "subject_kind", "objective_id", "strategy_action_id", "section_id"
        )
    ):
        sent[submission.organisation_id].add((submission.subject_kind, subject_id_of(submission)))
    return {org for org in asked.subjects if asked.of(org) - sent[org]}


@dataclass
class CoverageRow:
    organisation: Organisation
    # per objective: ("", None) when not asked, else (state or "not_started", submission id)
    cells: list[tuple[str, int | None]]
    # (kind, subject, state, submission id) for sections and strategy actions
    others: list[tuple[str, object, str, int | None]]
    counts: Counter

    @property
    def outstanding(self) -> int:
        return self.counts["not_started"] + self.counts[State.DRAFT] + self.counts[State.RETURNED]

    @property
    def listed_others(self) -> list[tuple[str, object, str, int | None]]:
        """What the row lists one by one: its sections, and its strategy actions while they
        are few (SUMMARISED_ABOVE); beyond that they are counted by state."""
        actions = [other for other in self.others if other[0] == "strategy_action"]
        if len(actions) <= SUMMARISED_ABOVE:
            return self.others
        return [other for other in self.others if other[0] != "strategy_action"]

    @property
    def action_summary(self) -> list[tuple[str, int]]:
        """(state, how many) of the row's strategy actions when they are too many to list."""
        actions = [other for other in self.others if other[0] == "strategy_action"]
        if len(actions) <= SUMMARISED_ABOVE:
            return []
        counted = Counter(state for _kind, _subject, state, _id in actions)
        return [(state, counted[state]) for state in COVERAGE_STATES if counted[state]]


# A row lists up to this many strategy actions; more are counted by state.
SUMMARISED_ABOVE = 6
COVERAGE_STATES = ["not_started", State.DRAFT, State.RETURNED, State.SUBMITTED, State.APPROVED]


@dataclass
class Coverage:
    objectives: list[Objective]
    rows: list[CoverageRow]
    totals: Counter


def coverage_matrix(*, cycle: ReviewCycle) -> Coverage:
    """Organisations x objectives with the state of each expected report, and counts."""
    objectives = list(Objective.objects.order_by("number"))
    column = {o.pk: i for i, o in enumerate(objectives)}
    # Plain rows, not objects: a large cycle has thousands of submissions.
    states = {
        (organisation_id, kind, objective_id or action_id or section_id): (state, pk)
        for organisation_id, kind, objective_id, action_id, section_id, state, pk in (
            Submission.objects.filter(cycle=cycle).values_list(
                "organisation_id",
                "subject_kind",
                "objective_id",
                "strategy_action_id",
                "section_id",
                "state",
                "pk",
            )
        )
    }
    asked = asked_to_report(cycle=cycle)
    rows = []
    for organisation_id, subjects in asked.subjects.items():
        row = CoverageRow(
            asked.organisations[organisation_id], [("", None)] * len(objectives), [], Counter()
        )
        for (kind, subject_id), subject in subjects.items():
            state, submission_id = states.get(
                (organisation_id, kind, subject_id), ("not_started", None)
            )
            if kind == "objective":
                row.cells[column[subject_id]] = (state, submission_id)
            else:
                row.others.append((kind, subject, state, submission_id))
            row.counts[state] += 1
        row.others.sort(key=lambda other: (other[0] != "section", _subject_order(other[1])))
        rows.append(row)
    ordered = sorted(
        rows, key=lambda r: (not r.organisation.is_government, r.organisation.name_en)
    )
    totals = sum((r.counts for r in ordered), Counter())
    return Coverage(objectives=objectives, rows=ordered, totals=totals)


@dataclass
class Bar:
    """One bar of a dashboard chart: what is asked of an objective or an organisation."""

    label: str
    counts: Counter  # per state, "not_started" included

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def segments(self) -> list[tuple[str, float, float]]:
        """(state, start, width) in percent, approved first, for the drawing."""
        parts, start = [], 0.0
        for state in DASHBOARD_STATES:
            width = 100 * self.counts[state] / self.total if self.total else 0
            if width:
                parts.append((state, round(start, 2), round(width, 2)))
            start += width
        return parts


DASHBOARD_STATES = (State.APPROVED, State.SUBMITTED, State.RETURNED, State.DRAFT, "not_started")


@dataclass
class Dashboard:
    matrix: Coverage
    days_left: int | None  # to the submission deadline; negative once it has passed
    by_objective: list[Bar]
    by_organisation: list[Bar]
    # Past the deadline: what is still to submit, (organisation, subject kind, subject, state)
    overdue: list[tuple]
    waiting_longest: list[Submission]  # submitted, oldest first
    reminders: list  # the latest reminders sent, newest first

    @property
    def days_overdue(self) -> int:
        return -self.days_left if self.days_left is not None and self.days_left < 0 else 0


def coordinator_dashboard(*, cycle: ReviewCycle, today) -> Dashboard:
    """For the coordinator: how far the cycle has come, by objective and by organisation,
    what is overdue, what waits longest for review, and the reminders sent."""
    matrix = coverage_matrix(cycle=cycle)
    per_objective = [Counter() for _objective in matrix.objectives]
    overdue = []
    days_left = (cycle.submission_deadline - today).days if cycle.submission_deadline else None
    outstanding = ("not_started", State.DRAFT, State.RETURNED)
    for row in matrix.rows:
        for index, (state, _submission_id) in enumerate(row.cells):
            if state:
                per_objective[index][state] += 1
                if days_left is not None and days_left < 0 and state in outstanding:
                    overdue.append(
                        (row.organisation, "objective", matrix.objectives[index], state)
                    )
        if days_left is not None and days_left < 0:
            overdue += [
                (row.organisation, kind, subject, state)
                for kind, subject, state, _id in row.others
                if state in outstanding
            ]
    waiting = list(
        Submission.objects.filter(cycle=cycle, state=State.SUBMITTED)
        .select_related("organisation", "objective", "strategy_action", "section")
        .order_by("submitted_at", "pk")[:5]
    )
    reminders = list(
        Reminder.objects.filter(cycle=cycle)
        .select_related("organisation")
        .order_by("-sent_at")[:10]
    )
    return Dashboard(
        matrix=matrix,
        days_left=days_left,
        by_objective=[
            Bar(f"{objective.number}. {objective.short_label}", counts)
            for objective, counts in zip(matrix.objectives, per_objective, strict=True)
            if counts
        ],
        by_organisation=[Bar(row.organisation.name, row.counts) for row in matrix.rows],
        overdue=overdue,
        waiting_longest=waiting,
        reminders=reminders,
    )


def _subject_order(subject) -> tuple:
    return (getattr(subject, "position", 0) or 0, getattr(subject, "code", ""))


def report_sections_collecting() -> QuerySet[ReportSection]:
    return ReportSection.objects.filter(collects_submissions=True).order_by("position")
