"""Who may do what with the LPSE standards (issue 20 §2, §5). Services enforce these; views use them to decide what
to show. The /standar-lpse/ pages are the Koordinator LPSE's, the Kepala LPSE's and the Administrator Sistem's (annex
2.4 a–c); an organisation's Koordinator Standardisasi (annex 2.6.6 b) is one of its own roles holding the capabilities
it picks under Administrasi → Peran. Capabilities are checked per organisation."""

from __future__ import annotations

import rules
from django.utils.translation import gettext_lazy as _

from sopan.accounts.policies import has_capability, in_same_organization, may
from sopan.core.modules import Capability

VIEW = "standards.view"
MANAGE_REGISTERS = "standards.manage_registers"
REQUEST_CHANGE = "standards.request_change"
DECIDE_CHANGE = "standards.decide_change"
IMPLEMENT_CHANGE = "standards.implement_change"
MANAGE_ACCESS = "standards.manage_access"
ASSESS = "standards.assess"

CAPABILITIES: tuple[Capability, ...] = (
    Capability(
        VIEW, _("See the LPSE standards and their registers"), ("lpse_coordinator", "lpse_head", "system_admin")
    ),
    # Assets, capacity, continuity (annex 2.4 c: the Administrator Sistem keeps the infrastructure and its capacity).
    Capability(MANAGE_REGISTERS, _("Keep the LPSE standards' registers"), ("lpse_head", "system_admin")),
    Capability(REQUEST_CHANGE, _("Request changes to the LPSE's service"), ("lpse_head", "system_admin")),
    Capability(DECIDE_CHANGE, _("Approve or reject changes to the LPSE's service"), ("lpse_coordinator", "lpse_head")),
    Capability(IMPLEMENT_CHANGE, _("Implement and roll back approved changes"), ("system_admin",)),
    Capability(MANAGE_ACCESS, _("Grant and revoke access to the servers and rooms"), ("lpse_coordinator", "lpse_head")),
    # Annex 2.4 b: the Kepala LPSE coordinates, monitors and evaluates the standardisation.
    Capability(ASSESS, _("Self-assess the LPSE standards"), ("lpse_coordinator", "lpse_head")),
)

for _capability in CAPABILITIES:
    rules.add_perm(_capability.code, has_capability(_capability.code) & in_same_organization)


def can_view(user, obj=None) -> bool:
    return any(may(c.code, user, obj) for c in CAPABILITIES)


def can(code: str, user, obj=None) -> bool:
    return may(code, user, obj)
