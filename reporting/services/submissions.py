"""Writes of submissions: drafts, transitions, comments, notifications of state changes."""

import datetime
from dataclasses import dataclass, field, replace

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gcm_portal.accounts.models import Membership, Organisation, User
from gcm_portal.audit.recording import record
from gcm_portal.errors import Conflict, Incomplete
from objectives.disaggregation import Breakdowns
from objectives.models import (
    Action,
    Indicator,
    PolicyDomain,
    Principle,
    validate_indicator_value,
)
from objectives.models import StrategyAction as StrategyActionModel
from reporting import access, dispatch, policy_domains, snapshot, workflow
from reporting.models import (
    Comment,
    Event,
    IndicatorValue,
    PolicyDomainAnswers,
    ReviewCycle,
    Revision,
    Submission,
)
from reporting.policy_domains import asks_policy_domains
from reporting.selectors.coordination import expected_subjects
from reporting.selectors.submissions import (
    earlier_approved_revision,
    indicator_values_for,
    indicators_for_submission,
)
from reporting.selectors.translations import source_of_revision
from reporting.services.library import library_index
from reporting.services.translations import translations_reuse
from reporting.workflow import TransitionRefused

Role = Membership.Role


class StaleVersion(Conflict):
    """The draft changed since the user loaded it; nothing was saved."""

    code = "stale_version"

    def __init__(self, current: Submission):
        super().__init__(
            _(
                "The draft was saved by someone else since you loaded it: nothing was saved. "
                "Merge your changes into version %(version)d and save again."
            )
            % {"version": current.version},
            current_version=current.version,
        )
        self.current = current


class SubmissionIncomplete(Incomplete):
    """Required content is missing; errors maps field names to messages."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(_("Not submitted: complete the marked fields first."), fields=errors)
        self.errors = errors


@dataclass
class IndicatorEntry:
    indicator_id: int
    value: str = ""
    unit: str = ""
    reference_date: datetime.date | None = None
    source: str = ""
    breakdown: list[dict] = field(default_factory=list)
    # The period the value is for: a year, or a start and an end date.
    period_year: int | None = None
    period_start: datetime.date | None = None
    period_end: datetime.date | None = None

    @property
    def is_empty(self) -> bool:
        return not (
            self.value
            or self.reference_date
            or self.source
            or self.breakdown
            or self.period_year
            or self.period_start
            or self.period_end
        )


@dataclass
class Draft:
    language: str = "en"
    implementation_status: str = ""
    # {narrative field name: text} (snapshot.NARRATIVE_FIELDS); a name left out is empty.
    narratives: dict[str, str] = field(default_factory=dict)
    principle_ids: list[int] = field(default_factory=list)
    gcm_action_ids: list[int] = field(default_factory=list)
    linked_strategy_action_ids: list[int] = field(default_factory=list)
    indicator_values: list[IndicatorEntry] = field(default_factory=list)
    # The SDG 10.7.2 questionnaire, by domain number (its section only); None keeps what is
    # saved, for callers that do not carry it.
    policy_domains: dict[int, "PolicyDomainEntry"] | None = None


@dataclass
class PolicyDomainEntry:
    """One 10.7.2 domain's answers {sub-category code: "yes" | "no" | "not_known"} and note."""

    answers: dict[str, str] = field(default_factory=dict)
    note: str = ""


def submission_start(
    *,
    user: User,
    cycle: ReviewCycle,
    organisation: Organisation,
    subject_kind: str,
    subject_id: int,
) -> Submission:
    """Return the organisation's submission on this subject, creating its draft if needed."""
    if not access.may_report_for(user=user, organisation_id=organisation.pk):
        raise TransitionRefused(_("Only your organisation's focal points can report for it."))
    if cycle.state != ReviewCycle.State.OPEN:
        raise TransitionRefused(_("This review cycle is not open for submissions."))
    expected = expected_subjects(cycle=cycle, organisation=organisation)
    if (subject_kind, subject_id) not in expected:
        raise TransitionRefused(_("Your organisation has not been asked to report on this."))
    subject = {f"{subject_kind}_id": subject_id}
    submission, _created = Submission.objects.get_or_create(
        cycle=cycle,
        organisation=organisation,
        subject_kind=subject_kind,
        **subject,
        defaults={"created_by": user, "updated_by": user, "language": user.preferred_language},
    )
    return submission


def submission_save_draft(
    *, user: User, submission_id: int, base_version: int, draft: Draft
) -> Submission:
    """Save the working draft; refuse a stale base version instead of overwriting."""
    with transaction.atomic():
        submission = locked_for_editing(user=user, submission_id=submission_id)
        if submission.version != base_version:
            if _as_saved(draft) == _as_saved(draft_of(submission)):
                return submission  # the newer version already says exactly this
            raise StaleVersion(submission)
        errors = snapshot.length_errors(draft.narratives)
        errors.update(_subject_errors(submission, draft))
        if errors:
            raise ValidationError(errors)
        submission.language = draft.language
        submission.implementation_status = draft.implementation_status
        for name in snapshot.NARRATIVE_FIELD_NAMES:
            setattr(submission, name, draft.narratives.get(name, ""))
        submission.version += 1
        submission.updated_by = user
        submission.save()
        submission.principles.set(draft.principle_ids)
        submission.gcm_actions.set(draft.gcm_action_ids)
        submission.linked_strategy_actions.set(draft.linked_strategy_action_ids)
        _save_indicator_values(submission, draft.indicator_values)
        if draft.policy_domains is not None:
            _save_policy_answers(submission, draft.policy_domains)
    return submission


def submission_start_from_earlier(
    *, user: User, submission_id: int, base_version: int
) -> list[str]:
    """Fill the draft's empty narratives, principles and linked strategy actions from the
    organisation's approved text on the same subject in an earlier cycle; nothing already
    written is replaced. Returns the names of the fields filled."""
    submission = Submission.objects.get(pk=submission_id)
    earlier = earlier_approved_revision(submission=submission)
    if earlier is None:
        raise TransitionRefused(_("Your organisation has no approved text on this subject yet."))
    before = snapshot.load(earlier.content)
    draft = draft_of(submission)
    nothing_written = not any(text.strip() for text in draft.narratives.values())
    filled = []
    for name in snapshot.NARRATIVE_FIELD_NAMES:
        if not draft.narratives.get(name, "").strip() and before.narrative(name).strip():
            draft.narratives[name] = before.narrative(name)
            filled.append(name)
    if nothing_written:
        draft = replace(draft, language=before.language)
    if not draft.principle_ids and before.principles:
        draft = replace(
            draft,
            principle_ids=sorted(
                Principle.objects.filter(letter__in=before.principles).values_list("pk", flat=True)
            ),
        )
        filled.append("principles")
    if not draft.linked_strategy_action_ids and before.linked_strategy_actions:
        draft = replace(
            draft,
            linked_strategy_action_ids=sorted(
                StrategyActionModel.objects.filter(
                    pk__in=[reference.id for reference in before.linked_strategy_actions]
                ).values_list("pk", flat=True)
            ),
        )
        filled.append("linked_strategy_actions")
    if filled:
        submission_save_draft(
            user=user, submission_id=submission.pk, base_version=base_version, draft=draft
        )
    return filled


def same_draft(draft: Draft, submission: Submission) -> bool:
    """Whether saving the draft would change nothing the submission holds."""

    def comparable(d: Draft):
        entries = sorted(
            (
                (
                    e.indicator_id,
                    e.value,
                    e.unit,
                    e.reference_date,
                    e.source,
                    e.breakdown,
                    (e.period_year, e.period_start, e.period_end),
                )
                for e in d.indicator_values
                if not e.is_empty
            ),
            key=lambda entry: entry[0],
        )
        return (
            d.language,
            d.implementation_status,
            {name: d.narratives.get(name, "") for name in snapshot.NARRATIVE_FIELD_NAMES},
            sorted(d.principle_ids),
            sorted(d.gcm_action_ids),
            sorted(d.linked_strategy_action_ids),
            entries,
            _comparable_policy(d.policy_domains),
        )

    return comparable(draft) == comparable(draft_of(submission))


def draft_of(submission: Submission) -> Draft:
    """Return the submission's saved draft in the form a save carries it."""
    return Draft(
        language=submission.language,
        implementation_status=submission.implementation_status,
        narratives={name: getattr(submission, name) for name in snapshot.NARRATIVE_FIELD_NAMES},
        principle_ids=sorted(submission.principles.values_list("pk", flat=True)),
        gcm_action_ids=sorted(submission.gcm_actions.values_list("pk", flat=True)),
        linked_strategy_action_ids=sorted(
            submission.linked_strategy_actions.values_list("pk", flat=True)
        ),
        indicator_values=[
            IndicatorEntry(
                indicator_id=v.indicator_id,
                value=v.value,
                unit=v.unit,
                reference_date=v.reference_date,
                source=v.source,
                breakdown=v.breakdown,
                period_year=v.period_year,
                period_start=v.period_start,
                period_end=v.period_end,
            )
            for v in indicator_values_for(submission=submission)
        ],
        policy_domains=policy_domains_of(submission),
    )


def _as_saved(draft: Draft) -> Draft:
    """Return the draft as a save stores it, so that equal content compares equal.

    The form sends an entry for every indicator, empty ones included, and ticked ids in page
    order; a save drops the empty entries and the order of ids means nothing.
    """
    return replace(
        draft,
        narratives={
            name: draft.narratives.get(name, "") for name in snapshot.NARRATIVE_FIELD_NAMES
        },
        principle_ids=sorted(set(draft.principle_ids)),
        gcm_action_ids=sorted(set(draft.gcm_action_ids)),
        linked_strategy_action_ids=sorted(set(draft.linked_strategy_action_ids)),
        indicator_values=sorted(
            (entry for entry in draft.indicator_values if not entry.is_empty),
            key=lambda entry: entry.indicator_id,
        ),
        policy_domains=_comparable_policy(draft.policy_domains),
    )


def locked_for_editing(*, user: User, submission_id: int) -> Submission:
    submission = (
        # Lock only the submission row: PostgreSQL cannot lock the optional related rows.
        Submission.objects.select_for_update(of=("self",))
        .select_related("objective", "strategy_action", "section")
        .get(pk=submission_id)
    )
    if not access.may_report_for(user=user, organisation_id=submission.organisation_id):
        raise TransitionRefused(_("Only your organisation's focal points can edit this."))
    if not submission.is_editable:
        raise TransitionRefused(
            _("This submission is %(state)s and can no longer be edited.")
            % {"state": workflow.STATE_LABELS[submission.state]}
        )
    return submission


def _subject_errors(submission: Submission, draft: Draft) -> dict[str, str]:
    errors = {}
    if draft.language not in dict(Submission.Language.choices):
        errors["language"] = _("Choose English or Arabic.")
    if draft.implementation_status and draft.implementation_status not in dict(
        Submission.ImplementationStatus.choices
    ):
        errors["implementation_status"] = _("Choose one of the listed statuses.")
    if Principle.objects.filter(pk__in=draft.principle_ids).count() != len(
        set(draft.principle_ids)
    ):
        errors["principles"] = _("Choose principles from the list.")
    own_actions = Action.objects.filter(objective_id=submission.objective_id)
    if own_actions.filter(pk__in=draft.gcm_action_ids).count() != len(set(draft.gcm_action_ids)):
        errors["gcm_actions"] = _("Choose actions of this objective.")
    linked = StrategyActionModel.objects.filter(pk__in=draft.linked_strategy_action_ids)
    if linked.count() != len(set(draft.linked_strategy_action_ids)):
        errors["linked_strategy_actions"] = _("Choose strategy actions from the list.")
    errors.update(_indicator_errors(submission, draft.indicator_values))
    if draft.policy_domains is not None:
        errors.update(policy_answer_errors(submission, draft.policy_domains))
    return errors


def _indicator_errors(submission: Submission, entries: list[IndicatorEntry]) -> dict[str, str]:
    allowed = {i.pk: i for i in indicators_for_submission(submission=submission)}
    breakdowns = Breakdowns() if any(entry.breakdown for entry in entries) else None
    for entry in entries:
        indicator = allowed.get(entry.indicator_id)
        if indicator is None:
            return {"indicator_values": _("This indicator does not belong to this subject.")}
        for name in ("value", "unit", "source"):
            limit = IndicatorValue._meta.get_field(name).max_length
            if len(getattr(entry, name) or "") > limit:
                return {
                    f"indicator_{indicator.pk}_{name}": snapshot.too_long(
                        limit, len(getattr(entry, name))
                    )
                }
        message = validate_indicator_value(indicator.kind, entry.value)
        if message:
            return {f"indicator_{indicator.pk}_value": message}
        for name, message in period_errors(entry).items():
            return {f"indicator_{indicator.pk}_{name}": message}
        for row in entry.breakdown:
            dimension = row.get("dimension")
            if dimension not in indicator.disaggregations or row.get(
                "category"
            ) not in breakdowns.category_codes(dimension):
                return {f"indicator_{indicator.pk}_breakdown": _("Unknown breakdown.")}
            value_limit = IndicatorValue._meta.get_field("value").max_length
            if len(str(row.get("value", ""))) > value_limit:
                return {
                    f"indicator_{indicator.pk}_breakdown": snapshot.too_long(
                        value_limit, len(str(row.get("value", "")))
                    )
                }
            message = validate_indicator_value(indicator.kind, row.get("value", ""))
            if message:
                return {f"indicator_{indicator.pk}_breakdown": message}
        for message in breakdown_total_errors(indicator, entry, breakdowns).values():
            return {f"indicator_{indicator.pk}_breakdown": message}
    return {}


def _number(text: str) -> float | None:
    try:
        return float(str(text).replace(",", ""))
    except ValueError:
        return None


def _shown(number: float) -> str:
    return str(int(number)) if number == int(number) else str(round(number, 6))


def period_errors(entry: IndicatorEntry) -> dict[str, str]:
    """A value's period is a year, or a start and an end date not before it; never both.
    Returns {field: message}."""
    if entry.period_year and (entry.period_start or entry.period_end):
        return {"period_year": _("Give either the year or the start and end dates, not both.")}
    if bool(entry.period_start) != bool(entry.period_end):
        missing = "period_end" if entry.period_start else "period_start"
        return {missing: _("Give both the start and the end date of the period.")}
    if entry.period_start and entry.period_end < entry.period_start:
        return {"period_end": _("The end date is before the start date.")}
    if entry.period_year and not 1900 <= entry.period_year <= 2100:
        return {"period_year": _("Enter a year between 1900 and 2100.")}
    return {}


def breakdown_total_errors(
    indicator, entry: IndicatorEntry, breakdowns: Breakdowns | None = None
) -> dict[str, str]:
    """For a count, the groups of one dimension cannot add up to more than the value, and
    all of them together must add up to it exactly. Returns {dimension: message}.
    Dimensions and categories are the catalogue's (pass Breakdowns when checking many)."""
    total = _number(entry.value) if indicator.kind == Indicator.Kind.NUMBER else None
    if total is None or not entry.breakdown:
        return {}
    breakdowns = breakdowns or Breakdowns()
    errors = {}
    for dimension in indicator.disaggregations:
        rows = [row for row in entry.breakdown if row.get("dimension") == dimension]
        numbers = [_number(row.get("value", "")) for row in rows]
        if not rows or None in numbers:
            continue
        added = sum(numbers)
        every_group = {row.get("category") for row in rows} == breakdowns.category_codes(dimension)
        if added > total + 1e-9 or (every_group and abs(added - total) > 1e-9):
            errors[dimension] = _(
                "The groups by %(dimension)s add up to %(sum)s, but the value is %(value)s."
            ) % {
                "dimension": breakdowns.dimension_label(dimension).lower(),
                "sum": _shown(added),
                "value": _shown(total),
            }
    return errors


def _save_indicator_values(submission: Submission, entries: list[IndicatorEntry]) -> None:
    kept = []
    for entry in entries:
        if entry.is_empty:
            continue
        IndicatorValue.objects.update_or_create(
            submission=submission,
            indicator_id=entry.indicator_id,
            defaults={
                "value": entry.value,
                "unit": entry.unit,
                "reference_date": entry.reference_date,
                "source": entry.source,
                "breakdown": entry.breakdown,
                "period_year": entry.period_year,
                "period_start": entry.period_start,
                "period_end": entry.period_end,
            },
        )
        kept.append(entry.indicator_id)
    submission.indicator_values.exclude(indicator_id__in=kept).delete()


# --- the SDG 10.7.2 questionnaire (reporting/policy_domains.py) ------------------------------


def policy_domains_of(submission: Submission) -> dict[int, PolicyDomainEntry] | None:
    """The draft's 10.7.2 answers by domain number; None when its section does not ask them."""
    if not asks_policy_domains(submission):
        return None
    return {
        row.domain.number: PolicyDomainEntry(answers=dict(row.answers), note=row.note)
        for row in submission.policy_answers.select_related("domain")
    }


def _comparable_policy(domains: dict[int, PolicyDomainEntry] | None):
    """The answers as a save stores them: unanswered codes and empty domains left out."""
    if domains is None:
        return None
    kept = {}
    for number, entry in domains.items():
        answers = {code: answer for code, answer in entry.answers.items() if answer}
        if answers or entry.note:
            kept[number] = PolicyDomainEntry(answers=answers, note=entry.note)
    return kept


def policy_answer_errors(
    submission: Submission, domains: dict[int, PolicyDomainEntry]
) -> dict[str, str]:
    """Refuse answers to a section that does not ask them, unknown domains or sub-categories,
    answers other than yes, no or not known, and notes over their length."""
    if not asks_policy_domains(submission):
        if any(entry.answers or entry.note for entry in domains.values()):
            return {"policy_domains": _("Only the SDG 10.7.2 section asks these questions.")}
        return {}
    known = {
        domain.number: {sub.code for sub in domain.subcategories.all()}
        for domain in PolicyDomain.objects.prefetch_related("subcategories")
    }
    errors = {}
    for number, entry in domains.items():
        if number not in known:
            errors["policy_domains"] = _("There is no SDG 10.7.2 domain %(number)s.") % {
                "number": number
            }
            continue
        for code, answer in entry.answers.items():
            if code not in known[number]:
                errors["policy_domains"] = _("Domain %(number)s has no sub-category %(code)s.") % {
                    "number": number,
                    "code": code,
                }
            elif answer and answer not in policy_domains.ANSWERS:
                errors[snapshot.policy_field_name(code)] = _("Answer yes, no or not known.")
        if len(entry.note or "") > policy_domains.NOTE_MAX_CHARS:
            errors[f"policy_note_{number}"] = snapshot.too_long(
                policy_domains.NOTE_MAX_CHARS, len(entry.note)
            )
    return errors


def _save_policy_answers(submission: Submission, domains: dict[int, PolicyDomainEntry]) -> None:
    if not asks_policy_domains(submission):
        return
    by_number = {domain.number: domain for domain in PolicyDomain.objects.all()}
    kept = []
    for number, entry in (_comparable_policy(domains) or {}).items():
        PolicyDomainAnswers.objects.update_or_create(
            submission=submission,
            domain=by_number[number],
            defaults={"answers": entry.answers, "note": entry.note},
        )
        kept.append(by_number[number].pk)
    submission.policy_answers.exclude(domain_id__in=kept).delete()


def submission_transition(
    *, user: User, submission_id: int, action: str, reason: str = ""
) -> Event:
    """Move a submission through the life cycle: the one place where its state changes.

    Checks the transition table and the actor's roles, freezes a revision on submit, writes
    one Event, and sends notifications only after the transaction commits.
    """
    if len(reason) > snapshot.REASON_MAX_CHARS:
        raise ValidationError(
            {"reason": snapshot.too_long(snapshot.REASON_MAX_CHARS, len(reason))}
        )
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission_id)
        own, elsewhere = access.roles_toward(user=user, organisation_id=submission.organisation_id)
        transition = workflow.check_transition(
            action=action,
            state=submission.state,
            roles_in_submitting_organisation=own,
            roles_elsewhere=elsewhere,
            reason=reason,
        )
        now = timezone.now()
        revision = _apply(transition, submission=submission, user=user, now=now)
        event = Event.objects.create(
            submission=submission,
            action=transition.action,
            from_state=submission.state,
            to_state=transition.target,
            actor=user,
            reason=reason.strip(),
            revision=revision,
        )
        submission.state = transition.target
        # A review ends with the state it was claimed in.
        submission.claimed_by, submission.claimed_at = None, None
        submission.save(
            update_fields=[
                "state",
                "submitted_at",
                "approved_at",
                "updated_at",
                "claimed_by",
                "claimed_at",
            ]
        )
        record(
            "state_change",
            actor=user,
            obj=submission,
            transition=transition.action,
            from_state=event.from_state,
            to_state=event.to_state,
            organisation=submission.organisation_id,
            event=event.pk,
        )
        if transition.action == "approve":
            revision.approved_at = now
            _reuse_translations(source_of_revision(revision))
            library_index(revision_id=revision.pk)
        transaction.on_commit(lambda: _notify(event.pk))
    return event


def submission_claim(*, user: User, submission_id: int, take_over: bool = False) -> Submission:
    """A reviewer says they are reviewing a submitted piece of work, so that others leave it;
    another reviewer's claim is taken over only when asked to (the page says whose it is)."""
    with transaction.atomic():
        submission = (
            Submission.objects.select_for_update(of=("self",))
            .select_related("claimed_by")
            .get(pk=submission_id)
        )
        if not access.may_review(user=user, submission=submission):
            raise TransitionRefused(_("Only a reviewer who may decide on this work claims it."))
        if submission.state != Submission.State.SUBMITTED:
            raise TransitionRefused(_("Only work awaiting review is claimed."))
        holder = submission.claimed_by
        if holder is not None and holder != user and not take_over:
            raise TransitionRefused(
                _("%(name)s is already reviewing this work.")
                % {"name": holder.get_full_name() or holder.username}
            )
        submission.claimed_by, submission.claimed_at = user, timezone.now()
        submission.save(update_fields=["claimed_by", "claimed_at"])
        record(
            "state_change",
            actor=user,
            obj=submission,
            claimed=True,
            taken_over_from=holder.pk if holder and holder != user else None,
        )
    return submission


def submission_release(*, user: User, submission_id: int) -> Submission:
    """The reviewer who claimed a piece of work leaves it for others."""
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission_id)
        if submission.claimed_by_id != user.pk:
            raise TransitionRefused(_("You are not reviewing this work."))
        submission.claimed_by, submission.claimed_at = None, None
        submission.save(update_fields=["claimed_by", "claimed_at"])
        record("state_change", actor=user, obj=submission, claimed=False)
    return submission


def submissions_approve(*, user: User, submission_ids: list[int]) -> tuple[int, list[str]]:
    """Approve several submitted pieces of work at once; each must have no reviewer comment
    that is not resolved. Returns how many were approved and, for each one refused, why."""
    approved, refused = 0, []
    for submission in Submission.objects.filter(pk__in=submission_ids).select_related(
        "organisation", "objective", "strategy_action", "section"
    ):
        label = f"{submission.organisation.name}: {submission.subject.title}"
        if unresolved_threads(submission).exists():
            refused.append(
                _("%(work)s has reviewer comments not yet resolved: open it to decide.")
                % {"work": label}
            )
            continue
        try:
            submission_transition(user=user, submission_id=submission.pk, action="approve")
        except TransitionRefused as refusal:
            refused.append(f"{label}: {refusal.message}")
        else:
            approved += 1
    return approved, refused


def _reuse_translations(source) -> None:
    """An approved text the translation memory covers in full is translated at once."""
    translations_reuse(sources=[source], language=source.other_language)


def _apply(transition, *, submission: Submission, user: User, now) -> Revision | None:
    """Carry out what a transition means beyond its state; return the revision concerned."""
    latest = submission.revisions.order_by("-number").first()
    if transition.action == "submit":
        if submission.cycle.state != ReviewCycle.State.OPEN:
            raise TransitionRefused(_("This review cycle is not open for submissions."))
        frozen = snapshot.snapshot_of(submission)
        errors = snapshot.completeness_errors(
            subject_kind=submission.subject_kind, snapshot=frozen
        )
        errors.update(snapshot.length_errors(frozen.narratives))
        if errors:
            raise SubmissionIncomplete(errors)
        still_open = open_threads(submission)
        if still_open:
            raise OpenComments(still_open)
        submission.submitted_at = now
        return Revision.objects.create(
            submission=submission,
            number=(latest.number + 1) if latest else 1,
            content=frozen.to_json(),
            language=submission.language,
            submitted_by=user,
            submitted_at=now,
        )
    if transition.action == "withdraw":
        if latest and latest.comments.exists():
            raise TransitionRefused(
                _("A reviewer has already commented on it; it can no longer be withdrawn.")
            )
        submission.submitted_at = None
        return latest
    if transition.action == "approve":
        # Approving is the reviewers' last word on every conversation still going.
        _resolve(unresolved_threads(submission), user=user, now=now)
        submission.approved_at = now
        Revision.objects.filter(pk=latest.pk).update(approved_at=now)
        return latest
    if transition.action == "reopen":
        submission.approved_at = None
    return latest


def _notify(event_id: int) -> None:
    # When the broker cannot take it, the event keeps an empty notified_at for the sweep.
    dispatch.enqueue("reporting.tasks.notify_submission_event", event_id)


# An event's e-mail is normally sent within seconds; one still unsent after NOTIFY_AGAIN_AFTER
# is sent again by the periodic sweep, until NOTIFY_GIVE_UP_AFTER.
NOTIFY_AGAIN_AFTER = datetime.timedelta(minutes=2)


NOTIFY_GIVE_UP_AFTER = datetime.timedelta(days=1)


def events_notify_pending(*, now: datetime.datetime | None = None) -> list[int]:
    """Send again the notifications that have not gone out: the broker was down when the event
    happened, or every retry of the e-mail failed. The task's claim sends each one once."""
    now = now or timezone.now()
    pending = list(
        Event.objects.filter(
            notified_at__isnull=True,
            created_at__gte=now - NOTIFY_GIVE_UP_AFTER,
            created_at__lte=now - NOTIFY_AGAIN_AFTER,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for pk in pending:
        transaction.on_commit(lambda pk=pk: _notify(pk))
    return pending


def comment_add(*, user: User, submission_id: int, field: str, body: str) -> Comment:
    """Add a reviewer's comment on the submission under review, whole or on one field."""
    submission = Submission.objects.get(pk=submission_id)
    if access.conflict_of_interest(user=user, organisation_id=submission.organisation_id):
        raise TransitionRefused(workflow.CONFLICT_OF_INTEREST)
    if not access.may_comment(user=user, submission=submission):
        raise TransitionRefused(_("Only reviewers from another organisation can comment."))
    if submission.state != Submission.State.SUBMITTED:
        raise TransitionRefused(_("Comments are made while a submission is under review."))
    if field not in snapshot.COMMENTABLE_FIELDS:
        raise ValidationError({"field": _("Choose a field of the form.")})
    if not body.strip():
        raise ValidationError({"body": _("Write the comment.")})
    if len(body) > snapshot.COMMENT_MAX_CHARS:
        raise ValidationError({"body": snapshot.too_long(snapshot.COMMENT_MAX_CHARS, len(body))})
    return Comment.objects.create(
        submission=submission,
        revision=submission.revisions.order_by("-number").first(),
        field=field,
        body=body.strip(),
        author=user,
    )


class OpenComments(Incomplete):
    """A returned submission goes back to the reviewers only once the organisation has said,
    for each open reviewer comment, what it changed or why it did not."""

    code = "open_comments"

    def __init__(self, threads: list[Comment]):
        super().__init__(
            _(
                "Not submitted: say for each open reviewer comment what you changed, or why "
                "you did not."
            ),
            fields={
                f"comment-{thread.pk}": _("Say how this was addressed.") for thread in threads
            },
            comments=[thread.pk for thread in threads],
        )
        self.threads = threads


def _thread_for_update(comment_id: int) -> Comment:
    comment = Comment.objects.select_for_update(of=("self",)).get(pk=comment_id)
    if comment.parent_id is not None:
        raise TransitionRefused(_("Only the first comment of a conversation has a state."))
    return comment


def _checked_body(body: str, name: str = "body") -> str:
    if not body.strip():
        raise ValidationError({name: _("Write the comment.")})
    if len(body) > snapshot.COMMENT_MAX_CHARS:
        raise ValidationError({name: snapshot.too_long(snapshot.COMMENT_MAX_CHARS, len(body))})
    return body.strip()


def comment_reply(*, user: User, comment_id: int, body: str) -> Comment:
    """Reply in a comment's conversation: a reviewer while the work is under review (which
    opens an addressed comment again), the organisation while it can edit the work."""
    body = _checked_body(body)
    with transaction.atomic():
        thread = _thread_for_update(comment_id)
        submission = thread.submission
        if thread.state == Comment.State.RESOLVED:
            raise TransitionRefused(_("This comment is resolved; add a new comment instead."))
        as_reviewer = access.may_discuss_under_review(user=user, submission=submission)
        as_organisation = access.may_answer_comments(user=user, submission=submission)
        if not (as_reviewer or as_organisation):
            raise TransitionRefused(
                _(
                    "Reviewers reply while the work is under review; its organisation replies "
                    "while it can edit the work."
                )
            )
        reply = Comment.objects.create(
            submission=submission,
            revision=thread.revision,
            parent=thread,
            field=thread.field,
            body=body,
            author=user,
        )
        if as_reviewer and thread.state == Comment.State.ADDRESSED:
            thread.state = Comment.State.OPEN
            thread.save(update_fields=["state"])
    return reply


def comment_address(*, user: User, comment_id: int, note: str) -> Comment:
    """The organisation says what it changed for a comment, or why it did not."""
    if not note.strip():
        raise ValidationError({"note": _("Say what you changed, or why you did not.")})
    if len(note) > snapshot.COMMENT_MAX_CHARS:
        raise ValidationError({"note": snapshot.too_long(snapshot.COMMENT_MAX_CHARS, len(note))})
    with transaction.atomic():
        thread = _thread_for_update(comment_id)
        submission = thread.submission
        if not access.may_answer_comments(user=user, submission=submission):
            raise TransitionRefused(
                _("The organisation marks comments addressed while it can edit the work.")
            )
        if thread.state == Comment.State.RESOLVED:
            raise TransitionRefused(_("A reviewer has already resolved this comment."))
        thread.state = Comment.State.ADDRESSED
        thread.addressed_note = note.strip()
        thread.addressed_by, thread.addressed_at = user, timezone.now()
        thread.save(update_fields=["state", "addressed_note", "addressed_by", "addressed_at"])
    return thread


def comment_resolve(*, user: User, comment_id: int) -> Comment:
    """A reviewer closes a comment's conversation while the work is under review."""
    with transaction.atomic():
        thread = _thread_for_update(comment_id)
        submission = thread.submission
        if access.conflict_of_interest(user=user, organisation_id=submission.organisation_id):
            raise TransitionRefused(workflow.CONFLICT_OF_INTEREST)
        if not access.may_comment(user=user, submission=submission):
            raise TransitionRefused(
                _("Only reviewers from another organisation resolve comments.")
            )
        if submission.state != Submission.State.SUBMITTED:
            raise TransitionRefused(_("Comments are resolved while the work is under review."))
        if thread.state != Comment.State.RESOLVED:
            _resolve([thread], user=user, now=timezone.now())
    return thread


def _resolve(threads, *, user: User, now) -> None:
    for thread in threads:
        thread.state = Comment.State.RESOLVED
        thread.resolved_by, thread.resolved_at = user, now
        thread.save(update_fields=["state", "resolved_by", "resolved_at"])


def open_threads(submission: Submission) -> list[Comment]:
    """The reviewer comments the organisation has not yet said how it addressed."""
    return list(
        submission.comments.filter(parent__isnull=True, state=Comment.State.OPEN)
        .select_related("author")
        .order_by("created_at", "pk")
    )


def unresolved_threads(submission: Submission):
    return submission.comments.filter(parent__isnull=True).exclude(state=Comment.State.RESOLVED)
