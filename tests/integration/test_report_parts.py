"""A long report compiled in parts: as good as a single render of the same HTML, laid out by
the workers part by part, and reused where nothing changed."""

import io
import re
import subprocess
from pathlib import Path

import pikepdf
import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from gcm_portal.audit.models import AuditEntry
from reporting import dispatch
from reporting.models import EditionPart, ReportEdition, ReportPart, Revision
from reporting.pdf.context import build_report
from reporting.pdf.parts import PartLayout, body_parts
from reporting.pdf.render import render_in_parts, render_pdf, render_report_html
from reporting.services import parts as parts_service
from reporting.services.editions import editions_requeue_stuck
from reporting.services.parts import edition_compile
from reporting.tasks import compile_edition
from tests.builders import approve
from tests.integration.test_celery_worker import start_worker
from tests.integration.test_report_worker import (  # noqa: F401 (fixtures)
    finished,
    queue,
    redis_url,
    wait_for,
    worker_env,
)

pytestmark = pytest.mark.django_db

OBJECTIVES = (1, 2, 5, 10, 23)


@pytest.fixture
def long_cycle(alice, rita, open_cycle, momd):
    for number in OBJECTIVES:
        approve(
            alice,
            rita,
            open_cycle,
            momd,
            number,
            progress=f"Progress on objective {number}, step by step. " * 70,
        )
    return open_cycle


def facts(pdf: bytes, tmp_path, name: str) -> dict:
    """What a reader and a screen reader find in a PDF."""
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout
    info = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    text = subprocess.run(
        ["pdftotext", "-layout", path, "-"], capture_output=True, text=True, check=True
    ).stdout
    with pikepdf.open(io.BytesIO(pdf)) as document:
        index = {page.objgen: number for number, page in enumerate(document.pages)}
        names = dict(pikepdf.NameTree(document.Root.Names.Dests).items())

        def walk(items, depth=0):
            for item in items:
                yield depth, item.title, index[item.destination[0].objgen]
                yield from walk(item.children, depth + 1)

        with document.open_outline() as outline:
            bookmarks = list(walk(outline.root))
        links = [
            (number, str(annotation.Dest), index[names[str(annotation.Dest)][0].objgen])
            for number, page in enumerate(document.pages)
            for annotation in page.obj.get("/Annots", [])
            if "/Dest" in annotation
        ]
        tagged_pages = sum("/StructParents" in page.obj for page in document.pages)
        language = str(document.Root.Lang)
        [top] = document.Root.StructTreeRoot.K
        top_role = str(top.S)
    return {
        "pages": int(info["Pages"]),
        "texts": text.split("\f")[: int(info["Pages"])],
        "tagged": info["Tagged"].strip(),
        "tagged pages": tagged_pages,
        "structure root": top_role,
        "title": info["Title"].strip(),
        "author": info["Author"].strip(),
        "language": language,
        "bookmarks": bookmarks,
        "links": links,
    }


def pictures(pdf: bytes, tmp_path, name: str) -> list[bytes]:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "24", "-png", path, tmp_path / name], check=True)
    return [p.read_bytes() for p in sorted(tmp_path.glob(f"{name}-*.png"))]


@pytest.mark.parametrize("language, preview", [("en", False), ("ar", True)])
def test_a_report_in_parts_is_as_good_as_a_single_render(long_cycle, tmp_path, language, preview):
    report = build_report(cycle=long_cycle, kind="regional", language=language, preview=preview)
    assert len(body_parts(report)) > len(OBJECTIVES)  # cut at chapters and objectives
    single = render_pdf(render_report_html(report, PartLayout("whole")))
    parts = render_in_parts(report)

    one, joined = facts(single.pdf, tmp_path, "single"), facts(parts.pdf, tmp_path, "parts")
    assert joined["pages"] == one["pages"] == parts.page_count
    assert joined["tagged"] == "yes"
    assert joined["tagged pages"] == joined["pages"]
    assert joined["structure root"] == "/Document"
    assert joined["bookmarks"] == one["bookmarks"]
    assert len([depth for depth, _t, _p in joined["bookmarks"] if depth == 0]) < len(
        joined["bookmarks"]
    )
    assert joined["links"] == one["links"] and joined["links"]
    for key in ("title", "author", "language"):
        assert joined[key] == one[key]
    last = joined["pages"]
    assert f"{last}" in joined["texts"][-1]
    if language == "en":
        # Page by page the same text: footers ("Page 7 of 40"), running title, contents.
        assert joined["texts"] == one["texts"]
        assert f"Page {last} of {last}" in joined["texts"][-1]
    # And the same pictures: the Arabic text extracts brackets differently from a font
    # subset to another, but every page is drawn the same.
    assert pictures(parts.pdf, tmp_path, "p") == pictures(single.pdf, tmp_path, "s")


def finished_record(edition) -> dict:
    return (
        AuditEntry.objects.filter(action="report_finished", object_id=str(edition.pk)).get().detail
    )


def compile_here(cycle) -> ReportEdition:
    edition = ReportEdition.objects.create(
        cycle=cycle, kind="regional", language="en", mode="final"
    )
    edition_compile(edition_id=edition.pk)
    edition.refresh_from_db()
    assert edition.state == "succeeded", edition.failure_reason
    return edition


def test_a_recompile_lays_out_only_the_part_that_changed(
    long_cycle, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    settings.REPORT_PARTS_FROM = 1
    first = compile_here(long_cycle)
    detail = finished_record(first)
    assert detail["parts_reused"] == 0 and detail["parts"] > len(OBJECTIVES)
    assert not EditionPart.objects.exists()  # the work list goes once the edition is done

    revision = Revision.objects.filter(submission__objective__number=10).get()
    content = {**revision.content, "progress": revision.content["progress"] + " Corrected."}
    Revision.objects.filter(pk=revision.pk).update(content=content)
    second = compile_here(long_cycle)
    detail = finished_record(second)
    assert detail["parts_reused"] == detail["parts"] - 1
    assert second.page_count == first.page_count
    assert (second.stage, second.docx.name.endswith(".docx")) == ("done", True)
    assert (
        "Corrected."
        in subprocess.run(
            ["pdftotext", second.pdf.path, "-"], capture_output=True, text=True, check=True
        ).stdout
    )

    # Parts are removed with the editions that used them.
    files = [part.pdf.name for part in ReportPart.objects.all()]
    assert files and all(default_storage.exists(name) for name in files)
    with django_capture_on_commit_callbacks(execute=True):
        first.delete()
    assert ReportPart.objects.filter(editions=None).count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        second.delete()
    assert not ReportPart.objects.exists()
    assert not any(default_storage.exists(name) for name in files)


def test_the_cache_of_parts_keeps_within_its_bound(long_cycle, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.REPORT_PARTS_FROM = 1
    compile_here(long_cycle)
    sizes = sorted(ReportPart.objects.values_list("size", flat=True))
    settings.REPORT_PART_CACHE_BYTES = sum(sizes) // 2
    parts_service.parts_prune()
    assert 0 < sum(ReportPart.objects.values_list("size", flat=True)) <= sum(sizes) // 2


def test_the_last_part_done_sends_the_assembly_once_and_a_change_meanwhile_starts_again(
    long_cycle, settings, tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    settings.REPORT_PARTS_FROM = 1
    sent = []
    monkeypatch.setattr(dispatch, "enqueue", lambda task, *args: sent.append((task, args)))
    edition = ReportEdition.objects.create(
        cycle=long_cycle, kind="regional", language="en", mode="final"
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert edition_compile(edition_id=edition.pk, spread=True) is None
    part_ids = [args[0] for task, args in sent if task == "reporting.tasks.render_edition_part"]
    assert len(part_ids) == EditionPart.objects.filter(kind="pdf").count() > len(OBJECTIVES)
    sent.clear()
    edition.refresh_from_db()
    assert (edition.stage, edition.progress) == ("parts", 30)
    progress = []
    with django_capture_on_commit_callbacks(execute=True):
        for part_id in part_ids + part_ids[:1]:  # one task delivered twice
            parts_service.part_render(part_id=part_id)
            progress.append(ReportEdition.objects.get(pk=edition.pk).progress)
    # Progress moves from 30 % towards 85 % as parts finish, never back.
    total = len(part_ids)
    assert progress[: total - 1] == [30 + 55 * done // total for done in range(1, total)]
    assert progress[total - 1 :] == [85, 85]
    assert sent == [("reporting.tasks.assemble_edition", (edition.pk, 1))]
    edition.refresh_from_db()
    assert (edition.state, edition.stage, edition.progress) == ("running", "assembling", 85)

    # An approval lands between the layout and the assembly: the edition starts again.
    revision = Revision.objects.filter(submission__objective__number=5).get()
    content = {**revision.content, "progress": "Changed while compiling."}
    Revision.objects.filter(pk=revision.pk).update(content=content)
    sent.clear()
    assert parts_service.edition_assemble(edition_id=edition.pk, attempt=1) is None
    edition.refresh_from_db()
    assert edition.state == "queued"
    assert sent == [("reporting.tasks.compile_edition", (edition.pk,))]


@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_lay_out_the_parts_and_a_part_that_fails_is_tried_again_alone(
    settings,
    tmp_path,
    queue,  # noqa: F811 (the fixtures)
    long_cycle,
    worker_env,  # noqa: F811 (the fixtures)
):
    settings.MEDIA_ROOT = tmp_path / "media"
    marker = tmp_path / "failed-once"
    env = {
        **worker_env,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "REPORT_PARTS_FROM": "1",
        "TEST_FAIL_FIRST_PART_STORE": str(marker),
    }
    edition = ReportEdition.objects.create(
        cycle=long_cycle, kind="regional", language="en", mode="final"
    )
    worker = start_worker(env, queue, concurrency=2)
    try:
        compile_edition.apply_async(args=[edition.pk], queue=queue)
        wait_for(
            lambda: finished(edition) and not edition.word_pending,
            240,
            "the compile in parts did not finish with its Word copy",
        )
    finally:
        worker.terminate()
        log, _ = worker.communicate(timeout=60)
    edition.refresh_from_db()
    assert edition.state == "succeeded", f"{edition.failure_reason}\n{log}"
    assert edition.attempts == 1  # the edition was compiled once; only the part was retried
    assert marker.exists()
    assert (
        log.count("render_edition_part[")
        and len(re.findall(r"render_edition_part\[[^]]+\] retry", log)) == 1
    ), log
    assert len(re.findall(r"assemble_edition\[[^]]+\] succeeded", log)) == 1, log
    detail = finished_record(edition)
    assert detail["parts"] > len(OBJECTIVES) and detail["parts_reused"] == 0
    assert sorted(p.name for p in (settings.MEDIA_ROOT / "reports").iterdir()) == sorted(
        [Path(edition.pdf.name).name, Path(edition.docx.name).name]
    )
    # Two pool processes laid parts out.
    assert len(set(re.findall(r"ForkPoolWorker-(\d+)\].*render_edition_part", log))) == 2, log


def test_the_word_copy_follows_the_pdf_and_is_given_up_if_the_content_changed(
    long_cycle, settings, tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    settings.REPORT_PARTS_FROM = 1
    sent = []
    monkeypatch.setattr(dispatch, "enqueue", lambda task, *args: sent.append((task, args)))

    def compile_pdf():
        sent.clear()
        edition = ReportEdition.objects.create(
            cycle=long_cycle, kind="regional", language="en", mode="final"
        )
        edition_compile(edition_id=edition.pk, spread=True)
        # The Word copy is sent after the parts.
        assert sent[-1] == ("reporting.tasks.write_edition_word", (edition.pk, 1))
        for part in EditionPart.objects.filter(edition=edition, kind="pdf"):
            parts_service.part_render(part_id=part.pk, send_assembly=False)
        with django_capture_on_commit_callbacks(execute=True):
            parts_service.edition_assemble(edition_id=edition.pk, attempt=1)
        edition.refresh_from_db()
        assert (edition.state, edition.stage, bool(edition.docx)) == ("succeeded", "word", False)
        assert edition.word_pending and edition.pdf
        return edition

    edition = compile_pdf()
    assert parts_service.edition_write_word(edition_id=edition.pk, attempt=1)
    edition.refresh_from_db()
    assert (edition.stage, edition.docx.name.endswith(".docx")) == ("done", True)
    assert not EditionPart.objects.filter(edition=edition).exists()
    assert not parts_service.edition_write_word(edition_id=edition.pk, attempt=1)  # once

    # Approved content changed after the PDF was cut: no Word copy that says otherwise.
    edition = compile_pdf()
    revision = Revision.objects.filter(submission__objective__number=2).get()
    content = {**revision.content, "progress": "Changed after the PDF."}
    Revision.objects.filter(pk=revision.pk).update(content=content)
    assert not parts_service.edition_write_word(edition_id=edition.pk, attempt=1)
    edition.refresh_from_db()
    assert (edition.state, edition.stage, bool(edition.docx)) == ("succeeded", "", False)


def test_a_word_copy_that_never_comes_is_given_up(long_cycle, settings):
    edition = ReportEdition.objects.create(
        cycle=long_cycle,
        kind="regional",
        language="en",
        mode="final",
        state="succeeded",
        stage="word",
        finished_at=timezone.now() - timezone.timedelta(minutes=30),
    )
    editions_requeue_stuck()
    edition.refresh_from_db()
    assert (edition.state, edition.stage, edition.word_pending) == ("succeeded", "", False)


def test_a_part_gone_from_the_cache_before_the_assembly_is_laid_out_again(
    long_cycle, settings, tmp_path, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path
    settings.REPORT_PARTS_FROM = 1
    monkeypatch.setattr(dispatch, "enqueue", lambda task, *args: True)
    edition = ReportEdition.objects.create(
        cycle=long_cycle, kind="regional", language="en", mode="preview"
    )
    edition_compile(edition_id=edition.pk, spread=True)
    work = list(EditionPart.objects.filter(edition=edition, kind="pdf"))
    for part in work:
        parts_service.part_render(part_id=part.pk, send_assembly=False)
    gone = ReportPart.objects.get(key=work[3].key)
    default_storage.delete(gone.pdf.name)  # e.g. pruned by another compile meanwhile
    gone.delete()
    finished = parts_service.edition_assemble(edition_id=edition.pk, attempt=1)
    assert finished is not None and finished.state == "succeeded"
    assert ReportPart.objects.filter(key=work[3].key).exists()
