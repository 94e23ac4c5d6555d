from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The portal as a whole: the home page, the demo data, backups and restores.

    What spans the apps lives here: it may import any of them (imports flow portal ->
    reporting -> objectives -> accounts), and none imports it.
    """

    name = "portal"
    verbose_name = _("Portal")
