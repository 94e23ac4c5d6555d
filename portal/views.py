"""The signed-in home page: one panel for each part of the portal the user works in."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gcm_portal.accounts import selectors as account_selectors
from objectives import selectors as objective_selectors
from reporting import access
from reporting.selectors import chapters as chapter_selectors
from reporting.selectors import coordination as coordination_selectors


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The signed-in home page: one panel for each role the user holds."""
    memberships = account_selectors.membership_list_for_user(user=request.user)
    open_cycle = coordination_selectors.cycle_get_open()
    context = {
        "memberships": memberships,
        "open_cycle": open_cycle,
        "cycles": list(coordination_selectors.cycle_list()),
    }
    own = access.reports_for(user=request.user)
    if own:
        context["led_actions"] = list(
            objective_selectors.strategy_action_list_led_by(organisation_ids=own)
        )
        if open_cycle:
            context["reporting_items"] = coordination_selectors.my_reporting(
                user=request.user, cycle=open_cycle
            )
    # The chapters a coordinator named this user to draft, whatever their role.
    context["drafting"] = chapter_selectors.chapter_list_drafted_by(user=request.user)
    if access.coordinates(user=request.user):
        context["organisations"] = list(account_selectors.organisation_list_with_focal_points())
    return render(request, "home.html", context)
