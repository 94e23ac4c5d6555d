"""Who may do what to a submission's review: asked by services, views, the API and templates.

Conflict of interest is one rule: no one reviews, comments on, returns, approves or reopens
work of an organisation in which they hold any role, whatever the role
(`workflow.has_conflict_of_interest` decides it from the roles; everything here asks it).
"""

from gcm_portal.accounts.models import Membership, User
from gcm_portal.accounts.selectors import organisations_where, roles_by_organisation
from reporting import workflow
from reporting.models import Submission

Role = Membership.Role


def roles_toward(*, user: User, organisation_id: int) -> tuple[set[str], set[str]]:
    """The user's roles in the organisation, and their roles anywhere else."""
    roles = roles_by_organisation(user=user)
    elsewhere = set().union(*(held for org, held in roles.items() if org != organisation_id))
    return roles.get(organisation_id, set()), elsewhere


def conflict_of_interest(*, user: User, organisation_id: int) -> bool:
    """Whether the user holds a role in the organisation, and so may not review its work."""
    own, _elsewhere = roles_toward(user=user, organisation_id=organisation_id)
    return workflow.has_conflict_of_interest(roles_in_submitting_organisation=own)


def may_comment(*, user: User, submission: Submission) -> bool:
    """Reviewers of another organisation, with no role in the submitting one."""
    return bool(organisations_where(user=user, role=Role.REVIEWER)) and not (
        conflict_of_interest(user=user, organisation_id=submission.organisation_id)
    )


def may_take(*, user: User, submission: Submission, action: str) -> bool:
    """Whether the user holds what the transition needs (whatever the submission's state)."""
    transition = workflow.TRANSITIONS[action]
    own, elsewhere = roles_toward(user=user, organisation_id=submission.organisation_id)
    if transition.own_organisation:
        return transition.role in own
    return transition.role in elsewhere and not workflow.has_conflict_of_interest(
        roles_in_submitting_organisation=own
    )


def may_review(*, user: User, submission: Submission) -> bool:
    return may_take(user=user, submission=submission, action="approve")


def may_reopen(*, user: User, submission: Submission) -> bool:
    return may_take(user=user, submission=submission, action="reopen")
