import datetime

from django import template
from django.utils import translation

from gcm_portal import dates

register = template.Library()


@register.filter
def get_item(mapping, key):
    """Look up a key in a dict from a template: {{ mapping|get_item:key }}."""
    if not mapping:
        return None
    return mapping.get(key)


@register.filter
def isolated(text) -> str:
    """Text in its own direction inside a line of the other (Unicode first-strong isolate):
    for plain-text e-mails, where no `dir` attribute can say it."""
    return f"\u2068{text}\u2069" if text not in (None, "") else ""


@register.filter
def day(value) -> str:
    """A date in the page's language: "3 July 2024", "3 تموز 2024" (gcm_portal.dates)."""
    return dates.format_date(value, translation.get_language() or "en") if value else ""


@register.filter
def day_time(value) -> str:
    """A moment in the page's language and Baghdad's time: "3 July 2024 14:05"."""
    return dates.format_date_time(value, translation.get_language() or "en") if value else ""


@register.filter
def iso_day(value) -> str:
    """A date kept as text ("2024-03-31", as revisions freeze it) written as `day` writes it;
    anything else as it is."""
    if not value:
        return ""
    try:
        return day(datetime.date.fromisoformat(str(value)))
    except ValueError:
        return str(value)
