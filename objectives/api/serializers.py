"""The frameworks reported against, as the API shows them. Titles in the request's language
come with both the English (official) and Arabic texts."""

from rest_framework import serializers

from gcm_portal.accounts.api.serializers import OrganisationSummarySerializer
from objectives.models import (
    Action,
    DisaggregationCategory,
    DisaggregationDimension,
    Indicator,
    Objective,
    Pillar,
    Principle,
    SdgIndicator,
    Strategy,
    StrategyAction,
)

IN_LANGUAGE = "In the request's language."


class ActionSerializer(serializers.ModelSerializer):
    code = serializers.CharField(read_only=True, help_text="e.g. 10(a)")
    text = serializers.CharField(read_only=True, help_text=IN_LANGUAGE)

    class Meta:
        model = Action
        fields = ["id", "letter", "code", "text", "text_en", "text_ar"]


class ObjectiveSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True, help_text=IN_LANGUAGE)
    short_label = serializers.CharField(read_only=True, help_text=IN_LANGUAGE)
    actions = ActionSerializer(many=True, read_only=True)

    class Meta:
        model = Objective
        fields = [
            "id",
            "number",
            "title",
            "title_en",
            "title_ar",
            "arabic_status",
            "short_label",
            "short_label_en",
            "short_label_ar",
            "commitment_paragraph",
            "actions",
        ]


class ObjectiveSummarySerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True, help_text=IN_LANGUAGE)

    class Meta:
        model = Objective
        fields = ["id", "number", "title"]


class PrincipleSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True, help_text=IN_LANGUAGE)

    class Meta:
        model = Principle
        fields = ["id", "letter", "paragraph", "title", "title_en", "title_ar", "arabic_status"]


class StrategySummarySerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True, help_text=IN_LANGUAGE)

    class Meta:
        model = Strategy
        fields = ["id", "code", "title", "is_sample"]


class PillarSummarySerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True, help_text=IN_LANGUAGE)

    class Meta:
        model = Pillar
        fields = ["id", "code", "title"]


class StrategyActionSummarySerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True, help_text=IN_LANGUAGE)

    class Meta:
        model = StrategyAction
        fields = ["id", "code", "title"]


class StrategyActionSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True, help_text=IN_LANGUAGE)
    description = serializers.CharField(read_only=True, help_text=IN_LANGUAGE)
    strategy = StrategySummarySerializer(source="pillar.strategy", read_only=True)
    pillar = PillarSummarySerializer(read_only=True)
    lead_organisation = OrganisationSummarySerializer(read_only=True)
    supporting_organisations = OrganisationSummarySerializer(many=True, read_only=True)
    objectives = ObjectiveSummarySerializer(many=True, read_only=True)

    class Meta:
        model = StrategyAction
        fields = [
            "id",
            "code",
            "title",
            "title_en",
            "title_ar",
            "description",
            "description_en",
            "description_ar",
            "strategy",
            "pillar",
            "lead_organisation",
            "supporting_organisations",
            "starts_on",
            "ends_on",
            "status",
            "objectives",
        ]


class SdgIndicatorSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text=IN_LANGUAGE)

    class Meta:
        model = SdgIndicator
        fields = ["id", "code", "name"]


class IndicatorSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text=IN_LANGUAGE)
    unit = serializers.CharField(read_only=True, help_text=IN_LANGUAGE)
    definition = serializers.CharField(read_only=True, help_text=IN_LANGUAGE)
    source = serializers.CharField(read_only=True, help_text=IN_LANGUAGE)
    sdg_indicators = SdgIndicatorSerializer(many=True, read_only=True)
    objectives = ObjectiveSummarySerializer(many=True, read_only=True)
    disaggregations = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="The codes of the dimensions its values may be broken down by "
        "(GET /api/v1/disaggregations/).",
    )
    baseline = serializers.DecimalField(
        max_digits=20,
        decimal_places=6,
        coerce_to_string=False,
        read_only=True,
        allow_null=True,
        help_text="A number, for number and percentage indicators; else null.",
    )
    target = serializers.DecimalField(
        max_digits=20,
        decimal_places=6,
        coerce_to_string=False,
        read_only=True,
        allow_null=True,
        help_text="A number, for number and percentage indicators; else null.",
    )

    class Meta:
        model = Indicator
        fields = [
            "id",
            "code",
            "name",
            "name_en",
            "name_ar",
            "unit",
            "unit_en",
            "unit_ar",
            "kind",
            "framework",
            "direction",
            "definition",
            "definition_en",
            "definition_ar",
            "source",
            "source_en",
            "source_ar",
            "sdg_indicators",
            "objectives",
            "strategy_action",
            "disaggregations",
            "baseline",
            "baseline_note",
            "baseline_year",
            "target",
            "target_note",
            "target_year",
        ]


class DisaggregationCategorySerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True, help_text=IN_LANGUAGE)

    class Meta:
        model = DisaggregationCategory
        fields = ["code", "label", "label_en", "label_ar"]


class DisaggregationDimensionSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True, help_text=IN_LANGUAGE)
    categories = DisaggregationCategorySerializer(many=True, read_only=True)

    class Meta:
        model = DisaggregationDimension
        fields = ["id", "code", "label", "label_en", "label_ar", "categories"]


class IndicatorSummarySerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text=IN_LANGUAGE)

    class Meta:
        model = Indicator
        fields = ["id", "code", "name", "kind"]
