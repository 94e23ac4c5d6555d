"""The demo's regional report prints the approved SDG 10.7.2 questionnaire as a domain table
in its indicators annex, in English and in Arabic; the forum's draft is printed nowhere."""

import re

import pytest
from django.core.management import call_command
from docx import Document

from gcm_portal.accounts.models import User
from reporting.models import ReviewCycle, Submission
from reporting.pdf.context import build_report
from reporting.services.editions import edition_compile, edition_request
from tests.support import pdf_pages

pytestmark = pytest.mark.django_db


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def demo(settings, tmp_path):
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo")


def test_the_demo_has_an_approved_and_a_draft_questionnaire_and_no_yes_no_10_7_2(demo):
    states = dict(
        Submission.objects.filter(section__code="sdg-10-7-2").values_list("cycle__code", "state")
    )
    assert states == {"arab-regional-2024": "approved", "imrf-2026": "draft"}
    from objectives.models import Indicator

    assert not Indicator.objects.filter(sdg_indicators__code="10.7.2").exists()
    assert Indicator.objects.filter(sdg_indicators__code="10.7.1").exists()


def test_the_report_data_has_the_scores_of_the_approved_answers(demo):
    cycle = ReviewCycle.objects.get(code="arab-regional-2024")
    report = build_report(cycle=cycle, kind="regional", language="en", preview=True)

    (table,) = report.policy_domains
    assert table.organisation == "Ministry of Migration and Displaced"
    assert [(row.score, row.label, row.yes) for row in table.rows] == [
        ("3", "Meets", "3 of 5"),
        ("2", "Partially meets", "2 of 5"),
        ("4", "Fully meets", "4 of 5"),
        ("1", "Requires further progress", "1 of 5"),
        ("4", "Fully meets", "4 of 5"),
        ("3", "Meets", "3 of 5"),
    ]
    imrf = build_report(
        cycle=ReviewCycle.objects.get(code="imrf-2026"), kind="imrf", language="en", preview=True
    )
    assert imrf.policy_domains == []


def test_the_compiled_regional_report_prints_the_domain_table(demo):
    cycle = ReviewCycle.objects.get(code="arab-regional-2024")
    coordinator = User.objects.get(username="momd-coordinator")
    editions = edition_request(
        user=coordinator, cycle=cycle, kind="regional", languages=["en", "ar"], mode="final"
    )
    pages = {}
    for edition in editions:
        edition_compile(edition_id=edition.pk)
        edition.refresh_from_db()
        assert edition.state == "succeeded", edition.failure_reason
        pages[edition.language] = [one_line(page) for page in pdf_pages(edition.pdf.path)]

    english = next(page for page in pages["en"] if "migration policies by domain" in page)
    assert "Annex 3: Indicators" in english or any(
        "Annex 3: Indicators" in page for page in pages["en"]
    )
    for row in (
        "1 Migrant rights 3 Meets 3 of 5",
        "2 Whole-of-government / Evidence-based policies 2 Partially meets 2 of 5",
        "3 Cooperation and partnerships 4 Fully meets 4 of 5",
        "4 Socioeconomic well-being 1 Requires further progress 1 of 5",
        "5 Mobility dimensions of crises 4 Fully meets 4 of 5",
        "6 Safe, orderly and regular migration 3 Meets 3 of 5",
    ):
        assert row in english, row
    assert "Answered by Ministry of Migration and Displaced" in english
    arabic = next(page for page in pages["ar"] if "10.7.2" in page and "حقوق المهاجرين" in page)
    assert "الرفاه الاجتماعي والاقتصادي" in arabic
    # The Word copy has the same table.
    with editions[0].docx.open("rb") as file:
        document = Document(file)
    rows = [
        [one_line(cell.text) for cell in row.cells]
        for table in document.tables
        for row in table.rows
        if "Migrant rights" in row.cells[0].text
    ]
    assert rows and rows[0][1:3] == ["3 Meets", "3 of 5"]
