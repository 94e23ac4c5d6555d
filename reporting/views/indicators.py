"""The indicator pages: the catalogue with each indicator's progress, and one indicator's
series (approved values only), baseline, target, progress and trend."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from objectives import selectors as objective_selectors
from reporting import access
from reporting.selectors import series as series_selectors


@login_required
def indicator_list(request: HttpRequest) -> HttpResponse:
    rows = series_selectors.indicator_progress_list(user=request.user)
    return render(
        request,
        "objectives/indicator_list.html",
        {"rows": rows, "shows_series": access.may_read_library(user=request.user)},
    )


@login_required
def indicator_detail(request: HttpRequest, indicator_id: int) -> HttpResponse:
    indicator = objective_selectors.indicator_get(indicator_id=indicator_id)
    (row,) = series_selectors.indicator_progress_list(user=request.user, indicators=[indicator])
    return render(
        request,
        "reporting/indicator_detail.html",
        {
            "indicator": indicator,
            "row": row,
            "shows_series": access.may_read_library(user=request.user),
        },
    )
