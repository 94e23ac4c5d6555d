"""The SDG 10.7.2 questionnaire through the submission services: saved with the draft,
checked, required before submitting, frozen into the revision, and readable afterwards."""

import pytest
from django.core.exceptions import ValidationError

from objectives.models import PolicyDomain, PolicySubcategory
from reporting import snapshot
from reporting.models import PolicyDomainAnswers, ReportSection
from reporting.policy_domains import SECTION_CODE
from reporting.services.submissions import (
    Draft,
    PolicyDomainEntry,
    SubmissionIncomplete,
    draft_of,
    submission_save_draft,
    submission_start,
    submission_transition,
)
from tests.builders import assign, start_draft


def codes(number: int) -> list[str]:
    return [f"{number}.{position}" for position in range(1, 6)]


def all_answered(yes_per_domain=(5, 4, 3, 2, 1, 0)) -> dict[int, PolicyDomainEntry]:
    return {
        number: PolicyDomainEntry(
            answers={
                code: "yes" if index < yes else "no" for index, code in enumerate(codes(number))
            },
            note=f"Note on domain {number}." if number == 1 else "",
        )
        for number, yes in enumerate(yes_per_domain, start=1)
    }


def questionnaire(user, cycle, organisation, domains=None):
    assign(cycle, organisation, section=SECTION_CODE)
    submission = submission_start(
        user=user,
        cycle=cycle,
        organisation=organisation,
        subject_kind="section",
        subject_id=ReportSection.objects.get(code=SECTION_CODE).pk,
    )
    return submission_save_draft(
        user=user,
        submission_id=submission.pk,
        base_version=submission.version,
        draft=Draft(
            narratives={"progress": "The national migration policy was adopted in 2023."},
            policy_domains=domains if domains is not None else all_answered(),
        ),
    )


def test_the_framework_is_loaded_six_domains_of_five(db):
    assert PolicyDomain.objects.count() == 6
    assert PolicySubcategory.objects.count() == 30
    assert PolicyDomain.objects.first().title_en == "Migrant rights"
    assert ReportSection.objects.get(code=SECTION_CODE).collects_submissions


def test_answers_are_saved_with_the_draft_and_read_back(alice, open_cycle, momd):
    submission = questionnaire(alice, open_cycle, momd)

    assert PolicyDomainAnswers.objects.filter(submission=submission).count() == 6
    saved = draft_of(submission).policy_domains
    assert saved[1].answers == dict.fromkeys(codes(1), "yes")
    assert saved[1].note == "Note on domain 1."


def test_a_draft_that_does_not_carry_answers_keeps_them(alice, open_cycle, momd):
    submission = questionnaire(alice, open_cycle, momd)
    submission_save_draft(
        user=alice,
        submission_id=submission.pk,
        base_version=submission.version,
        draft=Draft(narratives={"progress": "Changed."}),
    )

    assert PolicyDomainAnswers.objects.filter(submission=submission).count() == 6


def test_submitting_freezes_the_answers_and_the_scores_follow(alice, open_cycle, momd):
    submission = questionnaire(alice, open_cycle, momd)
    submission_transition(user=alice, submission_id=submission.pk, action="submit")

    content = submission.revisions.get().content
    assert [domain["number"] for domain in content["policy_domains"]] == [1, 2, 3, 4, 5, 6]
    frozen = snapshot.load(content)
    assert [domain.score.score for domain in frozen.policy_domains] == [4, 4, 3, 2, 1, 1]
    assert frozen.policy_domains[0].answers[0].text_en.startswith("Non-nationals")
    assert frozen.policy_domains[0].note == "Note on domain 1."
    # A change to the catalogue later does not change what was submitted.
    PolicySubcategory.objects.filter(code="1.1").update(title_en="Renamed")
    assert snapshot.load(content).policy_domains[0].answers[0].text_en != "Renamed"


def test_submitting_with_an_unanswered_subcategory_is_refused(alice, open_cycle, momd):
    domains = all_answered()
    domains[3].answers["3.4"] = ""
    submission = questionnaire(alice, open_cycle, momd, domains)

    with pytest.raises(SubmissionIncomplete) as refused:
        submission_transition(user=alice, submission_id=submission.pk, action="submit")

    assert "policy_3_4" in refused.value.errors
    assert "4 of 5 answered" in refused.value.errors["policy_3_4"]


def test_a_questionnaire_never_started_cannot_be_submitted(alice, open_cycle, momd):
    submission = questionnaire(alice, open_cycle, momd, domains={})

    with pytest.raises(SubmissionIncomplete) as refused:
        submission_transition(user=alice, submission_id=submission.pk, action="submit")

    assert {f"policy_{n}_1" for n in range(1, 7)} <= set(refused.value.errors)


@pytest.mark.parametrize(
    ("domains", "field", "message"),
    [
        ({1: PolicyDomainEntry(answers={"1.1": "perhaps"})}, "policy_1_1", "Answer yes, no"),
        ({9: PolicyDomainEntry(answers={"9.1": "yes"})}, "policy_domains", "no SDG 10.7.2"),
        ({1: PolicyDomainEntry(answers={"2.1": "yes"})}, "policy_domains", "no sub-category"),
        ({2: PolicyDomainEntry(note="x" * 2001)}, "policy_note_2", "under 2000 characters"),
    ],
)
def test_bad_answers_are_refused_and_nothing_is_saved(
    alice, open_cycle, momd, domains, field, message
):
    submission = questionnaire(alice, open_cycle, momd)
    with pytest.raises(ValidationError) as refused:
        submission_save_draft(
            user=alice,
            submission_id=submission.pk,
            base_version=submission.version,
            draft=Draft(narratives={"progress": "Changed."}, policy_domains=domains),
        )

    assert message in " ".join(refused.value.message_dict[field])
    submission.refresh_from_db()
    assert submission.progress != "Changed."
    assert draft_of(submission).policy_domains[1].answers["1.1"] == "yes"


def test_other_subjects_do_not_take_answers(alice, open_cycle, momd):
    submission = start_draft(alice, open_cycle, momd, 10)
    with pytest.raises(ValidationError) as refused:
        submission_save_draft(
            user=alice,
            submission_id=submission.pk,
            base_version=submission.version,
            draft=Draft(
                implementation_status="in_progress",
                narratives={"progress": "Text."},
                policy_domains={1: PolicyDomainEntry(answers={"1.1": "yes"})},
            ),
        )

    assert "policy_domains" in refused.value.message_dict
    assert draft_of(submission).policy_domains is None
    assert "policy_domains" not in snapshot.snapshot_of(submission).to_json()


def test_revisions_without_answers_still_read(db):
    frozen = snapshot.load({"version": 2, "language": "en", "progress": "Old text."})

    assert frozen.policy_domains == ()
    assert "policy_domains" not in frozen.to_json()
