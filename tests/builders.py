"""Shared test builders: people, assignments and submissions made through the real services.

Fixtures (tests/conftest.py) name the personas; tests build the rest with these.
"""

from objectives.models import Objective
from reporting.models import Assignment, ReportSection
from reporting.services.submissions import (
    Draft,
    submission_save_draft,
    submission_start,
    submission_transition,
)
from reporting.snapshot import NARRATIVE_FIELD_NAMES
from tests.factories import MembershipFactory, UserFactory


def member(username: str, organisation, role: str):
    """A user with one role in one organisation."""
    user = UserFactory(username=username)
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user


def assign(cycle, organisation, *, objective: int | None = None, section: str | None = None):
    """Ask the organisation to report on an objective (by number) or a section (by code)."""
    return Assignment.objects.create(
        cycle=cycle,
        organisation=organisation,
        objective=Objective.objects.get(number=objective) if objective else None,
        section=ReportSection.objects.get(code=section) if section else None,
    )


def start_draft(user, cycle, organisation, objective: int = 10, **fields):
    """Assign the objective, start the organisation's draft and fill it in."""
    assign(cycle, organisation, objective=objective)
    submission = submission_start(
        user=user,
        cycle=cycle,
        organisation=organisation,
        subject_kind="objective",
        subject_id=Objective.objects.get(number=objective).pk,
    )
    narratives = {name: fields.pop(name) for name in NARRATIVE_FIELD_NAMES if name in fields}
    narratives.setdefault("progress", "Referral pathways were set up in Ninewa and Basra.")
    draft = Draft(
        implementation_status=fields.pop("implementation_status", "in_progress"),
        narratives=narratives,
        **fields,
    )
    return submission_save_draft(
        user=user, submission_id=submission.pk, base_version=submission.version, draft=draft
    )


def submitted(user, cycle, organisation, objective: int = 10, **fields):
    """A draft as start_draft makes it, submitted."""
    submission = start_draft(user, cycle, organisation, objective, **fields)
    submission_transition(user=user, submission_id=submission.pk, action="submit")
    submission.refresh_from_db()
    return submission


def approve(author, reviewer, cycle, organisation, objective: int, **fields):
    """A draft as start_draft makes it, submitted and approved."""
    submission = start_draft(author, cycle, organisation, objective, **fields)
    submission_transition(user=author, submission_id=submission.pk, action="submit")
    submission_transition(user=reviewer, submission_id=submission.pk, action="approve")
    return submission
