"""Compiling a long edition in parts, spread over the Celery workers (reporting/pdf/parts.py
says how a report is cut and put back together).

The attempt that claimed the edition cuts the report and records one `EditionPart` per part,
sends a task for each, then writes the Word copy itself. A part task lays its part out, or
finds it already laid out (`ReportPart`, kept under a hash of its HTML), and marks it done;
whoever finishes the last part sends the assembly. The assembly builds the report again and
checks that every part's HTML is still the same (otherwise the approved content changed
meanwhile and the edition is compiled again, reusing what did not change), lays out the front
matter and the footers, joins the PDF and finishes the edition. Every step checks that its
attempt still holds the edition, as the single render does, and refreshes its heartbeat while
it works, so the sweep of stuck editions covers compiles in parts too.
"""

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from reporting import dispatch
from reporting.models import EditionPart, ReportEdition, ReportPart
from reporting.pdf.context import Report
from reporting.pdf.parts import PartLayout, body_parts, part_key
from reporting.services.editions import (
    Claim,
    _enqueue,
    _finish,
    edition_attach_word,
    edition_claim,
    edition_heartbeat,
    edition_progress,
    edition_render,
    edition_retry_later,
)

State = ReportEdition.State
ASSEMBLING = "assembling"


def edition_compile(*, edition_id: int, spread: bool = False) -> ReportEdition | None:
    """Compile an edition: a long one in parts (by the workers when `spread`, the parts then
    finishing it; otherwise here, one after the other), the others in one piece. Returns the
    edition when it was finished here, None when there was nothing to do or it goes on
    elsewhere."""
    from reporting.pdf.context import edition_report

    claim = edition_claim(edition_id=edition_id)
    if claim is None:
        return None
    with edition_heartbeat(claim=claim):
        edition = ReportEdition.objects.select_related("cycle").get(pk=edition_id)
        report = edition_report(edition)
        if compiles_in_parts(report):
            return parts_compile(claim=claim, report=report, spread=spread)
        return edition_render(claim=claim, report=report)


def compiles_in_parts(report: Report) -> bool:
    """Long enough to gain from being laid out in parts (measured: docs/performance.md)."""
    return len(report.revision_ids) >= settings.REPORT_PARTS_FROM


def parts_compile(*, claim, report: Report, spread: bool):
    """Cut the report into parts and lay them out: by the workers when `spread`, otherwise
    here, one after the other. Returns the finished edition when it was finished here."""
    from reporting.pdf.docx import render_docx
    from reporting.pdf.render import render_report_html

    rows = []
    for index, layout in enumerate(body_parts(report)):
        html = render_report_html(report, layout)
        rows.append(
            EditionPart(
                edition_id=claim.edition_id,
                attempt=claim.attempt,
                index=index,
                html=html,
                key=part_key(html),
                placeholders=layout.anchors,
            )
        )
    rows.append(
        EditionPart(
            edition_id=claim.edition_id,
            attempt=claim.attempt,
            index=len(rows),
            kind=EditionPart.Kind.WORD,
            key=_fingerprint(report, [row.key for row in rows]),
        )
    )
    with transaction.atomic():
        EditionPart.objects.filter(edition_id=claim.edition_id).delete()
        EditionPart.objects.bulk_create(rows)
    edition_progress(claim=claim, percent=30, stage="parts")
    work = EditionPart.objects.filter(edition_id=claim.edition_id, attempt=claim.attempt)
    pdf_parts = list(work.filter(kind=EditionPart.Kind.PDF).values_list("pk", flat=True))
    if spread:
        for part_id in pdf_parts:
            dispatch.enqueue("reporting.tasks.render_edition_part", part_id)
        # Sent after the parts, so that the workers lay the PDF out first: the PDF does not
        # wait for the Word copy (the edition is done with the stage "word" until it comes).
        dispatch.enqueue("reporting.tasks.write_edition_word", claim.edition_id, claim.attempt)
        return None
    for part_id in pdf_parts:
        part_render(part_id=part_id, send_assembly=False)
    edition_attach_word(claim=claim, docx=render_docx(report), pending_name=_word_name(claim))
    return edition_assemble(edition_id=claim.edition_id, attempt=claim.attempt)


def edition_write_word(*, edition_id: int, attempt: int) -> bool:
    """Write the Word copy of an edition compiled in parts, from the content its PDF was cut
    from; give it up if that content changed meanwhile (the PDF's assembly then compiles the
    edition again, with a Word copy of its own)."""
    from reporting.pdf.context import edition_report
    from reporting.pdf.docx import render_docx
    from reporting.pdf.render import render_report_html

    edition = ReportEdition.objects.select_related("cycle").get(pk=edition_id)
    word = EditionPart.objects.filter(
        edition_id=edition_id, attempt=attempt, kind=EditionPart.Kind.WORD
    ).first()
    if word is None or edition.attempts != attempt:
        return False
    if not (edition.state == State.RUNNING or edition.word_pending):
        return False
    claim = Claim(edition_id, attempt)
    with edition_heartbeat(claim=claim):
        report = edition_report(edition)
        keys = [part_key(render_report_html(report, layout)) for layout in body_parts(report)]
        if _fingerprint(report, keys) != word.key:
            ReportEdition.objects.filter(
                pk=edition_id, attempts=attempt, stage=ReportEdition.WORD_PENDING
            ).update(stage="")
            return False
        attached = edition_attach_word(
            claim=claim, docx=render_docx(report), pending_name=_word_name(claim)
        )
    _forget_work_once_done(edition_id)
    return attached


def part_render(*, part_id: int, send_assembly: bool = True) -> str:
    """Lay one part out, or find it laid out already; then count it done."""
    from reporting.pdf.render import render_pdf

    part = EditionPart.objects.select_related("edition").filter(pk=part_id).first()
    if part is None or part.state == EditionPart.State.DONE:
        return "done"
    if not _holds(part.edition, part.attempt):
        return "stale"
    EditionPart.objects.filter(pk=part.pk).update(
        state=EditionPart.State.RUNNING, tries=F("tries") + 1
    )
    cached = cached_part(part.key)
    if cached is None:
        with edition_heartbeat(claim=Claim(part.edition_id, part.attempt)):
            rendered = render_pdf(part.html)
        store_part(part.key, rendered, placeholders=part.placeholders)
    _part_finished(part, reused=cached is not None, send_assembly=send_assembly)
    return "reused" if cached is not None else "laid out"


def edition_assemble(*, edition_id: int, attempt: int):
    """Join the laid-out parts into the edition's PDF and finish it."""
    from reporting.pdf.context import edition_report
    from reporting.pdf.render import (
        LaidOutPart,
        RenderedPdf,
        join_parts,
        render_pdf,
        render_report_html,
    )

    edition = ReportEdition.objects.select_related("cycle").get(pk=edition_id)
    if not _holds(edition, attempt):
        return None
    claim = Claim(edition_id, attempt)
    with edition_heartbeat(claim=claim):
        work = list(EditionPart.objects.filter(edition_id=edition_id, attempt=attempt))
        pdf_work = [w for w in work if w.kind == EditionPart.Kind.PDF]
        [word] = [w for w in work if w.kind == EditionPart.Kind.WORD]
        report = edition_report(edition)
        keys = [part_key(render_report_html(report, layout)) for layout in body_parts(report)]
        if keys != [w.key for w in pdf_work] or _fingerprint(report, keys) != word.key:
            # Something approved changed while the parts were laid out: the PDF would mix
            # the two. Compile again; the parts that did not change are reused.
            edition_retry_later(
                edition_id=edition_id,
                reason="The approved content changed during the compile; compiling again.",
            )
            _enqueue(edition_id)
            return None
        edition_progress(claim=claim, percent=88, stage=ASSEMBLING)
        cached = {p.key: p for p in ReportPart.objects.filter(key__in=keys)}
        bodies = []
        for work_part in pdf_work:
            stored = cached.get(work_part.key) or cached_part(work_part.key)
            if stored is None:  # removed from the cache since it was laid out: once more
                stored = store_part(
                    work_part.key, render_pdf(work_part.html), placeholders=work_part.placeholders
                )
                cached[work_part.key] = stored
            bodies.append(
                LaidOutPart(
                    RenderedPdf(
                        pdf=_read(stored.pdf.name),
                        page_count=stored.page_count,
                        bookmarks=stored.layout["bookmarks"],
                        page_height=stored.layout["page_height"],
                    ),
                    stored.layout.get("placeholders", []),
                )
            )

        used = list(cached.values())

        def lay_out_footers(html: str) -> RenderedPdf:
            key = part_key(html)
            part = cached_part(key) or store_part(key, render_pdf(html, tagged=False))
            used.append(part)
            return RenderedPdf(pdf=_read(part.pdf.name), page_count=part.page_count)

        rendered = join_parts(report, bodies, lay_out=lay_out_footers)
        finished = _finish(
            claim,
            rendered.pdf,
            rendered.page_count,
            report.revision_ids,
            docx=None,
            docx_from=_word_name(claim),
            parts=len(pdf_work),
            parts_reused=sum(1 for w in pdf_work if w.reused),
        )
    if finished is not None:
        finished.parts.add(*used)
        ReportPart.objects.filter(pk__in=[p.pk for p in used]).update(used_at=timezone.now())
        _forget_work_once_done(edition_id)
        parts_prune()
    return finished


def cached_part(key: str) -> ReportPart | None:
    part = ReportPart.objects.filter(key=key).first()
    if part is None:
        return None
    if not default_storage.exists(part.pdf.name):
        part.delete()  # its file went missing: lay it out again
        return None
    return part


def store_part(key: str, rendered, *, placeholders=()) -> ReportPart:
    """Keep a laid-out part; a part another worker stored meanwhile is taken as it is."""
    name = f"report-parts/{key}.pdf"
    layout = {
        "bookmarks": rendered.bookmarks or [],
        "page_height": rendered.page_height,
        "placeholders": list(placeholders),
    }
    existing = cached_part(key)
    if existing is not None:
        return existing
    default_storage.delete(name)
    stored = default_storage.save(name, ContentFile(rendered.pdf))
    try:
        with transaction.atomic():
            return ReportPart.objects.create(
                key=key,
                pdf=stored,
                page_count=rendered.page_count,
                layout=layout,
                size=len(rendered.pdf),
            )
    except IntegrityError:
        return ReportPart.objects.get(key=key)


def parts_prune() -> int:
    """Remove the parts no edition uses (after an hour, so that a compile under way keeps
    its own), then the least recently used until the cache fits its bound."""
    removed = 0
    unused = ReportPart.objects.filter(
        editions=None, used_at__lt=timezone.now() - timezone.timedelta(hours=1)
    )
    for part in unused:
        removed += _remove(part)
    total = ReportPart.objects.aggregate(total=Sum("size"))["total"] or 0
    for part in ReportPart.objects.order_by("used_at", "pk").iterator():
        if total <= settings.REPORT_PART_CACHE_BYTES:
            break
        total -= part.size
        removed += _remove(part)
    return removed


def parts_of_edition_remove_later(sender, instance: ReportEdition, **kwargs) -> None:
    """An edition is being deleted: once it is, remove the parts no other edition uses."""
    part_ids = list(instance.parts.values_list("pk", flat=True))
    if part_ids:
        transaction.on_commit(lambda: _remove_unused(part_ids))


def _remove_unused(part_ids: list[int]) -> None:
    for part in ReportPart.objects.filter(pk__in=part_ids, editions=None):
        _remove(part)


def _remove(part: ReportPart) -> int:
    default_storage.delete(part.pdf.name)
    part.delete()
    return 1


def _part_finished(part: EditionPart, *, reused: bool, send_assembly: bool) -> None:
    """Count the part done; whoever finishes the last part sends the assembly."""
    with transaction.atomic():
        EditionPart.objects.filter(pk=part.pk).update(state=EditionPart.State.DONE, reused=reused)
        edition = ReportEdition.objects.select_for_update().get(pk=part.edition_id)
        if not _holds(edition, part.attempt):
            return
        work = EditionPart.objects.filter(
            edition_id=part.edition_id, attempt=part.attempt, kind=EditionPart.Kind.PDF
        )
        total, done = work.count(), work.filter(state=EditionPart.State.DONE).count()
        if done < total:
            edition.progress = 30 + 55 * done // total
            edition.save(update_fields=["progress"])
            return
        if edition.stage == ASSEMBLING:
            return
        edition.stage = ASSEMBLING
        edition.progress = 85
        edition.save(update_fields=["stage", "progress"])
        if send_assembly:
            transaction.on_commit(
                lambda: dispatch.enqueue(
                    "reporting.tasks.assemble_edition", part.edition_id, part.attempt
                )
            )


def _forget_work_once_done(edition_id: int) -> None:
    """Drop the list of parts once the edition has its PDF and its Word copy (the Word copy's
    task compares its content with it)."""
    if ReportEdition.objects.filter(pk=edition_id, state=State.SUCCEEDED, stage="done").exists():
        EditionPart.objects.filter(edition_id=edition_id).delete()


def _fingerprint(report: Report, part_keys: list[str]) -> str:
    """Of everything an edition compiled in parts is made from: its parts and front matter."""
    return part_key("|".join([*part_keys, _front_key(report)]))


def _holds(edition: ReportEdition, attempt: int) -> bool:
    return edition.state == State.RUNNING and edition.attempts == attempt


def _front_key(report: Report) -> str:
    """What the front matter and the Word copy are made from, to notice a change."""
    from reporting.pdf.render import render_report_html

    return part_key(render_report_html(report, PartLayout("front")))


def _word_name(claim) -> str:
    return f"report-parts/word/{claim.edition_id}-{claim.attempt}.docx"


def _read(name: str) -> bytes:
    with default_storage.open(name, "rb") as handle:
        return handle.read()
