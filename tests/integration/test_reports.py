"""Compiled reports: content from approved revisions only, print structure, safe rendering."""

import re

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.core.management import call_command
from pypdf import PdfReader

from gcm_portal.celery import app as celery_app
from objectives.models import Objective
from reporting.models import ReportEdition
from reporting.pdf import render
from reporting.pdf.context import build_report
from reporting.services.editions import _finish, edition_claim, edition_compile, edition_request
from tests.builders import approve
from tests.support import pdf_pages

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def squeeze(text: str) -> str:
    return re.sub(r"[\s\-]+", "", text)


def compile_to_file(cycle, kind, language, mode, tmp_path, user=None):
    edition = ReportEdition.objects.create(
        cycle=cycle, kind=kind, language=language, mode=mode, requested_by=user
    )
    edition_compile(edition_id=edition.pk)
    edition.refresh_from_db()
    path = tmp_path / f"{kind}-{language}-{mode}.pdf"
    path.write_bytes(edition.pdf.read())
    return edition, path


def test_regional_report_holds_approved_content_only(content, tmp_path):
    edition, path = compile_to_file(content, "regional", "en", "final", tmp_path)
    assert edition.state == "succeeded" and edition.page_count == len(PdfReader(path).pages)
    text = "\n".join(pdf_pages(path))
    flat = re.sub(r"\s+", " ", text)
    assert "APPROVED-PROGRESS-TEXT" in flat and "CSO-APPROVED-VOICE" in flat
    assert "FIRST-APPROVED-TEXT" in flat
    assert "DRAFT-ONLY-TEXT" not in flat and "RETURNED-ONLY-TEXT" not in flat
    assert "REOPENED-NEW-TEXT" not in flat
    assert edition.revisions.count() == 3
    assert "DRAFT" not in flat.replace("DRAFT-ONLY", "")


def test_every_objective_is_there_with_its_contributions_or_in_the_compact_table(
    content, tmp_path
):
    """Objectives with approved work get their own heading, in order; the others are listed
    once, compactly, instead of a notice each."""
    _edition, path = compile_to_file(content, "regional", "en", "final", tmp_path)
    pages = pdf_pages(path)
    flat = squeeze("\n".join(pages))
    headed = []
    for number in (10, 21):
        title = Objective.objects.get(number=number).title_en
        heading = squeeze(f"Objective {number}: {title}")
        assert heading in flat, heading
        headed.append(flat.index(heading))
    assert headed == sorted(headed)
    table = squeeze("Objectives without contributions in this cycle")
    assert table in flat
    after = flat[flat.index(table) :]
    for objective in Objective.objects.exclude(number__in=(10, 21)):
        assert squeeze(objective.short_label_en) in after, objective.number
    assert squeeze("No approved contribution") not in flat


def test_table_of_contents_page_numbers_match_the_chapters(content, tmp_path):
    _edition, path = compile_to_file(content, "regional", "en", "final", tmp_path)
    pages = [re.sub(r"\s+", " ", page) for page in pdf_pages(path)]
    toc = next(i for i, page in enumerate(pages) if "Contents" in page)
    checked = 0
    for number in (10, 21):
        objective = Objective.objects.get(number=number)
        entry = re.search(
            rf"{number}\. {re.escape(objective.short_label_en)}\s*\.*\s*(\d+)", pages[toc]
        )
        assert entry, f"objective {number} missing from the contents"
        start = next(
            i + 1
            for i, page in enumerate(pages)
            if i > toc and f"Objective {number}: {objective.title_en[:40]}" in page
        )
        assert int(entry.group(1)) == start, (number, entry.group(1), start)
        checked += 1
    for title in ("Methodology and process of preparing the contribution", "Annex 3: Indicators"):
        entry = re.search(rf"{re.escape(title)}\s*\.*\s*(\d+)", pages[toc])
        start = next(i + 1 for i, page in enumerate(pages) if i > toc and title in page)
        assert int(entry.group(1)) == start, (title, entry.group(1), start)
        checked += 1
    assert checked == 4


def test_preview_is_marked_draft_on_every_page(content, tmp_path):
    _edition, path = compile_to_file(content, "regional", "en", "preview", tmp_path)
    # The mark is rotated; pypdf reads rotated text where poppler's reading order drops it.
    pages = PdfReader(path).pages
    assert len(pages) > 5
    assert all("DRAFT" in page.extract_text() for page in pages)


def test_arabic_edition_is_right_to_left_with_extractable_arabic(content, tmp_path):
    edition, path = compile_to_file(content, "regional", "ar", "final", tmp_path)
    text = "\n".join(pdf_pages(path))
    assert "الاتجار بالأشخاص" in text or "الاتجار" in text
    reader = PdfReader(path)
    assert reader.metadata.title
    assert edition.page_count == len(reader.pages) > 5


def test_imrf_report_follows_the_progress_declaration(content, tmp_path):
    from reporting.models import ReviewCycle, RoundTable

    forum = ReviewCycle.objects.get(code="imrf-2026")
    for table in RoundTable.objects.filter(cycle=forum):
        copy = RoundTable.objects.create(cycle=content, number=table.number)
        copy.objectives.set(table.objectives.all())
    _edition, path = compile_to_file(content, "imrf", "en", "final", tmp_path)
    flat = re.sub(r"\s+", " ", "\n".join(pdf_pages(path)))
    for heading in (
        "Executive summary",
        "Progress on the GCM objectives, by round table",
        "Challenges and opportunities",
        "Pledges and their implementation",
        "Recommendations",
    ):
        assert heading in flat
    # Objective 10 belongs to the second round table of the forum.
    assert flat.index("Round table 2") < flat.index("Objective 10: Prevent")


def test_pdf_has_an_outline_and_metadata(content, tmp_path):
    _edition, path = compile_to_file(content, "regional", "en", "final", tmp_path)
    reader = PdfReader(path)
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert any("Objective" in title or "objectives" in title.lower() for title in titles)
    assert "Iraq" in (reader.metadata.title or "")


HOSTILE = (
    'See <img src="http://127.0.0.1:9/tracker.png"> and file:///etc/passwd and '
    '<link rel="attachment" href="file:///etc/passwd"> HOSTILE-MARKER'
)


def test_hostile_narratives_render_as_text_and_fetch_nothing(
    alice, rita, open_cycle, momd, tmp_path, monkeypatch
):
    approve(alice, rita, open_cycle, momd, 10, progress=HOSTILE)
    fetched = []
    original = render.BundledStaticFetcher.fetch

    def recording(self, url, headers=None):
        fetched.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(render.BundledStaticFetcher, "fetch", recording)
    _edition, path = compile_to_file(open_cycle, "regional", "en", "final", tmp_path)
    flat = re.sub(r"\s+", " ", "\n".join(pdf_pages(path)))
    assert "HOSTILE-MARKER" in flat
    assert '<img src="http://127.0.0.1:9/tracker.png">' in flat
    assert "file:///etc/passwd" in flat
    assert fetched and all(url.startswith(render.BASE_URL + "static/") for url in fetched)
    assert not any("passwd" in url or "127.0.0.1" in url for url in fetched)
    assert PdfReader(path).attachments == {}


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/x.png",
        "file:///etc/passwd",
        "https://static.invalid/static/../../gcm_portal/settings.py",
        "https://static.invalid/static/%2e%2e/%2e%2e/manage.py",
        "data:text/plain,hello",
        "https://example.org/static/css/portal.css",
    ],
)
def test_the_fetcher_refuses_everything_but_bundled_static_files(url):
    fetcher = render.BundledStaticFetcher()
    with pytest.raises(Exception):  # noqa: B017 - any refusal will do, as long as nothing loads
        fetcher.fetch(url)
    served = fetcher.fetch(render.BASE_URL + "static/css/portal.css")
    assert b"font" in served.read()


def test_a_final_edition_never_changes_and_a_new_compile_is_a_new_row(content, tmp_path):
    edition, _path = compile_to_file(content, "regional", "en", "final", tmp_path)
    digest, name = edition.sha256, edition.pdf.name
    assert edition_compile(edition_id=edition.pk) is None
    edition.refresh_from_db()
    assert (edition.sha256, edition.pdf.name) == (digest, name)
    again, _ = compile_to_file(content, "regional", "en", "final", tmp_path)
    assert again.pk != edition.pk and again.pdf.name != edition.pdf.name


def test_a_superseded_attempt_leaves_no_second_file(content, tmp_path):
    edition = ReportEdition.objects.create(
        cycle=content, kind="regional", language="en", mode="final"
    )
    first = edition_claim(edition_id=edition.pk)
    # The first attempt's worker dies; the redelivered task takes the job over and finishes.
    edition_compile(edition_id=edition.pk)
    edition.refresh_from_db()
    assert edition.attempts == 2 and edition.state == "succeeded"
    assert _finish(first, b"%PDF-late", 1, [], docx=b"PK-late") is None
    edition.refresh_from_db()
    assert edition.sha256 != __import__("hashlib").sha256(b"%PDF-late").hexdigest()
    stored = sorted(default_storage.listdir("reports")[1])
    assert stored == [edition.docx.name.split("/")[-1], edition.pdf.name.split("/")[-1]]


def test_transient_errors_are_retried_then_the_requester_is_told(
    cora, content, monkeypatch, django_capture_on_commit_callbacks
):
    calls = []

    def flaky(*args, **kwargs):
        calls.append(1)
        raise OSError("disk full")

    monkeypatch.setattr(render, "render_pdf", flaky)
    celery_app.conf.task_always_eager = True
    try:
        with django_capture_on_commit_callbacks(execute=True):
            [edition] = edition_request(
                user=cora, cycle=content, kind="regional", languages=["en"], mode="preview"
            )
    finally:
        celery_app.conf.task_always_eager = False
    edition.refresh_from_db()
    assert len(calls) == 4  # the first try and three retries
    assert edition.state == "failed"
    assert "disk full" in edition.failure_reason and "4 times" in edition.failure_reason
    assert [m.to for m in mail.outbox] == [[cora.email]]
    assert "could not be compiled" in mail.outbox[0].subject


def test_only_coordinators_request_compiles(alice, rita, content):
    from reporting.workflow import TransitionRefused

    for person in (alice, rita):
        with pytest.raises(TransitionRefused):
            edition_request(
                user=person, cycle=content, kind="regional", languages=["en"], mode="final"
            )


def test_compile_report_command_writes_the_pdf(content, tmp_path):
    out = tmp_path / "report.pdf"
    call_command("compile_report", cycle=content.code, kind="regional", lang="ar", out=str(out))
    reader = PdfReader(out)
    edition = ReportEdition.objects.get()
    assert len(reader.pages) == edition.page_count > 5
    assert edition.requested_by is None and edition.mode == "preview"


def test_context_uses_the_same_number_of_queries_whatever_the_size(
    content, alice, bob, carol, rita, momd, moi, cso
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            build_report(cycle=content, kind="regional", language="en", preview=False)
        return len(captured.captured_queries)

    few = queries()
    assert (
        build_report(cycle=content, kind="regional", language="en", preview=False).totals[
            "contributions"
        ]
        == 3
    )
    for number in (1, 2, 3, 5):
        approve(alice, rita, content, momd, number)
        approve(carol, rita, content, cso, number)
    approve(bob, rita, content, moi, 6)
    assert queries() == few
