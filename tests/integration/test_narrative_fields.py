"""A narrative field cannot be half-added: every field that reporting/snapshot.py declares is
in the form, the frozen revision, the API (read, write and schema), the compiled report, the
spreadsheet export and the Arabic catalogue."""

import io
import json
from pathlib import Path

import polib
import pytest
from django.test import Client
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator
from openpyxl import load_workbook

from reporting.models import Revision
from reporting.pdf.context import build_report
from reporting.pdf.render import render_report_html
from reporting.services.submissions import submission_transition
from reporting.snapshot import NARRATIVE_FIELDS
from reporting.spreadsheets.export import cycle_export_xlsx
from tests.api.conftest import api_client
from tests.builders import start_draft

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def marker(name: str) -> str:
    return f"MARK-{name.upper()} text of the field {name}."


@pytest.fixture
def approved(alice, rita, open_cycle, momd):
    """A submission with every narrative field filled in through the form, then approved."""
    submission = start_draft(alice, open_cycle, momd)
    client = Client()
    client.force_login(alice)
    form = client.get(reverse("submission_edit", args=[submission.pk])).content.decode()
    for field in NARRATIVE_FIELDS:
        assert f'name="{field.name}"' in form, f"{field.name} is not on the form"
        assert str(field.label) in form
    saved = client.post(
        reverse("submission_edit", args=[submission.pk]),
        {
            "version": submission.version,
            "language": "en",
            "implementation_status": "in_progress",
            **{field.name: marker(field.name) for field in NARRATIVE_FIELDS},
        },
    )
    assert saved.status_code == 302
    submission_transition(user=alice, submission_id=submission.pk, action="submit")
    submission_transition(user=rita, submission_id=submission.pk, action="approve")
    return submission


def test_the_frozen_revision_holds_every_field(approved):
    content = Revision.objects.get(submission=approved).content
    assert content["version"] == 3
    for field in NARRATIVE_FIELDS:
        assert content[field.name] == marker(field.name)


def test_the_api_reads_and_writes_every_field(approved, alice, rita, open_cycle, momd):
    read = api_client(rita).get(reverse("api:submission-detail", args=[approved.pk])).json()
    for field in NARRATIVE_FIELDS:
        assert read["latest_revision"]["content"][field.name] == marker(field.name)

    draft = start_draft(alice, open_cycle, momd, objective=3)
    client = api_client(alice)
    url = reverse("api:submission-draft", args=[draft.pk])
    written = client.patch(
        url,
        {"version": draft.version, **{f.name: f"API {f.name}" for f in NARRATIVE_FIELDS}},
        format="json",
    )
    assert written.status_code == 200
    again = client.get(url).json()
    for field in NARRATIVE_FIELDS:
        assert again[field.name] == f"API {field.name}"
        too_long = client.patch(
            url,
            {"version": again["version"], field.name: "x" * (field.char_limit + 1)},
            format="json",
        )
        assert set(too_long.json()["error"]["fields"]) == {field.name}


def test_the_schema_declares_every_field():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema["components"]["schemas"]
    for component in ("Draft", "PatchedDraftRequest", "RevisionContent"):
        properties = components[component]["properties"]
        for field in NARRATIVE_FIELDS:
            assert field.name in properties, f"{field.name} missing from {component}"
            if component != "RevisionContent":
                assert properties[field.name]["maxLength"] == field.char_limit


def test_the_compiled_report_prints_every_field(approved, open_cycle):
    for language in ("en", "ar"):
        report = build_report(cycle=open_cycle, kind="regional", language=language, preview=True)
        html = render_report_html(report)
        for field in NARRATIVE_FIELDS:
            assert marker(field.name) in html


def test_the_spreadsheet_export_has_a_column_for_every_field(approved, cora, open_cycle):
    exported = cycle_export_xlsx(user=cora, cycle=open_cycle, language="en")
    workbook = load_workbook(io.BytesIO(exported.file.read()), read_only=True)
    exported.file.close()
    rows = list(workbook["Government"].iter_rows(values_only=True))
    header, values = rows[0], rows[1]
    for field in NARRATIVE_FIELDS:
        assert str(field.label) in header
        assert values[header.index(str(field.label))] == marker(field.name)


def test_every_label_and_help_text_has_an_arabic_translation():
    catalogue = polib.pofile(str(ROOT / "locale/ar/LC_MESSAGES/django.po"))
    translated = {entry.msgid: entry.msgstr for entry in catalogue if entry.msgstr}
    for field in NARRATIVE_FIELDS:
        for text in (field.label, field.help_text):
            assert translated.get(str(text)), f"no Arabic for {text!r}"


def test_the_demo_data_fills_in_every_field():
    demo = json.loads((ROOT / "portal/data/demo_submissions.json").read_text("utf-8"))
    entries = [entry for entries in demo["cycles"].values() for entry in entries]
    for field in NARRATIVE_FIELDS:
        assert any(entry.get(field.name) for entry in entries), f"no demo text for {field.name}"
