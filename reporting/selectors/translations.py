"""Reads of translations: what an edition prints in the other language and how far its
translation has come; the texts a translation is made from; what the memory offers.

A *source* is an approved text the report prints: the latest approved revision of a
contribution, or of a chapter. An edition in language L needs, for every source written in the
other language, a reviewed translation into L made from that very revision, or the
coordinator's waiver (the edition then prints the source as written, saying so).
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gcm_portal.accounts.models import User
from reporting import access, segments, snapshot
from reporting.models import (
    Chapter,
    ChapterRevision,
    DataTransfer,
    MemoryEntry,
    Revision,
    Submission,
    Translation,
    TranslationWaiver,
)

SUBMISSION, CHAPTER = "submission", "chapter"


class Status:
    MISSING = "missing"
    DRAFT = "draft"
    OUT_OF_DATE = "out_of_date"
    REVIEWED = "reviewed"
    WAIVED = "waived"


STATUS_LABELS = {
    Status.MISSING: gettext_lazy("Not translated"),
    Status.DRAFT: gettext_lazy("Draft translation"),
    Status.OUT_OF_DATE: gettext_lazy("Out of date"),
    Status.REVIEWED: gettext_lazy("Reviewed"),
    Status.WAIVED: gettext_lazy("Printed untranslated"),
}


@dataclass
class Source:
    """An approved text to translate: its fields (name -> text) in the language written."""

    kind: str  # SUBMISSION or CHAPTER
    object_id: int  # the submission's or the chapter's id
    revision: Revision | ChapterRevision
    language: str
    fields: dict[str, str]
    approved_at: datetime | None

    @property
    def key(self) -> tuple[str, int]:
        return (self.kind, self.object_id)

    @property
    def other_language(self) -> str:
        return "en" if self.language == "ar" else "ar"

    def field_label(self, name: str) -> str:
        if self.kind == SUBMISSION:
            return str(snapshot.FIELD_LABELS.get(name, name))
        if name == "body":
            return _("Text")
        return _("Key message %(number)s") % {"number": name.removeprefix("message-")}


def source_of_revision(revision: Revision) -> Source:
    content = snapshot.load(revision.content)
    return Source(
        kind=SUBMISSION,
        object_id=revision.submission_id,
        revision=revision,
        language=revision.language,
        fields={
            name: content.narrative(name)
            for name in snapshot.NARRATIVE_FIELD_NAMES
            if content.narrative(name).strip()
        },
        approved_at=revision.approved_at,
    )


def source_of_chapter_revision(revision: ChapterRevision) -> Source:
    fields = {}
    if (revision.content.get("body") or "").strip():
        fields["body"] = revision.content["body"]
    for number, message in enumerate(revision.content.get("messages") or [], start=1):
        if message.strip():
            fields[f"message-{number}"] = message
    return Source(
        kind=CHAPTER,
        object_id=revision.chapter_id,
        revision=revision,
        language=revision.language,
        fields=fields,
        approved_at=revision.approved_at,
    )


def current_source(*, kind: str, object_id: int) -> Source | None:
    """The latest approved text of a contribution or chapter (None before any approval)."""
    if kind == SUBMISSION:
        revision = (
            Revision.objects.filter(submission_id=object_id, approved_at__isnull=False)
            .select_related("submission__organisation")
            .order_by("-number")
            .first()
        )
        return source_of_revision(revision) if revision else None
    revision = (
        ChapterRevision.objects.filter(chapter_id=object_id, approved_at__isnull=False)
        .select_related("chapter")
        .order_by("-number")
        .first()
    )
    return source_of_chapter_revision(revision) if revision else None


def sources_of(contents) -> list[Source]:
    """What a report (selectors.editions.ReportContents) prints: its contributions and its
    chapters, oldest approval first."""
    found = [source_of_revision(revision) for revision in contents.revisions]
    found += [source_of_chapter_revision(revision) for revision in contents.chapters.values()]
    return sorted(found, key=lambda source: (source.approved_at, source.kind, source.object_id))


@dataclass
class Need:
    source: Source
    translation: Translation | None
    waiver: TranslationWaiver | None
    status: str

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def done(self) -> bool:
        return self.status in (Status.REVIEWED, Status.WAIVED)


@dataclass
class Coverage:
    language: str
    contributions: tuple[int, int] = (0, 0)  # (reviewed or waived, needing a translation)
    chapters: tuple[int, int] = (0, 0)

    @property
    def complete(self) -> bool:
        return self.contributions[0] == self.contributions[1] and (
            self.chapters[0] == self.chapters[1]
        )


@dataclass
class Needs:
    """What an edition in `language` prints that was written in the other language."""

    language: str
    items: list[Need] = field(default_factory=list)
    # The translations (reviewed, of the very revision printed) the edition uses.
    usable: dict[tuple[str, int], Translation] = field(default_factory=dict)
    waived: set[tuple[str, int]] = field(default_factory=set)

    @property
    def coverage(self) -> Coverage:
        def count(kind):
            mine = [need for need in self.items if need.source.kind == kind]
            return (sum(need.done for need in mine), len(mine))

        return Coverage(self.language, count(SUBMISSION), count(CHAPTER))

    @property
    def open(self) -> list[Need]:
        return [need for need in self.items if not need.done]


def translation_needs(*, contents, language: str) -> Needs:
    """For an edition of `contents` in `language`: each source written in the other language,
    with its translation and its status, oldest approval first."""
    sources = [s for s in sources_of(contents) if s.language != language]
    submission_ids = [s.object_id for s in sources if s.kind == SUBMISSION]
    chapter_ids = [s.object_id for s in sources if s.kind == CHAPTER]
    translations = {}
    for translation in Translation.objects.filter(language=language).filter(
        models_q(submission_ids, chapter_ids)
    ):
        translations[_key_of(translation)] = translation
    waivers = {
        _key_of(waiver): waiver
        for waiver in TranslationWaiver.objects.filter(language=language).filter(
            models_q(submission_ids, chapter_ids)
        )
    }
    needs = Needs(language=language)
    for source in sources:
        translation = translations.get(source.key)
        waiver = waivers.get(source.key)
        current = translation is not None and translation.source_id == source.revision.pk
        if current and translation.state == Translation.State.REVIEWED:
            status = Status.REVIEWED
            needs.usable[source.key] = translation
        elif waiver is not None:
            status = Status.WAIVED
            needs.waived.add(source.key)
        elif translation is None:
            status = Status.MISSING
        elif not current:
            status = Status.OUT_OF_DATE
        else:
            status = Status.DRAFT
        needs.items.append(Need(source, translation, waiver, status))
    return needs


def models_q(submission_ids, chapter_ids) -> Q:
    return Q(submission_id__in=submission_ids) | Q(chapter_id__in=chapter_ids)


def _key_of(item) -> tuple[str, int]:
    return (SUBMISSION, item.submission_id) if item.submission_id else (CHAPTER, item.chapter_id)


def memory_matches(*, source_language: str, target_language: str, texts) -> dict[str, str]:
    """What the memory offers: the fingerprint of each known sentence -> its reviewed
    translation."""
    keys = {segments.fingerprint(text) for text in texts}
    return dict(
        MemoryEntry.objects.filter(
            source_language=source_language,
            target_language=target_language,
            source_key__in=keys,
        ).values_list("source_key", "target_text")
    )


def translation_get_for_user(*, user: User, translation_id: int) -> Translation:
    """A translation, for those who translate (404 for anyone else)."""
    if not access.translates(user=user):
        raise Http404
    try:
        return Translation.objects.select_related(
            "submission__organisation", "chapter__layout_chapter", "chapter__objective"
        ).get(pk=translation_id)
    except Translation.DoesNotExist as missing:
        raise Http404 from missing


def subject_of(*, kind: str, object_id: int) -> Submission | Chapter:
    if kind == SUBMISSION:
        return Submission.objects.select_related("organisation", "cycle").get(pk=object_id)
    return Chapter.objects.select_related("layout_chapter", "objective", "cycle").get(pk=object_id)


def source_label(source: Source) -> str:
    """What the text is, for a translator: "Ministry of Interior · Objective 10" or the
    chapter's title."""
    revision = source.revision
    if source.kind == SUBMISSION:
        submission = revision.submission
        return f"{submission.organisation.name} · {subject_title(submission)}"
    return revision.chapter.title


def subject_title(submission: Submission) -> str:
    if submission.objective_id:
        return _("Objective %(number)d") % {"number": submission.objective.number}
    if submission.strategy_action_id:
        return _("Strategy action %(code)s") % {"code": submission.strategy_action.code}
    return submission.section.title


def translation_import_get_for_user(*, user: User, transfer_id: int) -> DataTransfer:
    """An XLIFF import check or commit, for those who translate (404 for anyone else)."""
    if not access.translates(user=user):
        raise Http404
    transfer = (
        DataTransfer.objects.filter(
            pk=transfer_id,
            kind=DataTransfer.Kind.IMPORT,
            dataset=DataTransfer.Dataset.TRANSLATIONS,
        )
        .select_related("user", "cycle", "dry_run")
        .first()
    )
    if transfer is None:
        raise Http404
    return transfer
