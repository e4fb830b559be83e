"""Role matrix of the helpdesk: announcements."""

from __future__ import annotations

from sopan.core.tests.matrix import Route  # noqa: F401

ROUTES: list = []
