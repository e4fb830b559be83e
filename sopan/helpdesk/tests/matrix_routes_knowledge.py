"""Role matrix of the helpdesk: knowledge."""

from __future__ import annotations

from sopan.core.tests.matrix import Route  # noqa: F401

ROUTES: list = []
