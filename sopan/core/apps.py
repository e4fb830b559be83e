from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _forget_modules(*, setting, **kwargs) -> None:
    """The apps' declarations are read once (sopan.core.modules.installed); a test that changes INSTALLED_APPS
    (override_settings) gets those of the apps it installs, and what is derived from them (the menu's URLs) follows a
    changed URLconf."""
    if setting in ("INSTALLED_APPS", "ROOT_URLCONF"):
        from sopan.core import modules

        modules.forget()


class CoreConfig(AppConfig):
    name = "sopan.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from django.core.signals import setting_changed

        setting_changed.connect(_forget_modules, dispatch_uid="sopan-core-modules")
