"""Writes of evidence files: attaching a checked file to a draft, taking one off."""

import uuid

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from gcm_portal.accounts.models import Membership, User
from reporting import snapshot
from reporting.evidence import check_evidence
from reporting.models import (
    Evidence,
)
from reporting.services.submissions import locked_for_editing

Role = Membership.Role


def evidence_add(*, user: User, submission_id: int, upload) -> Evidence:
    """Attach a checked file to an editable submission."""
    checked = check_evidence(upload)
    with transaction.atomic():
        submission = locked_for_editing(user=user, submission_id=submission_id)
        evidence = Evidence(
            submission=submission,
            original_name=checked.name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            uploaded_by=user,
        )
        upload.seek(0)
        # Stored under a random name: the user's file name never reaches the file system.
        evidence.file.save(f"{uuid.uuid4().hex}.{checked.extension}", ContentFile(upload.read()))
        evidence.save()
    return evidence


def evidence_remove(*, user: User, evidence_id: int) -> None:
    """Take a file off the draft.

    A file that a submitted revision lists stays, for those who may read that revision; one
    that was never submitted is deleted, its stored file with it once the removal commits.
    """
    with transaction.atomic():
        evidence = Evidence.objects.get(pk=evidence_id, removed_at__isnull=True)
        submission = locked_for_editing(user=user, submission_id=evidence.submission_id)
        listed = any(
            evidence.pk in snapshot.load(content).evidence_ids
            for content in submission.revisions.values_list("content", flat=True)
        )
        if listed:
            evidence.removed_at = timezone.now()
            evidence.save(update_fields=["removed_at"])
            return
        storage, name = evidence.file.storage, evidence.file.name
        evidence.delete()
        transaction.on_commit(lambda: storage.delete(name))
