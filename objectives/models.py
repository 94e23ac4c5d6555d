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


class Indicator(models.Model):
    class Kind(models.TextChoices):
        NUMBER = "number", _("Number")
        PERCENT = "percent", _("Percentage")
        YES_NO = "yes_no", _("Yes / no")
        TEXT = "text", _("Text")

    class Dimension(models.TextChoices):
        SEX = "sex", _("Sex")
        AGE_GROUP = "age_group", _("Age group")
        GOVERNORATE = "governorate", _("Governorate")
        MIGRATION_STATUS = "migration_status", _("Migration status")

    code = ShortTextField(_("code"), max_length=30, unique=True)
    name_en = ShortTextField(_("name (English)"), max_length=300)
    name_ar = ShortTextField(_("name (Arabic)"), max_length=300, blank=True)
    unit_en = ShortTextField(_("unit (English)"), max_length=60, blank=True)
    unit_ar = ShortTextField(_("unit (Arabic)"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    sdg_indicator = models.ForeignKey(
        SdgIndicator,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("SDG indicator"),
    )
    objective = models.ForeignKey(
        Objective,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("GCM objective"),
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
        help_text=_("Any of: sex, age_group, governorate, migration_status."),
    )
    baseline = ShortTextField(_("baseline"), max_length=100, blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    target = ShortTextField(_("target"), max_length=100, blank=True)
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True)

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
    def disaggregation_display(self) -> str:
        labels = dict(self.Dimension.choices)
        names = [str(labels[code]) for code in self.disaggregations if code in labels]
        return pgettext("list separator", ", ").join(names)

    def clean(self) -> None:
        errors = {}
        unknown = set(self.disaggregations or []) - set(self.Dimension.values)
        if not isinstance(self.disaggregations, list) or unknown:
            errors["disaggregations"] = _(
                "Use a list of: sex, age_group, governorate, migration_status."
            )
        for field in ("baseline", "target"):
            message = validate_indicator_value(self.kind, getattr(self, field))
            if message:
                errors[field] = message
        if errors:
            raise ValidationError(errors)


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
