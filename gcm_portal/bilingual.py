"""Fields stored in English and Arabic, shown in the language of the request."""

from django.utils.translation import get_language


def is_arabic() -> bool:
    return (get_language() or "en").startswith("ar")


def pick(english: str, arabic: str) -> str:
    """Return the Arabic text when the request is in Arabic and it exists, else the English."""
    if is_arabic() and arabic:
        return arabic
    return english
