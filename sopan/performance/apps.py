from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PerformanceConfig(AppConfig):
    name = "sopan.performance"
    label = "performance"
    verbose_name = _("Vendor performance")
