"""The pledge register: organisations register their pledges and update them at later
reviews; IOM reviews both; everyone with access reads what was approved."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gcm_portal.accounts.models import Organisation
from gcm_portal.errors import Refused
from reporting import access
from reporting.evidence import EvidenceRejected
from reporting.forms import EvidenceForm, PledgeForm, PledgeUpdateForm, ReasonForm
from reporting.models import PledgeEvidence, PledgeUpdate, ReviewCycle
from reporting.selectors import coordination as coordination_selectors
from reporting.selectors import pledges as pledge_selectors
from reporting.services import pledges as pledge_services
from reporting.spreadsheets.pledges import pledges_export_xlsx
from reporting.workflow import TransitionRefused

DONE = {
    "submit": gettext_lazy("Submitted: IOM reviews it; it is locked until then."),
    "withdraw": gettext_lazy("Withdrawn: it is a draft again."),
    "return": gettext_lazy("Returned to the organisation for revision."),
    "approve": gettext_lazy("Approved: reports print it as it is now."),
    "reopen": gettext_lazy("Reopened: the organisation revises it and submits it again."),
}


@login_required
def pledge_list(request: HttpRequest) -> HttpResponse:
    """The register: pledges by the review at which they were made, with their follow-up."""
    if not access.is_member(user=request.user) and not request.user.is_superuser:
        raise Http404
    open_cycle = coordination_selectors.cycle_get_open()
    pledges = list(pledge_selectors.pledge_list_for_user(user=request.user))
    for pledge in pledges:
        pledge.current_update = next(
            (
                u
                for u in pledge.updates.all()
                if open_cycle
                and u.cycle_id == open_cycle.pk
                and pledge_selectors.update_visible(user=request.user, update=u)
            ),
            None,
        )
        pledge.latest_update = next(
            (u for u in reversed(pledge.updates.all()) if u.approved_content), None
        )
    return render(
        request,
        "reporting/pledge_list.html",
        {
            "pledges": pledges,
            "open_cycle": open_cycle,
            "may_register": access.may_register_pledges(user=request.user),
            "may_export": access.may_export(user=request.user),
        },
    )


def _organisations_for(user) -> list[Organisation]:
    return list(
        Organisation.objects.filter(pk__in=access.reports_for(user=user)).order_by("name_en")
    )


def _form_page(request, form, *, pledge=None, status=200) -> HttpResponse:
    if form.is_bound and hasattr(form, "cleaned_data"):
        warnings = pledge_services.smart_warnings(form.to_data())
    else:
        warnings = pledge_services.smart_warnings(pledge) if pledge else []
    return render(
        request,
        "reporting/pledge_form.html",
        {
            "form": form,
            "pledge": pledge,
            "organisations": _organisations_for(request.user),
            "cycles": ReviewCycle.objects.order_by("year", "code"),
            "chosen_organisation": request.POST.get("organisation", ""),
            "chosen_cycle": request.POST.get("cycle", ""),
            "smart_warnings": warnings,
        },
        status=status,
    )


@login_required
def pledge_new(request: HttpRequest) -> HttpResponse:
    if not access.may_register_pledges(user=request.user):
        raise Http404
    form = PledgeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            pledge = pledge_services.pledge_save(
                user=request.user,
                data=form.to_data(),
                organisation_id=_int(request.POST.get("organisation")),
                cycle_id=_int(request.POST.get("cycle")),
            )
        except ValidationError as error:
            form.add_service_errors(error.message_dict)
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("The pledge is saved as a draft."))
            return redirect("pledge_detail", pledge.pk)
    return _form_page(request, form, status=400 if form.errors else 200)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
def pledge_edit(request: HttpRequest, pledge_id: int) -> HttpResponse:
    pledge = pledge_selectors.pledge_get_for_user(user=request.user, pledge_id=pledge_id)
    if not access.may_edit_pledge(user=request.user, pledge=pledge):
        messages.error(request, _("This pledge cannot be changed now."))
        return redirect("pledge_detail", pledge.pk)
    form = PledgeForm(
        request.POST or None, initial=PledgeForm.initial_for(pledge), pledge_id=pledge.pk
    )
    if request.method == "POST" and form.is_valid():
        try:
            pledge_services.pledge_save(
                user=request.user, data=form.to_data(), pledge_id=pledge.pk
            )
        except ValidationError as error:
            form.add_service_errors(error.message_dict)
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect("pledge_detail", pledge.pk)
    return _form_page(request, form, pledge=pledge, status=400 if form.errors else 200)


@login_required
def pledge_detail(request: HttpRequest, pledge_id: int) -> HttpResponse:
    pledge = pledge_selectors.pledge_get_for_user(user=request.user, pledge_id=pledge_id)
    return _detail_page(request, pledge)


def _detail_page(request, pledge, *, reason_form=None, status=200) -> HttpResponse:
    open_cycle = coordination_selectors.cycle_get_open()
    updates = [
        u
        for u in pledge.updates.all()
        if pledge_selectors.update_visible(user=request.user, update=u)
    ]
    may_update = bool(
        open_cycle
        and access.may_report_for(user=request.user, organisation_id=pledge.organisation_id)
        and not pledge_services.update_cycle_error(pledge, open_cycle)
    )
    return render(
        request,
        "reporting/pledge_detail.html",
        {
            "pledge": pledge,
            "updates": updates,
            "open_cycle": open_cycle,
            "may_update": may_update,
            "may_edit": access.may_edit_pledge(user=request.user, pledge=pledge),
            **_actions(access.pledge_transitions(user=request.user, item=pledge)),
            "reason_form": reason_form or ReasonForm(),
            "smart_warnings": pledge_services.smart_warnings(pledge),
            "before_submitting": list(pledge_services.completeness_errors(pledge).values()),
            "events": [e for e in pledge.events.all() if e.update_id is None],
        },
        status=status,
    )


@login_required
@require_POST
def pledge_transition(request: HttpRequest, pledge_id: int) -> HttpResponse:
    pledge = pledge_selectors.pledge_get_for_user(user=request.user, pledge_id=pledge_id)
    return _transition(
        request,
        lambda reason: pledge_services.pledge_transition(
            user=request.user,
            pledge_id=pledge.pk,
            action=request.POST.get("action", ""),
            reason=reason,
        ),
        again=lambda form: _detail_page(request, pledge, reason_form=form, status=400),
        done=redirect("pledge_detail", pledge.pk),
    )


def _actions(transitions) -> dict:
    """The review buttons, and whether to ask for a reason and call the card a review."""
    return {
        "transitions": transitions,
        "asks_reason": any(t.needs_reason for t in transitions),
        "reviewing": any(not t.own_organisation for t in transitions),
        "offers_submit": any(t.action == "submit" for t in transitions),
    }


def _transition(request, move, *, again, done, action: str = "") -> HttpResponse:
    action = action or request.POST.get("action", "")
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Nothing was changed: see the reason below."))
        return again(form)
    try:
        move(form.cleaned_data["reason"])
    except ValidationError as error:
        problems = [problem for items in error.message_dict.values() for problem in items]
        messages.error(
            request, _("Not submitted: %(problems)s") % {"problems": " ".join(problems)}
        )
    except TransitionRefused as refusal:
        if refusal.field == "reason":
            form.add_error("reason", refusal.message)
            messages.error(request, _("Nothing was changed: see the reason below."))
            return again(form)
        messages.error(request, refusal.message)
    else:
        messages.success(request, DONE.get(action, _("Done.")))
    return done


@login_required
def pledge_update(request: HttpRequest, pledge_id: int, cycle_code: str) -> HttpResponse:
    """The organisation's update of a pledge for a review: its form while it can edit it, what
    it says otherwise, and the review's buttons."""
    cycle = coordination_selectors.cycle_get(code=cycle_code)
    pledge, update = pledge_selectors.pledge_update_get_for_user(
        user=request.user, pledge_id=pledge_id, cycle=cycle
    )
    may_edit = access.may_report_for(
        user=request.user, organisation_id=pledge.organisation_id
    ) and (update.is_editable if update else not pledge_services.update_cycle_error(pledge, cycle))
    if update is None and not may_edit:
        raise Http404
    initial = (
        {
            "status": update.status,
            "narrative_en": update.narrative_en,
            "narrative_ar": update.narrative_ar,
        }
        if update
        else {}
    )
    form = PledgeUpdateForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if not may_edit:
            raise Http404
        if form.is_valid():
            try:
                update = pledge_services.pledge_update_save(
                    user=request.user, pledge_id=pledge.pk, cycle_id=cycle.pk, **form.cleaned_data
                )
            except ValidationError as error:
                for name, problems in error.message_dict.items():
                    for problem in problems:
                        form.add_error(name if name in form.fields else None, problem)
            except Refused as refusal:
                form.add_error(None, refusal.message)
            else:
                if request.POST.get("then") != "submit":
                    messages.success(request, _("Your update is saved as a draft."))
                    return redirect("pledge_update", pledge.pk, cycle.code)
                # Save and submit: what was typed is saved first, whatever the submit says.
                return _transition(
                    request,
                    lambda reason: pledge_services.pledge_update_transition(
                        user=request.user, update_id=update.pk, action="submit"
                    ),
                    again=None,
                    done=redirect("pledge_update", pledge.pk, cycle.code),
                    action="submit",
                )
        status = 400
    return _update_page(
        request, pledge, update, cycle, form=form, may_edit=may_edit, status=status
    )


def _update_page(request, pledge, update, cycle, *, form, may_edit, reason_form=None, status=200):
    return render(
        request,
        "reporting/pledge_update.html",
        {
            "pledge": pledge,
            "update": update,
            "cycle": cycle,
            "form": form,
            "may_edit": may_edit,
            "evidence_form": EvidenceForm(),
            **_actions(
                [
                    t
                    for t in (
                        access.pledge_transitions(user=request.user, item=update) if update else []
                    )
                    if not (may_edit and t.action == "submit")
                ]
            ),
            "reason_form": reason_form or ReasonForm(),
            "events": [e for e in pledge.events.all() if update and e.update_id == update.pk],
        },
        status=status,
    )


@login_required
@require_POST
def pledge_update_transition(request: HttpRequest, update_id: int) -> HttpResponse:
    update = get_object_or_404(PledgeUpdate.objects.select_related("cycle"), pk=update_id)
    pledge, update = pledge_selectors.pledge_update_get_for_user(
        user=request.user, pledge_id=update.pledge_id, cycle=update.cycle
    )
    return _transition(
        request,
        lambda reason: pledge_services.pledge_update_transition(
            user=request.user,
            update_id=update.pk,
            action=request.POST.get("action", ""),
            reason=reason,
        ),
        again=lambda form: _update_page(
            request,
            pledge,
            update,
            update.cycle,
            form=PledgeUpdateForm(initial={"status": update.status}),
            may_edit=False,
            reason_form=form,
            status=400,
        ),
        done=redirect("pledge_update", pledge.pk, update.cycle.code),
    )


@login_required
@require_POST
def pledge_evidence_add(request: HttpRequest, update_id: int) -> HttpResponse:
    update = get_object_or_404(PledgeUpdate.objects.select_related("cycle"), pk=update_id)
    pledge, update = pledge_selectors.pledge_update_get_for_user(
        user=request.user, pledge_id=update.pledge_id, cycle=update.cycle
    )
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to attach."))
    else:
        try:
            pledge_services.pledge_evidence_add(
                user=request.user, update_id=update.pk, upload=form.cleaned_data["file"]
            )
        except EvidenceRejected as rejection:
            messages.error(request, rejection.message)
        except Refused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("The file is attached."))
    return redirect("pledge_update", pledge.pk, update.cycle.code)


@login_required
@require_POST
def pledge_evidence_remove(request: HttpRequest, evidence_id: int) -> HttpResponse:
    evidence = get_object_or_404(
        PledgeEvidence.objects.select_related("update__cycle"), pk=evidence_id
    )
    pledge, update = pledge_selectors.pledge_update_get_for_user(
        user=request.user, pledge_id=evidence.update.pledge_id, cycle=evidence.update.cycle
    )
    try:
        pledge_services.pledge_evidence_remove(user=request.user, evidence_id=evidence.pk)
    except Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("The file is taken off."))
    return redirect("pledge_update", pledge.pk, update.cycle.code)


@login_required
def pledge_evidence_download(request: HttpRequest, evidence_id: int) -> HttpResponse:
    evidence = get_object_or_404(
        PledgeEvidence.objects.select_related("update__cycle"), pk=evidence_id
    )
    pledge_selectors.pledge_update_get_for_user(
        user=request.user, pledge_id=evidence.update.pledge_id, cycle=evidence.update.cycle
    )
    return FileResponse(
        evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name
    )


@login_required
@require_POST
def pledge_delete(request: HttpRequest, pledge_id: int) -> HttpResponse:
    pledge = pledge_selectors.pledge_get_for_user(user=request.user, pledge_id=pledge_id)
    try:
        pledge_services.pledge_delete(user=request.user, pledge_id=pledge.pk)
    except Refused as refusal:
        messages.error(request, refusal.message)
        return redirect("pledge_detail", pledge.pk)
    messages.success(request, _("The draft pledge is deleted."))
    return redirect("pledge_list")


@login_required
@require_POST
def pledge_export(request: HttpRequest) -> HttpResponse:
    """The approved register as a workbook, in the order of the UN Network's pledge form."""
    if not access.may_export(user=request.user):
        raise Http404
    made = pledges_export_xlsx(user=request.user, language=translation.get_language())
    response = FileResponse(
        made.file, as_attachment=True, filename=made.file_name, content_type=made.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
