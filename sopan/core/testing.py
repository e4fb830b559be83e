"""Helpers for tests (imported by conftest.py and test modules; never by application code)."""

from __future__ import annotations

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
