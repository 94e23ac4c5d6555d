"""The consultations held for a cycle: the list (for those who prepare the report), and the
national coordinator's form to record, change and delete one, with the files received."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reporting import access, held_uploads
from reporting.consultation_forms import ConsultationForm
from reporting.models import Consultation, ConsultationInput
from reporting.selectors import consultations as selectors
from reporting.selectors.coordination import cycle_get
from reporting.services import consultations as services
from reporting.services.editions import KINDS_OF_CYCLE


def _require_keeper(user) -> None:
    if not access.may_keep_consultations(user=user):
        raise Http404


@login_required
def consultation_list(request: HttpRequest, cycle_code: str) -> HttpResponse:
    """The cycle's consultations with their participants, and participation added up."""
    cycle = cycle_get(code=cycle_code)
    consultations = list(selectors.consultation_list_for_user(user=request.user, cycle=cycle))
    rows = selectors.participation(consultations)
    for consultation in consultations:
        consultation.participant_total = sum(p.total for p in consultation.participants.all())
    return render(
        request,
        "reporting/consultation_list.html",
        {
            "cycle": cycle,
            "consultations": consultations,
            "participation": rows,
            "totals": selectors.participation_totals(rows),
            "may_keep": access.may_keep_consultations(user=request.user),
            "report_kinds": KINDS_OF_CYCLE.get(cycle.kind, []),
        },
    )


@login_required
def consultation_new(request: HttpRequest, cycle_code: str) -> HttpResponse:
    _require_keeper(request.user)
    cycle = cycle_get(code=cycle_code)
    return _form_page(request, cycle, None)


@login_required
def consultation_edit(request: HttpRequest, cycle_code: str, consultation_id: int) -> HttpResponse:
    _require_keeper(request.user)
    consultation = selectors.consultation_get_for_user(
        user=request.user, consultation_id=consultation_id, cycle_code=cycle_code
    )
    return _form_page(request, consultation.cycle, consultation)


def _form_page(request, cycle, consultation: Consultation | None) -> HttpResponse:
    groups = selectors.participant_groups()
    files = None
    if request.method == "POST":
        files = request.FILES.copy()
        if not files.get("input_file"):
            # The file chosen before the form last came back with errors.
            kept = held_uploads.take(request.POST.get("input_held", ""), user=request.user)
            if kept is not None:
                files["input_file"] = kept
    initial = ConsultationForm.initial_for(consultation) if consultation else {"language": "en"}
    form = ConsultationForm(
        request.POST if request.method == "POST" else None,
        files,
        initial=initial,
        cycle=cycle,
        groups=groups,
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("input_file")
        try:
            if consultation is None:
                consultation = services.consultation_create(
                    user=request.user,
                    cycle=cycle,
                    data=form.data_for_service(),
                    uploads=[upload] if upload else [],
                )
            else:
                services.consultation_update(
                    user=request.user,
                    consultation_id=consultation.pk,
                    data=form.data_for_service(),
                    uploads=[upload] if upload else [],
                )
        except ValidationError as error:
            for name, problems in error.message_dict.items():
                field = {"inputs": "input_file", "participants": None}.get(name, name)
                for problem in problems:
                    form.add_error(field if field in form.fields else None, problem)
        else:
            messages.success(request, _("The consultation is recorded."))
            return redirect("consultation_list", cycle.code)
    upload = (
        form.cleaned_data.get("input_file")
        if form.is_bound and "input_file" not in form.errors and hasattr(form, "cleaned_data")
        else None
    )
    held = held_uploads.hold(upload, user=request.user) if upload else ""
    return render(
        request,
        "reporting/consultation_form.html",
        {
            "cycle": cycle,
            "consultation": consultation,
            "inputs": list(consultation.inputs.all()) if consultation else [],
            "form": form,
            "input_held": held,
            "input_held_name": upload.name if upload else "",
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def consultation_delete(
    request: HttpRequest, cycle_code: str, consultation_id: int
) -> HttpResponse:
    _require_keeper(request.user)
    consultation = selectors.consultation_get_for_user(
        user=request.user, consultation_id=consultation_id, cycle_code=cycle_code
    )
    services.consultation_delete(user=request.user, consultation_id=consultation.pk)
    messages.success(request, _("The consultation is deleted."))
    return redirect("consultation_list", consultation.cycle.code)


@login_required
def consultation_input_download(request: HttpRequest, input_id: int) -> HttpResponse:
    """A file received in a consultation, always as an attachment."""
    kept = selectors.consultation_input_get_for_user(user=request.user, input_id=input_id)
    response = FileResponse(
        kept.file.open("rb"),
        as_attachment=True,
        filename=kept.original_name,
        content_type=kept.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
@require_POST
def consultation_input_remove(request: HttpRequest, input_id: int) -> HttpResponse:
    _require_keeper(request.user)
    kept: ConsultationInput = selectors.consultation_input_get_for_user(
        user=request.user, input_id=input_id
    )
    services.consultation_input_remove(user=request.user, input_id=kept.pk)
    messages.success(request, _("The file is removed."))
    return redirect("consultation_edit", kept.consultation.cycle.code, kept.consultation_id)
