"""The coordinator's report page: start a compile, follow it, download the PDF."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from reporting.models import ReportEdition
from reporting.services.editions import edition_compile
from tests.builders import approve
from tests.support import signed_in_queries

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def signed_in(user, language="en") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


def test_starting_a_compile_queues_both_languages_and_renders_nothing_in_the_request(
    cora, open_cycle, monkeypatch, django_capture_on_commit_callbacks
):
    queued = []
    monkeypatch.setattr("reporting.services.editions._enqueue", queued.append)
    monkeypatch.setattr(
        "reporting.pdf.render.render_pdf", lambda *a, **k: pytest.fail("rendered in the request")
    )
    url = reverse("report_editions", args=[open_cycle.code])
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(cora).post(
            url, {"kind": "regional", "language": "both", "mode": "preview"}
        )
    assert response.status_code == 302
    editions = list(ReportEdition.objects.order_by("pk"))
    assert [(e.language, e.state, e.requested_by) for e in editions] == [
        ("en", "queued", cora),
        ("ar", "queued", cora),
    ]
    assert queued == [e.pk for e in editions]
    page = signed_in(cora).get(url).content.decode()
    assert page.count('hx-trigger="every 2s"') == 2 and '<progress class="progress"' in page


def test_the_form_offers_the_reports_the_cycle_prepares(cora, open_cycle):
    from reporting.models import ReviewCycle

    imrf = ReviewCycle.objects.get(code="imrf-2026")
    page = signed_in(cora).get(reverse("report_editions", args=[imrf.code])).content.decode()
    assert '<option value="imrf" selected>' in page and 'value="review"' in page
    assert 'value="regional"' not in page
    refused = signed_in(cora).post(
        reverse("report_editions", args=[imrf.code]),
        {"kind": "regional", "language": "en", "mode": "preview"},
    )
    assert refused.status_code == 400 and not ReportEdition.objects.exists()
    regional = signed_in(cora).get(reverse("report_editions", args=[open_cycle.code]))
    assert 'value="imrf"' not in regional.content.decode()


def test_bad_choices_are_refused_with_a_message(cora, open_cycle):
    response = signed_in(cora).post(
        reverse("report_editions", args=[open_cycle.code]),
        {"kind": "novel", "language": "fr", "mode": "preview"},
    )
    assert response.status_code == 400
    assert not ReportEdition.objects.exists()
    assert "Select a valid choice" in response.content.decode()


def test_progress_then_download_once_the_worker_is_done(
    cora, alice, rita, victor, open_cycle, momd, django_capture_on_commit_callbacks
):
    approve(alice, rita, open_cycle, momd, 10, progress="Approved progress.")
    edition = ReportEdition.objects.create(
        cycle=open_cycle, kind="regional", language="en", mode="final", requested_by=cora
    )
    client = signed_in(cora)
    progress = client.get(reverse("edition_progress", args=[edition.pk])).content.decode()
    assert 'value="0"' in progress and "every 2s" in progress
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        edition_compile(edition_id=edition.pk)
    progress = client.get(reverse("edition_progress", args=[edition.pk])).content.decode()
    edition.refresh_from_db()
    assert "every 2s" not in progress and edition.sha256 in progress
    download = signed_in(victor).get(reverse("edition_download", args=[edition.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert len(callbacks) == 1  # the e-mail to the coordinator, sent after commit


def test_the_requester_is_emailed_in_their_language(
    cora, alice, rita, open_cycle, momd, django_capture_on_commit_callbacks
):
    from gcm_portal.celery import app as celery_app

    cora.preferred_language = "ar"
    cora.save()
    approve(alice, rita, open_cycle, momd, 10, progress="Approved progress.")
    edition = ReportEdition.objects.create(
        cycle=open_cycle, kind="regional", language="en", mode="final", requested_by=cora
    )
    celery_app.conf.task_always_eager = True
    try:
        with django_capture_on_commit_callbacks(execute=True):
            edition_compile(edition_id=edition.pk)
    finally:
        celery_app.conf.task_always_eager = False
    assert [m.to for m in mail.outbox] == [[cora.email]]
    assert "التقرير جاهز" in mail.outbox[0].subject
    edition.refresh_from_db()
    assert edition.sha256 in mail.outbox[0].body


@pytest.mark.parametrize("language", ["en", "ar"])
def test_report_page_renders_in_both_languages(
    cora, open_cycle, language, django_assert_num_queries
):
    client = signed_in(cora, language)
    # what every signed-in page loads (the roles are shared with the coordinator check);
    # the cycle; the editions with who asked for them; and, for the translation coverage of
    # the report the cycle prepares, its contents read once (11 queries, whatever their size),
    # with its approved pledges and the pledges and updates still unsettled (3)
    with django_assert_num_queries(signed_in_queries(cora) + 2 + 11 + 3):
        response = client.get(reverse("report_editions", args=[open_cycle.code]))
    assert response.status_code == 200
    assert ('dir="rtl"' in response.content.decode()) is (language == "ar")


@pytest.mark.parametrize("language, waiting", [("en", "Word copy being prepared"), ("ar", "")])
def test_a_pdf_done_before_its_word_copy_says_so_and_keeps_watching(
    cora, open_cycle, language, waiting
):
    edition = ReportEdition.objects.create(
        cycle=open_cycle,
        kind="regional",
        language="en",
        mode="final",
        requested_by=cora,
        state="succeeded",
        stage=ReportEdition.WORD_PENDING,
        page_count=1840,
        pdf="reports/long.pdf",
    )
    client = signed_in(cora, language)
    row = client.get(reverse("edition_progress", args=[edition.pk])).content.decode()
    assert "every 2s" in row and reverse("edition_download", args=[edition.pk]) in row
    assert (waiting or "نسخة Word") in row
    edition.stage = "done"
    edition.docx = "reports/long.docx"
    edition.save()
    row = client.get(reverse("edition_progress", args=[edition.pk])).content.decode()
    assert "every 2s" not in row and reverse("edition_download_docx", args=[edition.pk]) in row
