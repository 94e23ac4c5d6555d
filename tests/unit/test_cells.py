"""Cell values for workbooks and CSV files (reporting/spreadsheets/cells.py): user text stays
text, numbers stay numbers, dates stay dates, times are Baghdad's. Pure: files in memory."""

import datetime
import hashlib
import io
from decimal import Decimal

import pytest
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell

from reporting.spreadsheets.cells import (
    DATE_FORMAT,
    DATETIME_FORMAT,
    clean_text,
    csv_value,
    file_sha256,
    set_cell,
    sheet_title,
    xlsx_value,
)

UTC = datetime.UTC
# 21:30 UTC on New Year's Eve is half past midnight in Baghdad (UTC+3), in the new year.
NEW_YEARS_EVE_UTC = datetime.datetime(2027, 12, 31, 21, 30, 15, 123456, tzinfo=UTC)
IN_BAGHDAD = datetime.datetime(2028, 1, 1, 0, 30, 15)

CSV_CASES = {
    # Text a spreadsheet program would run as a formula: quoted with an apostrophe.
    "a formula": (
        '=HYPERLINK("http://example.org", "click")',
        '\'=HYPERLINK("http://example.org", "click")',
    ),
    "a sum": ("=1+1", "'=1+1"),
    "plus, then text": ("+1 555 0100", "'+1 555 0100"),
    "minus, then a command": ("-5+cmd|' /C calc'!A0", "'-5+cmd|' /C calc'!A0"),
    "a lone minus": ("-", "'-"),
    "at sign": ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
    "tab first": ("\t=cmd", "'\t=cmd"),
    "carriage return first": ("\r=cmd", "'\r=cmd"),
    "minus, then Arabic": ("- بند أول", "'- بند أول"),
    # Numbers, even signed ones, stay as they are.
    "minus five": ("-5", "-5"),
    "plus five": ("+5", "+5"),
    "a negative decimal with thousands": ("-1,200.5", "-1,200.5"),
    "thousands and decimals": ("1,200.5", "1,200.5"),
    "a number": (-5, "-5"),
    "a decimal number": (1200.5, "1200.5"),
    "a Decimal": (Decimal("-0.25"), "-0.25"),
    "zero": (0, "0"),
    # Ordinary text, wherever a formula sign appears after the start.
    "text": ("Referral pathways", "Referral pathways"),
    "Arabic": ("أنشئت مسارات الإحالة", "أنشئت مسارات الإحالة"),
    "an equals sign inside": ("a=b", "a=b"),
    "empty": ("", ""),
    "None": (None, ""),
    # Dates as ISO dates; times as Baghdad's, to the minute.
    "a date": (datetime.date(2027, 12, 31), "2027-12-31"),
    "a UTC time, in Baghdad": (NEW_YEARS_EVE_UTC, "2028-01-01 00:30"),
    "a Baghdad time": (
        datetime.datetime(
            2028, 3, 31, 23, 59, tzinfo=datetime.timezone(datetime.timedelta(hours=3))
        ),
        "2028-03-31 23:59",
    ),
    "a time without a zone, as it is": (
        datetime.datetime(2027, 12, 31, 21, 30, 59),
        "2027-12-31 21:30",
    ),
}


@pytest.mark.parametrize(("value", "expected"), list(CSV_CASES.values()), ids=list(CSV_CASES))
def test_csv_value(value, expected):
    assert csv_value(value) == expected


CLEAN_CASES = {
    "plain text": ("Referral pathways", "Referral pathways"),
    "Arabic": ("مسارات الإحالة", "مسارات الإحالة"),
    "tabs and new lines stay": ("a\tb\nc\r\nd", "a\tb\nc\r\nd"),
    "NUL and bell go": ("a\x00b\x07c", "abc"),
    "vertical tab and form feed go": ("a\x0bb\x0cc", "abc"),
    "escape and unit separator go": ("\x1b[31mred\x1f", "[31mred"),
    "only control characters": ("\x00\x01\x02", ""),
}


@pytest.mark.parametrize(("text", "expected"), list(CLEAN_CASES.values()), ids=list(CLEAN_CASES))
def test_clean_text(text, expected):
    assert clean_text(text) == expected


TITLE_CASES = {
    "a plain name": ("Government", "Government"),
    "Arabic": ("قيم المؤشرات", "قيم المؤشرات"),
    "a colon and a slash": ("Indicators: 2027/28", "Indicators- 2027-28"),
    "every forbidden character": ("[a]b:c*d?e/f\\g", "-a-b-c-d-e-f-g"),
    "exactly 31 characters": ("x" * 31, "x" * 31),
    "cut at 31 characters": (
        "Strategy actions and their indicators",
        "Strategy actions and their indi",
    ),
    "Arabic cut at 31 characters": ("ب" * 40, "ب" * 31),
    "a lazy translation": (gettext_lazy("Indicators"), "Indicators"),
}


@pytest.mark.parametrize(("label", "expected"), list(TITLE_CASES.values()), ids=list(TITLE_CASES))
def test_sheet_title(label, expected):
    title = sheet_title(label)
    assert title == expected
    assert len(title) <= 31


def test_a_sheet_title_is_accepted_by_a_workbook():
    workbook = Workbook()
    sheet = workbook.create_sheet(sheet_title("Returns: [2027] / *all* ? \\ " * 3))
    assert sheet.title == sheet_title("Returns: [2027] / *all* ? \\ " * 3)


@pytest.mark.parametrize(
    "data",
    [b"", b"PK\x03\x04 workbook", "تقرير".encode(), b"x" * (2 * 2**20 + 17)],
    ids=["empty", "a few bytes", "UTF-8 text", "more than one 1 MB chunk"],
)
def test_file_sha256_reads_the_whole_file_and_rewinds(data):
    handle = io.BytesIO(data)
    handle.seek(len(data) // 2)
    assert file_sha256(handle) == (hashlib.sha256(data).hexdigest(), len(data))
    assert handle.tell() == 0
    assert handle.read() == data


def write_only_sheet():
    return Workbook(write_only=True).create_sheet("Values")


def test_xlsx_value_keeps_times_as_baghdad_times_without_a_zone():
    cell = xlsx_value(write_only_sheet(), NEW_YEARS_EVE_UTC)
    assert isinstance(cell, Cell)
    assert cell.value == IN_BAGHDAD
    assert cell.number_format == DATETIME_FORMAT


def test_xlsx_value_keeps_dates_as_dates():
    cell = xlsx_value(write_only_sheet(), datetime.date(2027, 12, 31))
    assert isinstance(cell, Cell)
    assert cell.value == datetime.date(2027, 12, 31)
    assert cell.number_format == DATE_FORMAT


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ('=HYPERLINK("http://example.org")', '=HYPERLINK("http://example.org")'),
        ("=\x001+1", "=1+1"),
    ],
    ids=["a formula", "a formula with a control character"],
)
def test_xlsx_value_keeps_a_formula_as_text(text, kept):
    cell = xlsx_value(write_only_sheet(), text)
    assert isinstance(cell, Cell)
    assert (cell.value, cell.data_type) == (kept, "s")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Referral pathways", "Referral pathways"),
        ("أنشئت مسارات الإحالة", "أنشئت مسارات الإحالة"),
        ("a\x00b", "ab"),
        ("-5", "-5"),
        ("+cmd", "+cmd"),
        ("", ""),
        (212, 212),
        (12.5, 12.5),
        (None, None),
        (True, True),
    ],
    ids=[
        "text",
        "Arabic",
        "text with a control character",
        "signed number as text",
        "plus sign: not a formula to a workbook",
        "empty",
        "a whole number",
        "a decimal",
        "None",
        "a yes/no",
    ],
)
def test_xlsx_value_passes_other_values_through(value, expected):
    result = xlsx_value(write_only_sheet(), value)
    assert not isinstance(result, Cell)
    assert result == expected
    assert type(result) is type(expected)


def test_a_written_row_reads_back_with_its_types():
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Values")
    values = [NEW_YEARS_EVE_UTC, datetime.date(2027, 12, 31), "=1+1", "نص", 212, None]
    sheet.append([xlsx_value(sheet, value) for value in values])
    buffer = io.BytesIO()
    workbook.save(buffer)
    row = next(load_workbook(buffer)["Values"].iter_rows())
    assert [cell.value for cell in row[:5]] == [
        IN_BAGHDAD,
        datetime.datetime(2027, 12, 31),
        "=1+1",
        "نص",
        212,
    ]
    assert row[2].data_type == "s"
    assert (row[0].number_format, row[1].number_format) == (DATETIME_FORMAT, DATE_FORMAT)


@pytest.mark.parametrize(
    ("value", "expected", "data_type", "number_format"),
    [
        ("=1+1", "=1+1", "s", "General"),
        ("a\x07b", "ab", "s", "General"),
        (datetime.date(2027, 12, 31), datetime.date(2027, 12, 31), "d", DATE_FORMAT),
        (2030, 2030, "n", "General"),
        (None, None, "n", "General"),
    ],
    ids=["a formula as text", "a control character", "a date", "a year", "None"],
)
def test_set_cell_on_an_ordinary_sheet(value, expected, data_type, number_format):
    cell = Workbook().active["A1"]
    set_cell(cell, value)
    assert (cell.value, cell.data_type, cell.number_format) == (
        expected,
        data_type,
        number_format,
    )
