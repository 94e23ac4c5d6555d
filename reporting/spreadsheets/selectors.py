"""Reads of spreadsheet transfers: the cycle's exports and imports, for those who import."""

from django.db.models import Count, Q
from django.http import Http404

from gcm_portal.accounts.models import Membership, User
from reporting import access
from reporting.models import (
    ReviewCycle,
    Submission,
)

Role = Membership.Role


State = Submission.State


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
