"""Who may do what with the service suppliers (issue 20 §1 and §5). Services enforce these; views use them to decide
what to show. The SOP's executors (Salatiga, SOP Pengelolaan Pendukung Layanan): the Pengelola Pendukung Layanan
(`service_support_officer`) keeps the register and the contracts, evaluates and proposes; the Kepala LPSE
(`lpse_head`) approves an evaluation or asks for another (Pemantauan step 4) and approves a proposal. A vendor and
every other role get nothing.
"""

from __future__ import annotations

import rules
from django.utils.translation import gettext_lazy as _

from sopan.accounts.policies import has_capability, in_same_organization, may
from sopan.core.modules import Capability

VIEW = "suppliers.view_suppliers"
MANAGE = "suppliers.manage_suppliers"
APPROVE = "suppliers.approve_evaluations"

CAPABILITIES: tuple[Capability, ...] = (
    Capability(VIEW, _("View the service suppliers"), ("service_support_officer", "lpse_head")),
    Capability(MANAGE, _("Manage service suppliers, their contracts, evaluations and proposals"),
               ("service_support_officer",)),
    Capability(APPROVE, _("Approve service supplier evaluations and procurement proposals"), ("lpse_head",)),
)  # fmt: skip

for _capability in CAPABILITIES:
    rules.add_perm(_capability.code, has_capability(_capability.code) & in_same_organization)


def can_view(user, obj=None) -> bool:
    """The /pendukung-layanan/ pages."""
    return any(may(code, user, obj) for code in (VIEW, MANAGE, APPROVE))


def can_manage(user, obj=None) -> bool:
    return may(MANAGE, user, obj)


def can_approve(user, obj=None) -> bool:
    return may(APPROVE, user, obj)
