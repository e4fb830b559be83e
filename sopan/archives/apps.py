from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchivesConfig(AppConfig):
    name = "sopan.archives"
    label = "archives"
    verbose_name = _("Backups and archives")
