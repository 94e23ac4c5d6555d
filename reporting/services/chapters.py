"""Writes of the coordinator's chapters: starting one, naming a drafter, saving the text, and
moving it through the same review as contributions (workflow.CHAPTER_TRANSITIONS)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gcm_portal.accounts.models import Membership, User
from gcm_portal.audit.recording import record
from gcm_portal.errors import Conflict
from reporting import access, report_text, snapshot, workflow
from reporting.models import (
    Chapter,
    ChapterEvent,
    ChapterRevision,
    LayoutChapter,
    ReviewCycle,
    Revision,
    Submission,
)
from reporting.selectors.translations import source_of_chapter_revision
from reporting.services.translations import translations_reuse
from reporting.workflow import TransitionRefused

KEY_MESSAGES_MIN, KEY_MESSAGES_MAX = 3, 7
KEY_MESSAGE_WORDS = 60
# Chapters without a word limit of their own.
DEFAULT_WORD_LIMIT = 3000


class ChapterStale(Conflict):
    """The chapter changed since the writer loaded it; nothing was saved."""

    code = "stale_version"

    def __init__(self, current: Chapter):
        super().__init__(
            _(
                "The chapter was saved by someone else since you loaded it: nothing was saved. "
                "Merge your changes into version %(version)d and save again."
            )
            % {"version": current.version},
            current_version=current.version,
        )
        self.current = current


def chapter_start(
    *, user: User, cycle: ReviewCycle, layout_chapter: LayoutChapter, objective=None
) -> Chapter:
    """Return the cycle's text for the chapter (or the objective's synthesis), creating its
    draft for the coordinator's organisation if needed."""
    organisations = access.writes_chapters_for(user=user)
    if not organisations:
        raise TransitionRefused(_("Only the national coordinator writes the report."))
    if not layout_chapter.is_written:
        raise TransitionRefused(_("This part of the report is made from the data."))
    if (objective is None) == (layout_chapter.kind == LayoutChapter.Kind.OBJECTIVES):
        raise TransitionRefused(_("Choose an objective of this chapter."))
    chapter, _created = Chapter.objects.get_or_create(
        cycle=cycle,
        layout_chapter=layout_chapter,
        objective=objective,
        defaults={
            "organisation_id": min(organisations),
            "created_by": user,
            "updated_by": user,
            "language": user.preferred_language,
        },
    )
    if not access.may_write_chapter(user=user, chapter=chapter):
        raise TransitionRefused(_("Only the chapter's writers can work on it."))
    return chapter


def chapter_name_drafter(*, user: User, chapter_id: int, drafter: User | None) -> Chapter:
    """The coordinator names who drafts the chapter (a member of the coordinating
    organisation), or takes it back (None)."""
    with transaction.atomic():
        chapter = Chapter.objects.select_for_update().get(pk=chapter_id)
        if chapter.organisation_id not in access.writes_chapters_for(user=user):
            raise TransitionRefused(_("Only the national coordinator names a drafter."))
        if (
            drafter is not None
            and not Membership.objects.filter(
                user=drafter, organisation_id=chapter.organisation_id
            ).exists()
        ):
            raise ValidationError(
                {"drafter": _("Choose someone from the coordinating organisation.")}
            )
        chapter.drafter = drafter
        chapter.save(update_fields=["drafter", "updated_at"])
        record("state_change", actor=user, obj=chapter, drafter=drafter.pk if drafter else None)
    return chapter


def chapter_save(
    *,
    user: User,
    chapter_id: int,
    base_version: int,
    language: str,
    body: str = "",
    messages: list[str] | None = None,
) -> Chapter:
    """Save the draft text; refuse a stale base version instead of overwriting."""
    messages = [message.strip() for message in (messages or []) if message.strip()]
    with transaction.atomic():
        chapter = (
            Chapter.objects.select_for_update(of=("self",))
            .select_related("layout_chapter", "cycle")
            .get(pk=chapter_id)
        )
        if not access.may_write_chapter(user=user, chapter=chapter):
            raise TransitionRefused(_("Only the chapter's writers can work on it."))
        if not chapter.is_editable:
            raise TransitionRefused(
                _("This chapter is %(state)s and can no longer be edited.")
                % {"state": workflow.STATE_LABELS[chapter.state]}
            )
        if chapter.version != base_version:
            if (chapter.language, chapter.body, chapter.messages) == (language, body, messages):
                return chapter
            raise ChapterStale(chapter)
        errors = text_errors(chapter, language=language, body=body, messages=messages)
        if errors:
            raise ValidationError(errors)
        chapter.language, chapter.body, chapter.messages = language, body, messages
        chapter.version += 1
        chapter.updated_by = user
        chapter.save()
    return chapter


def text_errors(chapter: Chapter, *, language: str, body: str, messages: list[str]) -> dict:
    """What is wrong with a chapter's text: language, length, key messages, citations."""
    errors = {}
    if language not in dict(Submission.Language.choices):
        errors["language"] = _("Choose English or Arabic.")
    limit = chapter.layout_chapter.word_limit or DEFAULT_WORD_LIMIT
    words = snapshot.count_words(body)
    if words > limit:
        errors["body"] = _("Keep this under %(limit)d words; it has %(count)d.") % {
            "limit": limit,
            "count": words,
        }
    elif len(body) > limit * snapshot.CHARACTERS_PER_WORD:
        errors["body"] = snapshot.too_long(limit * snapshot.CHARACTERS_PER_WORD, len(body))
    if len(messages) > KEY_MESSAGES_MAX:
        errors["messages"] = _("Keep to at most %(count)d key messages.") % {
            "count": KEY_MESSAGES_MAX
        }
    for number, message in enumerate(messages, start=1):
        if snapshot.count_words(message) > KEY_MESSAGE_WORDS:
            errors["messages"] = _(
                "Key message %(number)d is too long: keep each under %(limit)d words."
            ) % {"number": number, "limit": KEY_MESSAGE_WORDS}
    cited = report_text.cited_submissions(" ".join([body, *messages]))
    approved = set(
        Revision.objects.filter(
            submission_id__in=cited,
            submission__cycle_id=chapter.cycle_id,
            approved_at__isnull=False,
        ).values_list("submission_id", flat=True)
    )
    missing = [submission_id for submission_id in cited if submission_id not in approved]
    if missing:
        errors["body"] = _(
            "Cite only approved contributions of this cycle; these are not: %(citations)s."
        ) % {"citations": ", ".join(f"[cite:{pk}]" for pk in missing)}
    return errors


def completeness_errors(chapter: Chapter) -> dict:
    """What must be written before the chapter is submitted."""
    if chapter.layout_chapter.kind == LayoutChapter.Kind.KEY_MESSAGES:
        if len(chapter.messages) < KEY_MESSAGES_MIN:
            return {
                "messages": _("Write at least %(count)d key messages.")
                % {"count": KEY_MESSAGES_MIN}
            }
        return {}
    if not chapter.body.strip():
        return {"body": _("Write the text before submitting.")}
    return {}


def chapter_transition(
    *, user: User, chapter_id: int, action: str, reason: str = ""
) -> ChapterEvent:
    """Move a chapter through its review: the one place where its state changes."""
    if len(reason) > snapshot.REASON_MAX_CHARS:
        raise ValidationError(
            {"reason": snapshot.too_long(snapshot.REASON_MAX_CHARS, len(reason))}
        )
    with transaction.atomic():
        chapter = (
            Chapter.objects.select_for_update(of=("self",))
            .select_related("layout_chapter", "cycle")
            .get(pk=chapter_id)
        )
        own, elsewhere = access.chapter_roles(user=user, chapter=chapter)
        transition = workflow.check_transition(
            action=action,
            state=chapter.state,
            roles_in_submitting_organisation=own,
            roles_elsewhere=elsewhere,
            reason=reason,
            transitions=workflow.CHAPTER_TRANSITIONS,
        )
        now = timezone.now()
        latest = chapter.revisions.order_by("-number").first()
        revision = latest
        if transition.action == "submit":
            errors = completeness_errors(chapter) or text_errors(
                chapter, language=chapter.language, body=chapter.body, messages=chapter.messages
            )
            if errors:
                raise ValidationError(errors)
            chapter.submitted_at = now
            revision = ChapterRevision.objects.create(
                chapter=chapter,
                number=(latest.number + 1) if latest else 1,
                content={
                    "body": chapter.body,
                    "messages": chapter.messages,
                    "citations": report_text.cited_submissions(
                        " ".join([chapter.body, *chapter.messages])
                    ),
                },
                language=chapter.language,
                submitted_by=user,
                submitted_at=now,
            )
        elif transition.action == "approve":
            chapter.approved_at = now
            ChapterRevision.objects.filter(pk=latest.pk).update(approved_at=now)
            latest.approved_at = now
            # An approved text the translation memory covers in full is translated at once.
            approved = source_of_chapter_revision(latest)
            translations_reuse(sources=[approved], language=approved.other_language)
        elif transition.action == "reopen":
            chapter.approved_at = None
        elif transition.action == "withdraw":
            chapter.submitted_at = None
        event = ChapterEvent.objects.create(
            chapter=chapter,
            action=transition.action,
            from_state=chapter.state,
            to_state=transition.target,
            actor=user,
            reason=reason.strip(),
            revision=revision,
        )
        chapter.state = transition.target
        chapter.save(update_fields=["state", "submitted_at", "approved_at", "updated_at"])
        record(
            "state_change",
            actor=user,
            obj=chapter,
            transition=transition.action,
            from_state=event.from_state,
            to_state=event.to_state,
            event=event.pk,
        )
    return event
