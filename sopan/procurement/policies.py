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


# --- viewing packages (issue 17 §6) -------------------------------------------------------------------------------
VIEW_PACKAGES = "procurement.view_packages"
VIEW_AGENCY_PACKAGES = "procurement.view_agency_packages"
VIEW_ASSIGNED_PACKAGES = "procurement.view_assigned_packages"

VIEW_CAPABILITIES: tuple[Capability, ...] = (
    # The UKPBJ follows every package of the organisation (SOP Persiapan Pemilihan Penyedia).
    Capability(VIEW_PACKAGES, _("View all procurement packages"), ("ukpbj_head", "procurement_specialist")),
    # The PPK and the PA/KPA follow their own agency's packages (SOP Persiapan Pengadaan).
    Capability(
        VIEW_AGENCY_PACKAGES,
        _("View the procurement packages of one's own agency"),
        ("commitment_officer", "budget_holder"),
    ),
    # A Pokja member follows the packages they are assigned to (SOP Proses Utama PBJ).
    Capability(VIEW_ASSIGNED_PACKAGES, _("View the procurement packages one selects for"), ("selection_group_member",)),
)
CAPABILITIES = (*CAPABILITIES, *VIEW_CAPABILITIES)

for _capability in VIEW_CAPABILITIES:
    rules.add_perm(_capability.code, has_capability(_capability.code) & in_same_organization)


def can_view_packages(user, obj=None) -> bool:
    """See the package list at all: any of the three scopes (all, own agency, assigned)."""
    return any(_may(code, user, obj) for code in (VIEW_PACKAGES, VIEW_AGENCY_PACKAGES, VIEW_ASSIGNED_PACKAGES))


def sees_all_packages(user) -> bool:
    return _may(VIEW_PACKAGES, user)


def agency_ids_of(user) -> set[int]:
    """The units of the user's active assignments whose role grants VIEW_AGENCY_PACKAGES (a PPK of DPUPR: DPUPR).
    From the assignments already loaded for the user's capabilities: no query of its own."""
    if not _may(VIEW_AGENCY_PACKAGES, user):
        return set()
    granted = {role.code: role.granted for role in user.roles}
    return {a.unit_id for a in user.active_assignments if VIEW_AGENCY_PACKAGES in granted.get(a.role, ())}


def sees_assigned_packages(user) -> bool:
    return _may(VIEW_ASSIGNED_PACKAGES, user)
