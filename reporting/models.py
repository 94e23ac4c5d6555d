"""Review cycles: the reporting rounds the portal compiles reports for."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from gcm_portal.bilingual import pick


class ReviewCycle(models.Model):
    class Kind(models.TextChoices):
        REGIONAL = "regional", _("Regional review")
        IMRF = "imrf", _("International Migration Review Forum")

    class State(models.TextChoices):
        PLANNED = "planned", _("Planned")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("reporting year"))
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_ar = models.CharField(_("title (Arabic)"), max_length=200, blank=True)
    region_en = models.CharField(_("region (English)"), max_length=100, blank=True)
    region_ar = models.CharField(_("region (Arabic)"), max_length=100, blank=True)
    venue_en = models.CharField(_("venue (English)"), max_length=200, blank=True)
    venue_ar = models.CharField(_("venue (Arabic)"), max_length=200, blank=True)
    organisers = models.CharField(_("organisers"), max_length=300, blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    dates_note = models.CharField(
        _("dates note"),
        max_length=100,
        blank=True,
        help_text=_("Shown while the exact dates are not known, e.g. '2028 (to be announced)'."),
    )
    submission_deadline = models.DateField(_("submission deadline"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PLANNED
    )

    class Meta:
        ordering = ["year", "kind"]
        verbose_name = _("review cycle")
        verbose_name_plural = _("review cycles")
        constraints = [
            models.CheckConstraint(
                name="cycle_dates_in_order",
                condition=models.Q(starts_on__isnull=True)
                | models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def title(self) -> str:
        return pick(self.title_en, self.title_ar)

    @property
    def venue(self) -> str:
        return pick(self.venue_en, self.venue_ar)

    @property
    def region(self) -> str:
        return pick(self.region_en, self.region_ar)
