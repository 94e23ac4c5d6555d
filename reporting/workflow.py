"""The submission life cycle: the transition table and the pure checks on it (no database).

draft --submit--> submitted --approve--> approved
  ^                  |  \\--return(reason)--> returned --submit--> submitted
  |                  \\--withdraw--> draft
approved --reopen(coordinator, reason)--> returned
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from gcm_portal.errors import Invalid, Refused

DRAFT, SUBMITTED, RETURNED, APPROVED = "draft", "submitted", "returned", "approved"
FOCAL_POINT, REVIEWER, COORDINATOR = "focal_point", "reviewer", "coordinator"
# A chapter of the report is written by the national coordinator or the drafter they name.
WRITER = "writer"
STATE_LABELS = {
    DRAFT: _("a draft"),
    SUBMITTED: _("submitted"),
    RETURNED: _("returned for revision"),
    APPROVED: _("approved"),
}


@dataclass(frozen=True)
class Transition:
    action: str
    sources: tuple[str, ...]
    target: str
    role: str
    own_organisation: bool  # True: only the submitting organisation; False: never it
    needs_reason: bool
    label: object


TRANSITIONS = {
    t.action: t
    for t in [
        Transition("submit", (DRAFT, RETURNED), SUBMITTED, FOCAL_POINT, True, False, _("Submit")),
        Transition("withdraw", (SUBMITTED,), DRAFT, FOCAL_POINT, True, False, _("Withdraw")),
        Transition(
            "return", (SUBMITTED,), RETURNED, REVIEWER, False, True, _("Return for revision")
        ),
        Transition("approve", (SUBMITTED,), APPROVED, REVIEWER, False, False, _("Approve")),
        Transition("reopen", (APPROVED,), RETURNED, COORDINATOR, False, True, _("Reopen")),
    ]
}


# The coordinator's chapters go through the same review; their writer reopens an approved
# chapter (with a reason), which IOM then approves again.
CHAPTER_TRANSITIONS = {
    t.action: t
    for t in [
        Transition("submit", (DRAFT, RETURNED), SUBMITTED, WRITER, True, False, _("Submit")),
        Transition("withdraw", (SUBMITTED,), DRAFT, WRITER, True, False, _("Withdraw")),
        Transition(
            "return", (SUBMITTED,), RETURNED, REVIEWER, False, True, _("Return for revision")
        ),
        Transition("approve", (SUBMITTED,), APPROVED, REVIEWER, False, False, _("Approve")),
        Transition("reopen", (APPROVED,), RETURNED, WRITER, True, True, _("Reopen")),
    ]
}


class TransitionRefused(Refused):
    """What the rules do not allow; the message is for the user. Naming a `field` makes it a
    problem with what was sent there (400, "invalid") rather than a refusal (403)."""

    def __init__(self, message, field: str | None = None):
        super().__init__(message, fields={field: [message]} if field else None)
        self.field = field
        if field:
            self.status, self.code = Invalid.status, Invalid.code


CONFLICT_OF_INTEREST = _(
    "No one may review, comment on, return, approve or reopen work of an organisation in "
    "which they hold a role."
)


def has_conflict_of_interest(*, roles_in_submitting_organisation: set[str]) -> bool:
    """Whether a person is too close to the work to review it: any role at all in the
    submitting organisation (a focal point there who reviews elsewhere, a viewer there...)."""
    return bool(roles_in_submitting_organisation)


def check_transition(
    *,
    action: str,
    state: str,
    roles_in_submitting_organisation: set[str],
    roles_elsewhere: set[str],
    reason: str,
    transitions: dict[str, Transition] = TRANSITIONS,
) -> Transition:
    """Return the transition when the actor may take it from this state; raise otherwise.

    The review side's transitions are refused to anyone with a conflict of interest: a
    reviewer or coordinator never acts on work of an organisation in which they hold any role.
    """
    transition = transitions.get(action)
    if transition is None:
        raise TransitionRefused(_("Unknown action."))
    if state not in transition.sources:
        raise TransitionRefused(
            _("This cannot be done while the submission is %(state)s.")
            % {"state": STATE_LABELS.get(state, state)}
        )
    if transition.own_organisation:
        allowed = transition.role in roles_in_submitting_organisation
    else:
        if has_conflict_of_interest(
            roles_in_submitting_organisation=roles_in_submitting_organisation
        ):
            raise TransitionRefused(CONFLICT_OF_INTEREST)
        allowed = transition.role in roles_elsewhere
    if not allowed:
        raise TransitionRefused(_("You do not have the role needed to do this."))
    if transition.needs_reason and not reason.strip():
        raise TransitionRefused(_("Give a reason: the organisation will read it."), "reason")
    return transition


def available_actions(
    *,
    state: str,
    roles_in_submitting_organisation: set[str],
    roles_elsewhere: set[str],
    transitions: dict[str, Transition] = TRANSITIONS,
) -> list[Transition]:
    """The transitions this actor could take now (before checking reasons or content)."""
    available = []
    for transition in transitions.values():
        try:
            check_transition(
                action=transition.action,
                state=state,
                roles_in_submitting_organisation=roles_in_submitting_organisation,
                roles_elsewhere=roles_elsewhere,
                reason="-",
                transitions=transitions,
            )
        except TransitionRefused:
            continue
        available.append(transition)
    return available
