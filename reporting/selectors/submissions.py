"""Reads of submissions, and who may read which (`submission_visibility`).

Every page, API endpoint and export gets submissions through submission_list_for_user or
submission_get_for_user, so the same rule decides what each person may see.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404

from gcm_portal.accounts.models import Membership, Organisation, User
from gcm_portal.accounts.selectors import roles_by_organisation
from objectives.models import Indicator, PolicyDomain, StrategyAction
from reporting import access, workflow
from reporting.models import (
    Comment,
    Event,
    Evidence,
    IndicatorValue,
    ReviewCycle,
    Revision,
    Submission,
)
from reporting.policy_domains import asks_policy_domains

Role = Membership.Role


State = Submission.State


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


def comment_threads(*, submission: Submission, revisions: list[Revision]) -> list[Comment]:
    """The review conversation worth showing beside the latest revision: every comment made on
    it or on the round before, and any older one not yet resolved, each with its replies.
    `revisions` are the submission's revisions in order."""
    recent = [revision.pk for revision in revisions[-2:]]
    return list(
        _threads()
        .filter(submission=submission)
        .filter(Q(revision_id__in=recent) | ~Q(state=Comment.State.RESOLVED))
    )


def _threads() -> QuerySet[Comment]:
    return (
        Comment.objects.filter(parent__isnull=True)
        .select_related("author", "revision", "addressed_by", "resolved_by")
        .prefetch_related(
            Prefetch(
                "replies",
                queryset=Comment.objects.select_related("author").order_by("created_at", "pk"),
            )
        )
        .order_by("created_at", "pk")
    )


def comment_thread_for_user(*, user: User, comment_id: int) -> Comment:
    """One conversation, for those who read the submission's review record; Http404 else."""
    comment = _threads().filter(pk=comment_id).first()
    if comment is None:
        raise Http404
    submission = submission_get_for_user(user=user, submission_id=comment.submission_id)
    if not review_record_readable(user=user, submission=submission):
        raise Http404
    return comment


def earlier_approved_revision(*, submission: Submission) -> Revision | None:
    """The organisation's latest approved text on the same subject in another cycle, to
    start this cycle's draft from."""
    return (
        Revision.objects.filter(
            approved_at__isnull=False,
            submission__organisation_id=submission.organisation_id,
            submission__subject_kind=submission.subject_kind,
            submission__objective_id=submission.objective_id,
            submission__strategy_action_id=submission.strategy_action_id,
            submission__section_id=submission.section_id,
        )
        .exclude(submission__cycle_id=submission.cycle_id)
        .select_related("submission__cycle")
        .order_by("-approved_at", "-pk")
        .first()
    )


def revision_list_for_user(*, user: User, submission: Submission) -> QuerySet[Revision]:
    """The revisions of a submission the user may see (who may see the submission at all is
    submission_visibility's answer): all of them for its organisation's focal points, the
    review side and the superuser; for other members, the approved ones."""
    revisions = submission.revisions.order_by("number")
    own = access.may_report_for(user=user, organisation_id=submission.organisation_id)
    if own or access.works_on_review(user=user):
        return revisions
    return revisions.filter(approved_at__isnull=False)


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


def indicators_for_submission(*, submission: Submission) -> list[Indicator]:
    """The indicators a submission reports values for: those of its objective or action."""
    if submission.objective_id:
        queryset = Indicator.objects.filter(objectives=submission.objective_id)
    elif submission.strategy_action_id:
        queryset = Indicator.objects.filter(strategy_action_id=submission.strategy_action_id)
    else:
        return []
    return list(queryset.prefetch_related("sdg_indicators").order_by("code"))


def policy_domains_for(*, submission: Submission) -> list[PolicyDomain]:
    """The SDG 10.7.2 domains with their sub-categories, when the submission's section asks
    them (reporting/policy_domains.py); none otherwise (no query for other subjects)."""
    if not asks_policy_domains(submission):
        return []
    return list(PolicyDomain.objects.prefetch_related("subcategories"))


def indicator_values_for(*, submission: Submission) -> list[IndicatorValue]:
    return list(
        submission.indicator_values.select_related("indicator").order_by("indicator__code")
    )


def submission_detail(*, user: User, submission_id: int) -> Submission:
    """The submission with everything its pages show, if the user may see it; 404 otherwise."""
    submission = (
        submission_list_for_user(user=user)
        .select_related("strategy_action__pillar", "updated_by", "claimed_by")
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


@dataclass
class QueueFilters:
    cycle: ReviewCycle | None = None
    objective_id: int | None = None
    organisation_id: int | None = None
    government_or_cso: str = ""  # "government", "cso" or ""
    state: str = State.SUBMITTED
    sort: str = "waiting"  # a key of QUEUE_ORDERS


# How the review queue can be ordered: oldest waiting first unless asked otherwise.
QUEUE_ORDERS = {
    "waiting": ("submitted_at", "pk"),
    "-waiting": ("-submitted_at", "-pk"),
    "organisation": ("organisation__name_en", "submitted_at", "pk"),
    "cycle": ("cycle__code", "submitted_at", "pk"),
    "state": ("state", "submitted_at", "pk"),
}


@dataclass
class Queue:
    submissions: QuerySet[Submission]
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
    # Whether reviewer comments are not yet resolved: only work without them is approved
    # several at a time.
    commented = Comment.objects.filter(submission=OuterRef("pk"), parent__isnull=True).exclude(
        state=Comment.State.RESOLVED
    )
    # Left as a query: the page shows it a page at a time.
    submissions = (
        listed.select_related("claimed_by")
        .annotate(commented=Exists(commented))
        .order_by(*QUEUE_ORDERS.get(filters.sort, QUEUE_ORDERS["waiting"]), "pk")
    )
    return Queue(submissions=submissions, counts={s: counts.get(s, 0) for s in State.values})


def approved_revision_list_for_user(*, user: User, cycle: ReviewCycle) -> QuerySet[Revision]:
    """The latest approved revision of each submission of the cycle, as the compiled reports
    use them (latest_approved_revisions, below): never a draft, never text under
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
