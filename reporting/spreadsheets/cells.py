"""Cell values for workbooks and CSV files: user text stays text, dates stay dates."""

import datetime
import hashlib
import re
from typing import IO

from django.utils import timezone
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
HEADER_FONT = Font(bold=True)
# A spreadsheet program runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"^[+-]?\d[\d,]*(\.\d+)?$")
SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def clean_text(value: str) -> str:
    """Drop the control characters a workbook cannot hold (pasted text sometimes has them)."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def local_naive(moment: datetime.datetime) -> datetime.datetime:
    """Excel has no time zones: give the local (Baghdad) time without one."""
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.replace(tzinfo=None, microsecond=0)


def xlsx_value(sheet, value):
    """What to append to a write-only sheet for a value; text never becomes a formula."""
    if isinstance(value, datetime.datetime):
        cell = WriteOnlyCell(sheet, value=local_naive(value))
        cell.number_format = DATETIME_FORMAT
        return cell
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    if isinstance(value, str):
        value = clean_text(value)
        if value.startswith("="):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            return cell
    return value


def set_cell(cell, value) -> None:
    """Put a value in a cell of an ordinary (not write-only) sheet, text kept as text."""
    if isinstance(value, str):
        cell.value = clean_text(value)
        cell.data_type = "s"
    elif isinstance(value, datetime.date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    else:
        cell.value = value


def csv_value(value) -> str:
    """A CSV field; text that a spreadsheet would run as a formula is quoted with an
    apostrophe (numbers such as -5 stay as they are)."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return local_naive(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value)
    if text.startswith(FORMULA_STARTS) and not NUMBER.match(text):
        return "'" + text
    return text


def sheet_title(label: str) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    return SHEET_TITLE_FORBIDDEN.sub("-", str(label))[:31]


def file_sha256(handle: IO[bytes]) -> tuple[str, int]:
    """Return the SHA-256 and size of an open file, and rewind it."""
    digest = hashlib.sha256()
    size = 0
    handle.seek(0)
    while chunk := handle.read(1024 * 1024):
        digest.update(chunk)
        size += len(chunk)
    handle.seek(0)
    return digest.hexdigest(), size
