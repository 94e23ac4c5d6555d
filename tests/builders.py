"""Shared test builders: people, assignments and submissions made through the real services,
and the national strategy's catalogue as plain data.

Fixtures (tests/conftest.py) name the personas; tests build the rest with these.
"""

from collections.abc import Sequence

from gcm_portal.accounts.models import Organisation
from objectives.models import Indicator, Objective, Pillar, SdgIndicator, Strategy, StrategyAction
from reporting.models import Assignment, ReportSection
from reporting.services.submissions import (
    Draft,
    submission_save_draft,
    submission_start,
    submission_transition,
)
from reporting.snapshot import NARRATIVE_FIELD_NAMES, snapshot_of
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


def save_narratives(author, submission, **narratives):
    """The author changes some narratives of a submission's draft, the rest kept as it is."""
    submission.refresh_from_db()
    current = snapshot_of(submission)
    return submission_save_draft(
        user=author,
        submission_id=submission.pk,
        base_version=submission.version,
        draft=Draft(
            implementation_status=current.implementation_status,
            narratives={**current.narratives, **narratives},
        ),
    )


def approve(author, reviewer, cycle, organisation, objective: int, **fields):
    """A draft as start_draft makes it, submitted and approved."""
    submission = start_draft(author, cycle, organisation, objective, **fields)
    submission_transition(user=author, submission_id=submission.pk, action="submit")
    submission_transition(user=reviewer, submission_id=submission.pk, action="approve")
    return submission


def strategy_catalogue(
    *,
    code: str = "nmms",
    title_en: str = "National Migration Management Strategy",
    title_ar: str = "الاستراتيجية الوطنية لإدارة الهجرة",
    pillars: Sequence[tuple[str, str, str]],
    actions: Sequence[dict],
    indicators: Sequence[dict] = (),
) -> Strategy:
    """A national strategy with its pillars, actions and indicators, from plain rows.

    Rows name what they refer to as the import template does: organisations by short name
    (they must exist), GCM objectives by number, SDG indicators and strategy actions by code.
    - pillars: (code, English title, Arabic title), in order.
    - actions: StrategyAction's fields, with `pillar` (its code), `lead` (a short name) and
      optionally `supporting` (short names) and `objectives` (numbers).
    - indicators: Indicator's fields, with optionally `sdg` (a code), `objective` (a number)
      and `action` (the code of one of the actions above).
    """
    strategy = Strategy.objects.create(code=code, title_en=title_en, title_ar=title_ar)
    by_code = {
        pillar_code: Pillar.objects.create(
            strategy=strategy,
            code=pillar_code,
            title_en=pillar_en,
            title_ar=pillar_ar,
            position=position,
        )
        for position, (pillar_code, pillar_en, pillar_ar) in enumerate(pillars, start=1)
    }
    organisations = {o.slug: o for o in Organisation.objects.all()}
    objectives = {o.number: o for o in Objective.objects.all()}
    created = {}
    for row in actions:
        fields = dict(row)
        supporting = fields.pop("supporting", [])
        numbers = fields.pop("objectives", [])
        action = StrategyAction.objects.create(
            pillar=by_code[fields.pop("pillar")],
            lead_organisation=organisations[fields.pop("lead")],
            **fields,
        )
        action.supporting_organisations.set([organisations[slug] for slug in supporting])
        action.objectives.set([objectives[number] for number in numbers])
        created[action.code] = action
    for row in indicators:
        fields = dict(row)
        sdg = fields.pop("sdg", "")
        objective = fields.pop("objective", None)
        action = fields.pop("action", "")
        Indicator.objects.create(
            sdg_indicator=SdgIndicator.objects.get(code=sdg) if sdg else None,
            objective=objectives[objective] if objective else None,
            strategy_action=created[action] if action else None,
            **fields,
        )
    return strategy
