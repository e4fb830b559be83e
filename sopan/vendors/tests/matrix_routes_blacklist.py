"""Role matrix of the blacklist register (Daftar Hitam): the organisation's verifiers and administrators keep it; the
outsider (Kepala LPSE of another organisation) sees their own organisation's register, never this one's."""

from __future__ import annotations

from sopan.core.tests.matrix import ADMINS, Route

KEEPERS = {"anonymous": 302, "verifier": 200, "outsider": 200, **dict.fromkeys(ADMINS, 200)}

ROUTES = [
    Route("vendors:blacklist-list", default=403, expect=KEEPERS),
    Route("vendors:blacklist-import", default=403, expect=KEEPERS),
    Route("vendors:blacklist-history", default=403, expect=KEEPERS),
]
