"""Consultation records: the coordinator records, changes and deletes them; nobody else may;
what is wrong is said by field, in the user's language, and nothing is saved."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from gcm_portal.audit.models import AuditEntry
from objectives.models import Objective, StakeholderType
from reporting.models import Consultation, ConsultationInput, LayoutChapter
from reporting.selectors.consultations import (
    consultation_list_for_user,
    participation,
    participation_totals,
)
from reporting.services.consultations import (
    ConsultationData,
    ParticipantCount,
    consultation_create,
    consultation_delete,
    consultation_input_add,
    consultation_input_remove,
    consultation_update,
)
from reporting.workflow import TransitionRefused

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def civil_society() -> int:
    return StakeholderType.objects.get(code="civil society").pk


def meeting(**changes) -> ConsultationData:
    """A national technical working group meeting in Baghdad."""
    data = ConsultationData(
        title="National technical working group",
        language="en",
        starts_on=datetime.date(2028, 2, 10),
        ends_on=datetime.date(2028, 2, 11),
        format="in_person",
        place="Baghdad",
        organiser_name="Ministry of Migration and Displaced",
        objective_ids=list(
            Objective.objects.filter(number__in=[1, 7]).values_list("pk", flat=True)
        ),
        chapter_ids=list(
            LayoutChapter.objects.filter(layout__kind="regional", code="methodology").values_list(
                "pk", flat=True
            )
        ),
        participants=[ParticipantCount(None, 4, 6, 0), ParticipantCount(civil_society(), 3, 2, 1)],
        kurdistan_region_took_part=True,
        how_input_was_used="Figures corrected.",
    )
    for name, value in changes.items():
        setattr(data, name, value)
    return data


def refusal(error: ValidationError) -> dict[str, list[str]]:
    return error.message_dict


def test_the_coordinator_records_a_consultation_with_its_participants_and_files(cora, open_cycle):
    consultation = consultation_create(
        user=cora,
        cycle=open_cycle,
        data=meeting(),
        uploads=[SimpleUploadedFile("notes.pdf", PDF)],
    )
    consultation.refresh_from_db()
    assert consultation.place == "Baghdad" and consultation.kurdistan_region_took_part
    assert {o.number for o in consultation.objectives.all()} == {1, 7}
    rows = participation([consultation])
    assert [(r.label, r.women, r.men, r.not_stated, r.total) for r in rows] == [
        ("Government institutions", 4, 6, 0, 10),
        ("Civil society", 3, 2, 1, 6),
    ]
    assert participation_totals(rows).total == 16
    (kept,) = consultation.inputs.all()
    assert kept.original_name == "notes.pdf" and kept.content_type == "application/pdf"
    assert "notes" not in kept.file.name  # stored under a random name
    assert AuditEntry.objects.filter(action="state_change", detail__consultation="recorded")


def test_a_change_replaces_the_record_and_counts_a_version(cora, open_cycle):
    consultation = consultation_create(user=cora, cycle=open_cycle, data=meeting())
    changed = consultation_update(
        user=cora,
        consultation_id=consultation.pk,
        data=meeting(
            format="online",
            place="",
            ends_on=None,
            participants=[ParticipantCount(civil_society(), 1, 0, 0)],
        ),
    )
    assert changed.version == 2 and changed.format == "online" and changed.ends_on is None
    assert [(r.label, r.total) for r in participation([changed])] == [("Civil society", 1)]


@pytest.mark.parametrize("who", ["alice", "rita", "victor", "carol"])
def test_only_the_coordinator_keeps_consultations(who, request, cora, open_cycle):
    user = request.getfixturevalue(who)
    consultation = consultation_create(user=cora, cycle=open_cycle, data=meeting())
    with pytest.raises(TransitionRefused):
        consultation_create(user=user, cycle=open_cycle, data=meeting())
    with pytest.raises(TransitionRefused):
        consultation_update(user=user, consultation_id=consultation.pk, data=meeting())
    with pytest.raises(TransitionRefused):
        consultation_delete(user=user, consultation_id=consultation.pk)
    with pytest.raises(TransitionRefused):
        consultation_input_add(
            user=user,
            consultation_id=consultation.pk,
            upload=SimpleUploadedFile("x.pdf", PDF),
        )
    assert Consultation.objects.count() == 1


def test_the_superuser_stands_in_for_the_coordinator(ada, open_cycle):
    assert consultation_create(user=ada, cycle=open_cycle, data=meeting()).pk


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"participants": [ParticipantCount(None, -1, 2, 0)]}, "participants"),
        ({"participants": [ParticipantCount(None, 1.5, 2, 0)]}, "participants"),
        ({"participants": [ParticipantCount(None, "3", 2, 0)]}, "participants"),
        ({"participants": [ParticipantCount(None, 10**6, 2, 0)]}, "participants"),
        ({"participants": [ParticipantCount(987654, 1, 2, 0)]}, "participants"),
        ({"ends_on": datetime.date(2028, 2, 9)}, "ends_on"),
        ({"starts_on": None}, "starts_on"),
        ({"format": "by pigeon"}, "format"),
        ({"format": "in_person", "place": "  "}, "place"),
        ({"organiser_name": ""}, "organiser"),
        ({"organiser_id": 987654, "organiser_name": ""}, "organiser"),
        ({"title": ""}, "title"),
        ({"language": "fr"}, "language"),
        ({"objective_ids": [987654]}, "objectives"),
        ({"changed_submission_ids": [987654]}, "changed_submissions"),
    ],
)
def test_what_is_wrong_is_refused_by_field(cora, open_cycle, changes, field):
    with pytest.raises(ValidationError) as raised:
        consultation_create(user=cora, cycle=open_cycle, data=meeting(**changes))
    assert field in refusal(raised.value)
    assert not Consultation.objects.exists()


def test_online_and_written_consultations_need_no_place(cora, open_cycle):
    for format_ in ("online", "written"):
        assert consultation_create(
            user=cora, cycle=open_cycle, data=meeting(format=format_, place="")
        ).pk


def test_a_chapter_of_another_kind_of_report_is_refused(cora, open_cycle):
    imrf = LayoutChapter.objects.get(layout__kind="imrf", code="methodology")
    with pytest.raises(ValidationError) as raised:
        consultation_create(user=cora, cycle=open_cycle, data=meeting(chapter_ids=[imrf.pk]))
    assert "chapters" in refusal(raised.value)


def test_a_bad_file_is_refused_and_nothing_is_saved(cora, open_cycle):
    with pytest.raises(ValidationError) as raised:
        consultation_create(
            user=cora,
            cycle=open_cycle,
            data=meeting(),
            uploads=[SimpleUploadedFile("macro.pdf", b"MZ\x90\x00 not a document")],
        )
    assert "inputs" in refusal(raised.value)
    assert not Consultation.objects.exists() and not ConsultationInput.objects.exists()


def test_errors_are_in_the_user_s_language(cora, open_cycle):
    with translation.override("ar"), pytest.raises(ValidationError) as raised:
        consultation_create(
            user=cora, cycle=open_cycle, data=meeting(ends_on=datetime.date(2028, 1, 1))
        )
    (message,) = refusal(raised.value)["ends_on"]
    with translation.override("ar"):
        from django.utils.translation import gettext

        assert message == gettext("The consultation cannot end before it starts.")


def test_files_are_added_and_removed_and_the_record_deleted_with_them(cora, open_cycle):
    consultation = consultation_create(user=cora, cycle=open_cycle, data=meeting())
    kept = consultation_input_add(
        user=cora, consultation_id=consultation.pk, upload=SimpleUploadedFile("a.pdf", PDF)
    )
    consultation.refresh_from_db()
    assert consultation.version == 2
    consultation_input_remove(user=cora, input_id=kept.pk)
    assert not ConsultationInput.objects.exists()
    consultation_input_add(
        user=cora, consultation_id=consultation.pk, upload=SimpleUploadedFile("b.pdf", PDF)
    )
    consultation_delete(user=cora, consultation_id=consultation.pk)
    assert not Consultation.objects.exists() and not ConsultationInput.objects.exists()


def test_the_review_side_reads_consultations_and_nobody_else(
    cora, rita, alice, victor, open_cycle
):
    from django.http import Http404

    consultation_create(user=cora, cycle=open_cycle, data=meeting())
    for reader in (cora, rita):
        assert len(consultation_list_for_user(user=reader, cycle=open_cycle)) == 1
    for outsider in (alice, victor):
        with pytest.raises(Http404):
            consultation_list_for_user(user=outsider, cycle=open_cycle)
