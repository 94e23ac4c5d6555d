"""The catalogue: every signed-in user reads it (objectives.selectors)."""

from rest_framework import viewsets

from gcm_portal.api.filters import FilterSet, IdFilter
from objectives import selectors
from objectives.api.serializers import (
    DisaggregationDimensionSerializer,
    IndicatorSerializer,
    ObjectiveSerializer,
    PrincipleSerializer,
    StrategyActionSerializer,
)
from objectives.models import Indicator, StrategyAction


class ObjectiveViewSet(viewsets.ReadOnlyModelViewSet):
    """The 23 GCM objectives with their lettered actions."""

    serializer_class = ObjectiveSerializer

    def get_queryset(self):
        return selectors.objective_list_with_actions()


class PrincipleViewSet(viewsets.ReadOnlyModelViewSet):
    """The 10 guiding principles."""

    serializer_class = PrincipleSerializer

    def get_queryset(self):
        return selectors.principle_list()


class StrategyActionFilter(FilterSet):
    objective = IdFilter(field_name="objectives", help_text="Objective id.")
    lead_organisation = IdFilter(help_text="Organisation id.")

    class Meta:
        model = StrategyAction
        fields = ["objective", "lead_organisation", "status"]


class StrategyActionViewSet(viewsets.ReadOnlyModelViewSet):
    """The national strategy's actions: lead and supporting organisations, linked objectives."""

    serializer_class = StrategyActionSerializer
    filterset_class = StrategyActionFilter

    def get_queryset(self):
        return selectors.strategy_action_list()


class IndicatorFilter(FilterSet):
    objective = IdFilter(field_name="objectives", help_text="Objective id.")
    strategy_action = IdFilter(help_text="Strategy action id.")

    class Meta:
        model = Indicator
        fields = ["objective", "strategy_action", "kind", "framework"]


class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    """Indicators: the objectives, SDG indicators and strategy action they serve, their
    framework, direction, and numeric baseline and target (with years).
    An indicator's series across review cycles: GET /api/v1/indicators/{id}/series/."""

    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilter

    def get_queryset(self):
        return selectors.indicator_list()


class DisaggregationDimensionViewSet(viewsets.ReadOnlyModelViewSet):
    """The dimensions indicator values may be broken down by, with their categories."""

    serializer_class = DisaggregationDimensionSerializer

    def get_queryset(self):
        return selectors.disaggregation_dimension_list()
