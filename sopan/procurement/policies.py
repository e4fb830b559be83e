"""Who may do what with procurement packages. Services enforce these; views only use them to decide what to show."""

from __future__ import annotations

import rules
from django.utils.translation import gettext_lazy as _

from sopan.accounts.policies import has_capability, in_same_organization
from sopan.core.modules import Capability

IMPORT_RUP = "procurement.import_rup"

CAPABILITIES: tuple[Capability, ...] = (
    # The UKPBJ keeps the organisation's package list in step with SiRUP (SOP Perencanaan Pengadaan).
    Capability(IMPORT_RUP, _("Import RUP packages from a SiRUP export"), ("ukpbj_head", "procurement_specialist")),
)

for _capability in CAPABILITIES:
    rules.add_perm(_capability.code, has_capability(_capability.code) & in_same_organization)


def _may(perm: str, user, obj=None) -> bool:
    """The rule itself, without Django's superuser shortcut: a superuser holds no role here."""
    if user is None or not (user.is_authenticated and user.is_active):
        return False
    return rules.has_perm(perm, user, obj)


def can_import_rup(user, organization=None) -> bool:
    """Import a SiRUP export into `organization`: the Kepala UKPBJ and the Jabfung PPBJ of that organisation."""
    return _may(IMPORT_RUP, user, organization)
