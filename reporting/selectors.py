"""Reads of the reporting app, and the access rules for submissions in one place.

Every page, API endpoint and export gets submissions through submission_list_for_user or
submission_get_for_user, so the same rule decides what each person may see.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404

from gcm_portal.accounts.models import Membership, Organisation, User
from gcm_portal.accounts.selectors import roles_by_organisation
from objectives.models import Indicator, Objective, StrategyAction
from reporting import access, snapshot, workflow
from reporting.models import (
    Assignment,
    Comment,
    Event,
    Evidence,
    IndicatorValue,
    ReportSection,
    ReviewCycle,
    Revision,
    Submission,
)

Role = Membership.Role
State = Submission.State


# --- cycles ---------------------------------------------------------------------------------


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


# --- access ---------------------------------------------------------------------------------


def submission_visibility(*, user: User) -> Q:
    """The submissions a user may read.

    Focal points: everything of their own organisation. The review side (reporting/access.py):
    what has been submitted by anyone (never another organisation's draft). Every member:
    approved content.
    """
    if user.is_superuser:
        return Q()
    if not access.is_member(user=user):
        return Q(pk__in=[])
    visible = Q(state=State.APPROVED) | Q(organisation_id__in=access.reports_for(user=user))
    if access.works_on_review(user=user):
        visible |= ~Q(state=State.DRAFT)
    return visible


def submission_list_for_user(*, user: User) -> QuerySet[Submission]:
    return Submission.objects.filter(submission_visibility(user=user)).select_related(
        "cycle", "organisation", "objective", "strategy_action", "section"
    )


def submission_get_for_user(*, user: User, submission_id: int) -> Submission:
    """Return the submission if the user may see it; raise Http404 otherwise."""
    submission = submission_list_for_user(user=user).filter(pk=submission_id).first()
    if submission is None:
        raise Http404
    return submission


def submission_get_for_editing(*, user: User, submission_id: int) -> Submission:
    """Return the submission to one of its organisation's focal points; 404 for others."""
    submission = submission_get_for_user(user=user, submission_id=submission_id)
    if not access.may_report_for(user=user, organisation_id=submission.organisation_id):
        raise Http404
    return submission


def submission_actions_for(*, user: User, submission: Submission) -> list[workflow.Transition]:
    """The transitions the user could take on the submission now."""
    return access.available_transitions(user=user, submission=submission)


def reviews_submissions(*, user: User) -> bool:
    """Whether the user works on the review side (the queue and the review screen)."""
    return access.works_on_review(user=user)


def review_record_readable(*, user: User, submission: Submission) -> bool:
    """Whether the user reads the review conversation: comments, and the reasons given for
    returning or reopening (reporting/access.py). Other readers of approved work see the work
    and its history, not what was said about it."""
    return access.may_read_review_record(
        user=user, organisation_id=submission.organisation_id, state=submission.state
    )


def comment_list_for_user(*, user: User, submission_id: int) -> QuerySet[Comment]:
    """A submission's comments, for those who read the review conversation; Http404 for
    anyone else."""
    submission = submission_get_for_user(user=user, submission_id=submission_id)
    if not review_record_readable(user=user, submission=submission):
        raise Http404
    return submission.comments.select_related("author", "revision").order_by("created_at", "pk")


def evidence_attached(*, submission: Submission) -> QuerySet[Evidence]:
    """The files attached to the draft now (removed ones stay for the revisions that list them)."""
    return submission.evidence.filter(removed_at__isnull=True).select_related("uploaded_by")


def revision_list_for_user(*, user: User, submission: Submission) -> QuerySet[Revision]:
    """The revisions of a submission the user may see (who may see the submission at all is
    submission_visibility's answer): all of them for its organisation's focal points, the
    review side and the superuser; for other members, the approved ones."""
    revisions = submission.revisions.order_by("number")
    own = access.may_report_for(user=user, organisation_id=submission.organisation_id)
    if own or access.works_on_review(user=user):
        return revisions
    return revisions.filter(approved_at__isnull=False)


def evidence_get_for_user(*, user: User, evidence_id: int) -> Evidence:
    """An evidence file, to whoever may read a revision that lists it, and to its
    organisation's focal points while it is attached to their draft; Http404 for anyone else.

    A file removed from a draft before it was ever submitted no longer exists.
    """
    evidence = Evidence.objects.filter(pk=evidence_id).select_related("submission").first()
    if evidence is None:
        raise Http404
    submission = submission_get_for_user(user=user, submission_id=evidence.submission_id)
    own = access.may_report_for(user=user, organisation_id=submission.organisation_id)
    if evidence.removed_at is None and (own or user.is_superuser):
        return evidence
    for content in revision_list_for_user(user=user, submission=submission).values_list(
        "content", flat=True
    ):
        if evidence.pk in snapshot.load(content).evidence_ids:
            return evidence
    raise Http404


def organisation_list_for_user(*, user: User) -> QuerySet[Organisation]:
    """Organisations the user may look up: every one for the review side; for anyone else
    their own, those whose submissions they may read, and those the strategy catalogue names."""
    organisations = Organisation.objects.order_by("name_en", "pk")
    if access.works_on_review(user=user):
        return organisations
    readable = Submission.objects.filter(submission_visibility(user=user))
    supporting = StrategyAction.supporting_organisations.through.objects
    return organisations.filter(
        Q(pk__in=list(roles_by_organisation(user=user)))
        | Q(pk__in=readable.values("organisation_id"))
        | Q(pk__in=StrategyAction.objects.values("lead_organisation_id"))
        | Q(pk__in=supporting.values("organisation_id"))
    )


# --- what an organisation is asked to report on -------------------------------------------

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
        # Comments are made while a revision is under review, so those since the last submit
        # are what the reviewer sent back with it.
        latest_comments=Count("comments", filter=Q(comments__created_at__gte=F("submitted_at")))
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


# --- the form and the review screen ---------------------------------------------------------


def indicators_for_submission(*, submission: Submission) -> list[Indicator]:
    """The indicators a submission reports values for: those of its objective or action."""
    if submission.objective_id:
        queryset = Indicator.objects.filter(objective_id=submission.objective_id)
    elif submission.strategy_action_id:
        queryset = Indicator.objects.filter(strategy_action_id=submission.strategy_action_id)
    else:
        return []
    return list(queryset.select_related("sdg_indicator").order_by("code"))


def indicator_values_for(*, submission: Submission) -> list[IndicatorValue]:
    return list(
        submission.indicator_values.select_related("indicator").order_by("indicator__code")
    )


def submission_detail(*, user: User, submission_id: int) -> Submission:
    """The submission with everything its pages show, if the user may see it; 404 otherwise."""
    submission = (
        submission_list_for_user(user=user)
        .select_related("strategy_action__pillar", "updated_by")
        .prefetch_related(
            "principles",
            Prefetch("gcm_actions", queryset=_gcm_actions()),
            "linked_strategy_actions",
            Prefetch("revisions", queryset=Revision.objects.order_by("number")),
            Prefetch("comments", queryset=Comment.objects.select_related("author", "revision")),
            Prefetch("evidence", queryset=Evidence.objects.filter(removed_at__isnull=True)),
        )
        .filter(pk=submission_id)
        .first()
    )
    if submission is None:
        raise Http404
    return submission


def submission_detail_for_review(*, user: User, submission_id: int) -> Submission:
    """The submission as the review screen shows it; a draft is never under review (404)."""
    submission = submission_detail(user=user, submission_id=submission_id)
    if submission.state == State.DRAFT:
        raise Http404
    return submission


def _gcm_actions():
    from objectives.models import Action

    return Action.objects.select_related("objective").order_by("objective__number", "letter")


def submission_events(*, submission: Submission, user: User | None = None) -> list[Event]:
    """The submission's history. For a `user` who does not read the review conversation
    (review_record_readable), each reason is withheld: None."""
    events = list(
        submission.events.select_related("actor", "revision").order_by("created_at", "pk")
    )
    if user is not None and not review_record_readable(user=user, submission=submission):
        for event in events:
            event.reason = None
    return events


def submission_revisions(*, submission: Submission, user: User) -> list[Revision]:
    return list(revision_list_for_user(user=user, submission=submission))


# --- the review queue -----------------------------------------------------------------------


@dataclass
class QueueFilters:
    cycle: ReviewCycle | None = None
    objective_id: int | None = None
    organisation_id: int | None = None
    government_or_cso: str = ""  # "government", "cso" or ""
    state: str = State.SUBMITTED


@dataclass
class Queue:
    submissions: list[Submission]
    counts: dict[str, int] = field(default_factory=dict)


def submission_filter(
    submissions: QuerySet[Submission], *, filters: QueueFilters
) -> QuerySet[Submission]:
    """Narrow submissions to the filters' cycle, objective, organisation and side (government
    or civil society); the state is left to the caller, who may count per state first."""
    if filters.cycle:
        submissions = submissions.filter(cycle=filters.cycle)
    if filters.objective_id:
        submissions = submissions.filter(objective_id=filters.objective_id)
    if filters.organisation_id:
        submissions = submissions.filter(organisation_id=filters.organisation_id)
    if filters.government_or_cso == "government":
        submissions = submissions.filter(organisation__kind__in=Organisation.GOVERNMENT_KINDS)
    elif filters.government_or_cso == "cso":
        submissions = submissions.filter(organisation__kind=Organisation.Kind.CSO)
    return submissions


def review_queue(*, user: User, filters: QueueFilters) -> Queue:
    """Submissions awaiting review (or in the chosen state), oldest waiting first."""
    visible = submission_filter(
        submission_list_for_user(user=user).exclude(state=State.DRAFT), filters=filters
    )
    counts = Counter(dict(visible.values_list("state").annotate(n=Count("pk")).order_by()))
    listed = visible.filter(state=filters.state) if filters.state else visible
    submissions = list(listed.order_by("submitted_at", "pk"))
    return Queue(submissions=submissions, counts={s: counts.get(s, 0) for s in State.values})


# --- coverage -------------------------------------------------------------------------------


@dataclass
class CoverageRow:
    organisation: Organisation
    cells: list[str]  # per objective: "" (not asked), "not_started", or a submission state
    others: list[tuple[str, object, str]]  # (kind, subject, state) for sections and actions
    counts: Counter

    @property
    def outstanding(self) -> int:
        return self.counts["not_started"] + self.counts[State.DRAFT] + self.counts[State.RETURNED]


@dataclass
class Coverage:
    objectives: list[Objective]
    rows: list[CoverageRow]
    totals: Counter


def coverage_matrix(*, cycle: ReviewCycle) -> Coverage:
    """Organisations x objectives with the state of each expected report, and counts."""
    objectives = list(Objective.objects.order_by("number"))
    column = {o.pk: i for i, o in enumerate(objectives)}
    states = {
        (s.organisation_id, s.subject_kind, subject_id_of(s)): s.state
        for s in Submission.objects.filter(cycle=cycle).only(
            "organisation_id",
            "subject_kind",
            "objective_id",
            "strategy_action_id",
            "section_id",
            "state",
        )
    }
    asked = asked_to_report(cycle=cycle)
    rows = []
    for organisation_id, subjects in asked.subjects.items():
        row = CoverageRow(
            asked.organisations[organisation_id], [""] * len(objectives), [], Counter()
        )
        for (kind, subject_id), subject in subjects.items():
            state = states.get((organisation_id, kind, subject_id), "not_started")
            if kind == "objective":
                row.cells[column[subject_id]] = state
            else:
                row.others.append((kind, subject, state))
            row.counts[state] += 1
        row.others.sort(key=lambda other: (other[0] != "section", _subject_order(other[1])))
        rows.append(row)
    ordered = sorted(
        rows, key=lambda r: (not r.organisation.is_government, r.organisation.name_en)
    )
    totals = sum((r.counts for r in ordered), Counter())
    return Coverage(objectives=objectives, rows=ordered, totals=totals)


def _subject_order(subject) -> tuple:
    return (getattr(subject, "position", 0) or 0, getattr(subject, "code", ""))


def report_sections_collecting() -> QuerySet[ReportSection]:
    return ReportSection.objects.filter(collects_submissions=True).order_by("position")


# --- report editions ------------------------------------------------------------------------


def edition_list_for_user(*, user: User, cycle: ReviewCycle) -> QuerySet:
    """Editions the user may see: final ones for every member, previews for coordinators and
    reviewers, who prepare the report."""
    from reporting.models import ReportEdition

    editions = ReportEdition.objects.filter(cycle=cycle).select_related("cycle", "requested_by")
    if access.reads_previews(user=user):
        return editions
    if access.is_member(user=user):
        return editions.filter(mode=ReportEdition.Mode.FINAL)
    return editions.none()


def edition_get_for_user(*, user: User, edition_id: int):
    from reporting.models import ReportEdition

    edition = ReportEdition.objects.filter(pk=edition_id).select_related("cycle").first()
    if (
        edition is None
        or not edition_list_for_user(user=user, cycle=edition.cycle).filter(pk=edition_id).exists()
    ):
        raise Http404
    return edition


def edition_get_pdf_for_user(*, user: User, edition_id: int):
    """A compiled edition whose PDF is ready, if the user may see it; Http404 otherwise."""
    edition = edition_get_for_user(user=user, edition_id=edition_id)
    if not edition.pdf_ready:
        raise Http404
    return edition


# --- spreadsheets ---------------------------------------------------------------------------


def approved_revision_list_for_user(*, user: User, cycle: ReviewCycle) -> QuerySet[Revision]:
    """The latest approved revision of each submission of the cycle, as the compiled reports
    use them (reporting.pdf.context.latest_approved_revisions): never a draft, never text under
    review. Approved content is for every member; Http404 for anyone else.

    Ordered by organisation and subject, with what an export shows of each submission.
    """
    if not access.may_export(user=user):
        raise Http404
    latest_approved = (
        Revision.objects.filter(submission=OuterRef("submission"), approved_at__isnull=False)
        .order_by("-number")
        .values("number")[:1]
    )
    return (
        Revision.objects.filter(
            submission__cycle=cycle, approved_at__isnull=False, number=Subquery(latest_approved)
        )
        .select_related(
            "submission__organisation",
            "submission__objective",
            "submission__strategy_action",
            "submission__section",
        )
        .order_by(
            "submission__organisation__name_en",
            "submission__organisation_id",
            "submission__objective__number",
            "submission__strategy_action__code",
            "submission__section__position",
            "submission_id",
        )
    )


def data_transfer_list_for_user(*, user: User, cycle: ReviewCycle, limit: int = 20) -> list:
    """The cycle's latest exports and imports, for those who import (the coordinator)."""
    from reporting.models import DataTransfer

    if not access.may_import(user=user):
        return []
    return list(
        DataTransfer.objects.filter(cycle=cycle).select_related("user").order_by("-pk")[:limit]
    )


def import_get_for_user(*, user: User, transfer_id: int):
    """An import check or commit, with `committed` (whether the check has been carried out),
    for those who import; Http404 for anyone else."""
    from reporting.models import DataTransfer

    if not access.may_import(user=user):
        raise Http404
    transfer = (
        DataTransfer.objects.filter(pk=transfer_id, kind=DataTransfer.Kind.IMPORT)
        .select_related("user", "cycle", "dry_run")
        .annotate(
            committed=Count("commits", filter=Q(commits__state=DataTransfer.State.COMMITTED))
        )
        .first()
    )
    if transfer is None:
        raise Http404
    return transfer
