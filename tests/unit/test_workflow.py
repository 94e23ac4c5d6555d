"""The submission life cycle as tables: which action, from which state, by whom, with what
reason (reporting/workflow.py). Pure checks: no database."""

import pytest

from reporting.workflow import (
    APPROVED,
    CONFLICT_OF_INTEREST,
    COORDINATOR,
    DRAFT,
    FOCAL_POINT,
    RETURNED,
    REVIEWER,
    SUBMITTED,
    TRANSITIONS,
    TransitionRefused,
    available_actions,
    check_transition,
    has_conflict_of_interest,
)

VIEWER = "viewer"
ACTIONS = ["submit", "withdraw", "return", "approve", "reopen"]
STATES = [DRAFT, SUBMITTED, RETURNED, APPROVED]

NO_ROLE = "You do not have the role needed to do this."
GIVE_A_REASON = "Give a reason: the organisation will read it."
REASON = "Add the 2027 figures for Basra."

# Who acts: (roles in the submitting organisation, roles in other organisations).
ACTORS = {
    "focal point here": ({FOCAL_POINT}, set()),
    "viewer here": ({VIEWER}, set()),
    "reviewer here": ({REVIEWER}, set()),
    "coordinator here": ({COORDINATOR}, set()),
    "focal point here, reviewer elsewhere": ({FOCAL_POINT}, {REVIEWER}),
    "viewer here, coordinator elsewhere": ({VIEWER}, {COORDINATOR}),
    "focal point elsewhere": (set(), {FOCAL_POINT}),
    "reviewer elsewhere": (set(), {REVIEWER}),
    "coordinator elsewhere": (set(), {COORDINATOR}),
    "reviewer and coordinator elsewhere": (set(), {REVIEWER, COORDINATOR}),
    "no role anywhere": (set(), set()),
}
# The actor each action is meant for.
RIGHT_ACTOR = {
    "submit": "focal point here",
    "withdraw": "focal point here",
    "return": "reviewer elsewhere",
    "approve": "reviewer elsewhere",
    "reopen": "coordinator elsewhere",
}


def check(action: str, state: str, actor: str, reason: str = REASON):
    here, elsewhere = ACTORS[actor]
    return check_transition(
        action=action,
        state=state,
        roles_in_submitting_organisation=here,
        roles_elsewhere=elsewhere,
        reason=reason,
    )


def refusal(action: str, state: str, actor: str, reason: str = REASON) -> TransitionRefused:
    with pytest.raises(TransitionRefused) as refused:
        check(action, state, actor, reason)
    return refused.value


# --- from which state -----------------------------------------------------------------------

# Where each action leads from each state, taken by the actor it is meant for; "-" where the
# state does not allow it. The diagram in docs/architecture.md, as a table.
# fmt: off
STATE_TABLE = {
    #             draft       submitted   returned    approved
    "submit":   (SUBMITTED,  "-",        SUBMITTED,  "-"),
    "withdraw": ("-",        DRAFT,      "-",        "-"),
    "return":   ("-",        RETURNED,   "-",        "-"),
    "approve":  ("-",        APPROVED,   "-",        "-"),
    "reopen":   ("-",        "-",        "-",        RETURNED),
}
# fmt: on
STATE_CASES = [
    (action, state, target)
    for action, targets in STATE_TABLE.items()
    for state, target in zip(STATES, targets, strict=True)
]
WHILE = {
    DRAFT: "This cannot be done while the submission is a draft.",
    SUBMITTED: "This cannot be done while the submission is submitted.",
    RETURNED: "This cannot be done while the submission is returned for revision.",
    APPROVED: "This cannot be done while the submission is approved.",
}


@pytest.mark.parametrize(
    ("action", "state", "target"),
    STATE_CASES,
    ids=[f"{action} from {state}" for action, state, _target in STATE_CASES],
)
def test_each_action_from_each_state(action, state, target):
    if target == "-":
        error = refusal(action, state, RIGHT_ACTOR[action])
        assert str(error.message) == WHILE[state]
        assert (error.field, error.status, error.code) == (None, 403, "refused")
    else:
        transition = check(action, state, RIGHT_ACTOR[action])
        assert (transition.action, transition.target) == (action, target)


def test_the_table_covers_every_transition_and_no_more():
    assert list(STATE_TABLE) == list(TRANSITIONS) == ACTIONS


def test_a_state_the_table_does_not_know_is_named_as_it_is():
    error = refusal("submit", "archived", "focal point here")
    assert str(error.message) == "This cannot be done while the submission is archived."


@pytest.mark.parametrize("action", ["publish", "", "Submit"], ids=["publish", "empty", "Submit"])
def test_an_unknown_action_is_refused(action):
    error = refusal(action, DRAFT, "focal point here")
    assert str(error.message) == "Unknown action."
    assert error.status == 403


# --- by whom --------------------------------------------------------------------------------

# What happens when each actor tries each action from a state that allows it:
# ok, "role" (not the role it needs) or "conflict" (a role in the submitting organisation).
# fmt: off
WHO_TABLE = {
    #                                       submit  withdraw  return      approve     reopen
    "focal point here":                     ("ok",   "ok",     "conflict", "conflict", "conflict"),
    "viewer here":                          ("role", "role",   "conflict", "conflict", "conflict"),
    "reviewer here":                        ("role", "role",   "conflict", "conflict", "conflict"),
    "coordinator here":                     ("role", "role",   "conflict", "conflict", "conflict"),
    "focal point here, reviewer elsewhere": ("ok",   "ok",     "conflict", "conflict", "conflict"),
    "viewer here, coordinator elsewhere":   ("role", "role",   "conflict", "conflict", "conflict"),
    "focal point elsewhere":                ("role", "role",   "role",     "role",     "role"),
    "reviewer elsewhere":                   ("role", "role",   "ok",       "ok",       "role"),
    "coordinator elsewhere":                ("role", "role",   "role",     "role",     "ok"),
    "reviewer and coordinator elsewhere":   ("role", "role",   "ok",       "ok",       "ok"),
    "no role anywhere":                     ("role", "role",   "role",     "role",     "role"),
}
# fmt: on
# A state each action may be taken from.
FROM = {
    "submit": DRAFT,
    "withdraw": SUBMITTED,
    "return": SUBMITTED,
    "approve": SUBMITTED,
    "reopen": APPROVED,
}
WHO_CASES = [
    (actor, action, outcome)
    for actor, outcomes in WHO_TABLE.items()
    for action, outcome in zip(ACTIONS, outcomes, strict=True)
]


@pytest.mark.parametrize(
    ("actor", "action", "outcome"),
    WHO_CASES,
    ids=[f"{actor}: {action}" for actor, action, _outcome in WHO_CASES],
)
def test_who_may_take_each_action(actor, action, outcome):
    if outcome == "ok":
        assert check(action, FROM[action], actor).action == action
        return
    error = refusal(action, FROM[action], actor)
    expected = {"role": NO_ROLE, "conflict": str(CONFLICT_OF_INTEREST)}[outcome]
    assert str(error.message) == expected
    assert (error.field, error.status, error.code, error.fields) == (None, 403, "refused", {})


def test_the_table_names_every_actor():
    assert list(WHO_TABLE) == list(ACTORS)


# --- conflict of interest -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("roles_here", "conflict"),
    [
        (set(), False),
        ({FOCAL_POINT}, True),
        ({VIEWER}, True),
        ({REVIEWER}, True),
        ({COORDINATOR}, True),
        ({FOCAL_POINT, REVIEWER}, True),
        ({"a role added later"}, True),
    ],
    ids=[
        "no role",
        "focal point",
        "viewer",
        "reviewer",
        "coordinator",
        "focal point and reviewer",
        "a role added later",
    ],
)
def test_any_role_in_the_submitting_organisation_is_a_conflict(roles_here, conflict):
    assert has_conflict_of_interest(roles_in_submitting_organisation=roles_here) is conflict


@pytest.mark.parametrize("action", ["return", "approve", "reopen"])
def test_a_conflict_is_named_before_a_missing_reason(action):
    error = refusal(action, FROM[action], "viewer here, coordinator elsewhere", reason="")
    assert str(error.message) == str(CONFLICT_OF_INTEREST)


# --- reasons --------------------------------------------------------------------------------

BLANK_REASONS = {"empty": "", "spaces": "   ", "new lines and tabs": "\n\t \r\n"}
REASON_CASES = [
    *[
        (action, name, reason, "refused")
        for action in ("return", "reopen")
        for name, reason in BLANK_REASONS.items()
    ],
    ("return", "a reason", REASON, "ok"),
    ("reopen", "a reason", REASON, "ok"),
    ("return", "an Arabic reason", "أضيفوا أرقام عام 2027.", "ok"),
    ("reopen", "one character", "x", "ok"),
    ("submit", "empty", "", "ok"),
    ("withdraw", "empty", "", "ok"),
    ("approve", "empty", "", "ok"),
    ("approve", "spaces", "   ", "ok"),
]


@pytest.mark.parametrize(
    ("action", "reason", "outcome"),
    [(action, reason, outcome) for action, _name, reason, outcome in REASON_CASES],
    ids=[f"{action}, {name}" for action, name, _reason, _outcome in REASON_CASES],
)
def test_return_and_reopen_need_a_reason(action, reason, outcome):
    if outcome == "ok":
        assert check(action, FROM[action], RIGHT_ACTOR[action], reason).action == action
        return
    error = refusal(action, FROM[action], RIGHT_ACTOR[action], reason)
    # A problem with what was sent, shown at the field: 400, not a refusal.
    assert str(error.message) == GIVE_A_REASON
    assert error.field == "reason"
    assert error.fields == {"reason": [GIVE_A_REASON]}
    assert (error.status, error.code) == (400, "invalid")


@pytest.mark.parametrize(
    ("action", "state", "actor", "message"),
    [
        ("return", APPROVED, "reviewer elsewhere", WHILE[APPROVED]),
        ("reopen", SUBMITTED, "coordinator elsewhere", WHILE[SUBMITTED]),
        ("return", SUBMITTED, "coordinator elsewhere", NO_ROLE),
        ("reopen", APPROVED, "reviewer elsewhere", NO_ROLE),
    ],
    ids=["return, wrong state", "reopen, wrong state", "return, no role", "reopen, no role"],
)
def test_a_missing_reason_is_asked_for_only_once_all_else_is_allowed(
    action, state, actor, message
):
    assert str(refusal(action, state, actor, reason="").message) == message


# --- what the page offers -------------------------------------------------------------------

AVAILABLE_CASES = [
    (DRAFT, "focal point here", ["submit"]),
    (RETURNED, "focal point here", ["submit"]),
    (SUBMITTED, "focal point here", ["withdraw"]),
    (APPROVED, "focal point here", []),
    (SUBMITTED, "focal point here, reviewer elsewhere", ["withdraw"]),
    (DRAFT, "reviewer elsewhere", []),
    (SUBMITTED, "reviewer elsewhere", ["return", "approve"]),
    (APPROVED, "reviewer elsewhere", []),
    (SUBMITTED, "coordinator elsewhere", []),
    (APPROVED, "coordinator elsewhere", ["reopen"]),
    (SUBMITTED, "reviewer and coordinator elsewhere", ["return", "approve"]),
    (APPROVED, "reviewer and coordinator elsewhere", ["reopen"]),
    (SUBMITTED, "reviewer here", []),
    (APPROVED, "viewer here, coordinator elsewhere", []),
    (RETURNED, "reviewer and coordinator elsewhere", []),
    (SUBMITTED, "no role anywhere", []),
    ("archived", "focal point here", []),
]


@pytest.mark.parametrize(
    ("state", "actor", "expected"),
    AVAILABLE_CASES,
    ids=[f"{state}, {actor}" for state, actor, _expected in AVAILABLE_CASES],
)
def test_available_actions(state, actor, expected):
    here, elsewhere = ACTORS[actor]
    available = available_actions(
        state=state, roles_in_submitting_organisation=here, roles_elsewhere=elsewhere
    )
    assert [transition.action for transition in available] == expected


@pytest.mark.parametrize("actor", list(ACTORS))
@pytest.mark.parametrize("state", STATES)
def test_available_actions_are_those_the_check_allows(state, actor):
    """Offered means allowed once a reason is given, and nothing allowed is left out."""
    allowed = []
    for action in ACTIONS:
        try:
            check(action, state, actor)
        except TransitionRefused:
            continue
        allowed.append(action)
    here, elsewhere = ACTORS[actor]
    available = available_actions(
        state=state, roles_in_submitting_organisation=here, roles_elsewhere=elsewhere
    )
    assert [transition.action for transition in available] == allowed
