from django import template

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
