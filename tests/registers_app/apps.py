from django.apps import AppConfig


class RegistersAppConfig(AppConfig):
    """A register declared the way a domain module will (risks, assets, KPIs, suppliers), installed in the tests
    only: it proves the scaffold of sopan.core.registers end to end."""

    name = "tests.registers_app"
    label = "registers_app"
    default_auto_field = "django.db.models.BigAutoField"
