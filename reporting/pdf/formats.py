"""Numbers and dates as each edition's language writes them.

English: "4,400", "6.8", "3–4 July 2024". Arabic: Western digits with the Arabic separators
("4٬400", "6٫8"), and dates as gcm_portal.dates writes them ("3–4 تموز 2024").
"""

import re

from gcm_portal.dates import format_date, format_date_range, format_month

__all__ = ["format_date", "format_date_range", "format_month", "format_number"]

SEPARATORS = {"en": (",", "."), "ar": ("\u066c", "\u066b")}  # (thousands, decimal)
NUMBER = re.compile(r"^([+-]?)(\d+)(?:[.,](\d+))?$")


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
