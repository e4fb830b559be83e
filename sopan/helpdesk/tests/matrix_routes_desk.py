"""Role matrix of the helpdesk desk: the ticket inbox, the telephone and walk-in intake, the caller lookup, and the page
with the numbers given after the intake.

The inbox is for LPSE staff (`policies.can_view_tickets`: the desk and every role a ticket may be assigned to, so the
verifier too); taking a call or a walk-in is for the desk (`policies.can_take_calls`: the helpdesk agent, the Kepala
LPSE, the Administrator Sistem — the Koordinator LPSE is not among the personas). The outsider (Kepala LPSE of Batang)
reaches the pages of their own organisation and gets 404 for a ticket of Salatiga.
"""

from __future__ import annotations

from sopan.core.tests.matrix import Route

AGENTS = ("helpdesk_agent", "lpse_head", "system_admin")
STAFF = (*AGENTS, "verifier")


def _ok(roles, status=200, **extra) -> dict:
    return {"anonymous": 302, **dict.fromkeys(roles, status), **extra}


def _phone_ticket(data: dict) -> dict:
    if "desk_ticket" not in data:
        from sopan.helpdesk.models import Channel
        from sopan.helpdesk.tests.factories import make_ticket

        data["desk_ticket"] = make_ticket(data["organization"], channel=Channel.PHONE, form_number="FK-2026-990001")
    return {"pk": data["desk_ticket"].pk}


ROUTES = [
    Route("helpdesk:ticket-list", default=403, expect=_ok(STAFF, outsider=200)),
    Route("helpdesk:call-new", default=403, expect=_ok(AGENTS, outsider=200)),
    Route("helpdesk:walkin-new", default=403, expect=_ok(AGENTS, outsider=200)),
    Route("helpdesk:caller-lookup", default=403, expect=_ok(AGENTS, outsider=200), query="?phone=081234560001"),
    Route("helpdesk:intake-done", default=403, kwargs=_phone_ticket, expect=_ok(AGENTS, outsider=404)),
]
