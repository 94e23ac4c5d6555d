"""Writes of consultation records: recording, changing and deleting a cycle's consultations,
and the files received in them. The national coordinator's work (`access.may_keep_consultations`).

Every problem with what was sent is reported at once, by field, in the user's language
(`ValidationError`); a file is checked as evidence files are (`reporting.evidence`) and stored
under a random name.
"""

import uuid
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from gcm_portal.accounts.models import Organisation, User
from gcm_portal.audit.recording import record
from objectives.models import Objective, StakeholderType
from reporting import access, snapshot
from reporting.evidence import EvidenceRejected, check_evidence
from reporting.models import (
    Chapter,
    Consultation,
    ConsultationInput,
    ConsultationParticipants,
    LayoutChapter,
    ReportEdition,
    ReviewCycle,
    Submission,
)
from reporting.workflow import TransitionRefused

# More than this in one cell of the participants grid is a typing mistake.
MAX_PARTICIPANTS = 100_000
SEXES = ("women", "men", "not_stated")
# The reports a cycle of each kind prepares, whose chapters a consultation may cover.
REPORT_KINDS = {
    ReviewCycle.Kind.REGIONAL: [ReportEdition.Kind.REGIONAL],
    ReviewCycle.Kind.IMRF: [ReportEdition.Kind.IMRF, ReportEdition.Kind.REVIEW],
}


@dataclass
class ParticipantCount:
    """People of one stakeholder type (None: government institutions) by sex."""

    stakeholder_type_id: int | None
    women: object = 0
    men: object = 0
    not_stated: object = 0


@dataclass
class ConsultationData:
    """Everything a consultation record holds but its files."""

    title: str
    language: str
    starts_on: object
    format: str
    ends_on: object = None
    place: str = ""
    organiser_id: int | None = None
    organiser_name: str = ""
    objective_ids: list[int] = field(default_factory=list)
    chapter_ids: list[int] = field(default_factory=list)  # layout chapters covered
    participants: list[ParticipantCount] = field(default_factory=list)
    kurdistan_region_took_part: bool = False
    parliament_took_part: bool = False
    how_input_was_used: str = ""
    changed_submission_ids: list[int] = field(default_factory=list)
    changed_chapter_ids: list[int] = field(default_factory=list)


def layout_chapters_of(cycle: ReviewCycle):
    """The chapters of the reports the cycle prepares."""
    return LayoutChapter.objects.filter(layout__kind__in=REPORT_KINDS.get(cycle.kind, []))


def _refuse_unless_coordinator(user: User) -> None:
    if not access.may_keep_consultations(user=user):
        raise TransitionRefused(_("Only the national coordinator records consultations."))


def consultation_errors(*, cycle: ReviewCycle, data: ConsultationData) -> dict[str, list[str]]:
    """Every problem with the record, by field (empty when there is none)."""
    errors: dict[str, list[str]] = {}

    def add(name, message):
        errors.setdefault(name, []).append(str(message))

    if not data.title.strip():
        add("title", _("Give the consultation a title."))
    elif len(data.title.strip()) > 200:
        add("title", snapshot.too_long(200, len(data.title.strip())))
    if data.language not in Submission.Language.values:
        add("language", _("Choose the language you are writing in."))
    if not data.starts_on:
        add("starts_on", _("Give the date the consultation started."))
    elif data.ends_on and data.ends_on < data.starts_on:
        add("ends_on", _("The consultation cannot end before it starts."))
    if data.format not in Consultation.Format.values:
        add("format", _("Choose the format from the list."))
    elif data.format == Consultation.Format.IN_PERSON and not data.place.strip():
        add("place", _("Say where the consultation was held."))
    if len(data.place.strip()) > 200:
        add("place", snapshot.too_long(200, len(data.place.strip())))
    organiser_known = data.organiser_id is None or (
        Organisation.objects.filter(pk=data.organiser_id).exists()
    )
    if not organiser_known or (data.organiser_id is None and not data.organiser_name.strip()):
        add("organiser", _("Choose the organiser from the list, or name it."))
    if len(data.organiser_name.strip()) > 200:
        add("organiser_name", snapshot.too_long(200, len(data.organiser_name.strip())))
    if len(data.how_input_was_used.strip()) > snapshot.REASON_MAX_CHARS:
        add(
            "how_input_was_used",
            snapshot.too_long(snapshot.REASON_MAX_CHARS, len(data.how_input_was_used.strip())),
        )
    _check_participants(data.participants, add)
    _check_chosen(
        add,
        "objectives",
        data.objective_ids,
        Objective.objects.all(),
        _("Choose objectives from the list."),
    )
    _check_chosen(
        add,
        "chapters",
        data.chapter_ids,
        layout_chapters_of(cycle),
        _("Choose chapters of this cycle's reports."),
    )
    _check_chosen(
        add,
        "changed_submissions",
        data.changed_submission_ids,
        Submission.objects.filter(cycle=cycle),
        _("Choose contributions of this cycle."),
    )
    _check_chosen(
        add,
        "changed_chapters",
        data.changed_chapter_ids,
        Chapter.objects.filter(cycle=cycle),
        _("Choose chapters written for this cycle."),
    )
    return errors


def _check_participants(participants: list[ParticipantCount], add) -> None:
    known = set(StakeholderType.objects.values_list("pk", flat=True)) | {None}
    seen = set()
    for row in participants:
        if row.stakeholder_type_id not in known or row.stakeholder_type_id in seen:
            add("participants", _("Give participants by the stakeholder types in the list."))
            return
        seen.add(row.stakeholder_type_id)
        for sex in SEXES:
            value = getattr(row, sex)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                add("participants", _("Participant numbers are whole numbers, 0 or more."))
                return
            if value > MAX_PARTICIPANTS:
                add(
                    "participants",
                    _("No more than %(limit)s participants in one box.")
                    % {"limit": f"{MAX_PARTICIPANTS:,}"},
                )
                return


def _check_chosen(add, name: str, ids: list[int], allowed, message) -> None:
    wanted = set(ids)
    if wanted and allowed.filter(pk__in=wanted).count() != len(wanted):
        add(name, message)


def consultation_create(
    *, user: User, cycle: ReviewCycle, data: ConsultationData, uploads=()
) -> Consultation:
    """Record a consultation held for the cycle, with the files received in it."""
    _refuse_unless_coordinator(user)
    errors = consultation_errors(cycle=cycle, data=data)
    checked = _checked_uploads(uploads, errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        consultation = Consultation(cycle=cycle, recorded_by=user)
        _write(consultation, data)
        _store_inputs(consultation, checked, user)
        record(
            "state_change", actor=user, obj=consultation, cycle=cycle.code, consultation="recorded"
        )
    return consultation


def consultation_update(
    *, user: User, consultation_id: int, data: ConsultationData, uploads=()
) -> Consultation:
    """Change a consultation record (everything it holds), adding the files given."""
    _refuse_unless_coordinator(user)
    consultation = Consultation.objects.select_related("cycle").get(pk=consultation_id)
    errors = consultation_errors(cycle=consultation.cycle, data=data)
    checked = _checked_uploads(uploads, errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        consultation = Consultation.objects.select_for_update().get(pk=consultation_id)
        consultation.version = F("version") + 1
        _write(consultation, data)
        consultation.refresh_from_db()
        _store_inputs(consultation, checked, user)
        record("state_change", actor=user, obj=consultation, consultation="changed")
    return consultation


def consultation_delete(*, user: User, consultation_id: int) -> None:
    """Delete a consultation record and the files received in it."""
    _refuse_unless_coordinator(user)
    with transaction.atomic():
        consultation = Consultation.objects.select_for_update().get(pk=consultation_id)
        files = [(i.file.storage, i.file.name) for i in consultation.inputs.all()]
        record(
            "state_change",
            actor=user,
            obj=consultation,
            cycle=consultation.cycle_id,
            consultation="deleted",
        )
        consultation.delete()
        for storage, name in files:
            transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))


def consultation_input_add(*, user: User, consultation_id: int, upload) -> ConsultationInput:
    """Keep a file received in the consultation, checked as evidence files are."""
    _refuse_unless_coordinator(user)
    checked = check_evidence(upload)
    with transaction.atomic():
        consultation = Consultation.objects.select_for_update().get(pk=consultation_id)
        (stored,) = _store_inputs(consultation, [(upload, checked)], user)
        Consultation.objects.filter(pk=consultation.pk).update(version=F("version") + 1)
    return stored


def consultation_input_remove(*, user: User, input_id: int) -> None:
    """Delete a file received in a consultation."""
    _refuse_unless_coordinator(user)
    with transaction.atomic():
        kept = ConsultationInput.objects.select_for_update().get(pk=input_id)
        storage, name = kept.file.storage, kept.file.name
        Consultation.objects.filter(pk=kept.consultation_id).update(version=F("version") + 1)
        kept.delete()
        transaction.on_commit(lambda: storage.delete(name))


def _checked_uploads(uploads, errors: dict) -> list:
    checked = []
    for upload in uploads:
        try:
            checked.append((upload, check_evidence(upload)))
        except EvidenceRejected as rejection:
            errors.setdefault("inputs", []).append(f"{upload.name}: {rejection.message}")
    return checked


def _write(consultation: Consultation, data: ConsultationData) -> None:
    consultation.title = data.title.strip()
    consultation.language = data.language
    consultation.starts_on = data.starts_on
    consultation.ends_on = data.ends_on or None
    consultation.format = data.format
    consultation.place = data.place.strip()
    consultation.organiser_id = data.organiser_id
    consultation.organiser_name = "" if data.organiser_id else data.organiser_name.strip()
    consultation.kurdistan_region_took_part = data.kurdistan_region_took_part
    consultation.parliament_took_part = data.parliament_took_part
    consultation.how_input_was_used = data.how_input_was_used.strip()
    consultation.save()
    consultation.objectives.set(data.objective_ids)
    consultation.chapters.set(data.chapter_ids)
    consultation.changed_submissions.set(data.changed_submission_ids)
    consultation.changed_chapters.set(data.changed_chapter_ids)
    consultation.participants.all().delete()
    ConsultationParticipants.objects.bulk_create(
        ConsultationParticipants(
            consultation=consultation,
            stakeholder_type_id=row.stakeholder_type_id,
            women=row.women,
            men=row.men,
            not_stated=row.not_stated,
        )
        for row in data.participants
        if row.women or row.men or row.not_stated
    )


def _store_inputs(consultation, checked, user) -> list[ConsultationInput]:
    stored = []
    for upload, facts in checked:
        kept = ConsultationInput(
            consultation=consultation,
            original_name=facts.name,
            content_type=facts.content_type,
            size=facts.size,
            sha256=facts.sha256,
            uploaded_by=user,
        )
        upload.seek(0)
        # Stored under a random name: the user's file name never reaches the file system.
        kept.file.save(f"{uuid.uuid4().hex}.{facts.extension}", ContentFile(upload.read()))
        kept.save()
        stored.append(kept)
    return stored
