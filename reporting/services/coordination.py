"""Writes of the national coordinator's work: assignments and deadline reminders."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gcm_portal.accounts.models import Membership, Organisation, User
from gcm_portal.audit.recording import record
from objectives.models import Objective
from reporting import access, dispatch
from reporting.models import (
    Assignment,
    Reminder,
    ReportSection,
    ReviewCycle,
)
from reporting.selectors.coordination import REPORTING_KINDS, organisations_with_unsent_work
from reporting.workflow import TransitionRefused

Role = Membership.Role


def assignment_set(
    *,
    user: User,
    cycle: ReviewCycle,
    organisation: Organisation,
    objective_ids: list[int],
    section_ids: list[int],
) -> None:
    """Replace what the organisation is asked to report on in this cycle."""
    if not access.may_assign(user=user):
        raise TransitionRefused(_("Only the national coordinator assigns reporting."))
    if cycle.state == ReviewCycle.State.CLOSED:
        raise TransitionRefused(_("This review cycle is closed."))
    if organisation.kind not in REPORTING_KINDS:
        raise TransitionRefused(
            _(
                "IOM and other UN agencies review and support the reporting; they are not "
                "asked to report."
            )
        )
    sections = ReportSection.objects.filter(pk__in=section_ids, collects_submissions=True)
    if len(set(section_ids)) != sections.count():
        raise ValidationError({"sections": _("Choose sections that collect submissions.")})
    if Objective.objects.filter(pk__in=objective_ids).count() != len(set(objective_ids)):
        raise ValidationError({"objectives": _("Choose objectives from the list.")})
    with transaction.atomic():
        current = Assignment.objects.filter(cycle=cycle, organisation=organisation)
        current.exclude(objective_id__in=objective_ids).filter(objective__isnull=False).delete()
        current.exclude(section_id__in=section_ids).filter(section__isnull=False).delete()
        have_objectives = set(current.values_list("objective_id", flat=True))
        have_sections = set(current.values_list("section_id", flat=True))
        Assignment.objects.bulk_create(
            [
                Assignment(
                    cycle=cycle, organisation=organisation, objective_id=pk, assigned_by=user
                )
                for pk in set(objective_ids) - have_objectives
            ]
            + [
                Assignment(cycle=cycle, organisation=organisation, section_id=pk, assigned_by=user)
                for pk in set(section_ids) - have_sections
            ]
        )
        record(
            "state_change",
            actor=user,
            obj=cycle,
            assignments_of=organisation.pk,
            objective_ids=sorted(set(objective_ids)),
            section_ids=sorted(set(section_ids)),
        )


REMINDER_DAYS_BEFORE = (14, 3)


def reminders_due(*, cycle: ReviewCycle, today: datetime.date) -> str | None:
    """Return today's reminder milestone for the cycle, if any."""
    if cycle.state != ReviewCycle.State.OPEN or cycle.submission_deadline is None:
        return None
    days_left = (cycle.submission_deadline - today).days
    if days_left < 0:
        return "overdue"
    for days in sorted(REMINDER_DAYS_BEFORE):
        if days_left <= days:
            return f"due-in-{days}"
    return None


def reminders_send(*, today: datetime.date) -> list[Reminder]:
    """Record reminders for organisations with unsent work; once per cycle and milestone."""
    sent = []
    for cycle in ReviewCycle.objects.filter(state=ReviewCycle.State.OPEN):
        milestone = reminders_due(cycle=cycle, today=today)
        if milestone is None:
            continue
        for organisation_id in organisations_with_unsent_work(cycle=cycle):
            reminder, created = Reminder.objects.get_or_create(
                cycle=cycle, organisation_id=organisation_id, milestone=milestone
            )
            if created:
                sent.append(reminder)
    for reminder in sent:
        transaction.on_commit(lambda pk=reminder.pk: _send_reminder(pk))
    return sent


def reminder_send_now(*, user: User, cycle: ReviewCycle, organisation_id: int) -> Reminder:
    """The coordinator reminds one organisation at once of what it has still to submit (at
    most once a day), besides the reminders sent before the deadline by themselves."""
    if not access.coordinates(user=user):
        raise TransitionRefused(_("Only the national coordinator sends reminders."))
    if cycle.state != ReviewCycle.State.OPEN:
        raise TransitionRefused(_("This review cycle is not open for submissions."))
    if cycle.submission_deadline is None:
        raise TransitionRefused(
            _("Set the cycle's submission deadline first: the reminder gives it.")
        )
    if organisation_id not in organisations_with_unsent_work(cycle=cycle):
        raise TransitionRefused(_("This organisation has nothing left to submit."))
    today = timezone.localdate()
    when = "overdue" if cycle.submission_deadline < today else "due"
    reminder, created = Reminder.objects.get_or_create(
        cycle=cycle, organisation_id=organisation_id, milestone=f"{when}-sent-{today}"
    )
    if not created:
        raise TransitionRefused(_("A reminder already went to this organisation today."))
    record("state_change", actor=user, obj=reminder, milestone=reminder.milestone)
    transaction.on_commit(lambda: _send_reminder(reminder.pk))
    return reminder


def _send_reminder(reminder_id: int) -> None:
    if not dispatch.enqueue("reporting.tasks.send_reminder", reminder_id):
        # A reminder counts as sent once it is queued: the next run records it again.
        Reminder.objects.filter(pk=reminder_id).delete()
