"""Reads of consultation records: who may read them (`access.may_read_consultations`), a
cycle's consultations with everything they show, participation added up by stakeholder type
and sex, and what of them a final report is made of."""

import hashlib
import json
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from gcm_portal.accounts.models import User
from objectives.models import StakeholderType
from reporting import access
from reporting.models import (
    Chapter,
    Consultation,
    ConsultationInput,
    ConsultationParticipants,
    LayoutChapter,
    ReviewCycle,
    Submission,
)


def _readable(user: User) -> None:
    if not access.may_read_consultations(user=user):
        raise Http404


def consultations_of(*, cycle: ReviewCycle) -> QuerySet[Consultation]:
    """The cycle's consultations, in date order, with everything they show fetched."""
    return (
        Consultation.objects.filter(cycle=cycle)
        .select_related("organiser", "cycle")
        .prefetch_related(
            "objectives",
            Prefetch("chapters", LayoutChapter.objects.select_related("layout")),
            Prefetch(
                "participants",
                ConsultationParticipants.objects.select_related("stakeholder_type"),
            ),
            "inputs",
            Prefetch(
                "changed_submissions",
                Submission.objects.select_related(
                    "organisation", "objective", "strategy_action", "section"
                ),
            ),
            Prefetch(
                "changed_chapters",
                Chapter.objects.select_related("layout_chapter", "objective"),
            ),
        )
        .order_by("starts_on", "pk")
    )


def consultation_list_for_user(*, user: User, cycle: ReviewCycle) -> QuerySet[Consultation]:
    """The cycle's consultations, for those who prepare the report; Http404 for anyone else."""
    _readable(user)
    return consultations_of(cycle=cycle)


def consultation_get_for_user(
    *, user: User, consultation_id: int, cycle_code: str | None = None
) -> Consultation:
    """A consultation (of the cycle, when one is named), for those who prepare the report."""
    _readable(user)
    found = Consultation.objects.filter(pk=consultation_id)
    if cycle_code is not None:
        found = found.filter(cycle__code=cycle_code)
    consultation = found.select_related("cycle", "organiser").first()
    if consultation is None:
        raise Http404
    return consultation


def consultation_input_get_for_user(*, user: User, input_id: int) -> ConsultationInput:
    _readable(user)
    kept = (
        ConsultationInput.objects.filter(pk=input_id).select_related("consultation__cycle").first()
    )
    if kept is None:
        raise Http404
    return kept


# --- participation, added up ----------------------------------------------------------------


@dataclass
class ParticipationRow:
    """People of one stakeholder type (government institutions when `stakeholder_type` is
    None) who took part, by sex."""

    stakeholder_type: StakeholderType | None
    women: int = 0
    men: int = 0
    not_stated: int = 0

    @property
    def key(self) -> str:
        return str(self.stakeholder_type.pk) if self.stakeholder_type else "government"

    @property
    def label(self) -> str:
        if self.stakeholder_type is None:
            return _("Government institutions")
        return self.stakeholder_type.title

    @property
    def total(self) -> int:
        return self.women + self.men + self.not_stated


def participant_groups() -> list[StakeholderType | None]:
    """The rows of a participants grid: government institutions, then the stakeholder types
    of GCM paragraph 44 in their order."""
    return [None, *StakeholderType.objects.order_by("position", "pk")]


def participation(
    consultations, *, groups: list | None = None, every_group: bool = False
) -> list[ParticipationRow]:
    """Participants of the consultations added up by group and sex (prefetched
    `participants`), in the grid's order; groups nobody came from are left out unless
    `every_group`."""
    rows = {None: ParticipationRow(None)}
    types = {}
    for consultation in consultations:
        for counted in consultation.participants.all():
            key = counted.stakeholder_type_id
            if key not in rows:
                rows[key] = ParticipationRow(counted.stakeholder_type)
                types[key] = counted.stakeholder_type
            row = rows[key]
            row.women += counted.women
            row.men += counted.men
            row.not_stated += counted.not_stated
    if groups is None:
        ordered = [None, *sorted(types, key=lambda key: (types[key].position, key))]
    else:
        ordered = [None if g is None else g.pk for g in groups]
        for group in groups:
            if group is not None and group.pk not in rows:
                rows[group.pk] = ParticipationRow(group)
    return [rows[key] for key in ordered if key in rows and (every_group or rows[key].total)]


def participation_totals(rows: list[ParticipationRow]) -> ParticipationRow:
    """The column totals of a participation table."""
    return ParticipationRow(
        None,
        women=sum(r.women for r in rows),
        men=sum(r.men for r in rows),
        not_stated=sum(r.not_stated for r in rows),
    )


# --- what a report is made of ---------------------------------------------------------------


def consultations_fingerprint(consultations) -> str:
    """What of the consultations a report prints, as one hash: part of a final's content key,
    so that a final edition changes when a consultation record does."""
    made_of = [
        {
            "id": c.pk,
            "version": c.version,
            "title": c.title,
            "language": c.language,
            "dates": [str(c.starts_on), str(c.ends_on or "")],
            "format": c.format,
            "place": c.place,
            "organiser": [c.organiser_id, c.organiser_name],
            "objectives": sorted(o.pk for o in c.objectives.all()),
            "chapters": sorted(lc.pk for lc in c.chapters.all()),
            "participants": sorted(
                [p.stakeholder_type_id or 0, p.women, p.men, p.not_stated]
                for p in c.participants.all()
            ),
            "kurdistan_region": c.kurdistan_region_took_part,
            "parliament": c.parliament_took_part,
            "used": c.how_input_was_used,
            "changed": [
                sorted(s.pk for s in c.changed_submissions.all()),
                sorted(ch.pk for ch in c.changed_chapters.all()),
            ],
            "inputs": sorted(i.sha256 for i in c.inputs.all()),
        }
        for c in consultations
    ]
    return hashlib.sha256(json.dumps(made_of, sort_keys=True).encode()).hexdigest()
