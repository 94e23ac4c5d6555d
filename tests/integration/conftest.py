"""Fixtures shared by the tests of compiled reports (PDF and Word)."""

import pytest

from reporting.services.submissions import Draft, submission_save_draft, submission_transition
from tests.builders import approve, start_draft, submitted


@pytest.fixture
def content(alice, bob, carol, rita, cora, open_cycle, momd, moi, cso):
    """One approved, one draft, one returned and one reopened submission, plus a CSO voice."""
    approve(alice, rita, open_cycle, momd, 10, progress="APPROVED-PROGRESS-TEXT about referrals.")
    approve(carol, rita, open_cycle, cso, 10, progress="CSO-APPROVED-VOICE on shelters.")
    start_draft(bob, open_cycle, moi, 4, progress="DRAFT-ONLY-TEXT never approved.")
    returned = submitted(bob, open_cycle, moi, 11, progress="RETURNED-ONLY-TEXT sent back.")
    submission_transition(
        user=rita, submission_id=returned.pk, action="return", reason="More detail"
    )
    reopened = approve(bob, rita, open_cycle, moi, 21, progress="FIRST-APPROVED-TEXT kept.")
    submission_transition(user=cora, submission_id=reopened.pk, action="reopen", reason="Update")
    reopened.refresh_from_db()
    submission_save_draft(
        user=bob,
        submission_id=reopened.pk,
        base_version=reopened.version,
        draft=Draft(
            narratives={"progress": "REOPENED-NEW-TEXT"}, implementation_status="achieved"
        ),
    )
    return open_cycle
