"""The role matrix: every URL the project defines, and what each persona gets there (STYLE.md: CISO Assistant).

Each app declares its rows in `<app>/tests/matrix_routes.py` as `ROUTES = [Route(...), ...]`. The test walks the URL
resolver and fails on a URL name no row classifies, so a new view cannot ship without its permission expectations.

`expect` maps persona names (see conftest.PERSONA_USERNAMES, plus "outsider" and "anonymous") to a status; personas not
named get `default`. For URLs with an object, `kwargs(data)` builds them from `data`, a dict of objects of the demo
organisation (Salatiga), so the outsider — the Kepala LPSE of another organisation — must get 404.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Route:
    name: str
    default: int
    expect: dict[str, int] = field(default_factory=dict)
    kwargs: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    method: str = "get"
    data: dict[str, Any] | None = None  # POST body (kept harmless: the matrix checks access, not behaviour)
    query: str = ""

    def status_for(self, persona: str) -> int:
        return self.expect.get(persona, self.default)


ADMINS = ("lpse_head", "ukpbj_head", "system_admin")  # hold MANAGE_ORGANIZATION in the demo organisation
AUDIT_VIEWERS = (*ADMINS, "auditor")
