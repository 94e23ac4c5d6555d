"""Translations out to translators' tools and back, as XLIFF 2.0 (reporting.xliff).

`xliff_export` writes what an edition still needs translated. Bringing a file back takes two
steps, as the spreadsheet import does: `xliff_check` (the dry run) keeps the file and reports
every problem by unit (a unit the portal did not export, a text no longer waiting for its
translation, a source sentence that changed since the export, a target that drops a citation,
a file in the wrong language or not XLIFF 2.0 at all) or what it would save; `xliff_commit`
re-reads exactly that file, checks it again against the data as it is now, and saves every
sentence as a draft translation, or nothing.
"""

import hashlib
import json
import uuid
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404
from django.utils import translation as django_translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gcm_portal.accounts.models import User
from reporting import access, segments, xliff
from reporting.evidence import clean_file_name
from reporting.models import DataTransfer, ReviewCycle
from reporting.selectors.editions import report_contents
from reporting.selectors.translations import (
    Need,
    source_label,
    translation_import_get_for_user,
)
from reporting.services import translations as translation_services
from reporting.spreadsheets.transfers import transfer_save

MAX_LISTED = 200
# In the reader's language, for sentences such as "from English into Arabic".
LANGUAGE_NAMES = {"en": gettext_lazy("English"), "ar": gettext_lazy("Arabic")}


def _open_needs(cycle: ReviewCycle, kind: str, language: str) -> dict[tuple[str, int], Need]:
    contents = report_contents(cycle=cycle, kind=kind)
    return {need.source.key: need for need in contents.translations(language).open}


def xliff_export(*, user: User, cycle: ReviewCycle, kind: str, language: str) -> tuple[str, bytes]:
    """(file name, XLIFF bytes) of what the edition in `language` still needs translated."""
    if not access.translates(user=user):
        raise Http404
    sentences = []
    for need in _open_needs(cycle, kind, language).values():
        source = need.source
        earlier = need.translation.segments if need.translation else None
        filled, _reused = translation_services.fill(source, language, earlier=earlier)
        note = source_label(source)
        for name, rows in filled.items():
            for number, row in enumerate(rows, start=1):
                sentences.append(
                    xliff.Sentence(
                        kind=source.kind,
                        object_id=source.object_id,
                        field=name,
                        number=number,
                        source=row["source"],
                        target=row["target"],
                        note=note,
                    )
                )
    source_language = "en" if language == "ar" else "ar"
    data = xliff.write(sentences, source_language=source_language, target_language=language)
    return f"{cycle.code}-{kind}-{source_language}-{language}.xlf", data


@dataclass
class Check:
    problems: list[dict] = field(default_factory=list)  # {"unit": ..., "message": ...}
    # (kind, id) -> field -> sentence number -> target
    plan: dict[tuple[str, int], dict[str, dict[int, str]]] = field(default_factory=dict)
    sources: dict[tuple[str, int], int] = field(default_factory=dict)  # revision translated

    def problem(self, unit: str, message: str) -> None:
        self.problems.append({"unit": unit, "message": message})

    @property
    def sentence_count(self) -> int:
        return sum(len(numbers) for fields in self.plan.values() for numbers in fields.values())

    def digest(self) -> str:
        made_of = {
            "plan": sorted(
                [kind, object_id, name, number, target]
                for (kind, object_id), fields in self.plan.items()
                for name, numbers in fields.items()
                for number, target in numbers.items()
            ),
            "sources": sorted([*key, revision] for key, revision in self.sources.items()),
        }
        return hashlib.sha256(json.dumps(made_of, ensure_ascii=False).encode()).hexdigest()


def check_file(data: bytes, *, cycle: ReviewCycle, kind: str, language: str) -> Check:
    check = Check()
    try:
        source_language, target_language, read = xliff.read(data)
    except xliff.Malformed as malformed:
        check.problem("", malformed.message)
        return check
    expected_source = "en" if language == "ar" else "ar"
    if target_language != language or source_language != expected_source:
        check.problem(
            "",
            _(
                "The file translates from %(source)s into %(target)s; this edition needs "
                "translations from %(expected_source)s into %(expected_target)s."
            )
            % {
                "source": LANGUAGE_NAMES.get(source_language, source_language or "?"),
                "target": LANGUAGE_NAMES.get(target_language, target_language or "?"),
                "expected_source": LANGUAGE_NAMES[expected_source],
                "expected_target": LANGUAGE_NAMES[language],
            },
        )
        return check
    needs = _open_needs(cycle, kind, language)
    split = {}
    for sentence in read:
        unit = sentence.unit_id or "?"
        if sentence.kind is None:
            check.problem(unit, _("This unit was not exported by the portal."))
            continue
        key = (sentence.kind, sentence.object_id)
        need = needs.get(key)
        if need is None:
            check.problem(
                unit,
                _(
                    "This text is not waiting for a translation in this edition (it is "
                    "reviewed, printed untranslated, or not in the report)."
                ),
            )
            continue
        if sentence.field not in need.source.fields:
            check.problem(unit, _("The text has no part with this name."))
            continue
        if (key, sentence.field) not in split:
            split[(key, sentence.field)] = segments.split(need.source.fields[sentence.field])
        parts = split[(key, sentence.field)]
        if not 1 <= sentence.number <= len(parts):
            check.problem(unit, _("The text has no sentence with this number."))
            continue
        current = parts[sentence.number - 1].text
        if segments.normalise(sentence.source) != segments.normalise(current):
            check.problem(
                unit,
                _(
                    "The source sentence changed since the file was exported (it now reads "
                    "“%(current)s”): export the file again."
                )
                % {"current": current[:200]},
            )
            continue
        target = sentence.target.strip()
        if not target:
            continue
        if len(target) > translation_services.MAX_TARGET_CHARS:
            check.problem(
                unit,
                _("The translation is longer than %(limit)d characters.")
                % {"limit": translation_services.MAX_TARGET_CHARS},
            )
            continue
        if segments.citations(target) != segments.citations(current):
            check.problem(
                unit,
                _("The translation must keep the source's citations (%(citations)s).")
                % {"citations": " ".join(segments.citations(current)) or "—"},
            )
            continue
        check.plan.setdefault(key, {}).setdefault(sentence.field, {})[sentence.number] = target
        check.sources[key] = need.source.revision.pk
    if not check.problems and not check.plan:
        check.problem("", _("The file holds no translated sentence."))
    return check


def xliff_check(
    *, user: User, cycle: ReviewCycle, kind: str, language: str, upload, interface_language: str
) -> DataTransfer:
    """The dry run: check the file, keep it, and record its problems or what it would save."""
    if not access.translates(user=user):
        raise Http404
    with django_translation.override(interface_language):
        size = upload.size or 0
        data = b""
        if 0 < size <= xliff.MAX_BYTES:
            upload.seek(0)
            data = upload.read()
        check = (
            check_file(data, cycle=cycle, kind=kind, language=language)
            if data
            else Check(problems=[{"unit": "", "message": _("The file is empty or too large.")}])
        )
        transfer = DataTransfer(
            kind=DataTransfer.Kind.IMPORT,
            format=DataTransfer.Format.XLIFF,
            dataset=DataTransfer.Dataset.TRANSLATIONS,
            state=DataTransfer.State.REJECTED if check.problems else DataTransfer.State.CHECKED,
            cycle=cycle,
            user=user,
            language=interface_language,
            file_name=clean_file_name(upload.name or "", "xlf")[:200],
            size=size,
            sha256=hashlib.sha256(data).hexdigest() if data else "",
            rows=check.sentence_count,
            summary={
                "report": kind,
                "target_language": language,
                "problem_count": len(check.problems),
                "problems": check.problems[:MAX_LISTED],
                "sentences": check.sentence_count,
                "texts": len(check.plan),
                "plan_digest": check.digest(),
            },
        )
        if data:
            transfer.file.save(f"{uuid.uuid4().hex}.xlf", ContentFile(data), save=False)
        transfer_save(transfer)
    return transfer


class _Refused(Exception):
    def __init__(self, message: str, problems: list[dict] | None = None):
        super().__init__(message)
        self.message, self.problems = message, problems or []


def xliff_commit(
    *, user: User, transfer_id: int, sha256: str, interface_language: str
) -> DataTransfer:
    """Save the checked file's sentences as draft translations: all of them, or nothing."""
    if not access.translates(user=user):
        raise Http404
    with django_translation.override(interface_language):
        check_row = translation_import_get_for_user(user=user, transfer_id=transfer_id)
        record = {
            "kind": DataTransfer.Kind.IMPORT,
            "format": DataTransfer.Format.XLIFF,
            "dataset": DataTransfer.Dataset.TRANSLATIONS,
            "cycle": check_row.cycle,
            "user": user,
            "language": interface_language,
            "file_name": check_row.file_name,
            "size": check_row.size,
            "sha256": check_row.sha256,
            "dry_run": check_row,
        }
        try:
            with transaction.atomic():
                check = _commit(user, check_row, sha256)
                return transfer_save(
                    DataTransfer(
                        **record,
                        state=DataTransfer.State.COMMITTED,
                        rows=check.sentence_count,
                        summary={**check_row.summary, "problems": [], "problem_count": 0},
                    )
                )
        except _Refused as refused:
            return transfer_save(
                DataTransfer(
                    **record,
                    state=DataTransfer.State.REFUSED,
                    summary={
                        **check_row.summary,
                        "reason": refused.message,
                        "problem_count": len(refused.problems),
                        "problems": refused.problems[:MAX_LISTED],
                    },
                )
            )


def _commit(user: User, check_row: DataTransfer, sha256: str) -> Check:
    locked = DataTransfer.objects.select_for_update().get(pk=check_row.pk)
    if locked.state != DataTransfer.State.CHECKED:
        raise _Refused(_("This file did not pass the check; correct it and upload it again."))
    if locked.commits.filter(state=DataTransfer.State.COMMITTED).exists():
        raise _Refused(_("This file has already been imported."))
    changed = _("The file changed since it was checked; upload it again to check it.")
    try:
        with locked.file.open("rb") as stored:
            data = stored.read(xliff.MAX_BYTES + 1)
    except (OSError, ValueError) as error:
        raise _Refused(changed) from error
    if sha256 != locked.sha256 or hashlib.sha256(data).hexdigest() != locked.sha256:
        raise _Refused(changed)
    summary = locked.summary
    check = check_file(
        data, cycle=locked.cycle, kind=summary["report"], language=summary["target_language"]
    )
    if check.problems:
        raise _Refused(
            _(
                "The file no longer passes the checks against the portal's data; nothing was "
                "saved."
            ),
            check.problems,
        )
    if check.digest() != summary.get("plan_digest"):
        raise _Refused(
            _(
                "The translations changed since the file was checked; nothing was saved. "
                "Upload the file again to check it."
            )
        )
    for (kind, object_id), fields in check.plan.items():
        translation = translation_services.translation_start(
            user=user, kind=kind, object_id=object_id, language=summary["target_language"]
        )
        translation = translation_services.translation_bring_up_to_date(
            user=user, translation_id=translation.pk
        )
        targets = {
            name: [
                numbers.get(number, row["target"])
                for number, row in enumerate(translation.segments[name], start=1)
            ]
            for name, numbers in fields.items()
        }
        translation_services.translation_save(
            user=user,
            translation_id=translation.pk,
            base_version=translation.version,
            targets=targets,
            origin=translation_services.IMPORT,
        )
    return check
