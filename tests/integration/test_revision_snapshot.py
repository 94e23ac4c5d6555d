"""Every reader of a revision reads every version of its content, through reporting/snapshot.py.

tests/fixtures/revision_content_v1.json is a revision as version 1 froze it (before the
version key): the review pages, the diff, the compiled report, the spreadsheet export, the
API and the evidence downloads still read it, taking names and baselines from the catalogue.
A version 2 revision keeps what the catalogue said when it was submitted.
"""

import io
import json
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from objectives.models import Indicator, Objective, Pillar, Strategy, StrategyAction
from reporting import diff, presentation, snapshot
from reporting.models import Revision, Submission
from reporting.pdf.context import build_report
from reporting.pdf.render import render_report_html
from reporting.services.submissions import (
    Draft,
    IndicatorEntry,
    submission_save_draft,
    submission_transition,
)
from reporting.services.uploads import evidence_add
from reporting.spreadsheets.export import cycle_export_xlsx
from tests.api.conftest import api_client
from tests.builders import start_draft
from tests.functional.test_permissions import pdf_upload

pytestmark = pytest.mark.django_db
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "revision_content_v1.json"


@pytest.fixture
def catalogue(mop):
    objective = Objective.objects.get(number=10)
    strategy = Strategy.objects.create(code="nmms", title_en="Strategy")
    pillar = Pillar.objects.create(strategy=strategy, code="1", title_en="Protection")
    action = StrategyAction.objects.create(
        pillar=pillar, code="1.1", title_en="Referral pathways", lead_organisation=mop
    )
    indicator = Indicator.objects.create(
        code="Q-10-1",
        name_en="Victims of trafficking referred",
        unit_en="people",
        kind="number",
        objective=objective,
        baseline="1200",
        baseline_year=2020,
        target="5000",
        target_year=2028,
        disaggregations=["sex"],
    )
    return {"objective": objective, "action": action, "indicator": indicator}


@pytest.fixture
def version_1(settings, tmp_path, catalogue, alice, rita, open_cycle, momd):
    """An approved submission whose only revision was frozen by version 1."""
    settings.MEDIA_ROOT = tmp_path
    submission = start_draft(alice, open_cycle, momd)
    evidence = evidence_add(user=alice, submission_id=submission.pk, upload=pdf_upload())
    content = json.loads(FIXTURE.read_text("utf-8"))
    content["gcm_actions"][0]["id"] = catalogue["objective"].actions.get(letter="a").pk
    content["linked_strategy_actions"][0]["id"] = catalogue["action"].pk
    content["indicator_values"][0]["indicator_id"] = catalogue["indicator"].pk
    content["evidence"][0]["id"] = evidence.pk
    now = timezone.now()
    revision = Revision.objects.create(
        submission=submission,
        number=1,
        content=content,
        language="en",
        submitted_by=alice,
        submitted_at=now,
        approved_at=now,
    )
    Submission.objects.filter(pk=submission.pk).update(
        state="approved", submitted_at=now, approved_at=now
    )
    return {"submission": submission, "revision": revision, "evidence": evidence}


def test_snapshot_reads_version_1(version_1):
    loaded = snapshot.load(version_1["revision"].content)
    assert loaded.version == 1 and loaded.subject is None
    assert loaded.narrative("challenges").startswith("V1-CHALLENGES")
    assert loaded.indicator_values[0].name_en is None  # not frozen: from the catalogue
    assert loaded.evidence_ids == {version_1["evidence"].pk}


def test_the_review_pages_read_version_1(version_1, rita):
    view = presentation.revision_view(snapshot.load(version_1["revision"].content))
    assert [n.text.split()[0] for n in view.narrative] == [
        "V1-PROGRESS",
        "V1-CHALLENGES",
        "V1-GOOD-PRACTICES",
        "V1-PARTNERSHIPS",
        "V1-NEXT-STEPS",
    ]
    assert view.indicator_values[0].name == "Victims of trafficking referred"
    assert view.principles[0].startswith("People-centred")
    client = Client()
    client.force_login(rita)
    page = client.get(reverse("review_detail", args=[version_1["submission"].pk]))
    assert "V1-PARTNERSHIPS" in page.content.decode()


def test_the_diff_reads_version_1_against_version_2(version_1):
    old = snapshot.load(version_1["revision"].content)
    new = snapshot.load({**old.to_json(), "progress": "V2 text", "principles": ["a"]})
    changes = diff.revision_changes(old, new)
    assert changes["progress"].changed and not changes["challenges"].changed
    assert diff.list_changes(old, new, "principles") == ([], ["c"])


def test_the_compiled_report_reads_version_1(version_1, open_cycle):
    report = build_report(cycle=open_cycle, kind="regional", language="en", preview=True)
    html = render_report_html(report)
    assert "V1-NEXT-STEPS" in html
    row = report.indicator_annex[0]
    assert (row.name, row.unit, row.baseline, row.target) == (
        "Victims of trafficking referred",
        "people",
        "1,200 (2020)",
        "5,000 (2028)",
    )


def test_the_export_reads_version_1(version_1, cora, open_cycle):
    exported = cycle_export_xlsx(user=cora, cycle=open_cycle, language="en")
    workbook = load_workbook(io.BytesIO(exported.file.read()), read_only=True)
    exported.file.close()
    government = list(workbook["Government"].iter_rows(values_only=True))
    assert any("V1-GOOD-PRACTICES" in str(cell) for cell in government[1])
    values = list(workbook["Indicator values"].iter_rows(values_only=True))
    header = values[0]
    assert values[1][header.index("Indicator name")] == "Victims of trafficking referred"


def test_the_api_reads_version_1_into_the_current_shape(version_1, victor):
    detail = api_client(victor).get(
        reverse("api:submission-detail", args=[version_1["submission"].pk])
    )
    content = detail.json()["latest_revision"]["content"]
    assert content["version"] == 1 and content["subject"] is None
    assert content["next_steps"].startswith("V1-NEXT-STEPS")
    assert content["linked_strategy_actions"] == [
        {"id": version_1["revision"].content["linked_strategy_actions"][0]["id"], "code": "1.1"}
    ]
    download = api_client(victor).get(
        reverse("api:evidence-download", args=[version_1["evidence"].pk])
    )
    assert download.status_code == 200


def test_version_2_keeps_what_the_catalogue_said_at_submit(
    catalogue, alice, rita, open_cycle, momd
):
    submission = start_draft(alice, open_cycle, momd)
    indicator = catalogue["indicator"]
    submission_save_draft(
        user=alice,
        submission_id=submission.pk,
        base_version=submission.version,
        draft=Draft(
            implementation_status="in_progress",
            narratives={"progress": "Referrals doubled."},
            linked_strategy_action_ids=[catalogue["action"].pk],
            indicator_values=[IndicatorEntry(indicator.pk, value="4400")],
        ),
    )
    submission_transition(user=alice, submission_id=submission.pk, action="submit")
    submission_transition(user=rita, submission_id=submission.pk, action="approve")
    frozen = snapshot.load(Revision.objects.get(submission=submission).content)
    assert frozen.subject.code == "10" and frozen.subject.title_en.startswith("Prevent")

    Indicator.objects.filter(pk=indicator.pk).update(
        name_en="Renamed indicator", baseline="9", target="10", unit_en="cases"
    )
    StrategyAction.objects.filter(pk=catalogue["action"].pk).update(title_en="Renamed action")
    report = build_report(cycle=open_cycle, kind="regional", language="en", preview=True)
    row = report.indicator_annex[0]
    assert (row.name, row.unit, row.baseline, row.target) == (
        "Victims of trafficking referred",
        "people",
        "1,200 (2020)",
        "5,000 (2028)",
    )
    labels = snapshot.Labels.load([frozen])
    assert labels.strategy_action_title(frozen.linked_strategy_actions[0]) == "Referral pathways"
