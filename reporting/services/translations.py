"""Writes of translations: start one from the memory, save the translator's sentences, review
it (which feeds the memory), bring it up to a newer source, waive it for an edition.

Every translation is made from one approved revision. Starting or bringing one up to date
fills each sentence from the translation's own earlier sentences where the source sentence is
unchanged, else from the memory of reviewed sentences (marked "memory"); the rest is the
translator's. A translation whose every sentence came from reviewed translations is reviewed
as it stands (`reused_in_full`): repeating last cycle's text costs no new work.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gcm_portal.accounts.models import User
from gcm_portal.audit.recording import record
from gcm_portal.errors import Conflict
from reporting import access, segments
from reporting.models import MemoryEntry, Translation, TranslationWaiver
from reporting.selectors.translations import (
    CHAPTER,
    SUBMISSION,
    Source,
    current_source,
    memory_matches,
)
from reporting.services.library import library_index
from reporting.workflow import TransitionRefused

MEMORY, TRANSLATOR, IMPORT = "memory", "translator", "import"
# A sentence's translation may be longer than its source, but not without bound.
MAX_TARGET_CHARS = 5_000


class TranslationStale(Conflict):
    """Someone saved the translation since this page was loaded."""


def _refuse_unless_translator(user: User) -> None:
    if not access.translates(user=user):
        raise TransitionRefused(_("Only translators and coordinators translate the report."))


def fill(source: Source, language: str, earlier: dict | None = None) -> tuple[dict, bool]:
    """The source's sentences, each with the best translation known: (segments, all filled
    from reviewed translations)."""
    earlier_targets = {}
    for field_segments in (earlier or {}).values():
        for segment in field_segments:
            if segment.get("target"):
                earlier_targets[segments.fingerprint(segment["source"])] = segment
    split = {name: segments.split(text) for name, text in source.fields.items()}
    memory = memory_matches(
        source_language=source.language,
        target_language=language,
        texts=[s.text for parts in split.values() for s in parts],
    )
    filled, all_reviewed = {}, True
    for name, parts in split.items():
        rows = []
        for part in parts:
            key = segments.fingerprint(part.text)
            target, origin = "", ""
            if key in earlier_targets:
                target = earlier_targets[key]["target"]
                origin = earlier_targets[key].get("origin") or TRANSLATOR
                all_reviewed = all_reviewed and key in memory and memory[key] == target
            elif key in memory:
                target, origin = memory[key], MEMORY
            else:
                all_reviewed = False
            rows.append(
                {"source": part.text, "after": part.after, "target": target, "origin": origin}
            )
        filled[name] = rows
    return filled, all_reviewed and bool(filled)


def _source_fields(translation: Translation) -> dict:
    if translation.submission_id:
        return {"source_revision": translation.source_revision}
    return {"source_chapter_revision": translation.source_chapter_revision}


def translation_start(*, user: User, kind: str, object_id: int, language: str) -> Translation:
    """The translation of an approved text into `language`, started (from the memory) if
    there is none yet."""
    _refuse_unless_translator(user)
    source = current_source(kind=kind, object_id=object_id)
    if source is None:
        raise TransitionRefused(_("Only approved texts are translated."))
    if source.language == language:
        raise TransitionRefused(_("This text is already written in that language."))
    existing = Translation.objects.filter(
        **{"submission_id" if kind == SUBMISSION else "chapter_id": object_id},
        language=language,
    ).first()
    if existing is not None:
        return existing
    segments_, reused = fill(source, language)
    now = timezone.now()
    translation = Translation(
        submission_id=object_id if kind == SUBMISSION else None,
        chapter_id=object_id if kind == CHAPTER else None,
        language=language,
        source_revision=source.revision if kind == SUBMISSION else None,
        source_chapter_revision=source.revision if kind == CHAPTER else None,
        segments=segments_,
    )
    if reused:
        translation.state = Translation.State.REVIEWED
        translation.reused_in_full = True
        translation.reviewed_at = now
    try:
        with transaction.atomic():
            translation.save()
    except IntegrityError:
        # Someone started it at the same moment: theirs is the one.
        return Translation.objects.get(
            **{"submission_id" if kind == SUBMISSION else "chapter_id": object_id},
            language=language,
        )
    record("state_change", actor=user, obj=translation, to_state=translation.state, reused=reused)
    return translation


def translations_reuse(*, sources: list[Source], language: str) -> int:
    """Start, from the memory, the translations of these sources that it covers in full (they
    are reviewed as they stand); the others are left for a translator. Returns how many."""
    made = 0
    for source in sources:
        if source.language == language:
            continue
        filled, reused = fill(source, language)
        if not reused:
            continue
        field = "submission_id" if source.kind == SUBMISSION else "chapter_id"
        existing = Translation.objects.filter(**{field: source.object_id, "language": language})
        if existing.exists():
            continue
        Translation.objects.create(
            **{field: source.object_id},
            language=language,
            source_revision=source.revision if source.kind == SUBMISSION else None,
            source_chapter_revision=source.revision if source.kind == CHAPTER else None,
            segments=filled,
            state=Translation.State.REVIEWED,
            reused_in_full=True,
            reviewed_at=timezone.now(),
        )
        made += 1
    return made


def sentence_error(row: dict, target: str, number: int) -> str:
    """What is wrong with one translated sentence, or "": too long, or citations lost."""
    if len(target) > MAX_TARGET_CHARS:
        return _("Sentence %(number)d is longer than %(limit)d characters.") % {
            "number": number,
            "limit": MAX_TARGET_CHARS,
        }
    if target.strip() and segments.citations(target) != segments.citations(row["source"]):
        return _("Sentence %(number)d must keep the source's citations (%(citations)s).") % {
            "number": number,
            "citations": " ".join(segments.citations(row["source"])) or "—",
        }
    return ""


def target_errors(translation: Translation, targets: dict[str, list[str]]) -> dict[str, str]:
    """What is wrong with the sentences sent for each field: the same number of sentences as
    the source, each within its length, each keeping its source's citations."""
    errors = {}
    for name, rows in translation.segments.items():
        sent = targets.get(name)
        if sent is None:
            continue
        if len(sent) != len(rows):
            errors[name] = _("The text has %(expected)d sentences; %(sent)d were sent.") % {
                "expected": len(rows),
                "sent": len(sent),
            }
            continue
        for number, (row, target) in enumerate(zip(rows, sent, strict=True), start=1):
            problem = sentence_error(row, target, number)
            if problem:
                errors[name] = problem
                break
    unknown = set(targets) - set(translation.segments)
    if unknown:
        errors["__all__"] = _("These parts are not in the text: %(names)s.") % {
            "names": ", ".join(sorted(unknown))
        }
    return errors


def translation_save(
    *,
    user: User,
    translation_id: int,
    base_version: int,
    targets: dict[str, list[str]],
    origin: str = TRANSLATOR,
) -> Translation:
    """Save the translator's sentences (fields not sent stay as they are). A reviewed
    translation that changes goes back to draft, to be reviewed again."""
    _refuse_unless_translator(user)
    with transaction.atomic():
        translation = Translation.objects.select_for_update().get(pk=translation_id)
        if translation.version != base_version:
            raise TranslationStale(
                _("Someone saved this translation while you were working on it.")
            )
        errors = target_errors(translation, targets)
        if errors:
            raise ValidationError(errors)
        changed = False
        for name, sent in targets.items():
            for row, target in zip(translation.segments[name], sent, strict=True):
                target = segments.normalise(target) if target.strip() else ""
                if target != row["target"]:
                    row["target"], row["origin"] = target, origin if target else ""
                    changed = True
        if not changed:
            return translation
        translation.version += 1
        translation.translated_by, translation.translated_at = user, timezone.now()
        if translation.state == Translation.State.REVIEWED:
            translation.state = Translation.State.DRAFT
            translation.reviewed_by = translation.reviewed_at = None
            translation.reused_in_full = False
        translation.save()
    return translation


def translation_review(*, user: User, translation_id: int, base_version: int) -> Translation:
    """Mark a complete translation reviewed (by someone other than its translator) and add
    its sentences to the memory."""
    with transaction.atomic():
        translation = Translation.objects.select_for_update().get(pk=translation_id)
        if not access.may_review_translation(user=user, translation=translation):
            raise TransitionRefused(
                _("A translation is reviewed by a translator or coordinator who did not make it.")
            )
        if translation.version != base_version:
            raise TranslationStale(
                _("Someone saved this translation while you were working on it.")
            )
        source = current_source(
            kind=SUBMISSION if translation.submission_id else CHAPTER,
            object_id=translation.submission_id or translation.chapter_id,
        )
        if source is None or source.revision.pk != translation.source_id:
            raise TransitionRefused(
                _(
                    "The text has a newer approved revision: bring the translation up to date "
                    "first."
                )
            )
        missing = sum(
            1 for rows in translation.segments.values() for row in rows if not row["target"]
        )
        if missing:
            raise TransitionRefused(
                _("%(count)d sentences are not translated yet.") % {"count": missing}
            )
        now = timezone.now()
        translation.state = Translation.State.REVIEWED
        translation.reviewed_by, translation.reviewed_at = user, now
        translation.version += 1
        translation.save()
        memory_add(translation, source.language, now)
        if translation.source_revision_id:
            library_index(revision_id=translation.source_revision_id)
    record("state_change", actor=user, obj=translation, to_state=translation.state)
    return translation


def memory_add(translation: Translation, source_language: str, when) -> None:
    """Keep each sentence pair of a reviewed translation; the latest review of a sentence wins."""
    for rows in translation.segments.values():
        for row in rows:
            MemoryEntry.objects.update_or_create(
                source_language=source_language,
                target_language=translation.language,
                source_key=segments.fingerprint(row["source"]),
                defaults={
                    "source_text": segments.normalise(row["source"]),
                    "target_text": row["target"],
                    "translation": translation,
                    "reviewed_at": when,
                },
            )


def translation_bring_up_to_date(*, user: User, translation_id: int) -> Translation:
    """Move a translation to its source's latest approved revision: unchanged sentences keep
    their translation, new ones come from the memory or wait for the translator."""
    _refuse_unless_translator(user)
    with transaction.atomic():
        translation = Translation.objects.select_for_update().get(pk=translation_id)
        kind = SUBMISSION if translation.submission_id else CHAPTER
        source = current_source(
            kind=kind, object_id=translation.submission_id or translation.chapter_id
        )
        if source is None or source.revision.pk == translation.source_id:
            return translation
        filled, reused = fill(source, translation.language, earlier=translation.segments)
        translation.segments = filled
        if kind == SUBMISSION:
            translation.source_revision = source.revision
        else:
            translation.source_chapter_revision = source.revision
        translation.state = Translation.State.REVIEWED if reused else Translation.State.DRAFT
        translation.reused_in_full = reused
        translation.reviewed_by = None
        translation.reviewed_at = timezone.now() if reused else None
        translation.version += 1
        translation.save()
    record("state_change", actor=user, obj=translation, to_state=translation.state, updated=True)
    return translation


def translation_waive(
    *, user: User, kind: str, object_id: int, language: str, reason: str
) -> TranslationWaiver:
    """The coordinator lets an edition print a text untranslated (it says so in print)."""
    if not access.may_waive_translation(user=user):
        raise TransitionRefused(
            _("Only the national coordinator decides what stays untranslated.")
        )
    field = "submission_id" if kind == SUBMISSION else "chapter_id"
    waiver, _created = TranslationWaiver.objects.update_or_create(
        **{field: object_id, "language": language},
        defaults={"reason": reason.strip(), "waived_by": user},
    )
    record("state_change", actor=user, obj=waiver, to_state="waived", language=language)
    return waiver


def waiver_remove(*, user: User, kind: str, object_id: int, language: str) -> None:
    if not access.may_waive_translation(user=user):
        raise TransitionRefused(
            _("Only the national coordinator decides what stays untranslated.")
        )
    field = "submission_id" if kind == SUBMISSION else "chapter_id"
    TranslationWaiver.objects.filter(**{field: object_id, "language": language}).delete()
    record(
        "state_change",
        actor=user,
        to_state="waiver_removed",
        language=language,
        **{field: object_id},
    )
