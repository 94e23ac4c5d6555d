from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Audit entries are written once and never changed or deleted."""


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Audit entries cannot be changed.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError("Audit entries cannot be changed.")

    def delete(self):
        raise AppendOnlyError("Audit entries cannot be deleted.")


class AuditEntry(models.Model):
    """One security or audit event: who did what, to what, when and from where.

    The log is append-only, at three levels:

    - this model saves new entries only, and refuses `delete()`; its queryset refuses
      `update()`, `bulk_update()` and `delete()`;
    - `actor` is PROTECT, not SET_NULL (which would rewrite entries): a user with entries
      cannot be deleted, only deactivated; `actor_username` keeps the name as it was;
    - triggers made by migration 0001 refuse UPDATE and DELETE in the database itself, so
      raw SQL cannot rewrite the log either.

    The one sanctioned wipe is `manage.py flush` (which the test framework runs after each
    transactional test). On PostgreSQL it is a TRUNCATE, which fires no row triggers. SQLite
    has no TRUNCATE and flushes with DELETE, so its DELETE trigger lets rows go only while the
    table `audit_flush_in_progress` has a row: this app's `flush` command inserts that row in
    the flush's own transaction and removes it before committing, so no other connection
    ever sees it. (The triggers stop mistakes and ad-hoc SQL; a database owner who can drop
    triggers or TRUNCATE is outside what they can stop.)

    SQLite rebuilds a table for most schema changes and drops its triggers with it: a
    migration that changes this table's columns must create the triggers again. Adding an
    action changes only the choices and rebuilds nothing.
    """

    class Action(models.TextChoices):
        LOGIN = "login", _("Signed in")
        LOGIN_FAILED = "login_failed", _("Sign-in failed")
        LOGOUT = "logout", _("Signed out")
        PERMISSION_DENIED = "permission_denied", _("Permission denied")
        STATE_CHANGE = "state_change", _("State changed")
        EXPORT = "export", _("Export")
        IMPORT = "import", _("Import")
        REPORT_REQUESTED = "report_requested", _("Report compile requested")
        REPORT_FINISHED = "report_finished", _("Report compiled")
        REPORT_FAILED = "report_failed", _("Report compile failed")
        TWO_FACTOR_ENABLED = "two_factor_enabled", _("Two-factor authentication turned on")
        TWO_FACTOR_DISABLED = "two_factor_disabled", _("Two-factor authentication turned off")
        TWO_FACTOR_FAILED = "two_factor_failed", _("Two-factor code refused")
        TWO_FACTOR_REPLACED = "two_factor_replaced", _("Two-factor authenticator replaced")
        LOCKOUT = "lockout", _("Locked out")
        USER_DEACTIVATED = "user_deactivated", _("Account deactivated")
        SESSIONS_ENDED = "sessions_ended", _("Sessions ended")

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_entries",
        verbose_name=_("actor"),
    )
    actor_username = models.CharField(_("actor's user name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=40, choices=Action.choices)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True, encoder=DjangoJSONEncoder)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        base_manager_name = "objects"
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.action} {self.actor_username or '-'}"

    def save(self, **kwargs):
        if not self._state.adding or kwargs.get("force_update") or kwargs.get("update_fields"):
            raise AppendOnlyError("Audit entries cannot be changed.")
        super().save(**{**kwargs, "force_insert": True})

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit entries cannot be deleted.")
