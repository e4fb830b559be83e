"""Role matrix of the helpdesk: settings.

The settings are for the organisation's administrators (`policies.can_manage_helpdesk_settings`: those holding
MANAGE_ORGANIZATION, `ADMINS`); others get 403. The outsider (Kepala LPSE of Batang) administers their own
organisation: its settings page and forms answer them, a priority of Salatiga is not found (404).

The POSTs are harmless: empty forms come back with their errors (400) and nothing is saved.
"""

from __future__ import annotations

from sopan.core.tests.matrix import ADMINS, Route

EXPECT = {"anonymous": 302, "outsider": 200, **dict.fromkeys(ADMINS, 200)}
REFUSED = {"anonymous": 302, "outsider": 400, **dict.fromkeys(ADMINS, 400)}


def _level(data: dict) -> dict:
    if "priority_level" not in data:
        from sopan.helpdesk.defaults import ensure_priority_table
        from sopan.helpdesk.models import PriorityLevel

        ensure_priority_table(data["organization"])
        data["priority_level"] = PriorityLevel.objects.get(organization=data["organization"], code="sedang")
    return {"pk": data["priority_level"].pk}


ROUTES = [
    Route("helpdesk:settings", default=403, expect=EXPECT),
    Route("helpdesk:settings-update", method="post", default=403, expect=REFUSED),
    Route(
        "helpdesk:priority-level-update",
        method="post",
        kwargs=_level,
        default=403,
        expect={**REFUSED, "outsider": 404},
    ),
    Route("helpdesk:priority-matrix-update", method="post", default=403, expect=REFUSED),
    Route("helpdesk:mailbox-update", method="post", default=403, expect=REFUSED),
]
