"""Compiled reports: start a compile, follow its progress, download the PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext

from reporting import access
from reporting.forms import CompileForm
from reporting.models import ReportEdition
from reporting.selectors import coordination as coordination_selectors
from reporting.selectors import editions as edition_selectors
from reporting.services import editions as edition_services
from reporting.services.editions import KINDS_OF_CYCLE
from reporting.workflow import TransitionRefused


@login_required
def report_editions(request: HttpRequest, cycle_code: str) -> HttpResponse:
    """The cycle's compiled reports; coordinators also start new compiles here."""
    cycle = coordination_selectors.cycle_get(code=cycle_code)
    may_compile = access.may_compile(user=request.user)
    form = CompileForm(request.POST or None, kinds=KINDS_OF_CYCLE[cycle.kind])
    existing = None
    if request.method == "POST":
        if not may_compile:
            raise Http404
        if form.is_valid():
            try:
                editions = edition_services.edition_request(
                    user=request.user,
                    cycle=cycle,
                    kind=form.cleaned_data["kind"],
                    languages=form.languages(),
                    mode=form.cleaned_data["mode"],
                )
            except edition_services.FinalRefused as refusal:
                if refusal.existing is not None:
                    form.add_error(None, refusal.message)
                    existing = refusal.existing
                else:
                    for blocker in refusal.blockers:
                        form.add_error(None, blocker)
            except TransitionRefused as refusal:
                form.add_error(None, refusal.message)
            else:
                # When the broker could not take them, the page's notice says so instead.
                if not any(edition.is_delayed for edition in editions):
                    messages.success(
                        request,
                        ngettext(
                            "Compiling the edition. This page shows its progress; you will "
                            "also get an e-mail when it is ready.",
                            "Compiling %(count)d editions. This page shows their progress; "
                            "you will also get an e-mail when they are ready.",
                            len(editions),
                        )
                        % {"count": len(editions)},
                    )
                return redirect("report_editions", cycle.code)
    editions = list(edition_selectors.edition_list_for_user(user=request.user, cycle=cycle))
    return render(
        request,
        "reporting/report_editions.html",
        {
            "cycle": cycle,
            "editions": editions,
            "form": form,
            "may_compile": may_compile,
            "existing": existing,
            # The reports a cycle of this kind prepares: the regional contribution, or for
            # the IMRF its national report and a voluntary review.
            "writing": [
                (
                    kind,
                    ReportEdition.Kind(kind).label,
                    edition_selectors.translation_coverage(
                        edition_selectors.report_contents(cycle=cycle, kind=kind)
                    ),
                )
                for kind in KINDS_OF_CYCLE[cycle.kind]
            ]
            if may_compile or access.works_on_review(user=request.user)
            else [],
            "delayed_notice": (
                edition_services.DELAYED_NOTICE if any(e.is_delayed for e in editions) else ""
            ),
        },
        status=400 if form.errors else 200,
    )


@login_required
def edition_progress(request: HttpRequest, edition_id: int) -> HttpResponse:
    """One edition's row, polled by the page while the compile runs."""
    edition = edition_selectors.edition_get_for_user(user=request.user, edition_id=edition_id)
    return render(request, "reporting/includes/edition_row.html", {"edition": edition})


@login_required
def edition_download(request: HttpRequest, edition_id: int) -> HttpResponse:
    edition = edition_selectors.edition_get_pdf_for_user(user=request.user, edition_id=edition_id)
    filename = f"{edition.cycle.code}-{edition.kind}-{edition.language}-{edition.mode}.pdf"
    response = FileResponse(
        edition.pdf.open("rb"),
        as_attachment=True,
        filename=filename,
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def edition_download_docx(request: HttpRequest, edition_id: int) -> HttpResponse:
    """The edition as a Word document, for circulating drafts; the PDF is the record."""
    edition = edition_selectors.edition_get_docx_for_user(user=request.user, edition_id=edition_id)
    filename = f"{edition.cycle.code}-{edition.kind}-{edition.language}-{edition.mode}.docx"
    response = FileResponse(
        edition.docx.open("rb"),
        as_attachment=True,
        filename=filename,
        content_type=ReportEdition.DOCX_TYPE,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
