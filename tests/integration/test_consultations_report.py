"""The methodology chapter generated from the consultation records: the demo's reports print
the table of consultations, participation by stakeholder type and sex (chart and numbers),
whether the Kurdistan Region and parliament took part, how the input was used and the national
validation; a final edition's content changes when a consultation record does."""

import re

import pytest
from django.core.management import call_command
from docx import Document

from gcm_portal.accounts.models import User
from reporting.models import Consultation, ReviewCycle
from reporting.pdf.context import build_report
from reporting.pdf.render import render_report_html
from reporting.selectors.editions import report_contents
from reporting.services.consultations import (
    ConsultationData,
    ParticipantCount,
    consultation_update,
)
from reporting.services.editions import edition_compile, edition_request
from tests.support import pdf_pages

pytestmark = pytest.mark.django_db


def methodology_text(pages: list[str], heading: str) -> str:
    """The text of the pages from the methodology chapter's consultations to its timeline."""
    text = "\n".join(pages)
    start = text.index(heading)
    return re.sub(r"\s+", " ", text[start:])


@pytest.fixture
def demo(settings, tmp_path):
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo")
    return User.objects.get(username="momd-coordinator")


def compile_final(coordinator, code: str, kind: str, languages: list[str]):
    cycle = ReviewCycle.objects.get(code=code)
    editions = edition_request(
        user=coordinator, cycle=cycle, kind=kind, languages=languages, mode="final"
    )
    for edition in editions:
        edition_compile(edition_id=edition.pk)
        edition.refresh_from_db()
        assert edition.state == "succeeded", edition.failure_reason
    return editions


def test_the_regional_methodology_prints_the_consultations_and_the_validation(demo):
    english, arabic = compile_final(demo, "arab-regional-2024", "regional", ["en", "ar"])
    printed = methodology_text(pdf_pages(english.pdf.path), "Consultations")
    # The table: dates, title, format, organiser, participants.
    assert "16–17 April 2024" in printed
    assert "Online consultation with civil-society organisations (sample)" in printed
    assert "Written consultation of Kurdistan Region bodies (sample)" in printed
    assert "In person" in printed and "Online" in printed and "Written" in printed
    assert "Baghdad, Ministry of Migration and Displaced" in printed
    # Participation by stakeholder type and sex: the numbers beside the chart, and totals.
    assert "Participants by stakeholder type and sex" in printed
    assert re.search(r"Government institutions\s+11\s+22\s+1\s+34", printed), printed
    assert re.search(r"Civil society\s+11\s+8\s+1\s+20", printed)
    assert re.search(r"Total\s+31\s+44\s+3\s+78", printed)
    assert "Kurdistan Region institutions took part in 2 of 3 consultations" in printed
    assert "Parliament took part in 1 of 3 consultations" in printed
    assert "How the input was used" in printed
    assert "federal and Kurdistan Region figures side by side" in printed
    # The national validation, as before.
    assert "National Technical Working Group on Migration on 20 June 2024" in printed

    arabic_text = methodology_text(pdf_pages(arabic.pdf.path), "المشاركون حسب نوع الجهة المعنية")
    # poppler marks the direction of runs with bidi controls: the figures are read without.
    arabic_text = re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", arabic_text)
    assert re.search(r"31\s+44\s+3\s+78|78\s+3\s+44\s+31", arabic_text)

    # The Word copy carries the tables.
    document = Document(english.docx.path)
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert "Online consultation with civil-society organisations (sample)" in cells
    assert "Government institutions" in cells and "78" in cells


def test_the_imrf_methodology_prints_its_consultations(demo):
    (english,) = compile_final(demo, "imrf-2026", "imrf", ["en"])
    printed = methodology_text(pdf_pages(english.pdf.path), "Consultations")
    assert "preparatory meeting for the IMRF (sample)" in printed
    assert "11 February 2026" in printed
    assert "Parliament took part in 1 of 2 consultations" in printed
    assert re.search(r"Total\s+32\s+31\s+1\s+64", printed), printed


def test_a_changed_consultation_changes_the_final_s_content(demo):
    cycle = ReviewCycle.objects.get(code="arab-regional-2024")
    before = report_contents(cycle=cycle, kind="regional").content_key("en")
    consultation = Consultation.objects.filter(cycle=cycle).first()
    consultation_update(
        user=demo,
        consultation_id=consultation.pk,
        data=ConsultationData(
            title=consultation.title,
            language="en",
            starts_on=consultation.starts_on,
            ends_on=consultation.ends_on,
            format=consultation.format,
            place=consultation.place,
            organiser_id=consultation.organiser_id,
            participants=[ParticipantCount(None, 10, 17, 0)],
        ),
    )
    after = report_contents(cycle=cycle, kind="regional").content_key("en")
    assert after != before
    assert report_contents(cycle=cycle, kind="regional").content_key("en") == after


def test_the_chart_reads_right_to_left_in_the_arabic_edition(demo):
    cycle = ReviewCycle.objects.get(code="arab-regional-2024")
    html = render_report_html(
        build_report(cycle=cycle, kind="regional", language="ar", preview=True)
    )
    chart = html[html.index("chart--participation") :]
    chart = chart[: chart.index("</figure>")]
    # Each bar starts at the right, where an Arabic reader starts.
    assert chart.count('transform="matrix(-1 0 0 1 300 0)"') == 10
    english = render_report_html(
        build_report(cycle=cycle, kind="regional", language="en", preview=True)
    )
    assert "matrix(-1" not in english[english.index("chart--participation") :]
