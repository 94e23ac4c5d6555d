"""The national coordinator's pages: assignments, and the dashboard of who has reported."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gcm_portal.accounts.models import Organisation
from objectives.models import Objective
from reporting import access
from reporting.forms import AssignmentForm
from reporting.models import Assignment
from reporting.selectors import coordination as coordination_selectors
from reporting.selectors import series as series_selectors
from reporting.services import coordination as coordination_services
from reporting.workflow import TransitionRefused


def _require_coordinator(user) -> None:
    if not access.coordinates(user=user):
        raise Http404


@login_required
def coverage(request: HttpRequest, cycle_code: str) -> HttpResponse:
    """Organisations x objectives: who has reported what, and who has not yet."""
    _require_coordinator(request.user)
    cycle = coordination_selectors.cycle_get(code=cycle_code)
    dashboard = coordination_selectors.coordinator_dashboard(
        cycle=cycle, today=timezone.localdate()
    )
    return render(
        request,
        "reporting/coverage.html",
        {
            "cycle": cycle,
            "dashboard": dashboard,
            "matrix": dashboard.matrix,
            "cycles": coordination_selectors.cycle_list(),
            "states": coordination_selectors.DASHBOARD_STATES,
            "indicators": series_selectors.indicator_progress_list(
                user=request.user, up_to_year=cycle.year, with_dimensions=False
            ),
            # Each state's mark, written once: the matrix shows one in each of its cells.
            "marks": {
                state: render_to_string(
                    "reporting/includes/state_short.html", {"state": state}, request=request
                )
                for state in ("not_started", "draft", "submitted", "returned", "approved")
            },
        },
    )


@login_required
def assignments(request: HttpRequest, cycle_code: str) -> HttpResponse:
    """Choose an organisation, then what it reports on in this cycle."""
    _require_coordinator(request.user)
    cycle = coordination_selectors.cycle_get(code=cycle_code)
    organisations = list(coordination_selectors.organisations_that_report())
    organisation = None
    chosen = request.POST.get("organisation") or request.GET.get("organisation")
    if chosen:
        try:
            organisation = get_object_or_404(
                coordination_selectors.organisations_that_report(), pk=int(chosen)
            )
        except ValueError as error:
            raise Http404 from error
    objectives = list(Objective.objects.order_by("number"))
    sections = list(coordination_selectors.report_sections_collecting())
    form = None
    if organisation:
        current = Assignment.objects.filter(cycle=cycle, organisation=organisation)
        initial = {
            "objectives": [str(pk) for pk in current.values_list("objective_id", flat=True) if pk],
            "sections": [str(pk) for pk in current.values_list("section_id", flat=True) if pk],
        }
        form = AssignmentForm(
            request.POST or None, initial=initial, objectives=objectives, sections=sections
        )
        if request.method == "POST" and form.is_valid():
            try:
                coordination_services.assignment_set(
                    user=request.user,
                    cycle=cycle,
                    organisation=organisation,
                    objective_ids=[int(pk) for pk in form.cleaned_data["objectives"]],
                    section_ids=[int(pk) for pk in form.cleaned_data["sections"]],
                )
            except (TransitionRefused, ValidationError) as problem:
                message = getattr(problem, "message", None) or "; ".join(problem.messages)
                form.add_error(None, message)
            else:
                messages.success(
                    request,
                    _("Assignments saved for %(organisation)s.")
                    % {"organisation": organisation.name},
                )
                return redirect(f"{request.path}?organisation={organisation.pk}")
    elif request.method == "POST":
        raise Http404
    return render(
        request,
        "reporting/assignments.html",
        {
            "cycle": cycle,
            "organisations": organisations,
            "organisation": organisation,
            "form": form,
        },
        status=400 if form is not None and form.errors else 200,
    )


@login_required
def cycle_list(request: HttpRequest) -> HttpResponse:
    """The review cycles: regional reviews and the IMRF, past and to come."""
    return render(
        request, "reporting/cycle_list.html", {"cycles": coordination_selectors.cycle_list()}
    )


@login_required
@require_POST
def reminder_send(request: HttpRequest, cycle_code: str) -> HttpResponse:
    """Remind one organisation now of what it has still to submit."""
    _require_coordinator(request.user)
    cycle = coordination_selectors.cycle_get(code=cycle_code)
    try:
        organisation = Organisation.objects.get(pk=int(request.POST.get("organisation", "")))
    except (ValueError, Organisation.DoesNotExist):
        messages.error(request, _("Choose the organisation to remind."))
    else:
        try:
            coordination_services.reminder_send_now(
                user=request.user, cycle=cycle, organisation_id=organisation.pk
            )
        except TransitionRefused as refusal:
            messages.error(request, f"{organisation.name}: {refusal.message}")
        else:
            messages.success(
                request,
                _("A reminder is on its way to the focal points of %(organisation)s.")
                % {"organisation": organisation.name},
            )
    return redirect("coverage", cycle.code)
