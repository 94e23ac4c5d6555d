"""The review's access rules as an outside probe tried them: removed evidence, people with roles
in two organisations, and who reads what the reviewers said."""

import pytest
from django.urls import reverse

from reporting.models import Evidence, Submission
from reporting.services.submissions import (
    comment_add,
    comment_address,
    submission_transition,
)
from reporting.services.uploads import evidence_add, evidence_remove
from tests.api.conftest import api_client
from tests.builders import start_draft
from tests.functional.test_permissions import PDF, pdf_upload

pytestmark = pytest.mark.django_db

REASON = "The 2027 figures for Basra are missing."


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_a_file_removed_before_submitting_is_deleted_and_never_served(
    alice, rita, victor, carol, open_cycle, momd, media, django_capture_on_commit_callbacks
):
    submission = start_draft(alice, open_cycle, momd)
    kept = evidence_add(user=alice, submission_id=submission.pk, upload=pdf_upload())
    removed = evidence_add(
        user=alice, submission_id=submission.pk, upload=pdf_upload("draft-notes.pdf")
    )
    stored = media / removed.file.name
    assert stored.exists()
    with django_capture_on_commit_callbacks(execute=True):
        evidence_remove(user=alice, evidence_id=removed.pk)
    assert not stored.exists()
    assert not Evidence.objects.filter(pk=removed.pk).exists()
    submission_transition(user=alice, submission_id=submission.pk, action="submit")
    submission_transition(user=rita, submission_id=submission.pk, action="approve")

    for reader in (victor, carol, rita, alice):
        client = api_client(reader)
        gone = client.get(reverse("api:evidence-download", args=[removed.pk]))
        assert gone.status_code == 404
        listed = client.get(reverse("api:evidence-download", args=[kept.pk]))
        assert listed.status_code == 200
        assert b"".join(listed.streaming_content) == PDF


def test_a_file_a_revision_listed_stays_for_those_who_read_that_revision(
    alice, rita, victor, open_cycle, momd, media
):
    submission = start_draft(alice, open_cycle, momd)
    first = evidence_add(user=alice, submission_id=submission.pk, upload=pdf_upload())
    submission_transition(user=alice, submission_id=submission.pk, action="submit")
    submission_transition(user=rita, submission_id=submission.pk, action="return", reason=REASON)
    evidence_remove(user=alice, evidence_id=first.pk)
    assert Evidence.objects.get(pk=first.pk).removed_at is not None
    submission_transition(user=alice, submission_id=submission.pk, action="submit")
    submission_transition(user=rita, submission_id=submission.pk, action="approve")

    url = reverse("api:evidence-download", args=[first.pk])
    assert api_client(rita).get(url).status_code == 200  # revision 1 is hers to read
    assert api_client(alice).get(url).status_code == 200
    assert api_client(victor).get(url).status_code == 404  # approved work is revision 2
    revisions = api_client(victor).get(reverse("api:submission-detail", args=[submission.pk]))
    assert [r["number"] for r in revisions.json()["revisions"]] == [2]


def test_a_person_with_roles_in_two_organisations_does_not_approve_their_own_work(
    dual, open_cycle, momd
):
    """Focal point of MoMD and reviewer at IOM: writes, submits, and is refused the approval."""
    submission = start_draft(dual, open_cycle, momd)
    client = api_client(dual)
    submitted = client.post(reverse("api:submission-submit", args=[submission.pk]))
    assert submitted.status_code == 200
    for action in ("approve", "return"):
        refused = client.post(
            reverse(f"api:submission-{action}", args=[submission.pk]),
            {"reason": REASON},
            format="json",
        )
        assert refused.status_code == 403
        assert "organisation in which they hold a role" in refused.json()["error"]["message"]
    comment = client.post(
        reverse("api:submission-comments", args=[submission.pk]),
        {"field": "progress", "body": "Looks right to me."},
        format="json",
    )
    assert comment.status_code == 403
    assert Submission.objects.get(pk=submission.pk).state == "submitted"


def test_a_coordinator_who_is_a_viewer_elsewhere_does_not_reopen_that_organisations_work(
    alice, rita, cora, open_cycle, moi, bob
):
    from gcm_portal.accounts.models import Membership

    Membership.objects.create(user=cora, organisation=moi, role=Membership.Role.VIEWER)
    submission = start_draft(bob, open_cycle, moi)
    submission_transition(user=bob, submission_id=submission.pk, action="submit")
    submission_transition(user=rita, submission_id=submission.pk, action="approve")
    refused = api_client(cora).post(
        reverse("api:submission-reopen", args=[submission.pk]), {"reason": REASON}, format="json"
    )
    assert refused.status_code == 403
    assert Submission.objects.get(pk=submission.pk).state == "approved"


def returned_then_approved(alice, rita, open_cycle, momd) -> Submission:
    submission = start_draft(alice, open_cycle, momd)
    submission_transition(user=alice, submission_id=submission.pk, action="submit")
    asked = comment_add(
        user=rita, submission_id=submission.pk, field="progress", body="Which governorates?"
    )
    submission_transition(user=rita, submission_id=submission.pk, action="return", reason=REASON)
    comment_address(user=alice, comment_id=asked.pk, note="Ninewa and Basra.")
    submission_transition(user=alice, submission_id=submission.pk, action="submit")
    submission_transition(user=rita, submission_id=submission.pk, action="approve")
    return submission


def test_what_reviewers_said_is_for_the_organisation_and_the_review_side(
    alice, rita, cora, victor, bob, open_cycle, momd
):
    """Return reasons follow the comments' rule: approved work is for every member, what was
    said about it is for its organisation's focal points and the review side."""
    submission = returned_then_approved(alice, rita, open_cycle, momd)
    events = reverse("api:submission-events", args=[submission.pk])
    comments = reverse("api:submission-comments", args=[submission.pk])
    history = reverse("submission_history", args=[submission.pk])

    for insider in (alice, rita, cora):
        reasons = [e["reason"] for e in api_client(insider).get(events).json()["results"]]
        assert REASON in reasons
        assert api_client(insider).get(comments).status_code == 200
    for outsider in (victor, bob):
        listed = api_client(outsider).get(events).json()["results"]
        assert [e["action"] for e in listed] == ["submit", "return", "submit", "approve"]
        assert {e["reason"] for e in listed} == {None}
        assert api_client(outsider).get(comments).status_code == 404

    from django.test import Client

    reader = Client()
    reader.force_login(victor)
    page = reader.get(history).content.decode()
    assert "Returned for revision" in page or "returned" in page
    assert REASON not in page
    owner = Client()
    owner.force_login(alice)
    assert REASON in owner.get(history).content.decode()


def test_a_reader_sees_that_the_reasons_are_withheld(alice, rita, victor, open_cycle, momd):
    from django.test import Client

    submission = returned_then_approved(alice, rita, open_cycle, momd)
    reader = Client()
    reader.force_login(victor)
    page = reader.get(reverse("submission_history", args=[submission.pk])).content.decode()
    assert "Shown to the organisation and the reviewers only" in page
    assert ">None<" not in page
