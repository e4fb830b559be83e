"""Run by test_example_module.py in its own process, with tests.example_module.settings: every promise of
sopan.core.modules kept for a module that only its own package and INSTALLED_APPS know of. Prints "proved" at the end;
any broken promise stops it with an AssertionError naming it."""

from __future__ import annotations

import datetime
import os
import time

os.environ["DJANGO_SETTINGS_MODULE"] = "tests.example_module.settings"

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import translation  # noqa: E402

from sopan.accounts import demo  # noqa: E402
from sopan.accounts.services import calendar as calendar_services  # noqa: E402
from sopan.core import scheduler  # noqa: E402
from sopan.sop import procedures  # noqa: E402
from tests.example_module import demo as example_demo  # noqa: E402
from tests.example_module import hooks  # noqa: E402

CONTOH = {
    "name": "Pemerintah Kota Contoh",
    "slug": "contoh",
    "timezone": "Asia/Jakarta",
    "address": "Jl. Contoh No. 1",
    "letterhead": "PEMERINTAH KOTA CONTOH",
}
GREETING = "Salam dari modul contoh"  # the module's own catalogue (locale/id), not the project's


def main() -> None:
    setup_test_environment()
    started = time.monotonic()
    call_command("migrate", run_syncdb=True, verbosity=0)
    print(f"database ready in {time.monotonic() - started:.1f} s")
    organization = demo.ensure_organization(CONTOH, is_demo=False)
    personas = {persona.role: persona for persona in demo.PERSONAS}
    vendor_admin = demo.ensure_persona(organization, personas["vendor_admin"], with_totp=False)
    vendor_user = demo.ensure_persona(organization, personas["vendor_user"], with_totp=False)
    head = demo.ensure_persona(organization, personas["lpse_head"], with_totp=False)

    # The URL resolves and its page renders in Indonesian, with the module's entry on the bar for whom it is meant.
    assert reverse("example_module:index") == "/contoh/", "URL"
    client = Client()
    client.force_login(vendor_admin)
    page = client.get("/contoh/", HTTP_ACCEPT_LANGUAGE="id")
    assert page.status_code == 200, f"page: {page.status_code}"
    assert GREETING in page.content.decode(), "translation on the page"
    entries = [item["label"] for item in page.context["nav_items"]]
    assert "Halaman contoh" in entries, f"navigation for the allowed user: {entries}"
    client.force_login(vendor_user)
    entries = [item["label"] for item in client.get("/", HTTP_ACCEPT_LANGUAGE="id").context["nav_items"]]
    assert "Halaman contoh" not in entries, f"navigation for another user: {entries}"
    with translation.override("id"):
        assert translation.gettext("Greetings from the example module") == GREETING, "translation"

    # Its capability is held by the catalogue role it names, and offered to the organisation's own roles.
    from sopan.accounts import roles

    assert "example_module.see_examples" in vendor_admin.capabilities, "capability of the catalogue role"
    assert "example_module.see_examples" not in vendor_user.capabilities, "capability of another role"
    assert "example_module.see_examples" in roles.capabilities_of("vendor_admin"), "capability declared"
    from sopan.accounts.services import own_roles

    assert "example_module.see_examples" in own_roles.capability_codes(), "capability offered to own roles"

    # The scheduler enqueues its periodic task.
    assert "tests.example_module.tasks.tidy_examples" in scheduler.enqueue_due(), "periodic task"

    # Its procedure is in the SOP engine's catalogue, with the step keys it needs.
    assert procedures.get("example_procedure").required_steps == {"terima-contoh", "arsipkan-contoh"}, "procedure"
    assert "example_procedure" in dict(procedures.CHOICES), "procedure choices"

    # The demo discovery runs its seed for each organisation.
    demo.seed_modules([organization])
    assert [organization.slug] == example_demo.SEEDED, f"demo: {example_demo.SEEDED}"

    # The kernel's hook reaches it: a change of the working calendar.
    calendar_services.calendar_day_add(
        organization=organization, date=datetime.date(2030, 1, 2), is_working=False, reason="Uji", by=head
    )
    assert [organization.pk] == hooks.CALENDAR_CHANGED, f"hook: {hooks.CALENDAR_CHANGED}"

    # The load benchmark runs its scenario (its own bench.py).
    from benchmarks.load import scenarios

    assert "example_index" in scenarios.BY_NAME, "benchmark scenario"
    assert scenarios.BY_NAME["example_index"] in scenarios.SCENARIOS, "benchmark scenario in the run"
    print("proved")


if __name__ == "__main__":
    main()
