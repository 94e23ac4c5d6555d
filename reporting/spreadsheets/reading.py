"""Reading an uploaded import file: what is refused before openpyxl reads a byte of it, then
the template's two sheets as rows of cells, with every problem of layout found on the way."""

import datetime
import io
import logging
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from reporting.spreadsheets.template import (
    ACTIONS_SHEET,
    INDICATORS_SHEET,
    MAX_DATA_ROWS,
    SHEET_COLUMNS,
    ImportColumn,
)

logger = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# An .xlsx file is a zip archive: refuse one that would expand beyond reason (a zip bomb).
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024
MAX_ARCHIVE_MEMBERS = 500
# Rows read per sheet, blank ones included: a sheet that goes on further is refused.
MAX_SCANNED_ROWS = 4 * MAX_DATA_ROWS
MAX_COLUMNS = 60
# XML that declares a document type could define entities: a workbook never needs one.
DOCTYPE_MARKERS = [
    marker.encode(encoding)
    for marker in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("utf-8", "utf-16-le", "utf-16-be")
]


@dataclass(frozen=True)
class Problem:
    """Something in the file that stops the import: where it is and what to do about it."""

    sheet: str = ""
    row: int | None = None
    column: str = ""
    message: str = ""

    def __str__(self) -> str:
        where = {"sheet": self.sheet, "row": self.row, "column": self.column}
        if self.sheet and self.row and self.column:
            place = _("Sheet «%(sheet)s», row %(row)d, column «%(column)s»") % where
        elif self.sheet and self.row:
            place = _("Sheet «%(sheet)s», row %(row)d") % where
        elif self.sheet:
            place = _("Sheet «%(sheet)s»") % where
        else:
            return self.message
        return _("%(place)s: %(message)s") % {"place": place, "message": self.message}


def read_workbook(data: bytes) -> tuple[dict[str, list[tuple[int, dict]]], list[Problem]]:
    """Return {sheet: [(row number, {column: value})]} for the rows that hold something, or
    the problems that stop the file being read at all."""
    problems = check_archive(data)
    if problems:
        return {}, problems
    damaged = [Problem(message=_("The file is damaged and cannot be opened."))]
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of error on a damaged file
        logger.info("import: openpyxl could not open the file", exc_info=True)
        return {}, damaged
    sheets = {}
    try:
        names = {name.strip().casefold(): name for name in workbook.sheetnames}
        for title, columns in SHEET_COLUMNS.items():
            name = names.get(title.casefold())
            if name is None:
                problems.append(
                    Problem(
                        sheet=title,
                        message=_(
                            "The workbook has no such sheet. Start from the template, whose "
                            "sheets are «%(first)s» and «%(second)s»."
                        )
                        % {"first": ACTIONS_SHEET, "second": INDICATORS_SHEET},
                    )
                )
                continue
            sheets[title], sheet_problems = _read_sheet(workbook[name], title, columns)
            problems.extend(sheet_problems)
    except Exception:  # a damaged sheet fails only once it is read
        logger.info("import: openpyxl could not read a sheet", exc_info=True)
        return {}, damaged
    finally:
        workbook.close()
    return sheets, problems


def check_archive(data: bytes) -> list[Problem]:
    """Refuse what is not an .xlsx workbook, or would expand beyond reason, before openpyxl
    reads a byte of it."""
    if not data:
        return [Problem(message=_("The file is empty."))]
    not_xlsx = [
        Problem(
            message=_(
                "This is not an Excel workbook (.xlsx). Download the template, fill it in and "
                "upload it as .xlsx: not .xls, .csv or .ods, and without a password."
            )
        )
    ]
    if not data.startswith(b"PK\x03\x04"):
        return not_xlsx
    too_large = [Problem(message=_("The file expands to an unreasonable size."))]
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if len(members) > MAX_ARCHIVE_MEMBERS:
                return too_large
            if sum(member.file_size for member in members) > MAX_UNZIPPED_BYTES:
                return too_large
            names = {member.filename for member in members}
            if not {"[Content_Types].xml", "xl/workbook.xml"} <= names:
                return not_xlsx
            for member in members:
                if member.filename.endswith((".xml", ".rels")) and _declares_doctype(
                    archive, member
                ):
                    return [Problem(message=_("The file is damaged and cannot be opened."))]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError):
        return [Problem(message=_("The file is damaged and cannot be opened."))]
    return []


def _declares_doctype(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bool:
    """Whether an XML part declares a document type or entities (which could expand)."""
    overlap = b""
    # zipfile never reads past the size the archive declares, checked above.
    with archive.open(member) as part:
        while chunk := part.read(256 * 1024):
            window = overlap + chunk
            if any(marker in window for marker in DOCTYPE_MARKERS):
                return True
            overlap = window[-32:]
    return False


def _read_sheet(sheet, title: str, columns: list[ImportColumn]):
    problems = []
    # Bounded: a row numbered in the millions would otherwise make openpyxl yield every empty
    # row before it.
    rows = sheet.iter_rows(
        min_row=1, max_row=MAX_SCANNED_ROWS + 1, max_col=MAX_COLUMNS, values_only=True
    )
    header = [cell_text(value) for value in next(rows, ())]
    known = {column.key for column in columns}
    positions = {}
    for index, name in enumerate(header):
        if not name:
            continue
        key = name.casefold()
        if key not in known:
            problems.append(
                Problem(
                    sheet=title,
                    row=1,
                    column=name,
                    message=_("Unknown column. The columns of this sheet are: %(columns)s.")
                    % {"columns": ", ".join(column.key for column in columns)},
                )
            )
        elif key in positions:
            problems.append(
                Problem(sheet=title, row=1, column=key, message=_("This column appears twice."))
            )
        else:
            positions[key] = index
    if not positions and not problems:
        return [], [
            Problem(
                sheet=title,
                row=1,
                message=_("Row 1 should hold the column names, as in the template; it is empty."),
            )
        ]
    for column in columns:
        if column.key not in positions:
            problems.append(
                Problem(
                    sheet=title,
                    row=1,
                    column=column.key,
                    message=_("This column is missing from row 1."),
                )
            )
    if problems:
        return [], problems
    data = []
    for number, values in enumerate(rows, start=2):
        if number > MAX_SCANNED_ROWS:
            problems.append(
                Problem(
                    sheet=title,
                    message=_(
                        "The sheet goes on beyond row %(last)d: delete the empty rows below the "
                        "data, and import at most %(limit)d rows at a time."
                    )
                    % {"last": MAX_SCANNED_ROWS, "limit": MAX_DATA_ROWS},
                )
            )
            break
        cells = {key: values[i] if i < len(values) else None for key, i in positions.items()}
        if all(_blank(value) for value in cells.values()):
            continue
        if len(data) == MAX_DATA_ROWS:
            problems.append(
                Problem(
                    sheet=title,
                    message=_(
                        "The sheet has more than %(limit)d rows; import at most %(limit)d at a "
                        "time."
                    )
                    % {"limit": MAX_DATA_ROWS},
                )
            )
            break
        data.append((number, cells))
    return data, problems


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def cell_text(value) -> str:
    """A cell as text: what Excel shows for codes, numbers, dates and yes/no."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()
