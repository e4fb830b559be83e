from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExampleModuleConfig(AppConfig):
    name = "tests.example_module"
    label = "example_module"
    verbose_name = _("Example module")
