"""Keep the library's search text of approved revisions (reporting/library.py)."""

from reporting import library, segments, snapshot
from reporting.models import Revision, Translation


def library_index(*, revision_id: int) -> None:
    """Write what the library searches in an approved revision: its texts, its organisation's
    and subject's names in both languages, and its reviewed translations."""
    revision = Revision.objects.select_related(
        "submission__organisation",
        "submission__objective",
        "submission__strategy_action",
        "submission__section",
    ).get(pk=revision_id)
    submission = revision.submission
    frozen = snapshot.load(revision.content)
    names = [submission.organisation.name_en, submission.organisation.name_ar]
    if frozen.subject is not None:
        names += [frozen.subject.code, frozen.subject.title_en, frozen.subject.title_ar or ""]
    else:
        subject = submission.subject
        names += [
            str(getattr(subject, "number", "") or getattr(subject, "code", "")),
            subject.title_en,
            subject.title_ar,
        ]
    translations = [
        text
        for translation in Translation.objects.filter(
            source_revision=revision, state=Translation.State.REVIEWED
        )
        for text in segments.translated_fields(translation.segments).values()
    ]
    Revision.objects.filter(pk=revision.pk).update(
        search_text=library.search_text(revision.content, names=names, translations=translations)
    )
