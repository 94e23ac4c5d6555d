"""The hand-built rows of the submission list say exactly what DRF would render from the
declared fields (from which the schema is made), whether built from a Submission or from the
columns a list fetches."""

import pytest
from django.utils import translation
from rest_framework import serializers

from objectives.models import StrategyAction
from reporting.api.serializers import SubmissionDetailSerializer, SubmissionSerializer
from reporting.models import ReportSection, Submission
from tests.builders import assign, start_draft, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def submissions(open_cycle, momd, cso, alice, carol, rita, catalogue):
    from reporting.services.submissions import submission_start, submission_transition

    approved = submitted(alice, open_cycle, momd, objective=10)
    submission_transition(user=rita, submission_id=approved.pk, action="approve")
    section = ReportSection.objects.filter(collects_submissions=True).first()
    assign(open_cycle, cso, section=section.code)
    on_section = submission_start(
        user=carol,
        cycle=open_cycle,
        organisation=cso,
        subject_kind="section",
        subject_id=section.pk,
    )
    action = StrategyAction.objects.create(
        pillar=catalogue["strategy_action"].pillar,
        code="2.1",
        title_en="Data",
        title_ar="بيانات",
        lead_organisation=momd,
    )
    on_action = submission_start(
        user=alice,
        cycle=open_cycle,
        organisation=momd,
        subject_kind="strategy_action",
        subject_id=action.pk,
    )
    return [approved, on_section, on_action, start_draft(carol, open_cycle, cso, objective=3)]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_rows_match_drfs_rendering_of_the_declared_fields(submissions, language):
    columns = {
        row["id"]: row
        for row in Submission.objects.filter(pk__in=[s.pk for s in submissions]).values(
            *SubmissionSerializer.COLUMNS
        )
    }
    with translation.override(language):
        for submission in Submission.objects.filter(pk__in=columns):
            serializer = SubmissionSerializer(submission)
            declared = serializers.ModelSerializer.to_representation(serializer, submission)
            assert serializer.data == declared
            assert SubmissionSerializer(columns[submission.pk]).data == declared


def test_the_detail_adds_revisions_and_actions_to_the_row(submissions):
    submission = submissions[0]
    serializer = SubmissionDetailSerializer(
        submission, context={"revisions": list(submission.revisions.all()), "actions": []}
    )
    declared = serializers.ModelSerializer.to_representation(serializer, submission)
    assert serializer.data == declared
    assert declared["latest_revision"]["number"] == 1
