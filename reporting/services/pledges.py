"""Writes of the pledge register: pledges, their updates at later reviews, the evidence, and
their review (the submissions' transition table: workflow.TRANSITIONS)."""

import uuid
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from gcm_portal.accounts.models import Organisation, User
from gcm_portal.audit.recording import record
from gcm_portal.errors import Refused
from objectives.models import Action, Indicator, Objective, Principle, StrategyAction
from reporting import access, snapshot, workflow
from reporting.evidence import check_evidence
from reporting.models import (
    Pledge,
    PledgeEvent,
    PledgeEvidence,
    PledgeUpdate,
    ReviewCycle,
)

TEXT_MAX_CHARS = 3000  # partners, metric notes: prose, not documents


@dataclass
class PledgeData:
    """What the pledge form (UN Network on Migration) asks, as the page or the API sent it."""

    kind: str = ""
    form: str = ""
    title_en: str = ""
    title_ar: str = ""
    description_en: str = ""
    description_ar: str = ""
    matched_pledge_id: int | None = None
    co_pledger_ids: list[int] = field(default_factory=list)
    objective_ids: list[int] = field(default_factory=list)
    principle_ids: list[int] = field(default_factory=list)
    gcm_action_ids: list[int] = field(default_factory=list)
    strategy_action_ids: list[int] = field(default_factory=list)
    indicator_ids: list[int] = field(default_factory=list)
    metric: str = ""
    baseline: str = ""
    target: str = ""
    deadline: object = None  # a date
    partners: str = ""
    network_id: str = ""


SCALARS = [
    "kind",
    "form",
    "title_en",
    "title_ar",
    "description_en",
    "description_ar",
    "matched_pledge_id",
    "metric",
    "baseline",
    "target",
    "deadline",
    "partners",
    "network_id",
]
RELATIONS = {
    "co_pledgers": ("co_pledger_ids", Organisation),
    "objectives": ("objective_ids", Objective),
    "principles": ("principle_ids", Principle),
    "gcm_actions": ("gcm_action_ids", Action),
    "strategy_actions": ("strategy_action_ids", StrategyAction),
    "indicators": ("indicator_ids", Indicator),
}


def smart_warnings(pledge: Pledge | PledgeData) -> list[str]:
    """What keeps a pledge from being SMART: said at entry, never refused."""
    missing = [
        str(label)
        for name, label in [
            ("metric", _("metric")),
            ("target", _("target")),
            ("deadline", _("deadline")),
        ]
        if not getattr(pledge, name)
    ]
    if not missing:
        return []
    return [
        _("This pledge is not measurable yet. Missing: %(missing)s.")
        % {"missing": pgettext("list separator", ", ").join(missing)}
    ]


def _description_errors(data) -> dict[str, str]:
    errors = {}
    for name in ("description_en", "description_ar"):
        text = getattr(data, name).strip()
        if len(text) > Pledge.DESCRIPTION_MAX_CHARS:
            errors[name] = snapshot.too_long(Pledge.DESCRIPTION_MAX_CHARS, len(text))
    return errors


def pledge_errors(data: PledgeData, *, pledge_id: int | None = None) -> dict[str, str]:
    """What is wrong with the values whatever the state: sizes, choices, the matched pledge."""
    errors = _description_errors(data)
    if data.kind and data.kind not in Pledge.Kind.values:
        errors["kind"] = _("Choose a type of pledge from the list.")
    if data.form and data.form not in Pledge.Form.values:
        errors["form"] = _("Choose a form of pledge from the list.")
    if data.kind == Pledge.Kind.MATCHING:
        if not data.matched_pledge_id:
            errors["matched_pledge"] = _("Name the pledge this one matches.")
        elif data.matched_pledge_id == pledge_id:
            errors["matched_pledge"] = _("A pledge cannot match itself.")
        elif not Pledge.objects.filter(
            pk=data.matched_pledge_id, approved_content__isnull=False
        ).exists():
            errors["matched_pledge"] = _("Name an approved pledge of the register.")
    elif data.matched_pledge_id:
        errors["matched_pledge"] = _("Only a matching pledge names the pledge it matches.")
    for name in ("partners",):
        if len(getattr(data, name)) > TEXT_MAX_CHARS:
            errors[name] = snapshot.too_long(TEXT_MAX_CHARS, len(getattr(data, name)))
    for relation, (name, model) in RELATIONS.items():
        ids = set(getattr(data, name))
        if ids and model.objects.filter(pk__in=ids).count() != len(ids):
            errors[relation] = _("Choose from the list.")
    return errors


def completeness_errors(pledge: Pledge) -> dict[str, str]:
    """What must be there before a pledge goes to review."""
    errors = {}
    if not (pledge.title_en.strip() or pledge.title_ar.strip()):
        errors["title_en"] = _("Give the pledge a title, in English or Arabic.")
    if not (pledge.description_en.strip() or pledge.description_ar.strip()):
        errors["description_en"] = _("Describe the pledge, in English or Arabic.")
    for name in ("description_en", "description_ar"):
        text = getattr(pledge, name).strip()
        if text and len(text) < Pledge.DESCRIPTION_MIN_CHARS:
            errors[name] = _(
                "Describe the pledge in at least %(limit)d characters; it has %(count)d."
            ) % {"limit": Pledge.DESCRIPTION_MIN_CHARS, "count": len(text)}
    if not pledge.kind:
        errors["kind"] = _("Choose the type of pledge.")
    if not pledge.form:
        errors["form"] = _("Choose the form of pledge.")
    if not pledge.objectives.exists():
        errors["objectives"] = _("Name at least one GCM objective the pledge advances.")
    return errors


def pledge_save(
    *,
    user: User,
    data: PledgeData,
    pledge_id: int | None = None,
    organisation_id: int | None = None,
    cycle_id: int | None = None,
) -> Pledge:
    """Register a pledge (organisation and cycle given) or change a draft one (pledge_id)."""
    errors = pledge_errors(data, pledge_id=pledge_id)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if pledge_id is None:
            if not access.may_report_for(user=user, organisation_id=organisation_id):
                raise Refused(_("Only the organisation's focal points register its pledges."))
            cycle = ReviewCycle.objects.filter(pk=cycle_id).first()
            if cycle is None:
                raise ValidationError({"cycle": _("Choose the review at which it was made.")})
            pledge = Pledge(organisation_id=organisation_id, cycle=cycle, created_by=user)
        else:
            pledge = Pledge.objects.select_for_update().get(pk=pledge_id)
            if not access.may_edit_pledge(user=user, pledge=pledge):
                raise Refused(_("This pledge cannot be changed now."))
        for name in SCALARS:
            value = getattr(data, name)
            setattr(pledge, name, value.strip() if isinstance(value, str) else value)
        pledge.save()
        for relation, (name, _model) in RELATIONS.items():
            getattr(pledge, relation).set(getattr(data, name))
    return pledge


def pledge_delete(*, user: User, pledge_id: int) -> None:
    """Delete a pledge that was never submitted."""
    with transaction.atomic():
        pledge = Pledge.objects.select_for_update().get(pk=pledge_id)
        if not access.may_edit_pledge(user=user, pledge=pledge) or pledge.events.exists():
            raise Refused(_("Only a draft that was never submitted can be deleted."))
        pledge.delete()


def frozen_pledge(pledge: Pledge) -> dict:
    """The pledge as approved: what reports and exports print, whatever changes later."""
    return {
        "reference": pledge.reference,
        "cycle": pledge.cycle.code,
        "organisation": {"en": pledge.organisation.name_en, "ar": pledge.organisation.name_ar},
        "co_pledgers": [{"en": o.name_en, "ar": o.name_ar} for o in pledge.co_pledgers.all()],
        "kind": pledge.kind,
        "matched": pledge.matched_pledge.reference if pledge.matched_pledge_id else "",
        "form": pledge.form,
        "title": {"en": pledge.title_en, "ar": pledge.title_ar},
        "description": {"en": pledge.description_en, "ar": pledge.description_ar},
        "objectives": sorted(pledge.objectives.values_list("number", flat=True)),
        "principles": sorted(pledge.principles.values_list("letter", flat=True)),
        "gcm_actions": sorted(
            f"{number}({letter})"
            for number, letter in pledge.gcm_actions.values_list("objective__number", "letter")
        ),
        "strategy_actions": sorted(pledge.strategy_actions.values_list("code", flat=True)),
        "indicators": sorted(pledge.indicators.values_list("code", flat=True)),
        "metric": pledge.metric,
        "baseline": pledge.baseline,
        "target": pledge.target,
        "deadline": pledge.deadline.isoformat() if pledge.deadline else "",
        "partners": pledge.partners,
        "network_id": pledge.network_id,
    }


def frozen_update(update: PledgeUpdate) -> dict:
    return {
        "cycle": update.cycle.code,
        "status": update.status,
        "narrative": {"en": update.narrative_en, "ar": update.narrative_ar},
        "evidence": [
            {"id": e.pk, "name": e.original_name, "size": e.size} for e in update.evidence.all()
        ],
    }


def _move(*, user: User, pledge: Pledge, item, action: str, reason: str) -> PledgeEvent:
    """Take one transition of the table on a pledge or an update (`item`), locked."""
    if len(reason) > snapshot.REASON_MAX_CHARS:
        raise ValidationError(
            {"reason": snapshot.too_long(snapshot.REASON_MAX_CHARS, len(reason))}
        )
    own, elsewhere = access.roles_toward(user=user, organisation_id=pledge.organisation_id)
    transition = workflow.check_transition(
        action=action,
        state=item.state,
        roles_in_submitting_organisation=own,
        roles_elsewhere=elsewhere,
        reason=reason,
    )
    now = timezone.now()
    if transition.action == "submit":
        errors = completeness_errors(item) if isinstance(item, Pledge) else update_errors(item)
        if errors:
            raise ValidationError(errors)
        item.submitted_at = now
    elif transition.action == "approve":
        item.approved_at = now
        item.approved_content = (
            frozen_pledge(item) if isinstance(item, Pledge) else frozen_update(item)
        )
    elif transition.action == "withdraw":
        item.submitted_at = None
    event = PledgeEvent.objects.create(
        pledge=pledge,
        update=item if isinstance(item, PledgeUpdate) else None,
        action=transition.action,
        from_state=item.state,
        to_state=transition.target,
        actor=user,
        reason=reason.strip(),
    )
    item.state = transition.target
    item.save(
        update_fields=["state", "submitted_at", "approved_at", "approved_content", "updated_at"]
    )
    record(
        "state_change",
        actor=user,
        obj=item,
        transition=transition.action,
        from_state=event.from_state,
        to_state=event.to_state,
        organisation=pledge.organisation_id,
    )
    return event


def pledge_transition(*, user: User, pledge_id: int, action: str, reason: str = "") -> PledgeEvent:
    """Move a pledge through its review: the one place where its state changes."""
    with transaction.atomic():
        pledge = Pledge.objects.select_for_update().select_related("cycle").get(pk=pledge_id)
        return _move(user=user, pledge=pledge, item=pledge, action=action, reason=reason)


# --- updates at later reviews -----------------------------------------------------------------


def update_errors(update: PledgeUpdate) -> dict[str, str]:
    errors = {}
    if not update.status:
        errors["status"] = _("Choose where the pledge stands.")
    if not (update.narrative_en.strip() or update.narrative_ar.strip()):
        errors["narrative_en"] = _("Say what was done, in English or Arabic.")
    return errors


def update_cycle_error(pledge: Pledge, cycle: ReviewCycle) -> str:
    """Why the pledge cannot be updated for this cycle ("" when it can)."""
    if pledge.approved_content is None:
        return _("Only an approved pledge is followed up.")
    if cycle.state != ReviewCycle.State.OPEN:
        return _("Updates are given for a review that is open for reporting.")
    if cycle.year <= pledge.cycle.year:
        return _("Updates are given at reviews after the one where the pledge was made.")
    return ""


def pledge_update_save(
    *,
    user: User,
    pledge_id: int,
    cycle_id: int,
    status: str,
    narrative_en: str,
    narrative_ar: str,
) -> PledgeUpdate:
    """Start or change the organisation's update of a pledge for a review."""
    errors = {}
    if status and status not in PledgeUpdate.Status.values:
        errors["status"] = _("Choose a status from the list.")
    for name, text in (("narrative_en", narrative_en), ("narrative_ar", narrative_ar)):
        if len(text) > PledgeUpdate.NARRATIVE_MAX_CHARS:
            errors[name] = snapshot.too_long(PledgeUpdate.NARRATIVE_MAX_CHARS, len(text))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        pledge = Pledge.objects.select_for_update().select_related("cycle").get(pk=pledge_id)
        if not access.may_report_for(user=user, organisation_id=pledge.organisation_id):
            raise Refused(_("Only the organisation's focal points update its pledges."))
        update = PledgeUpdate.objects.filter(pledge=pledge, cycle_id=cycle_id).first()
        if update is None:
            cycle = ReviewCycle.objects.get(pk=cycle_id)
            problem = update_cycle_error(pledge, cycle)
            if problem:
                raise Refused(problem)
            update = PledgeUpdate(pledge=pledge, cycle=cycle, created_by=user)
        elif not update.is_editable:
            raise Refused(_("This update is with the reviewers or approved: it cannot change."))
        update.status = status
        update.narrative_en, update.narrative_ar = narrative_en.strip(), narrative_ar.strip()
        update.save()
    return update


def pledge_update_transition(
    *, user: User, update_id: int, action: str, reason: str = ""
) -> PledgeEvent:
    """Move a pledge update through its review, like a submission."""
    with transaction.atomic():
        update = (
            PledgeUpdate.objects.select_for_update(of=("self",))
            .select_related("pledge", "cycle")
            .get(pk=update_id)
        )
        return _move(user=user, pledge=update.pledge, item=update, action=action, reason=reason)


def _editable_update(*, user: User, update_id: int) -> PledgeUpdate:
    update = (
        PledgeUpdate.objects.select_for_update(of=("self",))
        .select_related("pledge")
        .get(pk=update_id)
    )
    if not (
        update.is_editable
        and access.may_report_for(user=user, organisation_id=update.pledge.organisation_id)
    ):
        raise Refused(_("Files are added and taken off by the organisation while it edits."))
    return update


def pledge_evidence_add(*, user: User, update_id: int, upload) -> PledgeEvidence:
    """Attach a checked file to an update the organisation is editing."""
    checked = check_evidence(upload)
    with transaction.atomic():
        update = _editable_update(user=user, update_id=update_id)
        evidence = PledgeEvidence(
            update=update,
            original_name=checked.name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            uploaded_by=user,
        )
        upload.seek(0)
        evidence.file.save(f"{uuid.uuid4().hex}.{checked.extension}", ContentFile(upload.read()))
        evidence.save()
    return evidence


def pledge_evidence_remove(*, user: User, evidence_id: int) -> None:
    """Take a file off an update; one the approved update lists stays."""
    with transaction.atomic():
        evidence = PledgeEvidence.objects.get(pk=evidence_id)
        update = _editable_update(user=user, update_id=evidence.update_id)
        approved = (update.approved_content or {}).get("evidence", [])
        if any(item["id"] == evidence.pk for item in approved):
            raise Refused(_("The approved update lists this file: it stays."))
        storage, name = evidence.file.storage, evidence.file.name
        evidence.delete()
        transaction.on_commit(lambda: storage.delete(name))
