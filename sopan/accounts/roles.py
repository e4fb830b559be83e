"""The role catalogue: every role the seed documents name (DESIGN.md §1), with what each may do.

The catalogue is code: the SOP lanes, the separation-of-duty rules and the permission rules refer to roles by code.
An organisation adds its own roles and teams as data (models.OrganizationRole), with codes that never clash with these.
A role grants *capabilities*: each app declares its own in its `policies.CAPABILITIES` with the catalogue roles that
hold them by default (`capabilities_of`); whether a capability applies to a given object is decided by the predicate
rules in the apps' `policies.py` (scoped by organisation).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sopan.core import modules


class Side(models.TextChoices):
    PUBLIC = "public", _("Public")
    LPSE = "lpse", _("LPSE")
    UKPBJ = "ukpbj", _("UKPBJ")
    OPD = "opd", _("Agency (OPD)")
    OVERSIGHT = "oversight", _("Oversight")


class Capability(models.TextChoices):
    """The capabilities of the accounts context (declared with their default roles in accounts.policies)."""

    MANAGE_ORGANIZATION = (
        "accounts.manage_organization",
        _("Manage the organisation: settings, units, users and roles"),
    )
    VIEW_AUDIT = "accounts.view_audit", _("Search the organisation's audit trail")


@dataclass(frozen=True)
class Role:
    code: str
    label: Promise
    side: str
    # Staff roles must pass two-factor authentication at every login; vendors may opt in.
    staff: bool = True
    # Perangkat LPSE (Perwali Salatiga 41/2024 Pasal 5 ayat 1): subject to the Pasal 6 separation rule.
    lpse_personnel: bool = False
    # An organisation's own role carries its capabilities; the catalogue's come from the apps' declarations.
    capabilities: frozenset[str] = field(default_factory=frozenset)
    own: bool = False

    @property
    def granted(self) -> frozenset[str]:
        """The capabilities this role grants."""
        return self.capabilities if self.own else capabilities_of(self.code)


# The catalogue roles that administer the organisation and its SOPs, and those who audit it (the default holders of
# the accounts and sop contexts' capabilities, declared in their policies.CAPABILITIES).
ADMINISTRATORS = ("lpse_coordinator", "lpse_head", "system_admin", "ukpbj_head")
AUDITORS = ("regional_secretary", "auditor")

CATALOGUE: tuple[Role, ...] = (
    # Public side
    Role("vendor_admin", _("Vendor administrator (Admin Penyedia)"), Side.PUBLIC, staff=False),
    Role("vendor_user", _("Vendor (Pelaku Usaha)"), Side.PUBLIC, staff=False),
    # LPSE (Perwali Salatiga 41/2024 Pasal 5, annex 2.3)
    Role(
        "lpse_coordinator",
        _("LPSE coordinator (Koordinator LPSE)"),
        Side.LPSE,
        lpse_personnel=True,
    ),
    Role("lpse_head", _("Head of LPSE (Kepala LPSE)"), Side.LPSE, lpse_personnel=True),
    Role(
        "system_admin",
        _("System administrator (Administrator Sistem)"),
        Side.LPSE,
        lpse_personnel=True,
    ),
    Role("verifier", _("Verifier (Verifikator)"), Side.LPSE, lpse_personnel=True),
    Role(
        "registration_officer",
        _("Registration officer (Petugas Registrasi / Front Office)"),
        Side.LPSE,
        lpse_personnel=True,
    ),
    Role("helpdesk_agent", _("Helpdesk agent (Layanan Dukungan)"), Side.LPSE, lpse_personnel=True),
    Role(
        "service_support_officer",
        _("Service support officer (Pengelola Pendukung Layanan)"),
        Side.LPSE,
        lpse_personnel=True,
    ),
    # UKPBJ
    Role("ukpbj_head", _("Head of UKPBJ (Kepala UKPBJ)"), Side.UKPBJ),
    Role("procurement_specialist", _("Procurement specialist (Jabfung PPBJ)"), Side.UKPBJ),
    Role("selection_group_member", _("Selection working group member (Pokja Pemilihan)"), Side.UKPBJ),
    Role("data_analysis_team", _("Data and analysis team (Tim Pendataan dan Analisis)"), Side.UKPBJ),
    Role("coaching_team", _("Vendor coaching team (Tim Pembinaan)"), Side.UKPBJ),
    Role("institutional_team", _("Institutional management team (Tim Pengelolaan Kelembagaan)"), Side.UKPBJ),
    # Agencies (OPD)
    Role("budget_holder", _("Budget user / proxy (PA/KPA)"), Side.OPD),
    Role("commitment_officer", _("Commitment officer (PPK)"), Side.OPD),
    Role("procurement_officer", _("Procurement officer (Pejabat Pengadaan)"), Side.OPD),
    Role("performance_officer", _("Performance officer (Penanggung Jawab Kinerja)"), Side.OPD),
    # Oversight
    Role(
        "regional_secretary",
        _("Regional secretary / assistant (Sekretaris Daerah / Asisten)"),
        Side.OVERSIGHT,
    ),
    Role("ethics_committee", _("Ethics committee / clearing house (Komite Etik)"), Side.OVERSIGHT),
    Role("regional_head", _("Regional head (Wali Kota / Bupati)"), Side.OVERSIGHT),
    Role("auditor", _("Auditor (APIP)"), Side.OVERSIGHT),
)

# The next role up (the default supervisor chain; an organisation may set its own, accounts.supervisors): told when a
# step of this role is overdue (SOP engine) and the next desk of a ticket at risk (helpdesk). The Kepala LPSE reports to
# the Koordinator LPSE (Perwali Salatiga 41/2024 annex 2.4 b), so the LPSE's staff go to the Kepala first.
SUPERVISORS: dict[str, str] = {
    **dict.fromkeys(
        ("verifier", "registration_officer", "helpdesk_agent", "service_support_officer", "system_admin"), "lpse_head"
    ),
    "lpse_head": "lpse_coordinator",
    "lpse_coordinator": "ukpbj_head",
    **dict.fromkeys(
        (
            "procurement_specialist",
            "selection_group_member",
            "data_analysis_team",
            "coaching_team",
            "institutional_team",
        ),
        "ukpbj_head",
    ),
    "ukpbj_head": "regional_secretary",
    **dict.fromkeys(("commitment_officer", "procurement_officer", "performance_officer"), "budget_holder"),
    "budget_holder": "regional_secretary",
    "regional_secretary": "regional_head",
}

ROLES: dict[str, Role] = {role.code: role for role in CATALOGUE}
CHOICES: list[tuple[str, Promise]] = [(role.code, role.label) for role in CATALOGUE]
LPSE_PERSONNEL: frozenset[str] = frozenset(role.code for role in CATALOGUE if role.lpse_personnel)


def get(code: str) -> Role:
    """A catalogue role; a code outside the catalogue (an organisation's own role, which needs its organisation:
    models.role_of) reads as itself and grants nothing here, rather than failing a page."""
    return ROLES.get(code) or Role(code, code, "", own=True)


@modules.derived
def _capabilities_by_role() -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = {}
    for capability in modules.each("capabilities"):
        for code in capability.roles:
            found.setdefault(code, set()).add(capability.code)
    return {code: frozenset(codes) for code, codes in found.items()}


def capabilities_of(code: str) -> frozenset[str]:
    """The capabilities a catalogue role holds by default: those the installed apps declare for it."""
    return _capabilities_by_role().get(code, frozenset())
