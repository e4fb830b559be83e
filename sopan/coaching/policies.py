"""Who may do what with coaching programmes (SOP Pembinaan Pelaku Usaha; issue 18 §5–6). Services enforce these;
views only use them to decide what to show.

The SOP's executors: the Kepala UKPBJ (steps 1 and 5), the Kasubag LPSE (steps 2–4 and 8; the catalogue has no role of
its own for it and maps it to the Kepala LPSE, `lpse_head`, as the SOP catalogue does) and the Tim Pembinaan
(steps 6–7, `coaching_team`). An organisation whose coaching team is one of its own roles gives that role the
capabilities under Administrasi → Peran.
"""

from __future__ import annotations

import rules
from django.utils.translation import gettext_lazy as _

from sopan.accounts.policies import has_capability, in_same_organization, may
from sopan.core.modules import Capability

VIEW_PROGRAMMES = "coaching.view_programmes"
MANAGE_PROGRAMMES = "coaching.manage_programmes"
APPROVE_PROGRAMME = "coaching.approve_programme"

CAPABILITIES: tuple[Capability, ...] = (
    Capability(
        VIEW_PROGRAMMES,
        _("View the coaching programmes"),
        ("ukpbj_head", "lpse_head", "coaching_team", "data_analysis_team"),
    ),
    # Plan, propose, schedule, invite, check in and report (SOP steps 2–4 and 6–8).
    Capability(MANAGE_PROGRAMMES, _("Run coaching programmes"), ("coaching_team", "lpse_head")),
    # The direction of the Kepala UKPBJ (SOP step 5).
    Capability(APPROVE_PROGRAMME, _("Approve coaching programmes"), ("ukpbj_head",)),
)

for _capability in CAPABILITIES:
    rules.add_perm(_capability.code, has_capability(_capability.code) & in_same_organization)


def can_view_programmes(user, obj=None) -> bool:
    """The coaching pages (/pembinaan/): who runs or approves programmes, and who follows them."""
    return any(may(code, user, obj) for code in (VIEW_PROGRAMMES, MANAGE_PROGRAMMES, APPROVE_PROGRAMME))


def can_manage_programme(user, obj=None) -> bool:
    return may(MANAGE_PROGRAMMES, user, obj)


def can_approve_programme(user, obj=None) -> bool:
    return may(APPROVE_PROGRAMME, user, obj)


def has_invitations(user) -> bool:
    """The entry "My invitations" on the bar: a vendor's administrator (their company's invitations)."""
    return bool(user.is_authenticated and user.has_role("vendor_admin"))
