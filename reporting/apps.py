from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Reporting")

    def ready(self) -> None:
        from django.db.models.signals import pre_delete

        from reporting.models import ReportEdition
        from reporting.pdf import speedups
        from reporting.services.parts import parts_of_edition_remove_later

        speedups.apply()
        pre_delete.connect(
            parts_of_edition_remove_later, sender=ReportEdition, dispatch_uid="edition-parts"
        )
