"""The frameworks reported against, as the API shows them. Titles in the request's language
come with both the English (official) and Arabic texts."""

from rest_framework import serializers

from gcm_portal.accounts.api.serializers import OrganisationSummarySerializer
from objectives.models import (
    Action,
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
    sdg_indicator = SdgIndicatorSerializer(read_only=True, allow_null=True)
    disaggregations = serializers.ListField(
        child=serializers.ChoiceField(choices=Indicator.Dimension.choices),
        read_only=True,
        help_text="The dimensions its values may be broken down by.",
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
            "sdg_indicator",
            "objective",
            "strategy_action",
            "disaggregations",
            "baseline",
            "baseline_year",
            "target",
            "target_year",
        ]


class IndicatorSummarySerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text=IN_LANGUAGE)

    class Meta:
        model = Indicator
        fields = ["id", "code", "name", "kind"]
