"""Reads of the frameworks. Every signed-in user may read the catalogue."""

from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from objectives.models import (
    Action,
    DisaggregationCategory,
    DisaggregationDimension,
    Indicator,
    Objective,
    Principle,
    Strategy,
    StrategyAction,
)


def objective_list() -> QuerySet[Objective]:
    return Objective.objects.annotate(
        action_count=Count("actions", distinct=True),
        strategy_action_count=Count("strategy_actions", distinct=True),
        indicator_count=Count("indicators", distinct=True),
    ).order_by("number")


def objective_list_with_actions() -> QuerySet[Objective]:
    return Objective.objects.prefetch_related(
        Prefetch("actions", queryset=Action.objects.order_by("letter"))
    ).order_by("number")


def objective_get(*, number: int) -> Objective:
    """Return one objective with everything its catalogue page shows, or raise Http404."""
    queryset = Objective.objects.prefetch_related(
        "actions",
        "sdg_indicators",
        Prefetch(
            "strategy_actions",
            queryset=StrategyAction.objects.select_related(
                "pillar__strategy", "lead_organisation"
            ),
        ),
        Prefetch(
            "indicators",
            queryset=Indicator.objects.select_related("strategy_action").prefetch_related(
                "sdg_indicators"
            ),
        ),
    )
    return get_object_or_404(queryset, number=number)


def principle_list() -> QuerySet[Principle]:
    return Principle.objects.order_by("letter")


def strategy_list() -> QuerySet[Strategy]:
    """Strategies with their pillars, actions, lead and supporting organisations."""
    actions = StrategyAction.objects.select_related("lead_organisation").prefetch_related(
        "supporting_organisations",
        Prefetch("objectives", queryset=Objective.objects.order_by("number")),
    )
    return Strategy.objects.prefetch_related(
        "pillars", Prefetch("pillars__actions", queryset=actions)
    )


def strategy_action_list() -> QuerySet[StrategyAction]:
    """Every strategy action with its pillar, strategy, organisations and objectives."""
    return StrategyAction.objects.select_related(
        "pillar__strategy", "lead_organisation"
    ).prefetch_related(
        "supporting_organisations",
        Prefetch("objectives", queryset=Objective.objects.order_by("number")),
    )


def strategy_action_list_led_by(*, organisation_ids: list[int]) -> QuerySet[StrategyAction]:
    return (
        StrategyAction.objects.filter(lead_organisation_id__in=organisation_ids)
        .select_related("pillar", "lead_organisation")
        .order_by("pillar__position", "code")
    )


def indicator_list() -> QuerySet[Indicator]:
    return (
        Indicator.objects.select_related("strategy_action")
        .prefetch_related(
            "sdg_indicators", Prefetch("objectives", queryset=Objective.objects.order_by("number"))
        )
        .order_by("code")
    )


def indicator_get(*, indicator_id: int) -> Indicator:
    """Return one indicator with its links, or raise Http404."""
    return get_object_or_404(indicator_list(), pk=indicator_id)


def disaggregation_dimension_list() -> QuerySet[DisaggregationDimension]:
    return DisaggregationDimension.objects.prefetch_related(
        Prefetch(
            "categories", queryset=DisaggregationCategory.objects.order_by("position", "code")
        )
    ).order_by("position", "code")
