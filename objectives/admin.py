from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext_lazy as _

from objectives.models import (
    Action,
    ArabicTextStatus,
    DisaggregationCategory,
    DisaggregationDimension,
    Indicator,
    Objective,
    Pillar,
    PolicyDomain,
    PolicySubcategory,
    Principle,
    SdgIndicator,
    StakeholderType,
    Strategy,
    StrategyAction,
)
from objectives.services import ActionTextsRefused, action_texts_load, action_texts_read


@admin.action(description=_("Mark the Arabic titles as the official text"))
def mark_arabic_official(modeladmin, request, queryset):
    updated = queryset.update(arabic_status=ArabicTextStatus.OFFICIAL)
    messages.success(request, _("%(count)d Arabic titles marked official.") % {"count": updated})


class ActionInline(admin.TabularInline):
    model = Action
    extra = 0
    fields = ["letter", "text_en", "text_ar"]


@admin.register(Objective)
class ObjectiveAdmin(admin.ModelAdmin):
    list_display = ["number", "title_en", "title_ar", "arabic_status"]
    list_editable = ["title_ar", "arabic_status"]
    list_filter = ["arabic_status"]
    search_fields = ["title_en", "title_ar", "short_label_en"]
    inlines = [ActionInline]
    actions = [mark_arabic_official]


@admin.register(Principle)
class PrincipleAdmin(admin.ModelAdmin):
    list_display = ["letter", "title_en", "title_ar", "arabic_status"]
    list_editable = ["title_ar", "arabic_status"]
    actions = [mark_arabic_official]


@admin.register(StakeholderType)
class StakeholderTypeAdmin(admin.ModelAdmin):
    list_display = ["position", "code", "title_en", "title_ar", "arabic_status"]
    list_editable = ["title_ar", "arabic_status"]
    readonly_fields = ["code"]
    actions = [mark_arabic_official]


class ActionTextsForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8 CSV with the columns number, letter, text_en, text_ar: the official text of "
            "A/RES/73/195. Nothing is loaded if any line is wrong."
        ),
    )


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "text_en", "text_ar"]
    list_filter = ["objective"]
    list_select_related = ["objective"]
    search_fields = ["text_en", "text_ar"]
    change_list_template = "admin/objectives/action/change_list.html"

    def get_urls(self):
        return [
            path(
                "load-texts/",
                self.admin_site.admin_view(self.load_texts),
                name="objectives_action_load_texts",
            ),
            *super().get_urls(),
        ]

    def load_texts(self, request):
        """Load the official texts of the actions from a file, all or nothing."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        form = ActionTextsForm(request.POST or None, request.FILES or None)
        problems = []
        if request.method == "POST" and form.is_valid():
            try:
                loaded = action_texts_load(action_texts_read(form.cleaned_data["file"].read()))
            except ActionTextsRefused as refused:
                problems = refused.problems
            else:
                messages.success(
                    request, _("Texts loaded for %(count)d GCM actions.") % {"count": loaded}
                )
                return redirect("admin:objectives_action_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Load the official texts of the GCM actions"),
            "form": form,
            "problems": problems,
        }
        return render(
            request,
            "admin/objectives/action/load_texts.html",
            context,
            status=400 if problems or form.errors else 200,
        )


@admin.register(SdgIndicator)
class SdgIndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "name_ar"]
    filter_horizontal = ["suggested_objectives"]


class PillarInline(admin.TabularInline):
    model = Pillar
    extra = 0


@admin.register(Strategy)
class StrategyAdmin(admin.ModelAdmin):
    list_display = ["code", "title_en", "starts_on", "ends_on", "is_sample"]
    inlines = [PillarInline]


@admin.register(Pillar)
class PillarAdmin(admin.ModelAdmin):
    list_display = ["code", "title_en", "strategy", "position"]
    list_filter = ["strategy"]


@admin.register(StrategyAction)
class StrategyActionAdmin(admin.ModelAdmin):
    list_display = ["code", "title_en", "pillar", "lead_organisation", "status"]
    list_filter = ["status", "pillar__strategy", "pillar"]
    list_select_related = ["pillar", "lead_organisation"]
    search_fields = ["code", "title_en", "title_ar"]
    autocomplete_fields = ["lead_organisation", "supporting_organisations"]
    filter_horizontal = ["objectives"]


class IndicatorAdminForm(forms.ModelForm):
    """Dimensions are picked from the disaggregation dimensions the administrator keeps."""

    disaggregations = forms.MultipleChoiceField(
        label=_("disaggregation dimensions"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Indicator
        fields = [
            "code",
            "name_en",
            "name_ar",
            "unit_en",
            "unit_ar",
            "kind",
            "framework",
            "direction",
            "definition_en",
            "definition_ar",
            "source_en",
            "source_ar",
            "objectives",
            "sdg_indicators",
            "strategy_action",
            "disaggregations",
            "baseline",
            "baseline_note",
            "baseline_year",
            "target",
            "target_note",
            "target_year",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["disaggregations"].choices = [
            (d.code, d.label) for d in DisaggregationDimension.objects.order_by("position", "code")
        ]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    form = IndicatorAdminForm
    list_display = ["code", "name_en", "kind", "framework", "direction", "strategy_action"]
    list_filter = ["kind", "framework", "direction", "objectives"]
    list_select_related = ["strategy_action"]
    search_fields = ["code", "name_en", "name_ar"]
    filter_horizontal = ["objectives", "sdg_indicators"]


class DisaggregationCategoryInline(admin.TabularInline):
    model = DisaggregationCategory
    extra = 1
    fields = ["code", "label_en", "label_ar", "position"]


@admin.register(DisaggregationDimension)
class DisaggregationDimensionAdmin(admin.ModelAdmin):
    list_display = ["code", "label_en", "label_ar", "position"]
    search_fields = ["code", "label_en", "label_ar"]
    inlines = [DisaggregationCategoryInline]


class PolicySubcategoryInline(admin.TabularInline):
    model = PolicySubcategory
    extra = 0
    fields = ["code", "position", "title_en", "title_ar", "arabic_status", "is_paraphrase"]


@admin.register(PolicyDomain)
class PolicyDomainAdmin(admin.ModelAdmin):
    """The SDG 10.7.2 questionnaire: where the official wording replaces a paraphrase and the
    official Arabic a working translation."""

    list_display = ["number", "title_en", "title_ar", "arabic_status"]
    actions = [mark_arabic_official]
    inlines = [PolicySubcategoryInline]
