"""Who may do what in reporting: the one policy that services, selectors, views, the API,
the admin and templates ask (templates through the `can` object, reporting.context_processors).

Roles come from memberships (a focal point, reviewer, coordinator, viewer or translator of an
organisation); the superuser stands in for the national coordinator where the portal needs
one. Which submissions someone may *read* is scoped in reporting.selectors
(`submission_visibility`), using the predicates below.

Conflict of interest is one rule: no one reviews, comments on, returns, approves or reopens
work of an organisation in which they hold any role, whatever the role
(`workflow.has_conflict_of_interest` decides it from the roles; everything here asks it).
"""

from functools import cached_property

from gcm_portal.accounts.models import Membership, User
from gcm_portal.accounts.selectors import organisations_where, roles_by_organisation
from reporting import workflow

Role = Membership.Role


# --- who someone is, in reporting terms -----------------------------------------------------


def reports_for(*, user: User) -> set[int]:
    """The organisations the user reports for: those where they are a focal point."""
    return organisations_where(user=user, role=Role.FOCAL_POINT)


def is_member(*, user: User) -> bool:
    """Holds any role anywhere: every member reads approved work and final editions."""
    return bool(roles_by_organisation(user=user))


def works_on_review(*, user: User) -> bool:
    """The review side: reviewers and coordinators (and the superuser) read what is
    submitted, the review queue and previews of the report."""
    held = set().union(*roles_by_organisation(user=user).values())
    return user.is_superuser or bool(held & {Role.REVIEWER, Role.COORDINATOR})


def coordinates(*, user: User) -> bool:
    """The national coordinator's work: assignments, coverage, compiling, imports."""
    return user.is_superuser or bool(organisations_where(user=user, role=Role.COORDINATOR))


# --- what they may do -------------------------------------------------------------------------


def may_report_for(*, user: User, organisation_id: int) -> bool:
    """Start and edit the organisation's submissions: its focal points."""
    return organisation_id in reports_for(user=user)


def may_assign(*, user: User) -> bool:
    return coordinates(user=user)


def may_compile(*, user: User) -> bool:
    return coordinates(user=user)


def may_import(*, user: User) -> bool:
    """Import strategy actions and indicators from a spreadsheet."""
    return coordinates(user=user)


def may_export(*, user: User) -> bool:
    """Export a cycle's approved content: every member (they read it anyway)."""
    return user.is_superuser or is_member(user=user)


def reads_previews(*, user: User) -> bool:
    """Preview editions of the report are for those who prepare it."""
    return works_on_review(user=user)


def may_read_review_record(*, user: User, organisation_id: int, state: str) -> bool:
    """The review conversation (comments, return and reopen reasons): the organisation's
    focal points, and the review side once the submission has been submitted."""
    if may_report_for(user=user, organisation_id=organisation_id):
        return True
    return works_on_review(user=user) and state != workflow.DRAFT


def roles_toward(*, user: User, organisation_id: int) -> tuple[set[str], set[str]]:
    """The user's roles in the organisation, and their roles anywhere else."""
    roles = roles_by_organisation(user=user)
    elsewhere = set().union(*(held for org, held in roles.items() if org != organisation_id))
    return roles.get(organisation_id, set()), elsewhere


def conflict_of_interest(*, user: User, organisation_id: int) -> bool:
    """Whether the user holds a role in the organisation, and so may not review its work."""
    own, _elsewhere = roles_toward(user=user, organisation_id=organisation_id)
    return workflow.has_conflict_of_interest(roles_in_submitting_organisation=own)


def may_comment(*, user: User, submission) -> bool:
    """Reviewers of another organisation, with no role in the submitting one."""
    return bool(organisations_where(user=user, role=Role.REVIEWER)) and not (
        conflict_of_interest(user=user, organisation_id=submission.organisation_id)
    )


def may_discuss_under_review(*, user: User, submission) -> bool:
    """Reviewers reply to and resolve comments while the work is under review."""
    return submission.state == "submitted" and may_comment(user=user, submission=submission)


def may_answer_comments(*, user: User, submission) -> bool:
    """The organisation's focal points reply to comments and mark them addressed while they
    can edit the work."""
    return submission.is_editable and may_report_for(
        user=user, organisation_id=submission.organisation_id
    )


def comment_mode(*, user: User, submission) -> str:
    """What the user may do with the review conversation now: "review", "respond" or ""."""
    if may_discuss_under_review(user=user, submission=submission):
        return "review"
    if may_answer_comments(user=user, submission=submission):
        return "respond"
    return ""


def may_take(*, user: User, submission, action: str) -> bool:
    """Whether the user holds what the transition needs (whatever the submission's state)."""
    transition = workflow.TRANSITIONS[action]
    own, elsewhere = roles_toward(user=user, organisation_id=submission.organisation_id)
    if transition.own_organisation:
        return transition.role in own
    return transition.role in elsewhere and not workflow.has_conflict_of_interest(
        roles_in_submitting_organisation=own
    )


def may_review(*, user: User, submission) -> bool:
    return may_take(user=user, submission=submission, action="approve")


def may_reopen(*, user: User, submission) -> bool:
    return may_take(user=user, submission=submission, action="reopen")


def available_transitions(*, user: User, submission) -> list[workflow.Transition]:
    """The transitions the user could take on the submission now."""
    own, elsewhere = roles_toward(user=user, organisation_id=submission.organisation_id)
    return workflow.available_actions(
        state=submission.state,
        roles_in_submitting_organisation=own,
        roles_elsewhere=elsewhere,
    )


# --- the pledge register ----------------------------------------------------------------------


def may_edit_pledge(*, user: User, pledge) -> bool:
    """The pledging organisation's focal points, while the pledge is a draft or returned."""
    return pledge.is_editable and may_report_for(user=user, organisation_id=pledge.organisation_id)


def may_register_pledges(*, user: User) -> bool:
    return bool(reports_for(user=user))


def pledge_transitions(*, user: User, item) -> list[workflow.Transition]:
    """The review transitions the user could take on a pledge or a pledge update now."""
    organisation_id = item.organisation_id
    own, elsewhere = roles_toward(user=user, organisation_id=organisation_id)
    return workflow.available_actions(
        state=item.state, roles_in_submitting_organisation=own, roles_elsewhere=elsewhere
    )


# --- the coordinator's chapters of the report -------------------------------------------------


def writes_chapters_for(*, user: User) -> set[int]:
    """The organisations whose chapters the user writes as coordinator."""
    return organisations_where(user=user, role=Role.COORDINATOR)


def may_write_chapter(*, user: User, chapter) -> bool:
    """The chapter's writers: coordinators of its organisation, and the drafter they named."""
    if chapter.drafter_id and chapter.drafter_id == user.pk:
        return True
    return chapter.organisation_id in writes_chapters_for(user=user)


def chapter_roles(*, user: User, chapter) -> tuple[set[str], set[str]]:
    """The user's roles toward a chapter for the transition table: in its organisation (with
    WRITER when they may write it), and anywhere else."""
    own, elsewhere = roles_toward(user=user, organisation_id=chapter.organisation_id)
    if may_write_chapter(user=user, chapter=chapter):
        own = own | {workflow.WRITER}
    return own, elsewhere


def chapter_transitions(*, user: User, chapter) -> list[workflow.Transition]:
    own, elsewhere = chapter_roles(user=user, chapter=chapter)
    return workflow.available_actions(
        state=chapter.state,
        roles_in_submitting_organisation=own,
        roles_elsewhere=elsewhere,
        transitions=workflow.CHAPTER_TRANSITIONS,
    )


def may_read_chapter(*, user: User, chapter) -> bool:
    """Its writers in every state; the review side once it has been submitted."""
    if may_write_chapter(user=user, chapter=chapter):
        return True
    return works_on_review(user=user) and (
        chapter.state != workflow.DRAFT or chapter.revisions.exists()
    )


# --- translations -------------------------------------------------------------------------------


def translates(*, user: User) -> bool:
    """Translators make the report's translations; coordinators may too (and waive them)."""
    return coordinates(user=user) or bool(organisations_where(user=user, role=Role.TRANSLATOR))


def may_review_translation(*, user: User, translation) -> bool:
    """A second pair of eyes: any translator or coordinator but the one who translated it."""
    return translates(user=user) and translation.translated_by_id != user.pk


def may_read_library(*, user: User) -> bool:
    """Every member reads the approved content (the library); so does the superuser."""
    return user.is_superuser or is_member(user=user)


def may_waive_translation(*, user: User) -> bool:
    return coordinates(user=user)


# --- consultations held for a cycle --------------------------------------------------------------


def may_keep_consultations(*, user: User) -> bool:
    """Record, change and delete a cycle's consultations: the national coordinator's work."""
    return coordinates(user=user)


def may_read_consultations(*, user: User) -> bool:
    """Read the consultation records and their inputs: those who prepare the report (the
    review side, coordinators included). Everyone else reads them in the report itself."""
    return works_on_review(user=user)


class Can:
    """The policy for templates: `{% if can.review %}`. Nothing is asked until used."""

    def __init__(self, user: User):
        self.user = user

    @cached_property
    def report(self) -> bool:
        return bool(self.user.is_authenticated and reports_for(user=self.user))

    @cached_property
    def review(self) -> bool:
        return bool(self.user.is_authenticated and works_on_review(user=self.user))

    @cached_property
    def coordinate(self) -> bool:
        return bool(self.user.is_authenticated and coordinates(user=self.user))

    @cached_property
    def export(self) -> bool:
        return bool(self.user.is_authenticated and may_export(user=self.user))

    @cached_property
    def import_data(self) -> bool:
        return bool(self.user.is_authenticated and may_import(user=self.user))

    @cached_property
    def translate(self) -> bool:
        return bool(self.user.is_authenticated and translates(user=self.user))

    @cached_property
    def read_library(self) -> bool:
        return bool(self.user.is_authenticated and may_read_library(user=self.user))

    @cached_property
    def administer(self) -> bool:
        return bool(self.user.is_authenticated and self.user.is_staff)
