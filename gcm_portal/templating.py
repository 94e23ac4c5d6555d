"""Two template engines, chosen by the template's name: `.txt` is plain text, the rest HTML.

E-mails are plain text, and their bodies and subjects are `.txt` templates. Rendered with
HTML autoescaping, an apostrophe in a name would arrive as `&#x27;` and an ampersand as
`&amp;`. So every `.txt` template is rendered by the "text" engine, whose autoescaping is
off and cannot be turned on in settings, and the HTML engine ("django") refuses `.txt` names:
`render_to_string`, `get_template`, `select_template` and `render` all reach the text engine
for a `.txt` template, whoever calls them. A new plain-text e-mail needs nothing more than the
`.txt` name; it cannot be rendered escaped by mistake. Templates a `.txt` template includes or
extends are rendered as text too.

Everything else (pages, the PDF reports, and an HTML alternative of an e-mail, should one be
added as an `.html` template) goes through the HTML engine and stays escaped. The HTML engine
comes first in TEMPLATES, so it is also Django's default engine (`Template(...)` built from a
string, for instance), and text is never the default.
"""

from django.template import TemplateDoesNotExist
from django.template.backends.django import DjangoTemplates

TEXT_SUFFIX = ".txt"


def is_text_template(template_name: str) -> bool:
    return template_name.endswith(TEXT_SUFFIX)


class HtmlTemplates(DjangoTemplates):
    """Django's engine, autoescaping, for every template that is not `.txt`."""

    def get_template(self, template_name):
        if is_text_template(template_name):
            raise TemplateDoesNotExist(template_name, backend=self)
        return super().get_template(template_name)


class TextTemplates(DjangoTemplates):
    """Plain text: `.txt` templates only, never HTML-escaped."""

    def __init__(self, params):
        options = {**params.get("OPTIONS", {}), "autoescape": False}
        super().__init__({**params, "OPTIONS": options})

    def get_template(self, template_name):
        if not is_text_template(template_name):
            raise TemplateDoesNotExist(template_name, backend=self)
        return super().get_template(template_name)
