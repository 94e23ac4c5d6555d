"""Spreadsheets: export a cycle's approved content; import strategy actions and indicators."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reporting import access
from reporting.forms import ExportForm, ImportUploadForm
from reporting.models import DataTransfer
from reporting.selectors import coordination as coordination_selectors
from reporting.spreadsheets import export, importing, template
from reporting.spreadsheets import selectors as transfer_selectors


def _page(request: HttpRequest, cycle, form: ImportUploadForm, *, status: int = 200):
    return render(
        request,
        "reporting/spreadsheets.html",
        {
            "cycle": cycle,
            "form": form,
            "transfers": transfer_selectors.data_transfer_list_for_user(
                user=request.user, cycle=cycle
            ),
            "max_rows": template.MAX_DATA_ROWS,
        },
        status=status,
    )


@login_required
def spreadsheets(request: HttpRequest, cycle_code: str) -> HttpResponse:
    """Exports for every member; the import of strategy data for the coordinator."""
    if not access.may_export(user=request.user):
        raise Http404
    cycle = coordination_selectors.cycle_get(code=cycle_code)
    return _page(request, cycle, ImportUploadForm())


@login_required
@require_POST
def spreadsheet_export(request: HttpRequest, cycle_code: str) -> HttpResponse:
    cycle = coordination_selectors.cycle_get(code=cycle_code)
    form = ExportForm(request.POST)
    if not form.is_valid():
        raise Http404
    language = translation.get_language()
    if form.cleaned_data["what"] == "xlsx":
        made = export.cycle_export_xlsx(user=request.user, cycle=cycle, language=language)
        return export.no_store(
            FileResponse(
                made.file,
                as_attachment=True,
                filename=made.file_name,
                content_type=made.content_type,
            )
        )
    streamed = export.cycle_export_csv(
        user=request.user, cycle=cycle, dataset=form.cleaned_data["what"], language=language
    )
    response = StreamingHttpResponse(streamed.chunks, content_type=streamed.content_type)
    response["Content-Disposition"] = content_disposition_header(True, streamed.file_name)
    return export.no_store(response)


@login_required
@require_POST
def import_template(request: HttpRequest, cycle_code: str) -> HttpResponse:
    cycle = coordination_selectors.cycle_get(code=cycle_code)
    made = template.import_template_xlsx(
        user=request.user, cycle=cycle, language=translation.get_language()
    )
    return export.no_store(
        FileResponse(
            made.file, as_attachment=True, filename=made.file_name, content_type=made.content_type
        )
    )


@login_required
@require_POST
def import_upload(request: HttpRequest, cycle_code: str) -> HttpResponse:
    """Check an uploaded file (the dry run) and show what it would do."""
    if not access.may_import(user=request.user):
        raise Http404
    cycle = coordination_selectors.cycle_get(code=cycle_code)
    form = ImportUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, cycle, form, status=400)
    transfer = importing.import_check(
        user=request.user,
        cycle=cycle,
        upload=form.cleaned_data["file"],
        language=translation.get_language(),
    )
    return redirect("import_detail", transfer.pk)


@login_required
def import_detail(request: HttpRequest, transfer_id: int) -> HttpResponse:
    """An import check's problems or changes (with the commit button), or a commit's result."""
    transfer = transfer_selectors.import_get_for_user(user=request.user, transfer_id=transfer_id)
    return render(
        request,
        "reporting/import_result.html",
        {"transfer": transfer, "summary": transfer.summary, "State": DataTransfer.State},
    )


@login_required
@require_POST
def import_commit(request: HttpRequest, transfer_id: int) -> HttpResponse:
    commit = importing.import_commit(
        user=request.user,
        transfer_id=transfer_id,
        sha256=request.POST.get("sha256", ""),
        language=translation.get_language(),
    )
    if commit.state == DataTransfer.State.COMMITTED:
        messages.success(request, _("Imported. Every change of the file has been saved."))
    else:
        messages.error(request, _("Nothing was imported."))
    return redirect("import_detail", commit.pk)
