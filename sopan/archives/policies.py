"""Who may see and keep the backups and the archives (annex 2.6.5; issue 20 §3–§5). Services enforce these; views
only use them to decide what to show.

The pages are for the Koordinator LPSE, the Kepala LPSE and the Administrator Sistem (the server's access holders,
annex 2.5.2 b, and the one who coordinates and evaluates the LPSE's standards, annex 2.4 b). The Administrator Sistem
makes and logs the backups (annex 2.4 c: "pengelolaan SPSE ... dan infrastrukturnya"); the Kepala LPSE and the
Koordinator set the interval and the retention rules and decide what is destroyed or transferred.
"""

from __future__ import annotations

import rules
from django.utils.translation import gettext_lazy as _

from sopan.accounts.policies import has_capability, in_same_organization, may
from sopan.core.modules import Capability

VIEW = "archives.view_continuity"
RECORD_BACKUPS = "archives.record_backups"
MANAGE_ARCHIVES = "archives.manage_archives"

CAPABILITIES: tuple[Capability, ...] = (
    Capability(
        VIEW, _("See the backups, restore tests and archives"), ("lpse_coordinator", "lpse_head", "system_admin")
    ),
    Capability(RECORD_BACKUPS, _("Log backups and restore tests"), ("system_admin", "lpse_head")),
    Capability(
        MANAGE_ARCHIVES,
        _("Set the backup interval and the retention rules; decide archive dispositions"),
        ("lpse_head", "lpse_coordinator"),
    ),
)

for _capability in CAPABILITIES:
    rules.add_perm(_capability.code, has_capability(_capability.code) & in_same_organization)


def can_view(user, obj=None) -> bool:
    return any(may(code, user, obj) for code in (VIEW, RECORD_BACKUPS, MANAGE_ARCHIVES))


def can_record_backups(user, obj=None) -> bool:
    return may(RECORD_BACKUPS, user, obj)


def can_manage_archives(user, obj=None) -> bool:
    return may(MANAGE_ARCHIVES, user, obj)
