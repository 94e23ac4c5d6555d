"""Reads of evidence files: attached to a draft, and downloadable by whom."""

from django.db.models import QuerySet
from django.http import Http404

from gcm_portal.accounts.models import Membership, User
from reporting import access, snapshot
from reporting.models import (
    Evidence,
    Submission,
)
from reporting.selectors.submissions import revision_list_for_user, submission_get_for_user

Role = Membership.Role


State = Submission.State


def evidence_attached(*, submission: Submission) -> QuerySet[Evidence]:
    """The files attached to the draft now (removed ones stay for the revisions that list them)."""
    return submission.evidence.filter(removed_at__isnull=True).select_related("uploaded_by")


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
