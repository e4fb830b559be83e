"""The role catalogue: every role the seed documents name (DESIGN.md §1), with what each may do.

A role is code, not a table: the SOP lanes, the separation-of-duty rules and the permission rules refer to roles by
code, and the catalogue changes only with the code that uses it. A role grants *capabilities*; whether a capability
applies to a given object is decided by the predicate rules in `policies.py` (scoped by organisation).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Side(models.TextChoices):
    PUBLIC = "public", _("Public")
    LPSE = "lpse", _("LPSE")
    UKPBJ = "ukpbj", _("UKPBJ")
    OPD = "opd", _("Agency (OPD)")
    OVERSIGHT = "oversight", _("Oversight")


class Capability(models.TextChoices):
    MANAGE_ORGANIZATION = "manage_organization", _("Manage the organisation: settings, units, users and roles")
    VIEW_AUDIT = "view_audit", _("Search the organisation's audit trail")
    MANAGE_SOPS = "manage_sops", _("Manage the organisation's SOPs: import, edit, submit, bind to procedures")
    VIEW_COMPLIANCE = "view_compliance", _("See every case and the SOP compliance report")


@dataclass(frozen=True)
class Role:
    code: str
    label: Promise
    side: str
    # Staff roles must pass two-factor authentication at every login; vendors may opt in.
    staff: bool = True
    # Perangkat LPSE (Perwali Salatiga 41/2024 Pasal 5 ayat 1): subject to the Pasal 6 separation rule.
    lpse_personnel: bool = False
    capabilities: frozenset[str] = field(default_factory=frozenset)


_ADMIN = frozenset(
    {Capability.MANAGE_ORGANIZATION, Capability.VIEW_AUDIT, Capability.MANAGE_SOPS, Capability.VIEW_COMPLIANCE}
)
_AUDIT = frozenset({Capability.VIEW_AUDIT, Capability.VIEW_COMPLIANCE})

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
        capabilities=_ADMIN,
    ),
    Role("lpse_head", _("Head of LPSE (Kepala LPSE)"), Side.LPSE, lpse_personnel=True, capabilities=_ADMIN),
    Role(
        "system_admin",
        _("System administrator (Administrator Sistem)"),
        Side.LPSE,
        lpse_personnel=True,
        capabilities=_ADMIN,
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
    Role("ukpbj_head", _("Head of UKPBJ (Kepala UKPBJ)"), Side.UKPBJ, capabilities=_ADMIN),
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
        capabilities=_AUDIT,
    ),
    Role("ethics_committee", _("Ethics committee / clearing house (Komite Etik)"), Side.OVERSIGHT),
    Role("regional_head", _("Regional head (Wali Kota / Bupati)"), Side.OVERSIGHT),
    Role("auditor", _("Auditor (APIP)"), Side.OVERSIGHT, capabilities=_AUDIT),
)

# The next role up, told when a step of this role is overdue (SOP engine); roles not listed have no supervisor here.
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
    return ROLES[code]
