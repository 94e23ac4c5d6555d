"""Dates as the portal writes them, in the language of the page or of the edition.

English: "3 July 2024", "3–4 July 2024". Arabic: the month names used in Iraq (كانون الثاني،
شباط، آذار… تموز) by default, or the Egyptian forms (يناير، فبراير، مارس…) when the setting
ARABIC_MONTH_NAMES is "egyptian"; Western digits in both, as Iraqi government documents write
them. Pages use the template filters `day` and `day_time` (reporting/templatetags/portal.py),
the reports reporting/pdf/formats.py; both come here, so a page and a report name a month alike.
"""

import datetime

from django.conf import settings
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
    "iraqi": [
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
    "egyptian": [
        "يناير",
        "فبراير",
        "مارس",
        "أبريل",
        "مايو",
        "يونيو",
        "يوليو",
        "أغسطس",
        "سبتمبر",
        "أكتوبر",
        "نوفمبر",
        "ديسمبر",
    ],
}
EN_DASH = "\u2013"


def month_names(language: str) -> list[str]:
    if language != "ar":
        return MONTHS["en"]
    return MONTHS["egyptian" if settings.ARABIC_MONTH_NAMES == "egyptian" else "iraqi"]


def _day(moment) -> datetime.date:
    if isinstance(moment, datetime.datetime):
        return timezone.localdate(moment)
    return moment


def format_date(moment, language: str) -> str:
    """3 July 2024 / 3 تموز 2024 (a datetime in Baghdad's time)."""
    if moment is None:
        return ""
    day = _day(moment)
    return f"{day.day} {month_names(language)[day.month - 1]} {day.year}"


def format_date_time(moment, language: str) -> str:
    """3 July 2024 14:05, in Baghdad's time."""
    if moment is None:
        return ""
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return f"{format_date(local.date(), language)} {local:%H:%M}"


def format_month(moment, language: str) -> str:
    day = _day(moment)
    return f"{month_names(language)[day.month - 1]} {day.year}"


def format_date_range(start, end, language: str) -> str:
    """3–4 July 2024; 30 June – 2 July 2024; 28 December 2024 – 2 January 2025."""
    if start is None:
        return ""
    start, end = _day(start), _day(end or start)
    months = month_names(language)
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
