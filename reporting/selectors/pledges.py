"""Reads of the pledge register: who sees which pledges and updates, the review side's list,
and what a cycle's report prints of them."""

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from gcm_portal.accounts.models import User
from gcm_portal.accounts.selectors import roles_by_organisation
from reporting import access
from reporting.models import Pledge, PledgeEvent, PledgeUpdate, ReviewCycle, ReviewState


def _visible(user: User, *, prefix: str = "") -> Q | None:
    """Who reads what, as for submissions: the pledging organisation's focal points everything
    of it; the review side what has been submitted at least once; every member what was
    approved. None: all."""
    if user.is_superuser:
        return None
    own = access.reports_for(user=user)
    rule = Q(**{f"{prefix}organisation__in": own})
    if access.works_on_review(user=user):
        rule |= Q(**{f"{prefix}submitted_at__isnull": False}) | Q(
            **{f"{prefix}approved_content__isnull": False}
        )
    elif access.is_member(user=user):
        rule |= Q(**{f"{prefix}approved_content__isnull": False})
    return rule


def pledge_list_for_user(*, user: User, cycle_code: str = "") -> QuerySet:
    """The pledges the user may read, oldest review first, with their updates."""
    pledges = Pledge.objects.select_related("cycle", "organisation").prefetch_related(
        Prefetch("updates", queryset=PledgeUpdate.objects.select_related("cycle"))
    )
    rule = _visible(user)
    if rule is not None:
        if not access.is_member(user=user):
            return Pledge.objects.none()
        pledges = pledges.filter(rule)
    if cycle_code:
        pledges = pledges.filter(cycle__code=cycle_code)
    return pledges.order_by("cycle__year", "pk")


def pledge_get_for_user(*, user: User, pledge_id: int) -> Pledge:
    pledge = (
        pledge_list_for_user(user=user)
        .select_related("matched_pledge", "created_by")
        .prefetch_related(
            "co_pledgers",
            "objectives",
            "principles",
            "gcm_actions__objective",
            "strategy_actions",
            "indicators",
            Prefetch("events", queryset=PledgeEvent.objects.select_related("actor", "update")),
        )
        .filter(pk=pledge_id)
        .first()
    )
    if pledge is None:
        raise Http404
    return pledge


def update_visible(*, user: User, update: PledgeUpdate) -> bool:
    if user.is_superuser:
        return True
    if access.may_report_for(user=user, organisation_id=update.pledge.organisation_id):
        return True
    if access.works_on_review(user=user):
        return update.submitted_at is not None or update.approved_content is not None
    return access.is_member(user=user) and update.approved_content is not None


def pledge_update_get_for_user(*, user: User, pledge_id: int, cycle: ReviewCycle):
    """The pledge and its update for the cycle (None when there is none yet)."""
    pledge = pledge_get_for_user(user=user, pledge_id=pledge_id)
    update = (
        PledgeUpdate.objects.filter(pledge=pledge, cycle=cycle)
        .select_related("cycle", "pledge")
        .prefetch_related("evidence")
        .first()
    )
    if update is not None and not update_visible(user=user, update=update):
        raise Http404
    return pledge, update


def pledges_awaiting_review(*, user: User) -> tuple[list[Pledge], list[PledgeUpdate]]:
    """What the review side may decide on now: submitted pledges and updates of
    organisations the user has no role in."""
    if not access.works_on_review(user=user):
        return [], []
    own = set(roles_by_organisation(user=user))
    pledges = list(
        Pledge.objects.filter(state=ReviewState.SUBMITTED)
        .exclude(organisation__in=own)
        .select_related("organisation", "cycle")
        .order_by("submitted_at")
    )
    updates = list(
        PledgeUpdate.objects.filter(state=ReviewState.SUBMITTED)
        .exclude(pledge__organisation__in=own)
        .select_related("pledge__organisation", "cycle")
        .order_by("submitted_at")
    )
    return pledges, updates


def pledges_unsettled(*, cycle: ReviewCycle) -> list[str]:
    """The cycle's pledges and updates that wait for review, or were approved and reopened:
    a final report waits for them as for submissions."""

    def unsettled(items) -> bool:
        return items.filter(
            Q(state=ReviewState.SUBMITTED)
            | Q(
                state__in=[ReviewState.RETURNED, ReviewState.DRAFT], approved_content__isnull=False
            )
        )

    names = [p.reference for p in unsettled(Pledge.objects.filter(cycle=cycle))]
    names += [
        u.pledge.reference
        for u in unsettled(PledgeUpdate.objects.filter(cycle=cycle)).select_related("pledge")
    ]
    return names


def pledges_for_report(*, cycle: ReviewCycle) -> tuple[list[Pledge], dict[int, PledgeUpdate]]:
    """The approved pledges made at this review or before it, and their approved updates for
    this review ({pledge id: update})."""
    pledges = list(
        Pledge.objects.filter(approved_content__isnull=False, cycle__year__lte=cycle.year)
        .select_related("cycle")
        .order_by("cycle__year", "pk")
    )
    updates = {
        update.pledge_id: update
        for update in PledgeUpdate.objects.filter(
            cycle=cycle, approved_content__isnull=False, pledge__in=[p.pk for p in pledges]
        )
    }
    return pledges, updates
