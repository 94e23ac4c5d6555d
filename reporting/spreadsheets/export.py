"""Exports of a cycle's approved content: an .xlsx workbook, or CSV files, built as a stream.

What is exported is the latest approved revision of each submission of the cycle (the content
the compiled reports use), read through approved_revision_list_for_user: never a
draft, never text under review. Every member may export it; each export writes a DataTransfer.

Memory stays flat however large the cycle: revisions are read in chunks, the workbook is
written row by row (openpyxl's write-only mode) into a temporary file that the response then
streams, and CSV rows go to the client as they are made.
"""

import csv
import datetime
import hashlib
import re
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

from gcm_portal.accounts.models import Organisation, User
from reporting import snapshot
from reporting.models import DataTransfer, ReviewCycle, Revision, Submission
from reporting.selectors.submissions import approved_revision_list_for_user
from reporting.spreadsheets.cells import (
    CSV_CONTENT_TYPE,
    HEADER_FONT,
    XLSX_CONTENT_TYPE,
    clean_text,
    csv_value,
    file_sha256,
    sheet_title,
    xlsx_value,
)
from reporting.spreadsheets.transfers import transfer_save

CHUNK_ROWS = 500
CSV_CHUNK_BYTES = 64 * 1024


@dataclass(frozen=True)
class Column:
    key: str
    label: object  # a lazy translation, read in the language of the export
    width: int


COLUMNS = {
    column.key: column
    for column in [
        Column("submission", gettext_lazy("Submission"), 12),
        Column("revision", gettext_lazy("Revision"), 10),
        Column("organisation", gettext_lazy("Organisation"), 36),
        Column("organisation_type", gettext_lazy("Organisation type"), 24),
        Column("stakeholder_type", gettext_lazy("Stakeholder type (GCM para 44)"), 30),
        Column("objective", gettext_lazy("Objective"), 10),
        Column("objective_title", gettext_lazy("Objective title"), 40),
        Column("strategy_action", gettext_lazy("Strategy action"), 14),
        Column("strategy_action_title", gettext_lazy("Strategy action title"), 40),
        Column("section", gettext_lazy("Section"), 22),
        Column("section_title", gettext_lazy("Section title"), 36),
        Column("subject_type", gettext_lazy("Reporting on"), 18),
        Column("subject_code", gettext_lazy("Code"), 12),
        Column("subject_title", gettext_lazy("Title"), 40),
        Column("language", gettext_lazy("Language of the text"), 12),
        Column("submitted_at", gettext_lazy("Submitted"), 17),
        Column("approved_at", gettext_lazy("Approved"), 17),
        Column("implementation_status", gettext_lazy("Implementation status"), 18),
        *[
            Column(narrative.name, narrative.label, 60 if narrative.name == "progress" else 50)
            for narrative in snapshot.NARRATIVE_FIELDS
        ],
        Column("principles", gettext_lazy("Guiding principles applied"), 40),
        Column("gcm_actions", gettext_lazy("GCM actions addressed"), 18),
        Column("linked_strategy_actions", gettext_lazy("Linked strategy actions"), 18),
        Column("evidence", gettext_lazy("Evidence"), 30),
        Column("indicator", gettext_lazy("Indicator"), 12),
        Column("indicator_name", gettext_lazy("Indicator name"), 40),
        Column("sdg_code", gettext_lazy("SDG indicator"), 10),
        Column("value", gettext_lazy("Value"), 12),
        Column("unit", gettext_lazy("Unit"), 16),
        Column("reference_date", gettext_lazy("Reference date"), 14),
        Column("source", gettext_lazy("Source"), 30),
        Column("breakdown", gettext_lazy("Disaggregation"), 40),
        Column("baseline", gettext_lazy("Baseline"), 12),
        Column("target", gettext_lazy("Target"), 12),
    ]
}

_CONTENT = [
    *["language", "submitted_at", "approved_at", "implementation_status"],
    *snapshot.NARRATIVE_FIELD_NAMES,
]
_LINKS = ["principles", "linked_strategy_actions", "evidence"]


@dataclass(frozen=True)
class Sheet:
    key: str
    title: object
    columns: list[str]


# The workbook's sheets, in order: one per kind of submission, then the indicator values.
GOVERNMENT, CSO, OTHER = "government", "cso", "other"
_LINKED = ["principles", "gcm_actions", "linked_strategy_actions", "evidence"]


def _objective_columns(*who: str) -> list[str]:
    return [
        *["submission", "revision", "organisation", *who],
        *["objective", "objective_title", *_CONTENT, *_LINKED],
    ]


SHEETS = [
    Sheet(GOVERNMENT, gettext_lazy("Government"), _objective_columns()),
    Sheet(CSO, gettext_lazy("Civil society"), _objective_columns("stakeholder_type")),
    # Present only when organisations other than government bodies and CSOs (academia, for
    # instance) have approved reports on objectives.
    Sheet(OTHER, gettext_lazy("Other organisations"), _objective_columns("organisation_type")),
    Sheet(
        Submission.SubjectKind.STRATEGY_ACTION,
        gettext_lazy("Strategy actions"),
        [
            *["submission", "revision", "organisation"],
            *["strategy_action", "strategy_action_title", *_CONTENT, *_LINKS],
        ],
    ),
    Sheet(
        Submission.SubjectKind.SECTION,
        gettext_lazy("Sections"),
        [
            *["submission", "revision", "organisation", "organisation_type"],
            *["section", "section_title", *_CONTENT, *_LINKS],
        ],
    ),
    Sheet(
        "indicator_values",
        gettext_lazy("Indicator values"),
        [
            *["submission", "organisation", "subject_type", "subject_code", "indicator"],
            *["indicator_name", "sdg_code", "value", "unit", "reference_date", "source"],
            *["breakdown", "baseline", "target"],
        ],
    ),
]

CSV_TABLES = {
    DataTransfer.Dataset.SUBMISSIONS: [
        "submission",
        "revision",
        "organisation",
        "organisation_type",
        "stakeholder_type",
        "subject_type",
        "subject_code",
        "subject_title",
        *_CONTENT,
        "principles",
        "gcm_actions",
        *["linked_strategy_actions", "evidence"],
    ],
    DataTransfer.Dataset.INDICATOR_VALUES: SHEETS[-1].columns,
}
LIST_SEPARATOR = pgettext_lazy("list separator in a spreadsheet cell", "; ")


@dataclass
class ExportedFile:
    """A finished file to send: an open temporary file, deleted once closed."""

    transfer: DataTransfer
    file: IO[bytes]
    file_name: str
    content_type: str


@dataclass
class StreamedExport:
    """A file made while it is sent: its chunks, then its DataTransfer is completed."""

    transfer: DataTransfer
    chunks: Iterator[bytes]
    file_name: str
    content_type: str


# --- rows -----------------------------------------------------------------------------------


class _Labels:
    """What rows show besides the revision itself, read once per export."""

    def __init__(self):
        self.frozen = snapshot.Labels.load_all()
        self.statuses = dict(Submission.ImplementationStatus.choices)
        self.kinds = dict(Organisation.Kind.choices)
        self.stakeholders = dict(Organisation.StakeholderType.choices)
        self.subject_kinds = dict(Submission.SubjectKind.choices)
        self.languages = dict(Submission.Language.choices)
        self.separator = str(LIST_SEPARATOR)


def sheet_of(revision: Revision) -> str:
    submission = revision.submission
    if submission.subject_kind != Submission.SubjectKind.OBJECTIVE:
        return submission.subject_kind
    if submission.organisation.is_government:
        return GOVERNMENT
    return CSO if submission.organisation.is_cso else OTHER


def submission_row(revision: Revision, labels: _Labels) -> dict:
    submission = revision.submission
    organisation = submission.organisation
    content = snapshot.load(revision.content)
    code, title = labels.frozen.subject(content, submission)
    join = labels.separator.join
    return {
        "submission": submission.pk,
        "revision": revision.number,
        "organisation": organisation.name,
        "organisation_type": str(labels.kinds.get(organisation.kind, organisation.kind)),
        "stakeholder_type": str(labels.stakeholders.get(organisation.stakeholder_type, "")),
        "objective": int(code) if submission.objective_id else "",
        "objective_title": title if submission.objective_id else "",
        "strategy_action": code if submission.strategy_action_id else "",
        "strategy_action_title": title if submission.strategy_action_id else "",
        "section": code if submission.section_id else "",
        "section_title": title if submission.section_id else "",
        "subject_type": str(labels.subject_kinds[submission.subject_kind]),
        "subject_code": code,
        "subject_title": title,
        "language": labels.languages.get(revision.language, revision.language),
        "submitted_at": revision.submitted_at,
        "approved_at": revision.approved_at,
        "implementation_status": str(labels.statuses.get(content.implementation_status, "")),
        **{name: content.narrative(name) for name in snapshot.NARRATIVE_FIELD_NAMES},
        "principles": join(labels.frozen.principle(letter) for letter in content.principles),
        "gcm_actions": ", ".join(action.code for action in content.gcm_actions),
        "linked_strategy_actions": ", ".join(
            action.code for action in content.linked_strategy_actions
        ),
        "evidence": join(item.name for item in content.evidence),
    }


def indicator_rows(revision: Revision, labels: _Labels) -> Iterator[dict]:
    submission = revision.submission
    content = snapshot.load(revision.content)
    code, _title = labels.frozen.subject(content, submission)
    for reading in content.indicator_values:
        facts = labels.frozen.indicator_facts(reading)
        yield {
            "submission": submission.pk,
            "organisation": submission.organisation.name,
            "subject_type": str(labels.subject_kinds[submission.subject_kind]),
            "subject_code": code,
            "indicator": reading.code,
            "indicator_name": labels.frozen.indicator_name(reading),
            "sdg_code": facts["sdg_code"],
            "value": _number_or_text(reading.value),
            "unit": labels.frozen.indicator_unit(reading),
            "reference_date": _date_or_text(reading.reference_date),
            "source": reading.source,
            "breakdown": labels.separator.join(
                f"{label}: {value}" for label, value in labels.frozen.breakdown(reading)
            ),
            "baseline": _number_or_text(facts["baseline"]),
            "target": _number_or_text(facts["target"]),
        }


NUMBER = re.compile(r"-?\d+(\.\d+)?")


def _number_or_text(value: str):
    """A figure as a number, so that sums and charts work in a spreadsheet ("4,400" too);
    anything else (yes, no, a range, words) as the text it is."""
    text = (value or "").strip()
    plain = text.replace(",", "") if re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", text) else text
    if not NUMBER.fullmatch(plain):
        return value or ""
    number = float(plain)
    return int(number) if number.is_integer() and "." not in plain else number


def _date_or_text(value: str):
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return value or ""


def _revisions(user: User, cycle: ReviewCycle) -> Iterator[Revision]:
    queryset = approved_revision_list_for_user(user=user, cycle=cycle)
    return queryset.iterator(chunk_size=CHUNK_ROWS)


def _file_name(cycle: ReviewCycle, what: str, extension: str) -> str:
    return f"{cycle.code}-{what}-{timezone.localdate().isoformat()}.{extension}"


# --- the workbook ---------------------------------------------------------------------------


def cycle_export_xlsx(*, user: User, cycle: ReviewCycle, language: str) -> ExportedFile:
    """Write the cycle's approved content to an .xlsx workbook, one sheet per kind of
    submission and one of indicator values, headed in the user's language."""
    revisions = approved_revision_list_for_user(user=user, cycle=cycle)
    has_others = (
        revisions.filter(submission__subject_kind=Submission.SubjectKind.OBJECTIVE)
        .exclude(
            submission__organisation__kind__in=[*Organisation.GOVERNMENT_KINDS, "cso"],
        )
        .exists()
    )
    with translation.override(language):
        handle, counts = _write_workbook(
            revisions=_revisions(user, cycle),
            sheets=[s for s in SHEETS if s.key != OTHER or has_others],
            right_to_left=translation.get_language_bidi(),
            about=_about(cycle, user),
        )
    sha256, size = file_sha256(handle)
    file_name = _file_name(cycle, "approved-content", "xlsx")
    transfer = DataTransfer(
        kind=DataTransfer.Kind.EXPORT,
        format=DataTransfer.Format.XLSX,
        dataset=DataTransfer.Dataset.APPROVED_CONTENT,
        state=DataTransfer.State.EXPORTED,
        cycle=cycle,
        user=user,
        language=language,
        file_name=file_name,
        size=size,
        sha256=sha256,
        rows=sum(counts.values()),
        summary={"sheets": dict(counts)},
    )
    transfer_save(transfer)
    return ExportedFile(transfer, handle, file_name, XLSX_CONTENT_TYPE)


def start_sheet(workbook: Workbook, title, columns: list[Column], *, right_to_left: bool):
    """A write-only sheet with its column widths, a bold header row kept in view, and the
    direction of the user's language."""
    sheet = workbook.create_sheet(sheet_title(title))
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    sheet.sheet_view.rightToLeft = right_to_left
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=clean_text(str(column.label)))
        cell.data_type = "s"
        cell.font = HEADER_FONT
        header.append(cell)
    sheet.append(header)
    return sheet


def _write_workbook(
    *, revisions: Iterator[Revision], sheets: list[Sheet], right_to_left: bool, about: list
) -> tuple[IO[bytes], Counter]:
    workbook = Workbook(write_only=True)
    labels = _Labels()
    written = {
        sheet.key: (
            start_sheet(
                workbook,
                sheet.title,
                [COLUMNS[key] for key in sheet.columns],
                right_to_left=right_to_left,
            ),
            sheet.columns,
        )
        for sheet in sheets
    }
    counts = Counter({sheet_title(sheet.title): 0 for sheet in sheets})
    titles = {sheet.key: sheet_title(sheet.title) for sheet in sheets}

    def append(key: str, row: dict) -> None:
        target, keys = written[key]
        target.append([xlsx_value(target, row[k]) for k in keys])
        counts[titles[key]] += 1

    for revision in revisions:
        append(sheet_of(revision), submission_row(revision, labels))
        for row in indicator_rows(revision, labels):
            append("indicator_values", row)
    write_about(workbook, about, counts, right_to_left)
    # Written into a temporary file that disappears once the response has sent and closed it.
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 (closed by the response)
    workbook.save(handle)
    return handle, counts


def write_about(workbook: Workbook, about: list, counts: Counter, right_to_left: bool) -> None:
    """A last sheet saying what the file holds, where it comes from and who made it."""
    sheet = workbook.create_sheet(sheet_title(_("About this file")))
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 80
    sheet.sheet_view.rightToLeft = right_to_left
    rows_per_sheet = [
        (_("Rows in «%(sheet)s»") % {"sheet": title}, count) for title, count in counts.items()
    ]
    for label, value in [*about, *rows_per_sheet]:
        cell = WriteOnlyCell(sheet, value=label)
        cell.font = HEADER_FONT
        sheet.append([cell, xlsx_value(sheet, value)])


def _about(cycle: ReviewCycle, user: User) -> list[tuple[str, object]]:
    return [
        (_("Review cycle"), f"{cycle.title} ({cycle.code})"),
        (
            _("Content"),
            _(
                "The latest approved revision of each submission of the cycle and its "
                "indicator values. Drafts and text under review are never included."
            ),
        ),
        (_("Exported"), timezone.now()),
        (_("Exported by"), user.get_full_name() or user.get_username()),
    ]


# --- CSV ------------------------------------------------------------------------------------


class _Echo:
    """csv.writer writes into this and gets the line back."""

    def write(self, value: str) -> str:
        return value


def cycle_export_csv(
    *, user: User, cycle: ReviewCycle, dataset: str, language: str
) -> StreamedExport:
    """Stream the approved submissions, or their indicator values, as UTF-8 CSV with a byte
    order mark (so Excel reads Arabic correctly), headed in the user's language."""
    columns = CSV_TABLES[dataset]  # KeyError: not a CSV export
    revisions = _revisions(user, cycle)
    what = "submissions" if dataset == DataTransfer.Dataset.SUBMISSIONS else "indicator-values"
    file_name = _file_name(cycle, what, "csv")
    transfer = DataTransfer(
        kind=DataTransfer.Kind.EXPORT,
        format=DataTransfer.Format.CSV,
        dataset=dataset,
        state=DataTransfer.State.EXPORTED,
        cycle=cycle,
        user=user,
        language=language,
        file_name=file_name,
        summary={"complete": False},
    )
    transfer_save(transfer)
    chunks = _csv_chunks(transfer, revisions, dataset, columns, language)
    return StreamedExport(transfer, chunks, file_name, CSV_CONTENT_TYPE)


def _csv_chunks(transfer, revisions, dataset, columns, language) -> Iterator[bytes]:
    """The file's bytes in chunks; once all are sent, the transfer records rows and SHA-256
    (an export the client abandoned keeps "complete": false)."""
    digest = hashlib.sha256()
    rows = total = 0
    writer = csv.writer(_Echo())
    pending: list[str] = []
    size = 0
    with translation.override(language):
        labels = _Labels()
        pending.append("\ufeff" + writer.writerow([str(COLUMNS[k].label) for k in columns]))
        for revision in revisions:
            if dataset == DataTransfer.Dataset.SUBMISSIONS:
                made = [submission_row(revision, labels)]
            else:
                made = list(indicator_rows(revision, labels))
            for row in made:
                rows += 1
                pending.append(writer.writerow([csv_value(row[k]) for k in columns]))
                size += len(pending[-1])
            if size >= CSV_CHUNK_BYTES:
                chunk = "".join(pending).encode("utf-8")
                digest.update(chunk)
                total += len(chunk)
                pending, size = [], 0
                yield chunk
        chunk = "".join(pending).encode("utf-8")
        digest.update(chunk)
        total += len(chunk)
        yield chunk
    DataTransfer.objects.filter(pk=transfer.pk).update(
        rows=rows, size=total, sha256=digest.hexdigest(), summary={"complete": True}
    )


def no_store(response):
    """Exports hold the portal's data: never cached, never sniffed into another type."""
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
