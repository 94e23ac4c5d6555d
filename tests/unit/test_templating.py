"""Plain-text templates are never HTML-escaped; HTML templates always are."""

from pathlib import Path

import pytest
from django.conf import settings
from django.template import Engine, TemplateDoesNotExist, engines
from django.template.loader import get_template, render_to_string

from gcm_portal.templating import HtmlTemplates, TextTemplates

TEMPLATES = Path(settings.BASE_DIR) / "templates"
TEXT_TEMPLATES = sorted(str(path.relative_to(TEMPLATES)) for path in TEMPLATES.rglob("*.txt"))


def test_there_are_text_templates_to_check():
    assert "reporting/email/event_body.txt" in TEXT_TEMPLATES


@pytest.mark.parametrize("name", TEXT_TEMPLATES)
def test_every_txt_template_is_rendered_by_the_text_engine(name):
    template = get_template(name)
    assert isinstance(template.backend, TextTemplates)
    assert template.template.engine.autoescape is False
    with pytest.raises(TemplateDoesNotExist):
        engines["django"].get_template(name)


def test_the_html_engine_escapes_and_stays_djangos_default():
    assert isinstance(get_template("base.html").backend, HtmlTemplates)
    with pytest.raises(TemplateDoesNotExist):
        engines["text"].get_template("base.html")
    html = engines["django"].from_string("{{ name }}").render({"name": "O'Brien & <Ltd>"})
    assert html == "O&#x27;Brien &amp; &lt;Ltd&gt;"
    assert Engine.get_default().autoescape is True


def test_text_is_rendered_as_written_and_cannot_be_set_to_escape():
    params = {"NAME": "t", "DIRS": [TEMPLATES], "APP_DIRS": False, "OPTIONS": {}}
    forced = TextTemplates({**params, "OPTIONS": {"autoescape": True}})
    assert forced.engine.autoescape is False
    # Django's own plain-text mail templates follow the same rule.
    subject = render_to_string(
        "registration/password_reset_subject.txt", {"site_name": "O'Brien & <Ltd>"}
    )
    assert "O'Brien & <Ltd>" in subject
