"""The announcement's status machine (issue 15 §3): active → closed (with its Berita Acara number), audited under
its literal code. `announcements/services.py` takes it."""

from __future__ import annotations

from sopan.core.workflow import Transition, Workflow
from sopan.helpdesk import policies
from sopan.helpdesk.models import Announcement

S = Announcement.Status

ANNOUNCEMENT_FLOW = Workflow(
    field="status",
    transitions=[
        Transition(
            "close",
            source=(S.ACTIVE,),
            target=S.CLOSED,
            allowed=policies.can_manage_announcements,
            audit="helpdesk.announcement.closed",
        ),
    ],
)
