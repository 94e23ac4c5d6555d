"""The Spreadsheets pages: where they are linked from, what each role sees, in both languages,
with pinned query counts."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from objectives.models import Pillar, Strategy, StrategyAction
from reporting.models import DataTransfer
from reporting.spreadsheets.importing import import_check
from reporting.spreadsheets.template import import_template_xlsx
from tests.support import signed_in_queries

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def client_for(user, language: str = "en") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


@pytest.fixture
def strategy(momd):
    strategy = Strategy.objects.create(code="nmms", title_en="Strategy")
    pillar = Pillar.objects.create(strategy=strategy, code="1", title_en="Data")
    StrategyAction.objects.create(
        pillar=pillar, code="1.1", title_en="Data group", lead_organisation=momd
    )
    return strategy


def checked_file(cora, cycle, **cells) -> DataTransfer:
    workbook = load_workbook(import_template_xlsx(user=cora, cycle=cycle, language="en").file)
    for reference, value in cells.items():
        sheet, cell = reference.split("_")
        workbook["Strategy actions" if sheet == "actions" else "Indicators"][cell] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("strategy.xlsx", buffer.getvalue())
    return import_check(user=cora, cycle=cycle, upload=upload, language="en")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_coordinator_exports_and_imports(open_cycle, cora, strategy, language):
    checked_file(cora, open_cycle, actions_D2="Renamed")
    response = client_for(cora, language).get(reverse("spreadsheets", args=[open_cycle.code]))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'action="{reverse("spreadsheet_export", args=[open_cycle.code])}"' in html
    assert f'action="{reverse("import_template", args=[open_cycle.code])}"' in html
    assert 'enctype="multipart/form-data"' in html
    assert html.count('name="what"') == 3
    assert 'dir="rtl"' in html if language == "ar" else 'dir="ltr"' in html
    if language == "ar":
        assert "جداول البيانات" in html and "فحص الملف" in html
    else:
        assert "Recent exports and imports" in html and "Checked: ready to commit" in html


def test_other_members_see_the_exports_only(open_cycle, victor, rita):
    for user in (victor, rita):
        html = client_for(user).get(reverse("spreadsheets", args=[open_cycle.code])).content
        html = html.decode()
        assert "Export approved content" in html
        assert "Import strategy actions" not in html and "Recent exports" not in html


def test_linked_from_coverage_and_the_reports_page(open_cycle, cora, victor):
    url = reverse("spreadsheets", args=[open_cycle.code])
    coverage = client_for(cora).get(reverse("coverage", args=[open_cycle.code]))
    assert f'href="{url}"' in coverage.content.decode()
    for user in (cora, victor):
        reports = client_for(user).get(reverse("report_editions", args=[open_cycle.code]))
        assert f'href="{url}"' in reports.content.decode()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_check_with_problems_lists_them(
    open_cycle, cora, strategy, language, django_assert_num_queries
):
    transfer = checked_file(cora, open_cycle, actions_J2="finished", indicators_A1="kode")
    assert transfer.state == "rejected"
    client = client_for(cora, language)
    # the transfer, with its user, cycle and check, and whether it has been committed
    with django_assert_num_queries(signed_in_queries(cora) + 1):
        response = client.get(reverse("import_detail", args=[transfer.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Commit import" not in html and "تأكيد الاستيراد" not in html
    assert html.count("<tr>") == 1 + transfer.summary["problem_count"]
    assert "Choose not_started, in_progress" in html or "اختر not_started" in html
    assert "<bdi>kode</bdi>" in html


def test_a_clean_check_offers_the_commit_and_the_commit_says_what_it_did(
    open_cycle, cora, strategy, django_assert_num_queries
):
    transfer = checked_file(cora, open_cycle, actions_D2="National data working group")
    client = client_for(cora)
    with django_assert_num_queries(signed_in_queries(cora) + 1):
        html = client.get(reverse("import_detail", args=[transfer.pk])).content.decode()
    assert f'value="{transfer.sha256}"' in html and "Commit import" in html
    assert "title_en" in html
    response = client.post(
        reverse("import_commit", args=[transfer.pk]), {"sha256": transfer.sha256}, follow=True
    )
    html = response.content.decode()
    assert "Imported. Every change of the file has been saved." in html
    assert StrategyAction.objects.get(code="1.1").title_en == "National data working group"
    html = client.get(reverse("import_detail", args=[transfer.pk])).content.decode()
    assert "This file has already been imported." in html and "Commit import" not in html
