"""Spreadsheets: exports of approved content, and the import of strategy actions and
indicators through the portal's own template (check, then commit all or nothing).

Exports and imports go through the real pages; the files are read back with openpyxl and csv.
"""

import csv
import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from gcm_portal.accounts.models import Organisation, User
from objectives.models import Indicator, Objective, StrategyAction
from reporting.models import DataTransfer, Submission
from reporting.selectors.submissions import latest_approved_revisions
from reporting.services.submissions import (
    Draft,
    IndicatorEntry,
    submission_save_draft,
    submission_transition,
)
from reporting.spreadsheets import reading
from reporting.spreadsheets.reading import Problem
from reporting.spreadsheets.template import SHEET_COLUMNS
from tests.builders import approve, start_draft, strategy_catalogue, submitted
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def signed_in(user, language: str = "en") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


def export(client, cycle, what: str) -> bytes:
    response = client.post(reverse("spreadsheet_export", args=[cycle.code]), {"what": what})
    assert response.status_code == 200, response.status_code
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "private, no-store"
    return b"".join(response.streaming_content)


def records(sheet) -> list[dict]:
    """The sheet's rows as {header: value}."""
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def template_bytes(client, cycle) -> bytes:
    response = client.post(reverse("import_template", args=[cycle.code]))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    return b"".join(response.streaming_content)


def saved(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, cycle, data: bytes, name: str = "strategy.xlsx"):
    return client.post(
        reverse("import_upload", args=[cycle.code]),
        {"file": SimpleUploadedFile(name, data, content_type=XLSX)},
    )


def check(client, cycle, data: bytes) -> DataTransfer:
    response = upload(client, cycle, data)
    assert response.status_code == 302
    transfer = DataTransfer.objects.filter(kind="import").latest("pk")
    assert response.url == reverse("import_detail", args=[transfer.pk])
    return transfer


def commit(client, transfer: DataTransfer, sha256: str | None = None) -> DataTransfer:
    response = client.post(
        reverse("import_commit", args=[transfer.pk]),
        {"sha256": transfer.sha256 if sha256 is None else sha256},
    )
    assert response.status_code == 302
    result = DataTransfer.objects.latest("pk")
    assert result.dry_run_id == transfer.pk
    assert response.url == reverse("import_detail", args=[result.pk])
    return result


def strategy_state() -> list[tuple]:
    """Everything an import can change, to show that nothing changed."""
    actions = [
        (
            a.pillar_id,
            a.code,
            a.title_en,
            a.title_ar,
            a.lead_organisation_id,
            a.starts_on,
            a.ends_on,
            a.status,
            tuple(sorted(a.supporting_organisations.values_list("pk", flat=True))),
            tuple(sorted(a.objectives.values_list("pk", flat=True))),
        )
        for a in StrategyAction.objects.order_by("pk")
    ]
    indicators = list(Indicator.objects.order_by("pk").values_list())
    return actions + indicators


# --- exports --------------------------------------------------------------------------------


@pytest.fixture
def approved_world(open_cycle, momd, moi, cso, alice, bob, carol, rita, cora):
    """Approved reports of a ministry (in Arabic) and a CSO; a report approved, reopened and
    sent again (its new text under review); a draft; a submission under review."""
    approve(
        alice,
        rita,
        open_cycle,
        momd,
        10,
        language="ar",
        progress="أنشئت مسارات الإحالة في نينوى والبصرة.",
        challenges='=HYPERLINK("http://example.org", "click")',
    )
    approve(carol, rita, open_cycle, cso, 3, progress="Legal aid clinics opened in Erbil.")
    reopened = approve(bob, rita, open_cycle, moi, 4, progress="First approved text.")
    submission_transition(
        user=cora, submission_id=reopened.pk, action="reopen", reason="Add the 2027 figures."
    )
    draft = Submission.objects.get(pk=reopened.pk)
    submission_save_draft(
        user=bob,
        submission_id=draft.pk,
        base_version=draft.version,
        draft=Draft(
            narratives={"progress": "Text under review."}, implementation_status="in_progress"
        ),
    )
    submission_transition(user=bob, submission_id=draft.pk, action="submit")
    start_draft(bob, open_cycle, moi, 5, progress="A draft nobody else may read.")
    submitted(carol, open_cycle, cso, 7, progress="Submitted, not yet approved.")
    return open_cycle


def test_the_workbook_holds_the_latest_approved_revisions_and_nothing_else(approved_world, victor):
    data = export(signed_in(victor), approved_world, "xlsx")
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == [
        "Government",
        "Civil society",
        "Strategy actions",
        "Sections",
        "Indicator values",
        "About this file",
    ]
    government = records(workbook["Government"])
    cso = records(workbook["Civil society"])
    exported = {row["Submission"]: row for row in government + cso}
    expected = {r.submission_id: r for r in latest_approved_revisions(cycle=approved_world)}
    assert set(exported) == set(expected)
    assert {row["Revision"] for row in exported.values()} == {1}
    texts = " ".join(str(v) for row in exported.values() for v in row.values())
    assert "First approved text." in texts
    for unapproved in ("Text under review.", "A draft nobody", "Submitted, not yet"):
        assert unapproved not in texts
    # The Arabic text is intact, and never taken for a formula.
    ministry = next(row for row in government if row["Objective"] == 10)
    assert ministry["Progress made"] == "أنشئت مسارات الإحالة في نينوى والبصرة."
    assert ministry["Language of the text"] == "العربية"
    assert isinstance(ministry["Approved"], datetime.datetime)
    header = [c.value for c in workbook["Government"][1]]
    column = header.index("Challenges")
    cell = next(
        row[column] for row in workbook["Government"].iter_rows(min_row=2) if row[3].value == 10
    )
    assert cell.value.startswith("=HYPERLINK")
    assert cell.data_type == "s"
    assert cso[0]["Stakeholder type (GCM para 44)"] == "Civil society"


def test_the_workbook_follows_the_users_language_and_direction(approved_world, cora):
    data = export(signed_in(cora, "ar"), approved_world, "xlsx")
    workbook = load_workbook(io.BytesIO(data))
    government = workbook.worksheets[0]
    assert government.title == "الحكومة"
    assert government.sheet_view.rightToLeft is True
    assert government.freeze_panes == "A2"
    assert government["A1"].font.b
    assert government.column_dimensions["C"].width == 36
    header = [cell.value for cell in government[1]]
    assert header[:4] == ["التقرير", "المراجعة", "الجهة", "الهدف"]
    row = next(row for row in records(government) if row["الهدف"] == 10)
    assert row["الجهة"] == "وزارة الهجرة والمهجرين"
    assert row["عنوان الهدف"] == Objective.objects.get(number=10).title_ar

    english = load_workbook(io.BytesIO(export(signed_in(cora), approved_world, "xlsx")))
    assert english.worksheets[0].sheet_view.rightToLeft in (None, False)


def test_csv_exports_are_utf8_with_a_byte_order_mark(approved_world, rita):
    data = export(signed_in(rita), approved_world, "submissions")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert {row["Submission"] for row in rows} == {
        str(r.submission_id) for r in latest_approved_revisions(cycle=approved_world)
    }
    arabic = next(row for row in rows if row["Code"] == "10")
    assert arabic["Progress made"] == "أنشئت مسارات الإحالة في نينوى والبصرة."
    # A spreadsheet program would run this as a formula: it is quoted as text.
    assert arabic["Challenges"].startswith("'=HYPERLINK")
    assert "Text under review." not in data.decode("utf-8")

    values = export(signed_in(rita), approved_world, "indicator_values")
    assert values.startswith(b"\xef\xbb\xbf")
    header = next(csv.reader(io.StringIO(values.decode("utf-8-sig"))))
    assert header[:5] == ["Submission", "Organisation", "Reporting on", "Code", "Indicator"]


def test_indicator_values_come_from_the_approved_revision(open_cycle, alice, rita, victor):
    from objectives.models import Indicator

    indicator = Indicator.objects.create(
        code="IND-10",
        name_en="Victims referred",
        name_ar="الضحايا المحالون",
        kind="number",
        objective=Objective.objects.get(number=10),
        disaggregations=["sex"],
        baseline="140",
        target="400",
    )
    entry = IndicatorEntry(
        indicator_id=indicator.pk,
        value="212",
        unit="persons",
        reference_date=datetime.date(2027, 12, 31),
        source="Ministry records",
        breakdown=[
            {"dimension": "sex", "category": "female", "value": "120"},
            {"dimension": "sex", "category": "male", "value": "92"},
        ],
    )
    approve(
        alice, rita, open_cycle, alice.memberships.get().organisation, 10, indicator_values=[entry]
    )
    workbook = load_workbook(io.BytesIO(export(signed_in(victor, "ar"), open_cycle, "xlsx")))
    (row,) = records(workbook["قيم المؤشرات"])
    assert list(row.values())[4:] == [
        "IND-10",
        "الضحايا المحالون",
        None,
        212,  # figures are numbers, for sums and charts
        "persons",
        datetime.datetime(2027, 12, 31),
        "Ministry records",
        "إناث: 120؛ ذكور: 92",
        140,
        400,
    ]


def test_figures_are_numbers_and_the_rest_stays_text():
    from reporting.spreadsheets.export import _number_or_text

    figures = ("4400", "6.8", "4,400", "-3", "1,234.5", "٤٤٠٠")  # Arabic-Indic digits too
    assert [_number_or_text(v) for v in figures] == [4400, 6.8, 4400, -3, 1234.5, 4400]
    for text in ("yes", "about 300", "10-20", "", "1,23", "6.", "007x"):
        assert _number_or_text(text) == text


def test_every_export_is_recorded_with_the_sha256_of_what_was_sent(approved_world, victor):
    import hashlib

    client = signed_in(victor)
    sent = {what: export(client, approved_world, what) for what in ("xlsx", "submissions")}
    transfers = list(DataTransfer.objects.order_by("pk"))
    assert [(t.kind, t.format, t.dataset, t.state, t.user) for t in transfers] == [
        ("export", "xlsx", "approved_content", "exported", victor),
        ("export", "csv", "submissions", "exported", victor),
    ]
    for transfer, data in zip(transfers, sent.values(), strict=True):
        assert transfer.sha256 == hashlib.sha256(data).hexdigest()
        assert transfer.size == len(data)
        assert transfer.cycle == approved_world
    assert transfers[0].rows == 3 and transfers[0].summary["sheets"]["Government"] == 2
    assert transfers[1].rows == 3 and transfers[1].summary == {"complete": True}


def test_exports_are_for_members_only(approved_world):
    stranger = UserFactory(username="stranger")
    client = signed_in(stranger)
    assert client.get(reverse("spreadsheets", args=[approved_world.code])).status_code == 404
    for what in ("xlsx", "submissions", "indicator_values"):
        response = client.post(
            reverse("spreadsheet_export", args=[approved_world.code]), {"what": what}
        )
        assert response.status_code == 404
    assert not DataTransfer.objects.exists()


def test_an_unknown_export_is_404(approved_world, victor):
    response = signed_in(victor).post(
        reverse("spreadsheet_export", args=[approved_world.code]), {"what": "pdf"}
    )
    assert response.status_code == 404
    assert not DataTransfer.objects.exists()


def test_the_workbook_costs_the_same_queries_for_more_submissions(
    open_cycle, alice, bob, carol, rita, cora, momd, moi, cso
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reporting.spreadsheets.export import cycle_export_xlsx

    approve(alice, rita, open_cycle, momd, 10)

    def queries() -> int:
        user = User.objects.get(pk=cora.pk)  # roles are cached on the user object
        with CaptureQueriesContext(connection) as captured:
            cycle_export_xlsx(user=user, cycle=open_cycle, language="en").file.close()
        return len(captured.captured_queries)

    # The user's roles; whether other organisations have reports; principles; indicators;
    # strategy actions; the revisions (read in chunks); the DataTransfer row and its audit
    # entry, written together (2, plus a savepoint and its release inside the test's
    # transaction).
    few = queries()
    assert few == 10
    for objective in (1, 2, 3):
        approve(bob, rita, open_cycle, moi, objective)
        approve(carol, rita, open_cycle, cso, objective)
    assert queries() == few


# --- the import: a round trip on a small strategy -------------------------------------------

PERIOD = {"starts_on": datetime.date(2026, 1, 1), "ends_on": datetime.date(2030, 12, 31)}
PILLARS = [
    ("1", "Governance, policy and data", "الحوكمة والسياسات والبيانات"),
    ("2", "Protection and assistance of migrants", "حماية المهاجرين ومساعدتهم"),
]
# In the template's order, from row 2.
ACTIONS = [
    {
        "pillar": "1",
        "code": "1.1",
        "title_en": "Establish a national migration data working group",
        "title_ar": "إنشاء فريق عمل وطني لبيانات الهجرة",
        "lead": "mop",
        "supporting": ["momd", "moi"],
        "status": "completed",
        "objectives": [1],
        **PERIOD,
    },
    {
        "pillar": "1",
        "code": "1.2",
        "title_en": "Regulate private recruitment agencies",
        "title_ar": "تنظيم وكالات التوظيف الخاصة",
        "lead": "momd",
        "supporting": ["moi"],
        "status": "in_progress",
        "objectives": [23, 6],
        **PERIOD,
    },
    {
        "pillar": "2",
        "code": "2.1",
        "title_en": "Set up referral pathways for victims of trafficking",
        "title_ar": "إنشاء مسارات إحالة لضحايا الاتجار بالبشر",
        "lead": "moi",
        "supporting": ["momd", "rights-network"],
        "status": "in_progress",
        "objectives": [10, 7],
        **PERIOD,
    },
    {
        # Led by a civil-society organisation, supported by IOM, with no dates.
        "pillar": "2",
        "code": "2.2",
        "title_en": "Legal aid for migrants in detention",
        "title_ar": "المساعدة القانونية للمهاجرين المحتجزين",
        "lead": "rights-network",
        "supporting": ["iom"],
        "status": "delayed",
        "objectives": [13],
    },
]
# In the template's order (by code), from row 2: one of each kind.
INDICATORS = [
    {
        "code": "IND-01",
        "name_en": "Recruitment cost borne by Iraqi workers abroad",
        "name_ar": "تكاليف التوظيف التي يتحملها العمال العراقيون في الخارج",
        "unit_en": "% of monthly income",
        "unit_ar": "% من الدخل الشهري",
        "kind": "percent",
        "sdg": "10.7.1",
        "objective": 6,
        "action": "1.2",
        "disaggregations": ["sex"],
        "baseline": "35",
        "baseline_year": 2020,
        "target": "15",
        "target_year": 2030,
    },
    {
        "code": "IND-02",
        "name_en": "Identified victims of trafficking referred to services",
        "name_ar": "ضحايا الاتجار المحددون المحالون إلى الخدمات",
        "unit_en": "persons",
        "unit_ar": "شخص",
        "kind": "number",
        "objective": 10,
        "action": "2.1",
        "disaggregations": ["sex", "age_group", "migration_status"],
        "baseline": "140",
        "baseline_year": 2024,
        "target": "400",
        "target_year": 2030,
    },
    {
        "code": "IND-03",
        "name_en": "National migration policy adopted",
        "name_ar": "اعتماد سياسة وطنية للهجرة",
        "kind": "yes_no",
        "sdg": "10.7.2",
        "objective": 23,
        "baseline_note": "no",
        "baseline_year": 2024,
        "target_note": "yes",
        "target_year": 2028,
    },
    {
        "code": "IND-04",
        "name_en": "Main obstacles to legal aid reported by migrants",
        "name_ar": "أهم العقبات أمام المساعدة القانونية كما يذكرها المهاجرون",
        "kind": "text",
        "objective": 13,
        "action": "2.2",
    },
]


@pytest.fixture
def catalogue(momd, moi, mop, cso, iom):
    """The national strategy the import works on: two pillars, four actions (one led by a
    civil-society organisation) and four indicators (a percentage, a number, yes or no,
    text)."""
    return strategy_catalogue(pillars=PILLARS, actions=ACTIONS, indicators=INDICATORS)


def sheet_records(workbook, title) -> tuple[list[str], list[list]]:
    rows = [list(row) for row in workbook[title].iter_rows(values_only=True)]
    return rows[0], rows[1:]


def test_the_template_holds_todays_data_with_instructions_and_drop_downs(
    open_cycle, catalogue, cora
):
    workbook = load_workbook(io.BytesIO(template_bytes(signed_in(cora, "ar"), open_cycle)))
    assert workbook.sheetnames == ["Instructions", "Strategy actions", "Indicators", "Lists"]
    assert workbook["Lists"].sheet_state == "hidden"
    header, rows = sheet_records(workbook, "Strategy actions")
    assert header == [
        "strategy_code",
        "pillar_code",
        "action_code",
        "title_en",
        "title_ar",
        "lead_organisation",
        "supporting_organisations",
        "starts_on",
        "ends_on",
        "status",
        "objectives",
    ]
    starts, ends = datetime.datetime(2026, 1, 1), datetime.datetime(2030, 12, 31)
    # Short names sorted, objective numbers in order (6 before 23), dates as dates.
    assert rows == [
        [
            "nmms",
            "1",
            "1.1",
            "Establish a national migration data working group",
            "إنشاء فريق عمل وطني لبيانات الهجرة",
            "mop",
            "moi, momd",
            starts,
            ends,
            "completed",
            "1",
        ],
        [
            "nmms",
            "1",
            "1.2",
            "Regulate private recruitment agencies",
            "تنظيم وكالات التوظيف الخاصة",
            "momd",
            "moi",
            starts,
            ends,
            "in_progress",
            "6, 23",
        ],
        [
            "nmms",
            "2",
            "2.1",
            "Set up referral pathways for victims of trafficking",
            "إنشاء مسارات إحالة لضحايا الاتجار بالبشر",
            "moi",
            "momd, rights-network",
            starts,
            ends,
            "in_progress",
            "7, 10",
        ],
        [
            "nmms",
            "2",
            "2.2",
            "Legal aid for migrants in detention",
            "المساعدة القانونية للمهاجرين المحتجزين",
            "rights-network",
            "iom",
            None,
            None,
            "delayed",
            "13",
        ],
    ]
    header, rows = sheet_records(workbook, "Indicators")
    assert header == [
        "code",
        "name_en",
        "name_ar",
        "unit_en",
        "unit_ar",
        "kind",
        "sdg_code",
        "objective",
        "strategy_action",
        "disaggregations",
        "baseline",
        "baseline_year",
        "target",
        "target_year",
    ]
    # Empty cells read back as None.
    assert rows == [
        [
            "IND-01",
            "Recruitment cost borne by Iraqi workers abroad",
            "تكاليف التوظيف التي يتحملها العمال العراقيون في الخارج",
            "% of monthly income",
            "% من الدخل الشهري",
            "percent",
            "10.7.1",
            6,
            "1.2",
            "sex",
            "35",
            2020,
            "15",
            2030,
        ],
        [
            "IND-02",
            "Identified victims of trafficking referred to services",
            "ضحايا الاتجار المحددون المحالون إلى الخدمات",
            "persons",
            "شخص",
            "number",
            None,
            10,
            "2.1",
            "sex, age_group, migration_status",
            "140",
            2024,
            "400",
            2030,
        ],
        [
            "IND-03",
            "National migration policy adopted",
            "اعتماد سياسة وطنية للهجرة",
            None,
            None,
            "yes_no",
            "10.7.2",
            23,
            None,
            None,
            "no",
            2024,
            "yes",
            2028,
        ],
        [
            "IND-04",
            "Main obstacles to legal aid reported by migrants",
            "أهم العقبات أمام المساعدة القانونية كما يذكرها المهاجرون",
            None,
            None,
            "text",
            None,
            13,
            "2.2",
            None,
            None,
            None,
            None,
            None,
        ],
    ]
    actions = workbook["Strategy actions"]
    assert actions.sheet_view.rightToLeft is True and actions.freeze_panes == "A2"
    assert actions["J1"].comment is not None
    validations = {str(v.sqref): v for v in actions.data_validations.dataValidation}
    assert validations["J2:J5001"].formula1 == "'Lists'!$A$2:$A$6"
    kinds = next(
        v for v in workbook["Indicators"].data_validations.dataValidation if "F2" in str(v.sqref)
    )
    assert kinds.formula1 == "'Lists'!$B$2:$B$5"
    kinds_listed = [c.value for c in workbook["Lists"]["B"] if c.value is not None]
    assert kinds_listed == ["kind", "number", "percent", "yes_no", "text"]
    instructions = [
        row for row in workbook["Instructions"].iter_rows(values_only=True) if row[1] == "kind"
    ]
    (kind_row,) = instructions
    assert kind_row[3] == "One of: number, percent, yes_no, text."
    assert kind_row[4] != kind_row[3]  # the Arabic explanation
    transfer = DataTransfer.objects.get()
    assert (transfer.kind, transfer.dataset, transfer.rows) == ("export", "strategy_indicators", 8)
    assert transfer.summary == {"sheets": {"Strategy actions": 4, "Indicators": 4}}


def test_the_unchanged_template_imports_as_no_change(open_cycle, catalogue, cora):
    client = signed_in(cora)
    transfer = check(client, open_cycle, template_bytes(client, open_cycle))
    assert transfer.state == "checked"
    assert transfer.summary["problem_count"] == 0
    assert transfer.summary["change_count"] == 0
    assert transfer.summary["counts"] == {
        "Strategy actions": {"create": 0, "update": 0, "unchanged": 4},
        "Indicators": {"create": 0, "update": 0, "unchanged": 4},
    }
    page = client.get(reverse("import_detail", args=[transfer.pk])).content.decode()
    assert "importing it would change nothing" in page
    assert "Commit import" not in page


def test_export_edit_check_commit_round_trip(open_cycle, catalogue, cora):
    client = signed_in(cora)
    workbook = load_workbook(io.BytesIO(template_bytes(client, open_cycle)))
    actions = workbook["Strategy actions"]
    # Row 3 is action 1.2: a new Arabic title, one more supporter, a new status, one more
    # objective.
    actions["E3"] = "تنظيم وكالات التوظيف الخاصة ومراقبتها"
    actions["G3"] = "moi, rights-network"
    actions["J3"] = "completed"
    actions["K3"] = "6, 23, 1"
    # A new action, led by the civil-society organisation; one date typed as text.
    actions.append(
        [
            "nmms",
            "2",
            "2.3",
            "Shelters for victims of trafficking",
            "دور إيواء لضحايا الاتجار",
            "rights-network",
            "moi, momd",
            datetime.date(2026, 1, 1),
            "2027-12-31",
            "in_progress",
            "10",
        ]
    )
    indicators = workbook["Indicators"]
    indicators["M2"] = 12  # IND-01's target, typed as a number
    indicators["I5"] = None  # IND-04 no longer measures action 2.2: an empty cell empties
    # A new indicator, measuring the new action.
    indicators.append(
        [
            "IND-05",
            "Shelter places for victims of trafficking",
            "أماكن الإيواء لضحايا الاتجار",
            "places",
            "مكان",
            "number",
            None,
            10,
            "2.3",
            "governorate, sex",
            None,
            None,
            "250",
            2027,
        ]
    )
    transfer = check(client, open_cycle, saved(workbook))
    assert transfer.state == "checked", transfer.summary["problems"]
    assert transfer.summary["counts"] == {
        "Strategy actions": {"create": 1, "update": 1, "unchanged": 3},
        "Indicators": {"create": 1, "update": 2, "unchanged": 2},
    }
    assert transfer.summary["changes"] == [
        {
            "sheet": "Strategy actions",
            "row": 3,
            "code": "1.2",
            "change": "update",
            "columns": ["title_ar", "status", "supporting_organisations", "objectives"],
        },
        {"sheet": "Strategy actions", "row": 6, "code": "2.3", "change": "create", "columns": []},
        {
            "sheet": "Indicators",
            "row": 2,
            "code": "IND-01",
            "change": "update",
            "columns": ["target"],
        },
        {
            "sheet": "Indicators",
            "row": 5,
            "code": "IND-04",
            "change": "update",
            "columns": ["strategy_action"],
        },
        {"sheet": "Indicators", "row": 6, "code": "IND-05", "change": "create", "columns": []},
    ]
    # The check saved nothing.
    assert not StrategyAction.objects.filter(code="2.3").exists()
    assert not Indicator.objects.filter(code="IND-05").exists()
    page = client.get(reverse("import_detail", args=[transfer.pk])).content.decode()
    assert "Commit import" in page and transfer.sha256 in page

    result = commit(client, transfer)
    assert result.state == "committed"
    assert result.summary["counts"] == transfer.summary["counts"]
    action = StrategyAction.objects.get(code="1.2")
    assert action.title_ar == "تنظيم وكالات التوظيف الخاصة ومراقبتها"
    assert action.title_en == "Regulate private recruitment agencies"
    assert action.status == "completed"
    assert sorted(action.supporting_organisations.values_list("slug", flat=True)) == [
        "moi",
        "rights-network",
    ]
    assert sorted(action.objectives.values_list("number", flat=True)) == [1, 6, 23]
    new = StrategyAction.objects.get(code="2.3")
    assert (new.pillar.code, new.lead_organisation.slug, new.starts_on, new.ends_on) == (
        "2",
        "rights-network",
        datetime.date(2026, 1, 1),
        datetime.date(2027, 12, 31),
    )
    assert sorted(new.supporting_organisations.values_list("slug", flat=True)) == ["moi", "momd"]
    assert Indicator.objects.get(code="IND-01").target == Decimal("12")
    assert Indicator.objects.get(code="IND-04").strategy_action is None
    shelter = Indicator.objects.get(code="IND-05")
    assert shelter.strategy_action == new
    assert shelter.disaggregations == ["governorate", "sex"]
    assert (shelter.objective.number, shelter.target_year, shelter.baseline_year) == (
        10,
        2027,
        None,
    )

    # Exported again, the data makes the same round trip with nothing left to change.
    again = check(client, open_cycle, template_bytes(client, open_cycle))
    assert again.summary["change_count"] == 0
    assert again.summary["counts"]["Strategy actions"]["unchanged"] == 5
    assert again.summary["counts"]["Indicators"]["unchanged"] == 5
    page = client.get(reverse("import_detail", args=[result.pk])).content.decode()
    assert "Imported. Every change of the file has been saved." in page
    audit = DataTransfer.objects.order_by("pk")
    assert [(t.kind, t.state) for t in audit] == [
        ("export", "exported"),
        ("import", "checked"),
        ("import", "committed"),
        ("export", "exported"),
        ("import", "checked"),
    ]


# --- every problem, where it is -------------------------------------------------------------

# sheet, column, value, the message (Strategy actions rows copy action 1.1, which starts in 2026;
# Indicators rows copy IND-02, a number); each case is a new row with one bad cell.
ACTION_CASES = [
    (
        "strategy_code",
        "no-such-plan",
        "There is no strategy «no-such-plan». The strategies are: nmms.",
    ),
    ("pillar_code", "9", "Strategy «nmms» has no pillar «9»."),
    ("action_code", "", "Fill this in."),
    ("action_code", "9 9", "A code cannot contain spaces."),
    ("title_en", "", "Fill this in."),
    ("title_en", "x" * 301, "Write at most 300 characters; this has 301."),
    ("lead_organisation", "nobody", "There is no organisation with the short name «nobody»."),
    (
        "supporting_organisations",
        "moi, ghost",
        "There is no organisation with the short name «ghost».",
    ),
    ("starts_on", "31/12/2025", "Write the date as YYYY-MM-DD, for example 2025-12-31."),
    ("ends_on", "2020-01-01", "The end date is before the start date."),
    ("status", "finished", "Choose not_started, in_progress, completed, delayed or cancelled."),
    ("objectives", "1, 24", "Write a GCM objective number from 1 to 23."),
]
INDICATOR_CASES = [
    ("code", "", "Fill this in."),
    ("name_en", "", "Fill this in."),
    ("unit_en", "u" * 61, "Write at most 60 characters; this has 61."),
    ("kind", "amount", "Choose number, percent, yes_no or text."),
    ("sdg_code", "99.9.9", "There is no SDG indicator «99.9.9»."),
    ("objective", "0", "Write a GCM objective number from 1 to 23."),
    (
        "strategy_action",
        "9.9",
        "There is no strategy action «9.9», in the portal or in the sheet «Strategy actions».",
    ),
    (
        "disaggregations",
        "sex, colour",
        "Use any of sex, age_group, governorate, migration_status, disability, nationality, "
        "separated by commas.",
    ),
    ("baseline", "many", "Enter a number, for example 1250 or 12.5."),
    ("baseline_year", "20", "Write a year between 1900 and 2100."),
    ("target", "lots", "Enter a number, for example 1250 or 12.5."),
    ("target_year", "year 2030", "Write a year between 1900 and 2100."),
]


def _with_problems(workbook) -> set[tuple]:
    """Append one bad row per case; return the (sheet, row, column, message) expected."""
    expected = set()
    for title, cases, code_column, code in (
        ("Strategy actions", ACTION_CASES, "action_code", "8.{}"),
        ("Indicators", INDICATOR_CASES, "code", "IND-8{}"),
    ):
        sheet = workbook[title]
        header = [c.value for c in sheet[1]]
        model = [c.value for c in sheet[2 if title == "Strategy actions" else 3]]
        for number, (column, value, message) in enumerate(cases):
            row = dict(zip(header, model, strict=True))
            row[code_column] = code.format(number)
            row[column] = value
            sheet.append([row[key] for key in header])
            expected.add((title, sheet.max_row, column, message))
    # Duplicates are reported on the second row; a percentage must lie between 0 and 100.
    actions, indicators = workbook["Strategy actions"], workbook["Indicators"]
    actions.append([c.value for c in actions[4]])
    expected.add(
        ("Strategy actions", actions.max_row, "action_code", "This action is already in row 4.")
    )
    indicators.append([c.value for c in indicators[5]])
    expected.add(("Indicators", indicators.max_row, "code", "This indicator is already in row 5."))
    indicators["M2"] = "150"
    expected.add(("Indicators", 2, "target", "Enter a percentage between 0 and 100."))
    return expected


def test_every_problem_is_reported_by_sheet_row_and_column(open_cycle, catalogue, cora):
    client = signed_in(cora)
    workbook = load_workbook(io.BytesIO(template_bytes(client, open_cycle)))
    expected = _with_problems(workbook)
    before = strategy_state()
    transfer = check(client, open_cycle, saved(workbook))
    assert transfer.state == "rejected"
    found = {
        (p["sheet"], p["row"], p["column"], p["message"]) for p in transfer.summary["problems"]
    }
    assert found == expected
    assert transfer.summary["problem_count"] == len(expected)
    assert strategy_state() == before
    page = client.get(reverse("import_detail", args=[transfer.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert f"The file has {len(expected)} problems." in html
    assert "Commit import" not in html
    # Problems read as one sentence too, e.g. for the API.
    assert str(Problem("Indicators", 7, "kind", "Choose number, percent, yes_no or text.")) == (
        "Sheet «Indicators», row 7, column «kind»: Choose number, percent, yes_no or text."
    )


def test_problems_are_reported_in_the_users_language(open_cycle, catalogue, cora):
    client = signed_in(cora, "ar")
    workbook = load_workbook(io.BytesIO(template_bytes(client, open_cycle)))
    workbook["Indicators"]["F3"] = "amount"
    transfer = check(client, open_cycle, saved(workbook))
    (problem,) = transfer.summary["problems"]
    assert (problem["sheet"], problem["row"], problem["column"]) == ("Indicators", 3, "kind")
    assert problem["message"].startswith("اختر")
    assert "number" in problem["message"] and problem["text"].startswith("الورقة")


def test_a_file_with_one_bad_row_changes_nothing(open_cycle, catalogue, cora):
    client = signed_in(cora)
    workbook = load_workbook(io.BytesIO(template_bytes(client, open_cycle)))
    for row in range(2, 2 + len(ACTIONS)):
        workbook["Strategy actions"][f"D{row}"] = f"Retitled action {row}"
    workbook["Indicators"]["F5"] = "amount"  # the last indicator's kind
    before = strategy_state()
    transfer = check(client, open_cycle, saved(workbook))
    assert transfer.state == "rejected" and transfer.summary["problem_count"] == 1
    response = client.post(
        reverse("import_commit", args=[transfer.pk]), {"sha256": transfer.sha256}
    )
    assert response.status_code == 302
    refused = DataTransfer.objects.latest("pk")
    assert refused.state == "refused"
    assert strategy_state() == before


def test_a_failure_while_saving_rolls_back_everything(open_cycle, catalogue, cora, monkeypatch):
    client = signed_in(cora)
    workbook = load_workbook(io.BytesIO(template_bytes(client, open_cycle)))
    workbook["Strategy actions"]["D2"] = "Retitled"
    workbook["Indicators"].append(["IND-77", "New", "", "", "", "text"] + [None] * 8)
    transfer = check(client, open_cycle, saved(workbook))
    before = strategy_state()

    def collide(*args, **kwargs):
        raise IntegrityError("UNIQUE constraint failed: objectives_indicator.code")

    monkeypatch.setattr(Indicator.objects, "create", collide)
    result = commit(client, transfer)
    assert result.state == "refused"
    assert "nothing was imported" in result.summary["reason"]
    assert strategy_state() == before


# --- commits that are refused ---------------------------------------------------------------


@pytest.fixture
def clean_check(open_cycle, catalogue, cora):
    client = signed_in(cora)
    workbook = load_workbook(io.BytesIO(template_bytes(client, open_cycle)))
    workbook["Strategy actions"]["D2"] = "Set up the national migration data working group"
    transfer = check(client, open_cycle, saved(workbook))
    assert transfer.state == "checked" and transfer.summary["change_count"] == 1
    return client, transfer


def test_a_file_changed_since_the_check_is_refused(clean_check):
    client, transfer = clean_check
    before = strategy_state()
    with open(transfer.file.path, "r+b") as stored:
        stored.seek(-1, io.SEEK_END)
        last = stored.read(1)
        stored.seek(-1, io.SEEK_END)
        stored.write(bytes([last[0] ^ 1]))
    result = commit(client, transfer)
    assert result.state == "refused"
    assert result.summary["reason"] == (
        "The file changed since it was checked; upload it again to check it."
    )
    assert strategy_state() == before


def test_a_commit_must_name_the_file_that_was_checked(clean_check):
    client, transfer = clean_check
    before = strategy_state()
    result = commit(client, transfer, sha256="0" * 64)
    assert result.state == "refused" and "changed since it was checked" in result.summary["reason"]
    assert strategy_state() == before


def test_data_changed_since_the_check_is_refused(clean_check):
    client, transfer = clean_check
    StrategyAction.objects.filter(code="1.2").update(title_en="Changed in the admin meanwhile")
    result = commit(client, transfer)
    assert result.state == "refused"
    assert "The portal's data changed since the file was checked" in result.summary["reason"]
    assert StrategyAction.objects.get(code="1.1").title_en != (
        "Set up the national migration data working group"
    )


def test_the_file_is_checked_again_when_committed(clean_check):
    client, transfer = clean_check
    Organisation.objects.filter(slug="mop").update(slug="planning")
    result = commit(client, transfer)
    assert result.state == "refused"
    assert "no longer passes the checks" in result.summary["reason"]
    assert {(p["row"], p["column"]) for p in result.summary["problems"]} == {
        (2, "lead_organisation")
    }
    page = client.get(reverse("import_detail", args=[result.pk])).content.decode()
    assert "There is no organisation with the short name «mop»." in page


def test_a_check_is_committed_once(clean_check):
    client, transfer = clean_check
    assert commit(client, transfer).state == "committed"
    second = commit(client, transfer)
    assert second.state == "refused"
    assert second.summary["reason"] == "This file has already been imported."
    page = client.get(reverse("import_detail", args=[transfer.pk])).content.decode()
    assert "This file has already been imported." in page and "Commit import" not in page


def test_imports_are_for_the_coordinator(clean_check, open_cycle, alice, rita, victor):
    _client, transfer = clean_check
    before = strategy_state()
    for user in (alice, rita, victor):
        client = signed_in(user)
        cycle = open_cycle.code
        assert client.post(reverse("import_template", args=[cycle])).status_code == 404
        assert upload(client, open_cycle, b"PK").status_code == 404
        assert client.get(reverse("import_detail", args=[transfer.pk])).status_code == 404
        response = client.post(
            reverse("import_commit", args=[transfer.pk]), {"sha256": transfer.sha256}
        )
        assert response.status_code == 404
        page = client.get(reverse("spreadsheets", args=[cycle])).content.decode()
        assert "Check the file" not in page and "Excel workbook (.xlsx)" in page
    assert strategy_state() == before
    assert DataTransfer.objects.count() == 2  # the coordinator's template and check


# --- hostile and broken files ---------------------------------------------------------------


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _workbook(**sheets: list[list]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title.replace("_", " ").capitalize())
        for row in rows:
            sheet.append(row)
    return saved(workbook)


def _with_doctype(data: bytes) -> bytes:
    """The same workbook, with an entity-expansion ("billion laughs") sheet."""
    source = zipfile.ZipFile(io.BytesIO(data))
    members = {name: source.read(name) for name in source.namelist()}
    sheet = members["xl/worksheets/sheet1.xml"].decode()
    bomb = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    members["xl/worksheets/sheet1.xml"] = (bomb + sheet).encode()
    return _zip(members)


ACTIONS_HEADER = [c.key for c in SHEET_COLUMNS["Strategy actions"]]
INDICATORS_HEADER = [c.key for c in SHEET_COLUMNS["Indicators"]]
NOT_XLSX = "This is not an Excel workbook (.xlsx)."
DAMAGED = "The file is damaged and cannot be opened."
TOO_BIG = "The file expands to an unreasonable size."

HOSTILE = {
    "empty": (lambda: b"", "The file is empty."),
    "pdf": (lambda: b"%PDF-1.4\n%%EOF\n", NOT_XLSX),
    "csv": (lambda: "code,name_en\nIND-1,أ\n".encode(), NOT_XLSX),
    "xls": (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504, NOT_XLSX),
    "zip, not a workbook": (lambda: _zip({"notes.txt": b"hello"}), NOT_XLSX),
    "truncated": (lambda: _workbook(strategy_actions=[ACTIONS_HEADER])[:400], DAMAGED),
    "zip bomb": (
        lambda: _zip({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"\x00" * (60 * 2**20)}),
        TOO_BIG,
    ),
    "entity expansion": (
        lambda: _with_doctype(
            _workbook(strategy_actions=[ACTIONS_HEADER], indicators=[INDICATORS_HEADER])
        ),
        DAMAGED,
    ),
    "only xml parts, no workbook inside": (
        lambda: _zip({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<nonsense"}),
        DAMAGED,
    ),
    "larger than 5 MB": (
        lambda: b"PK\x03\x04" + b"\x00" * (5 * 2**20 + 1),
        "The file is larger than 5 MB.",
    ),
}


@pytest.mark.parametrize("name", list(HOSTILE), ids=list(HOSTILE))
def test_a_hostile_or_broken_file_gets_a_message_not_an_error(open_cycle, catalogue, cora, name):
    make, message = HOSTILE[name]
    client = signed_in(cora)
    before = strategy_state()
    transfer = check(client, open_cycle, make())
    assert transfer.state == "rejected"
    (problem,) = transfer.summary["problems"]
    assert problem["message"].startswith(message)
    page = client.get(reverse("import_detail", args=[transfer.pk]))
    assert page.status_code == 200 and message in page.content.decode()
    assert (
        client.post(
            reverse("import_commit", args=[transfer.pk]), {"sha256": transfer.sha256}
        ).status_code
        == 302
    )
    assert DataTransfer.objects.latest("pk").state == "refused"
    assert strategy_state() == before


WRONG_LAYOUTS = {
    "a sheet missing": (
        {"strategy_actions": [ACTIONS_HEADER]},
        [("Indicators", None, "", "The workbook has no such sheet.")],
    ),
    "columns missing and unknown": (
        {
            "strategy_actions": [[*ACTIONS_HEADER[:-1], "titel_fr"]],
            "indicators": [INDICATORS_HEADER],
        },
        [
            ("Strategy actions", 1, "titel_fr", "Unknown column."),
            ("Strategy actions", 1, "objectives", "This column is missing from row 1."),
        ],
    ),
    "a column twice": (
        {"strategy_actions": [[*ACTIONS_HEADER, "status"]], "indicators": [INDICATORS_HEADER]},
        [("Strategy actions", 1, "status", "This column appears twice.")],
    ),
    "no column names": (
        {"strategy_actions": [], "indicators": [INDICATORS_HEADER]},
        [("Strategy actions", 1, "", "Row 1 should hold the column names")],
    ),
    "no rows at all": (
        {"strategy_actions": [ACTIONS_HEADER], "indicators": [INDICATORS_HEADER, [None] * 3]},
        [("", None, "", "The file holds no strategy actions and no indicators")],
    ),
}


@pytest.mark.parametrize("name", list(WRONG_LAYOUTS), ids=list(WRONG_LAYOUTS))
def test_a_file_not_laid_out_like_the_template_is_explained(open_cycle, cora, name):
    sheets, expected = WRONG_LAYOUTS[name]
    transfer = check(signed_in(cora), open_cycle, _workbook(**sheets))
    assert transfer.state == "rejected"
    found = [
        (p["sheet"], p["row"], p["column"], p["message"]) for p in transfer.summary["problems"]
    ]
    assert len(found) == len(expected)
    for (sheet, row, column, message), start in zip(found, expected, strict=True):
        assert (sheet, row, column) == start[:3]
        assert message.startswith(start[3])


def test_too_many_rows_are_refused(open_cycle, cora, monkeypatch):
    monkeypatch.setattr(reading, "MAX_DATA_ROWS", 3)
    rows = [[f"IND-{n}", "Name", "", "", "", "text"] + [None] * 8 for n in range(5)]
    transfer = check(
        signed_in(cora),
        open_cycle,
        _workbook(strategy_actions=[ACTIONS_HEADER], indicators=[INDICATORS_HEADER, *rows]),
    )
    assert [p["message"] for p in transfer.summary["problems"]] == [
        "The sheet has more than 3 rows; import at most 3 at a time."
    ]


def test_a_sheet_that_goes_on_for_a_million_rows_is_refused_quickly(open_cycle, cora):
    workbook = Workbook()
    workbook.active.title = "Strategy actions"
    workbook.active.append(ACTIONS_HEADER)
    indicators = workbook.create_sheet("Indicators")
    indicators.append(INDICATORS_HEADER)
    indicators.cell(row=1_000_000, column=1, value="IND-LOST")
    transfer = check(signed_in(cora), open_cycle, saved(workbook))
    assert [(p["sheet"], p["message"]) for p in transfer.summary["problems"]] == [
        (
            "Indicators",
            "The sheet goes on beyond row 20000: delete the empty rows below the data, and "
            "import at most 5000 rows at a time.",
        )
    ]


def test_an_upload_without_a_file_is_refused_on_the_page(open_cycle, cora):
    response = signed_in(cora).post(reverse("import_upload", args=[open_cycle.code]))
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not DataTransfer.objects.exists()


# --- the same over the API ------------------------------------------------------------------


def api_download(client, url: str, **headers) -> bytes:
    response = client.get(url, **headers)
    assert response.status_code == 200, response.content
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "private, no-store"
    return b"".join(response.streaming_content)


def test_the_api_exports_what_the_page_exports_with_the_same_typed_cells(approved_world, victor):
    from tests.api.conftest import api_client

    url = f"/api/v1/cycles/{approved_world.code}/export/"
    page = load_workbook(io.BytesIO(export(signed_in(victor), approved_world, "xlsx")))
    api = load_workbook(io.BytesIO(api_download(api_client(victor), url)))
    assert api.sheetnames == page.sheetnames
    for name in page.sheetnames:
        if name == page.sheetnames[-1]:  # "About this file": who and when differ
            continue
        page_cells = [[(c.value, c.data_type) for c in row] for row in page[name].iter_rows()]
        api_cells = [[(c.value, c.data_type) for c in row] for row in api[name].iter_rows()]
        assert api_cells == page_cells, name
    arabic = load_workbook(
        io.BytesIO(api_download(api_client(victor), url, HTTP_ACCEPT_LANGUAGE="ar"))
    )
    assert arabic[arabic.sheetnames[0]].sheet_view.rightToLeft
    assert arabic.sheetnames != page.sheetnames
    for what in ("submissions", "indicator_values"):
        csv_bytes = api_download(api_client(victor), f"{url}?what={what}")
        assert csv_bytes == export(signed_in(victor), approved_world, what)
    for unknown_what in ("pdf", ""):
        unknown = api_client(victor).get(f"{url}?what={unknown_what}")
        assert unknown.status_code == 400
    unknown = api_client(victor).get(f"{url}?what=pdf")
    assert unknown.status_code == 400 and set(unknown.json()["error"]["fields"]) == {"what"}
    outsider = UserFactory(username="outsider")
    assert api_client(outsider).get(url).status_code == 404


def test_the_import_round_trip_through_the_api(open_cycle, catalogue, cora, alice):
    from tests.api.conftest import api_client

    client = api_client(cora)
    template = api_download(client, f"/api/v1/cycles/{open_cycle.code}/import-template/")
    workbook = load_workbook(io.BytesIO(template))
    workbook["Strategy actions"]["E3"] = "تنظيم وكالات التوظيف الخاصة ومراقبتها"

    def send(data: bytes, name: str = "strategy.xlsx"):
        return client.post(
            f"/api/v1/cycles/{open_cycle.code}/imports/",
            {"file": SimpleUploadedFile(name, data, content_type=XLSX)},
            format="multipart",
        )

    checked = send(saved(workbook))
    assert checked.status_code == 201, checked.json()
    body = checked.json()
    assert (body["state"], body["problem_count"], body["change_count"]) == ("checked", 0, 1)
    assert body["changes"][0]["columns"] == ["title_ar"]
    assert body["counts"]["Strategy actions"]["update"] == 1
    assert client.get(f"/api/v1/imports/{body['id']}/").json() == body

    commit_url = f"/api/v1/imports/{body['id']}/commit/"
    refused = client.post(commit_url, {"sha256": "0" * 64}, format="json")
    assert refused.status_code == 201 and refused.json()["state"] == "refused"
    assert refused.json()["reason"] and refused.json()["check"] == body["id"]
    committed = client.post(commit_url, {"sha256": body["sha256"]}, format="json")
    assert committed.status_code == 201 and committed.json()["state"] == "committed"
    action = StrategyAction.objects.get(code="1.2")
    assert action.title_ar == "تنظيم وكالات التوظيف الخاصة ومراقبتها"

    rejected = send(b"not a workbook", "notes.xlsx")
    assert rejected.status_code == 201 and rejected.json()["state"] == "rejected"
    assert rejected.json()["problem_count"] >= 1 and rejected.json()["problems"][0]["text"]
    # Focal points neither download the template nor import.
    focal = api_client(alice)
    assert focal.get(f"/api/v1/cycles/{open_cycle.code}/import-template/").status_code == 404
    assert (
        focal.post(
            f"/api/v1/cycles/{open_cycle.code}/imports/",
            {"file": SimpleUploadedFile("s.xlsx", saved(workbook), content_type=XLSX)},
            format="multipart",
        ).status_code
        == 404
    )
