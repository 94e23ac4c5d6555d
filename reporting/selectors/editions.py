"""Reads of compiled report editions: who may see and download which."""

from django.db.models import QuerySet
from django.http import Http404

from gcm_portal.accounts.models import Membership, User
from reporting import access
from reporting.models import (
    ReviewCycle,
    Submission,
)

Role = Membership.Role


State = Submission.State


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
