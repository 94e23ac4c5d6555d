from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from gcm_portal.bilingual import pick
from gcm_portal.text import ShortTextField


class User(AbstractUser):
    first_name = ShortTextField(_("first name"), max_length=150, blank=True)
    last_name = ShortTextField(_("last name"), max_length=150, blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=[("en", "English"), ("ar", "العربية")],
        default="en",
    )
    # Demo accounts share a published password, so they may only sign in under DEBUG.
    is_demo = models.BooleanField(_("demo account"), default=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


class Organisation(models.Model):
    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Ministry")
        KURDISTAN_REGION = "krg", _("Kurdistan Region body")
        CSO = "cso", _("Civil-society organisation")
        IOM = "iom", _("IOM")
        UN_AGENCY = "un_agency", _("UN agency")
        ACADEMIA = "academia", _("Academia")

    # GCM paragraph 44 lists the stakeholders the compact is implemented with.
    class StakeholderType(models.TextChoices):
        MIGRANTS = "migrants", _("Migrants")
        CIVIL_SOCIETY = "civil society", _("Civil society")
        DIASPORA = "migrant and diaspora organizations", _("Migrant and diaspora organizations")
        FAITH_BASED = "faith-based organizations", _("Faith-based organizations")
        LOCAL_AUTHORITIES = (
            "local authorities and communities",
            _("Local authorities and communities"),
        )
        PRIVATE_SECTOR = "private sector", _("Private sector")
        TRADE_UNIONS = "trade unions", _("Trade unions")
        PARLIAMENTARIANS = "parliamentarians", _("Parliamentarians")
        HUMAN_RIGHTS_INSTITUTIONS = (
            "national human rights institutions",
            _("National human rights institutions"),
        )
        RED_CROSS_RED_CRESCENT = (
            "International Red Cross and Red Crescent Movement",
            _("International Red Cross and Red Crescent Movement"),
        )
        ACADEMIA = "academia", _("Academia")
        MEDIA = "media", _("Media")
        OTHER = "other relevant stakeholders", _("Other relevant stakeholders")

    GOVERNMENT_KINDS = (Kind.MINISTRY, Kind.KURDISTAN_REGION)

    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    name_en = ShortTextField(_("name (English)"), max_length=200)
    name_ar = ShortTextField(_("name (Arabic)"), max_length=200, blank=True)
    acronym = ShortTextField(_("acronym"), max_length=20, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    stakeholder_type = models.CharField(
        _("stakeholder type (GCM para 44)"),
        max_length=60,
        choices=StakeholderType.choices,
        blank=True,
    )
    is_sample = models.BooleanField(
        _("sample data"), default=False, help_text=_("Created by seed_demo for demonstration.")
    )

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(
                name="cso_has_stakeholder_type",
                condition=~models.Q(kind="cso") | ~models.Q(stakeholder_type=""),
            ),
        ]

    def __str__(self) -> str:
        return self.name_en

    @property
    def name(self) -> str:
        return pick(self.name_en, self.name_ar)

    @property
    def is_government(self) -> bool:
        return self.kind in self.GOVERNMENT_KINDS

    @property
    def is_cso(self) -> bool:
        return self.kind == self.Kind.CSO


class Membership(models.Model):
    class Role(models.TextChoices):
        FOCAL_POINT = "focal_point", _("Focal point")
        REVIEWER = "reviewer", _("Reviewer")
        COORDINATOR = "coordinator", _("Coordinator")
        VIEWER = "viewer", _("Viewer")
        TRANSLATOR = "translator", _("Translator")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name_en", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="unique_membership_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organisation}"

    def clean(self) -> None:
        """Translators belong to IOM or to the coordinating organisation (one that has a
        coordinator): the report's translations are theirs to make and review."""
        if self.role != self.Role.TRANSLATOR or not self.organisation_id:
            return
        coordinating = Membership.objects.filter(
            organisation_id=self.organisation_id, role=self.Role.COORDINATOR
        ).exists()
        if self.organisation.kind != Organisation.Kind.IOM and not coordinating:
            raise ValidationError(
                {"role": _("Translators are members of IOM or of the coordinating organisation.")}
            )
