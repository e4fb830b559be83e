from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StandardsConfig(AppConfig):
    name = "sopan.standards"
    label = "standards"
    verbose_name = _("LPSE standards")
    default_auto_field = "django.db.models.BigAutoField"
