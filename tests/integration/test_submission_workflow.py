"""The submission life cycle through the services: what is allowed, and every refusal."""

import pytest
from django.core.exceptions import ValidationError

from reporting.models import Event, Revision, Submission
from reporting.services.submissions import (
    Draft,
    IndicatorEntry,
    StaleVersion,
    SubmissionIncomplete,
    comment_add,
    submission_save_draft,
    submission_start,
    submission_transition,
)
from reporting.workflow import TransitionRefused
from tests.builders import assign, start_draft, submitted

pytestmark = pytest.mark.django_db


def transition(user, submission, action, reason=""):
    return submission_transition(
        user=user, submission_id=submission.pk, action=action, reason=reason
    )


def state_of(submission) -> str:
    return Submission.objects.get(pk=submission.pk).state


def test_the_full_round_trip_writes_one_event_per_change(alice, rita, open_cycle, momd):
    submission = submitted(alice, open_cycle, momd)
    transition(rita, submission, "return", reason="Add figures for 2027.")
    submission_save_draft(
        user=alice,
        submission_id=submission.pk,
        base_version=Submission.objects.get(pk=submission.pk).version,
        draft=Draft(
            narratives={"progress": "Now with 2027 figures."}, implementation_status="in_progress"
        ),
    )
    transition(alice, submission, "submit")
    transition(rita, submission, "approve")
    assert state_of(submission) == "approved"
    events = list(
        Event.objects.filter(submission=submission).values_list(
            "action", "from_state", "to_state", "actor__username"
        )
    )
    assert events == [
        ("submit", "draft", "submitted", "alice"),
        ("return", "submitted", "returned", "rita"),
        ("submit", "returned", "submitted", "alice"),
        ("approve", "submitted", "approved", "rita"),
    ]
    revisions = list(Revision.objects.filter(submission=submission).order_by("number"))
    assert [r.number for r in revisions] == [1, 2]
    assert revisions[0].content["progress"] == "Referral pathways were set up in Ninewa and Basra."
    assert revisions[1].content["progress"] == "Now with 2027 figures."
    assert revisions[1].approved_at is not None and revisions[0].approved_at is None


def test_submit_freezes_the_revision_and_locks_the_draft(alice, open_cycle, momd):
    submission = submitted(alice, open_cycle, momd)
    with pytest.raises(TransitionRefused, match="can no longer be edited"):
        submission_save_draft(
            user=alice,
            submission_id=submission.pk,
            base_version=submission.version,
            draft=Draft(narratives={"progress": "changed after submitting"}),
        )
    assert Revision.objects.get(submission=submission).content["progress"].startswith("Referral")


def test_submit_requires_the_required_fields(alice, open_cycle, momd):
    submission = start_draft(alice, open_cycle, momd, implementation_status="", progress="")
    with pytest.raises(SubmissionIncomplete) as refused:
        transition(alice, submission, "submit")
    assert set(refused.value.errors) == {"progress", "implementation_status"}
    assert state_of(submission) == "draft"
    assert not Revision.objects.exists() and not Event.objects.exists()


def test_withdraw_before_a_reviewer_acts_returns_it_to_draft(alice, open_cycle, momd):
    submission = submitted(alice, open_cycle, momd)
    transition(alice, submission, "withdraw")
    assert state_of(submission) == "draft"


def test_withdraw_is_refused_once_a_reviewer_has_commented(alice, rita, open_cycle, momd):
    submission = submitted(alice, open_cycle, momd)
    comment_add(user=rita, submission_id=submission.pk, field="progress", body="Source?")
    with pytest.raises(TransitionRefused, match="already commented"):
        transition(alice, submission, "withdraw")
    assert state_of(submission) == "submitted"


def test_return_needs_a_reason(alice, rita, open_cycle, momd):
    submission = submitted(alice, open_cycle, momd)
    with pytest.raises(TransitionRefused, match="reason"):
        transition(rita, submission, "return", reason="   ")
    assert state_of(submission) == "submitted"


def test_no_one_approves_their_own_organisations_submission(alice, open_cycle, momd):
    from tests.builders import member

    submission = submitted(alice, open_cycle, momd)
    insider = member("insider", momd, "reviewer")
    with pytest.raises(TransitionRefused, match="organisation in which they hold a role"):
        transition(insider, submission, "approve")
    assert state_of(submission) == "submitted"


@pytest.mark.parametrize("persona", ["alice", "bob", "carol", "cora", "victor"])
def test_only_reviewers_approve(request, alice, open_cycle, momd, persona):
    submission = submitted(alice, open_cycle, momd)
    with pytest.raises(TransitionRefused):
        transition(request.getfixturevalue(persona), submission, "approve")
    assert state_of(submission) == "submitted"


@pytest.mark.parametrize("persona", ["bob", "carol", "rita", "cora", "victor"])
def test_only_the_organisations_focal_points_submit(request, alice, open_cycle, momd, persona):
    submission = start_draft(alice, open_cycle, momd)
    with pytest.raises(TransitionRefused):
        transition(request.getfixturevalue(persona), submission, "submit")
    assert state_of(submission) == "draft"


def test_approved_content_is_locked(alice, rita, open_cycle, momd):
    submission = submitted(alice, open_cycle, momd)
    transition(rita, submission, "approve")
    for action in ("submit", "withdraw", "return", "approve"):
        with pytest.raises(TransitionRefused):
            transition(
                rita if action in ("return", "approve") else alice, submission, action, reason="x"
            )
    with pytest.raises(TransitionRefused):
        submission_save_draft(
            user=alice,
            submission_id=submission.pk,
            base_version=submission.version + 1,
            draft=Draft(narratives={"progress": "x"}),
        )
    assert state_of(submission) == "approved"


def test_only_a_coordinator_reopens_and_with_a_reason(alice, rita, cora, moi, open_cycle, bob):
    submission = submitted(bob, open_cycle, moi)
    transition(rita, submission, "approve")
    with pytest.raises(TransitionRefused):
        transition(rita, submission, "reopen", reason="Needs update")
    with pytest.raises(TransitionRefused):
        transition(bob, submission, "reopen", reason="Needs update")
    with pytest.raises(TransitionRefused, match="reason"):
        transition(cora, submission, "reopen", reason="")
    transition(cora, submission, "reopen", reason="New law adopted; update the text.")
    assert state_of(submission) == "returned"
    assert (
        Event.objects.filter(submission=submission, action="reopen")
        .get()
        .reason.startswith("New law")
    )


def test_a_coordinator_does_not_reopen_their_own_organisations_work(
    alice, rita, cora, open_cycle, momd
):
    submission = submitted(alice, open_cycle, momd)
    transition(rita, submission, "approve")
    with pytest.raises(TransitionRefused, match="organisation in which they hold a role"):
        transition(cora, submission, "reopen", reason="x")


def test_unknown_action_is_refused(alice, open_cycle, momd):
    submission = start_draft(alice, open_cycle, momd)
    with pytest.raises(TransitionRefused):
        transition(alice, submission, "publish")


def test_submitting_in_a_closed_cycle_is_refused(alice, open_cycle, momd):
    submission = start_draft(alice, open_cycle, momd)
    open_cycle.state = "closed"
    open_cycle.save()
    with pytest.raises(TransitionRefused, match="not open"):
        transition(alice, submission, "submit")


def test_a_stale_save_is_refused_and_changes_nothing(alice, open_cycle, momd):
    submission = start_draft(alice, open_cycle, momd)
    submission_save_draft(
        user=alice,
        submission_id=submission.pk,
        base_version=submission.version,
        draft=Draft(narratives={"progress": "First tab's text"}),
    )
    with pytest.raises(StaleVersion):
        submission_save_draft(
            user=alice,
            submission_id=submission.pk,
            base_version=submission.version,
            draft=Draft(narratives={"progress": "Second tab's text"}),
        )
    assert Submission.objects.get(pk=submission.pk).progress == "First tab's text"


def test_a_stale_save_of_identical_content_is_not_a_conflict(alice, open_cycle, momd):
    submission = start_draft(alice, open_cycle, momd)
    draft = Draft(narratives={"progress": "Same text"}, implementation_status="in_progress")
    submission_save_draft(
        user=alice, submission_id=submission.pk, base_version=submission.version, draft=draft
    )
    submission_save_draft(
        user=alice, submission_id=submission.pk, base_version=submission.version, draft=draft
    )


def test_identical_content_is_recognised_as_the_form_sends_it(alice, open_cycle, momd):
    """The form sends empty indicator entries and ids in page order; a save stores neither."""
    from objectives.models import Action, Indicator

    indicator = Indicator.objects.create(
        code="T-1", name_en="Victims referred", kind="number", objective_id=10
    )
    submission = start_draft(alice, open_cycle, momd)
    actions = list(
        Action.objects.filter(objective_id=10).order_by("-pk")[:2].values_list("pk", flat=True)
    )
    draft = Draft(
        narratives={"progress": "Same text"},
        implementation_status="in_progress",
        gcm_action_ids=actions,
        indicator_values=[IndicatorEntry(indicator.pk)],
    )
    submission_save_draft(
        user=alice, submission_id=submission.pk, base_version=submission.version, draft=draft
    )
    submission_save_draft(
        user=alice, submission_id=submission.pk, base_version=submission.version, draft=draft
    )


def test_word_limits_and_indicator_numbers_are_checked_on_save(alice, open_cycle, momd):
    from objectives.models import Indicator

    indicator = Indicator.objects.create(
        code="T-1",
        name_en="Victims referred",
        kind="number",
        objective_id=10,
        disaggregations=["sex"],
    )
    submission = start_draft(alice, open_cycle, momd)
    with pytest.raises(ValidationError) as refused:
        submission_save_draft(
            user=alice,
            submission_id=submission.pk,
            base_version=submission.version,
            draft=Draft(narratives={"progress": "word " * 1501}),
        )
    assert "progress" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        submission_save_draft(
            user=alice,
            submission_id=submission.pk,
            base_version=submission.version,
            draft=Draft(indicator_values=[IndicatorEntry(indicator.pk, value="many")]),
        )
    assert f"indicator_{indicator.pk}_value" in refused.value.message_dict


def test_starting_a_report_on_an_unassigned_subject_is_refused(alice, open_cycle, momd):
    with pytest.raises(TransitionRefused, match="not been asked"):
        submission_start(
            user=alice,
            cycle=open_cycle,
            organisation=momd,
            subject_kind="objective",
            subject_id=3,
        )


def test_starting_a_report_for_another_organisation_is_refused(bob, open_cycle, momd):
    assign(open_cycle, momd, objective=3)
    with pytest.raises(TransitionRefused):
        submission_start(
            user=bob, cycle=open_cycle, organisation=momd, subject_kind="objective", subject_id=3
        )


def test_comments_only_from_reviewers_of_other_organisations_while_under_review(
    alice, bob, rita, open_cycle, momd
):
    submission = start_draft(alice, open_cycle, momd)
    with pytest.raises(TransitionRefused):
        comment_add(user=rita, submission_id=submission.pk, field="", body="Early")
    transition(alice, submission, "submit")
    for person in (alice, bob):
        with pytest.raises(TransitionRefused):
            comment_add(user=person, submission_id=submission.pk, field="", body="x")
    with pytest.raises(ValidationError):
        comment_add(user=rita, submission_id=submission.pk, field="nope", body="x")
    comment = comment_add(
        user=rita, submission_id=submission.pk, field="challenges", body="Say more."
    )
    assert comment.revision.number == 1


def test_submitting_an_incomplete_form_marks_each_missing_field(alice, open_cycle, momd):
    from django.test import Client

    submission = start_draft(alice, open_cycle, momd, implementation_status="", progress="")
    client = Client()
    client.force_login(alice)
    response = client.post(
        f"/submissions/{submission.pk}/transition/",
        {"action": "submit", "next": f"/submissions/{submission.pk}/edit/"},
    )
    # The form comes back at its own address, what is missing marked up front.
    assert response.status_code == 302
    assert response.url == f"/submissions/{submission.pk}/edit/?check=submit"
    html = client.get(response.url).content.decode()
    assert html.count("Fill this in before submitting.") == 2  # summary and beside the field
    assert "Choose the implementation status." in html
    assert "Not submitted yet: complete what is marked below" in html
    assert 'id="error-summary"' in html and "data-focus-on-load" in html
    assert state_of(submission) == "draft"
