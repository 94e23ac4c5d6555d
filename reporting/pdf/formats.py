"""Numbers and dates as each edition's language writes them.

English: "4,400", "6.8", "3–4 July 2024". Arabic: Western digits with the Arabic separators
("4٬400", "6٫8") and the month names used in Iraq ("3–4 تموز 2024"; كانون الثاني, شباط, آذار…).
"""

import datetime
import re

from django.utils import timezone

MONTHS = {
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    # The Levantine (Syriac-derived) names used in Iraq.
    "ar": [
        "كانون الثاني",
        "شباط",
        "آذار",
        "نيسان",
        "أيار",
        "حزيران",
        "تموز",
        "آب",
        "أيلول",
        "تشرين الأول",
        "تشرين الثاني",
        "كانون الأول",
    ],
}
SEPARATORS = {"en": (",", "."), "ar": ("\u066c", "\u066b")}  # (thousands, decimal)
NUMBER = re.compile(r"^([+-]?)(\d+)(?:[.,](\d+))?$")
EN_DASH = "\u2013"


def _day(moment) -> datetime.date:
    if isinstance(moment, datetime.datetime):
        return timezone.localdate(moment)
    return moment


def format_date(moment, language: str) -> str:
    """3 July 2024 / 3 تموز 2024 (a datetime in Baghdad's time)."""
    if moment is None:
        return ""
    day = _day(moment)
    return f"{day.day} {MONTHS[language][day.month - 1]} {day.year}"


def format_month(moment, language: str) -> str:
    day = _day(moment)
    return f"{MONTHS[language][day.month - 1]} {day.year}"


def format_date_range(start, end, language: str) -> str:
    """3–4 July 2024; 30 June – 2 July 2024; 28 December 2024 – 2 January 2025."""
    if start is None:
        return ""
    start, end = _day(start), _day(end or start)
    months = MONTHS[language]
    if start == end:
        return format_date(start, language)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}{EN_DASH}{end.day} {months[start.month - 1]} {start.year}"
    if start.year == end.year:
        return (
            f"{start.day} {months[start.month - 1]} {EN_DASH} "
            f"{end.day} {months[end.month - 1]} {end.year}"
        )
    return f"{format_date(start, language)} {EN_DASH} {format_date(end, language)}"


def format_number(value, language: str) -> str:
    """Group the thousands of a number written as digits; anything else stays as written."""
    text = str(value).strip()
    match = NUMBER.match(text.replace("\u00a0", ""))
    if not match or (len(match.group(2)) > 1 and match.group(2).startswith("0")):
        return text
    sign, whole, fraction = match.groups()
    if "," in text and fraction is not None and len(fraction) == 3:
        # "4,400" was already grouped by whoever typed it.
        whole, fraction = whole + fraction, None
    thousands, decimal = SEPARATORS[language]
    grouped = f"{int(whole):,}".replace(",", thousands)
    return f"{sign}{grouped}{decimal + fraction if fraction else ''}"
