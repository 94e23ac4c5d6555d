from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "gcm_portal.audit"
    label = "audit"
    verbose_name = _("Security and audit log")

    def ready(self) -> None:
        from gcm_portal.audit import signals  # noqa: F401  (connects the receivers)
