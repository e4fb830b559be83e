"""Discovery of what the apps bring (sopan.core.modules): read once, and again when a test changes INSTALLED_APPS."""

from __future__ import annotations

from django.conf import settings
from django.test import override_settings

from sopan.core import modules, scheduler
from sopan.sop import procedures


def _labels() -> list[str]:
    return [module.label for module in modules.installed()]


def test_every_app_is_asked_in_installed_apps_order():
    assert _labels() == [
        "accounts",
        "sop",
        "vendors",
        "helpdesk",
        "procurement",
        "performance",
        "coaching",
        "standards",
        "indicators",
        "reports",
        "suppliers",
        "archives",
        "risks",
    ]
    assert {"vendor_registration", "telephone_helpdesk", "risk_management"} <= set(procedures.PROCEDURES)


def test_an_app_installed_by_a_test_brings_its_declarations_and_takes_them_away():
    # Given the example module installed for the duration of a test
    with override_settings(INSTALLED_APPS=[*settings.INSTALLED_APPS, "tests.example_module"]):
        # Then its declarations are found
        assert _labels()[-1] == "example_module"
        assert ("tests.example_module.tasks.tidy_examples", 600) in scheduler.declared_tasks()
        assert "example_procedure" in procedures.PROCEDURES
    # And forgotten once it is uninstalled again
    assert "example_module" not in _labels()
    assert "example_procedure" not in procedures.PROCEDURES
