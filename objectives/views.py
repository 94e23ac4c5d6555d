from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from objectives import selectors


@login_required
def objective_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "objectives/objective_list.html", {"objectives": selectors.objective_list()}
    )


@login_required
def objective_detail(request: HttpRequest, number: int) -> HttpResponse:
    objective = selectors.objective_get(number=number)
    return render(request, "objectives/objective_detail.html", {"objective": objective})


@login_required
def principle_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "objectives/principle_list.html", {"principles": selectors.principle_list()}
    )


@login_required
def strategy_overview(request: HttpRequest) -> HttpResponse:
    return render(
        request, "objectives/strategy_overview.html", {"strategies": selectors.strategy_list()}
    )
