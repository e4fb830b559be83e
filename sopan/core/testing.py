"""Helpers for tests (imported by conftest.py and test modules; never by application code)."""

from __future__ import annotations

from django.contrib.auth import BACKEND_SESSION_KEY, load_backend
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice


def login(client, user) -> None:
    """Log a persona in as a real session would be after passing 2FA (when their role requires it)."""
    client.force_login(user)
    if user.requires_two_factor:
        device, _created = TOTPDevice.objects.get_or_create(
            user=user, name="authenticator", defaults={"confirmed": True}
        )
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    # The person read as their first page reads them (and keeps them, accounts.identity): pages are measured as the
    # ones after it.
    load_backend(client.session[BACKEND_SESSION_KEY]).get_user(user.pk)


def run_background_tasks() -> None:
    """Run every queued task with the real database worker (`db_worker --batch`), inside the test's transaction.

    The worker calls `close_old_connections()`, which closes any connection not in autocommit mode — in a test, the
    one holding the test's transaction (on PostgreSQL that ends the test). Here it is a no-op, as Django's own test
    client makes it for requests.
    """
    from unittest import mock

    from django.core.management import call_command

    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def duplicate_ids(page: str) -> dict[str, int]:
    """The element ids a rendered page uses more than once, with their counts (an id is unique on a page: labels,
    `aria-describedby`, fragment links and scripts find elements by it)."""
    from collections import Counter
    from html.parser import HTMLParser

    seen: Counter[str] = Counter()

    class Ids(HTMLParser):
        def handle_starttag(self, tag, attrs):
            seen.update(value for name, value in attrs if name == "id" and value)

    Ids(convert_charrefs=True).feed(page)
    return {id_: count for id_, count in seen.items() if count > 1}
