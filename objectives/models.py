"""The frameworks reported against: the GCM, the national strategy and indicators."""

import math

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from gcm_portal.accounts.models import Organisation
from gcm_portal.bilingual import is_arabic, pick
from gcm_portal.text import ShortTextField


class ArabicTextStatus(models.TextChoices):
    WORKING = "working", _("Working translation")
    OFFICIAL = "official", _("Official text")


class BilingualTitleMixin(models.Model):
    """A title in English (official) and Arabic (working translation until replaced)."""

    title_en = ShortTextField(_("title (English)"), max_length=300)
    title_ar = ShortTextField(_("title (Arabic)"), max_length=300, blank=True)
    arabic_status = models.CharField(
        _("status of the Arabic text"),
        max_length=10,
        choices=ArabicTextStatus.choices,
        default=ArabicTextStatus.WORKING,
    )

    class Meta:
        abstract = True

    @property
    def title(self) -> str:
        return pick(self.title_en, self.title_ar)

    @property
    def shows_working_translation(self) -> bool:
        """Whether the title shown now is an Arabic working translation."""
        return (
            is_arabic() and bool(self.title_ar) and self.arabic_status == ArabicTextStatus.WORKING
        )


class Objective(BilingualTitleMixin):
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    short_label_en = ShortTextField(_("short label (English)"), max_length=100)
    short_label_ar = ShortTextField(_("short label (Arabic)"), max_length=100, blank=True)
    commitment_paragraph = models.PositiveSmallIntegerField(_("commitment paragraph"))

    class Meta:
        ordering = ["number"]
        verbose_name = _("GCM objective")
        verbose_name_plural = _("GCM objectives")

    def __str__(self) -> str:
        return f"{self.number}. {self.title_en}"

    @property
    def short_label(self) -> str:
        return pick(self.short_label_en, self.short_label_ar)


class Action(models.Model):
    """A lettered action under an objective's commitment, e.g. 1(a)."""

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="actions")
    letter = models.CharField(_("letter"), max_length=2)
    text_en = models.TextField(_("text (English)"), blank=True)
    text_ar = models.TextField(_("text (Arabic)"), blank=True)

    class Meta:
        ordering = ["objective__number", "letter"]
        verbose_name = _("GCM action")
        verbose_name_plural = _("GCM actions")
        constraints = [
            models.UniqueConstraint(fields=["objective", "letter"], name="unique_action_letter")
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def code(self) -> str:
        return f"{self.objective.number}({self.letter})"

    @property
    def text(self) -> str:
        return pick(self.text_en, self.text_ar)

    @property
    def described(self) -> str:
        """The action's official text; until it is loaded, its objective, never the code alone
        (the caller shows the code)."""
        return self.text or _("under objective %(number)s: %(title)s") % {
            "number": self.objective.number,
            "title": self.objective.title,
        }


class Principle(BilingualTitleMixin):
    letter = models.CharField(_("letter"), max_length=2, unique=True)
    paragraph = models.CharField(_("paragraph"), max_length=10)

    class Meta:
        ordering = ["letter"]
        verbose_name = _("guiding principle")
        verbose_name_plural = _("guiding principles")

    def __str__(self) -> str:
        return self.title_en


class StakeholderType(BilingualTitleMixin):
    """A stakeholder of GCM paragraph 44, as organisations are described by it
    (Organisation.stakeholder_type holds the code): its English title as the resolution writes
    it, and its Arabic title, a working translation until the official text is loaded."""

    code = models.CharField(_("code"), max_length=60, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("stakeholder type")
        verbose_name_plural = _("stakeholder types")

    def __str__(self) -> str:
        return self.title_en


class SdgIndicator(models.Model):
    code = ShortTextField(_("SDG code"), max_length=12, unique=True)
    name_en = ShortTextField(_("name (English)"), max_length=300)
    name_ar = ShortTextField(_("name (Arabic)"), max_length=300, blank=True)
    suggested_objectives = models.ManyToManyField(
        Objective, blank=True, related_name="sdg_indicators"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("SDG indicator")
        verbose_name_plural = _("SDG indicators")

    def __str__(self) -> str:
        return f"{self.code} {self.name_en}"

    @property
    def name(self) -> str:
        return pick(self.name_en, self.name_ar)


class Strategy(models.Model):
    """A national strategy or plan, loaded as data (pillars are never hard-coded)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    title_en = ShortTextField(_("title (English)"), max_length=300)
    title_ar = ShortTextField(_("title (Arabic)"), max_length=300, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")

    def __str__(self) -> str:
        return self.title_en

    @property
    def title(self) -> str:
        return pick(self.title_en, self.title_ar)


class Pillar(models.Model):
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="pillars")
    code = ShortTextField(_("code"), max_length=20)
    title_en = ShortTextField(_("title (English)"), max_length=300)
    title_ar = ShortTextField(_("title (Arabic)"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["strategy", "position", "code"]
        verbose_name = _("pillar")
        verbose_name_plural = _("pillars")
        constraints = [
            models.UniqueConstraint(fields=["strategy", "code"], name="unique_pillar_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title_en}"

    @property
    def title(self) -> str:
        return pick(self.title_en, self.title_ar)


class StrategyAction(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")
        DELAYED = "delayed", _("Delayed")
        CANCELLED = "cancelled", _("Cancelled")

    pillar = models.ForeignKey(Pillar, on_delete=models.CASCADE, related_name="actions")
    code = ShortTextField(_("code"), max_length=20)
    title_en = ShortTextField(_("title (English)"), max_length=300)
    title_ar = ShortTextField(_("title (Arabic)"), max_length=300, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    lead_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="led_strategy_actions",
        verbose_name=_("lead organisation"),
    )
    supporting_organisations = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="supported_strategy_actions",
        verbose_name=_("supporting organisations"),
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED
    )
    objectives = models.ManyToManyField(
        Objective, blank=True, related_name="strategy_actions", verbose_name=_("GCM objectives")
    )

    class Meta:
        ordering = ["pillar__strategy", "pillar__position", "code"]
        verbose_name = _("strategy action")
        verbose_name_plural = _("strategy actions")
        constraints = [
            models.UniqueConstraint(fields=["pillar", "code"], name="unique_strategy_action_code"),
            models.CheckConstraint(
                name="strategy_action_dates_in_order",
                condition=models.Q(starts_on__isnull=True)
                | models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title_en}"

    @property
    def title(self) -> str:
        return pick(self.title_en, self.title_ar)

    @property
    def description(self) -> str:
        return pick(self.description_en, self.description_ar)

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end date is before the start date.")})


class DisaggregationDimension(models.Model):
    """Something an indicator value can be broken down by (sex, age group, ...), as data: an
    administrator adds dimensions and categories in the admin; indicators pick from them."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    label_en = ShortTextField(_("label (English)"), max_length=100)
    label_ar = ShortTextField(_("label (Arabic)"), max_length=100, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("disaggregation dimension")
        verbose_name_plural = _("disaggregation dimensions")

    def __str__(self) -> str:
        return self.label_en

    @property
    def label(self) -> str:
        return pick(self.label_en, self.label_ar)


class DisaggregationCategory(models.Model):
    """One group of a dimension, e.g. female under sex."""

    dimension = models.ForeignKey(
        DisaggregationDimension, on_delete=models.CASCADE, related_name="categories"
    )
    code = ShortTextField(_("code"), max_length=40, help_text=_("e.g. female, 0-17, 60+"))
    label_en = ShortTextField(_("label (English)"), max_length=100)
    label_ar = ShortTextField(_("label (Arabic)"), max_length=100, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["dimension", "position", "code"]
        verbose_name = _("disaggregation category")
        verbose_name_plural = _("disaggregation categories")
        constraints = [
            models.UniqueConstraint(
                fields=["dimension", "code"], name="unique_disaggregation_category"
            )
        ]

    def __str__(self) -> str:
        return self.label_en

    @property
    def label(self) -> str:
        return pick(self.label_en, self.label_ar)


class IndicatorQuerySet(models.QuerySet):
    def create(
        self, *, objective=None, objective_id=None, sdg_indicator=None, sdg_indicator_id=None, **f
    ):
        """Create an indicator; `objective` and `sdg_indicator` (or their ids) still name one
        link each, as before an indicator could serve several: they are added to the many."""
        indicator = super().create(**f)
        if objective is not None or objective_id is not None:
            indicator.objectives.add(objective or objective_id)
        if sdg_indicator is not None or sdg_indicator_id is not None:
            indicator.sdg_indicators.add(sdg_indicator or sdg_indicator_id)
        return indicator


class Indicator(models.Model):
    class Kind(models.TextChoices):
        NUMBER = "number", _("Number")
        PERCENT = "percent", _("Percentage")
        YES_NO = "yes_no", _("Yes / no")
        TEXT = "text", _("Text")

    class Framework(models.TextChoices):
        NATIONAL = "national", _("National")
        GCM = "gcm", _("GCM")
        SDG = "sdg", _("SDG")
        MGI = "mgi", _("Migration Governance Indicators (MGI)")

    class Direction(models.TextChoices):
        HIGHER = "higher", _("Higher is better")
        LOWER = "lower", _("Lower is better")

    code = ShortTextField(_("code"), max_length=30, unique=True)
    name_en = ShortTextField(_("name (English)"), max_length=300)
    name_ar = ShortTextField(_("name (Arabic)"), max_length=300, blank=True)
    unit_en = ShortTextField(_("unit (English)"), max_length=60, blank=True)
    unit_ar = ShortTextField(_("unit (Arabic)"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    framework = models.CharField(
        _("framework"), max_length=10, choices=Framework.choices, default=Framework.NATIONAL
    )
    definition_en = models.TextField(_("definition (English)"), blank=True)
    definition_ar = models.TextField(_("definition (Arabic)"), blank=True)
    source_en = ShortTextField(_("source (English)"), max_length=300, blank=True)
    source_ar = ShortTextField(_("source (Arabic)"), max_length=300, blank=True)
    direction = models.CharField(
        _("direction"), max_length=6, choices=Direction.choices, default=Direction.HIGHER
    )
    sdg_indicators = models.ManyToManyField(
        SdgIndicator, blank=True, related_name="indicators", verbose_name=_("SDG indicators")
    )
    objectives = models.ManyToManyField(
        Objective, blank=True, related_name="indicators", verbose_name=_("GCM objectives")
    )
    strategy_action = models.ForeignKey(
        StrategyAction,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("strategy action"),
    )
    disaggregations = models.JSONField(
        _("disaggregation dimensions"),
        default=list,
        blank=True,
        help_text=_("The codes of disaggregation dimensions, e.g. sex, age_group."),
    )
    # Numbers for number and percentage indicators; what a baseline or target said that is
    # not a number (a yes/no or text indicator's, or text kept from before they were numbers)
    # stays in the note, shown beside it.
    baseline = models.DecimalField(
        _("baseline"), max_digits=20, decimal_places=6, null=True, blank=True
    )
    baseline_note = ShortTextField(_("baseline (as text)"), max_length=100, blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    target = models.DecimalField(
        _("target"), max_digits=20, decimal_places=6, null=True, blank=True
    )
    target_note = ShortTextField(_("target (as text)"), max_length=100, blank=True)
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return f"{self.code} {self.name_en}"

    @property
    def name(self) -> str:
        return pick(self.name_en, self.name_ar)

    @property
    def unit(self) -> str:
        return pick(self.unit_en, self.unit_ar)

    @property
    def definition(self) -> str:
        return pick(self.definition_en, self.definition_ar)

    @property
    def source(self) -> str:
        return pick(self.source_en, self.source_ar)

    @property
    def is_numeric(self) -> bool:
        return self.kind in (self.Kind.NUMBER, self.Kind.PERCENT)

    # One objective and one SDG indicator, for readers written before an indicator could serve
    # several: the first of each (from a prefetch when there is one).
    @property
    def objective(self) -> Objective | None:
        return min(self.objectives.all(), key=lambda o: o.number, default=None)

    @property
    def objective_id(self) -> int | None:
        objective = self.objective
        return objective.pk if objective else None

    @property
    def sdg_indicator(self) -> SdgIndicator | None:
        return min(self.sdg_indicators.all(), key=lambda s: s.code, default=None)

    @property
    def sdg_indicator_id(self) -> int | None:
        sdg = self.sdg_indicator
        return sdg.pk if sdg else None

    @property
    def sdg_codes(self) -> str:
        return pgettext("list separator", ", ").join(
            sorted(s.code for s in self.sdg_indicators.all())
        )

    @property
    def baseline_display(self) -> str:
        return shown_figure(self.baseline, self.baseline_note)

    @property
    def target_display(self) -> str:
        return shown_figure(self.target, self.target_note)

    def disaggregation_display(self, labels: dict[str, str] | None = None) -> str:
        """The dimensions' labels (pass objectives.disaggregation.dimension_labels() when
        showing many indicators: else one query)."""
        if labels is None:
            labels = {d.code: d.label for d in DisaggregationDimension.objects.all()}
        names = [labels.get(code, code) for code in self.disaggregations]
        return pgettext("list separator", ", ").join(names)

    def clean(self) -> None:
        errors = {}
        known = set(DisaggregationDimension.objects.values_list("code", flat=True))
        if not isinstance(self.disaggregations, list) or set(self.disaggregations) - known:
            errors["disaggregations"] = _("Use a list of: %(codes)s.") % {
                "codes": ", ".join(sorted(known))
            }
        for field in ("baseline", "target"):
            number = getattr(self, field)
            if number is not None and not self.is_numeric:
                errors[field] = _(
                    "Only number and percentage indicators have a numeric baseline or target; "
                    "write it as text."
                )
            elif number is not None:
                message = validate_indicator_value(self.kind, str(number))
            else:
                message = validate_indicator_value(self.kind, getattr(self, f"{field}_note"))
            if field not in errors and message:
                errors[field] = message
        if self.baseline_year and self.target_year and self.target_year < self.baseline_year:
            errors["target_year"] = _("The target year is before the baseline year.")
        if errors:
            raise ValidationError(errors)


def shown_figure(number, note: str) -> str:
    """A baseline or target as the pages show it: the number without trailing zeros, else
    the text it was given as."""
    if number is None:
        return note or ""
    text = format(number.normalize(), "f") if hasattr(number, "normalize") else str(number)
    return text


def number_and_note(kind: str, text: str):
    """Split a baseline or target typed as text into (number, note): a number where the kind
    is numeric and the text reads as one, else (None, the text as typed)."""
    from decimal import Decimal, InvalidOperation

    text = (text or "").strip()
    if not text or kind not in (Indicator.Kind.NUMBER, Indicator.Kind.PERCENT):
        return None, text
    try:
        number = Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None, text
    if not number.is_finite() or abs(number) >= 10**14:  # what the column holds
        return None, text
    return number, ""


def validate_indicator_value(kind: str, value: str) -> str:
    """Return an error message when value does not fit the indicator kind, else ''."""
    if not value:
        return ""
    if kind in (Indicator.Kind.NUMBER, Indicator.Kind.PERCENT):
        try:
            number = float(value.replace(",", ""))
        except ValueError:
            return str(_("Enter a number, for example 1250 or 12.5."))
        if not math.isfinite(number):  # "nan" and "inf" read as numbers to Python alone
            return str(_("Enter a number, for example 1250 or 12.5."))
        if kind == Indicator.Kind.PERCENT and not 0 <= number <= 100:
            return str(_("Enter a percentage between 0 and 100."))
    if kind == Indicator.Kind.YES_NO and value.lower() not in {"yes", "no"}:
        return str(_("Enter yes or no."))
    return ""


class PolicyDomain(BilingualTitleMixin):
    """One of the six policy domains of SDG indicator 10.7.2 (UN DESA and IOM), loaded from
    objectives/data/sdg_10_7_2.json; each has five yes/no sub-categories."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("SDG 10.7.2 policy domain")
        verbose_name_plural = _("SDG 10.7.2 policy domains")

    def __str__(self) -> str:
        return f"{self.number}. {self.title_en}"


class PolicySubcategory(BilingualTitleMixin):
    """A question of a 10.7.2 policy domain that the responsible ministry answers yes or no.
    `is_paraphrase` marks English that paraphrases the official questionnaire."""

    domain = models.ForeignKey(
        PolicyDomain, on_delete=models.CASCADE, related_name="subcategories"
    )
    code = models.CharField(_("code"), max_length=8, unique=True)
    position = models.PositiveSmallIntegerField(_("position"))
    is_paraphrase = models.BooleanField(_("English paraphrases the official text"), default=True)

    class Meta:
        ordering = ["domain__number", "position"]
        verbose_name = _("SDG 10.7.2 sub-category")
        verbose_name_plural = _("SDG 10.7.2 sub-categories")

    def __str__(self) -> str:
        return f"{self.code} {self.title_en}"
