"""Who may do what with risks (SOP Pengelolaan Risiko, Kualifikasi Pelaksana; seed 001). Services enforce these;
views only use them to decide what to show.

- Pemilik Risiko (risk owners: PA/KPA, PPK, Kepala Bagian PBJ/Kepala UKPBJ, Pokja, Pejabat Pengadaan; for the LPSE's
  service risks the Kepala LPSE) identify, analyse, treat and report their risks (steps 1–9). An owner acts on the
  risks they own; the coordinator on every risk of the organisation.
- Koordinator (Kepala UKPBJ) consolidates, disposes, escalates, closes (steps 10, 11, 13, 14), keeps the criteria
  and the library.
- Komite (Sekretaris Daerah / Asisten; Komite Etik / Clearing House in the strategic SOP) decides escalations (12).

The register (/risiko/) is for these people; never for a vendor or the helpdesk agent.
"""

from __future__ import annotations

import rules
from django.utils.translation import gettext_lazy as _

from sopan.accounts.policies import has_capability, in_same_organization, may
from sopan.core.modules import Capability

VIEW = "risks.view_register"
OWN = "risks.own_risks"
COORDINATE = "risks.coordinate"
DECIDE = "risks.decide_escalation"

OWNERS = ("budget_holder", "commitment_officer", "ukpbj_head", "selection_group_member", "procurement_officer",
          "lpse_head")  # fmt: skip
CAPABILITIES: tuple[Capability, ...] = (
    Capability(VIEW, _("View the risk register"),
               (*OWNERS, "regional_secretary", "ethics_committee", "institutional_team", "lpse_coordinator")),
    Capability(OWN, _("Own and handle risks (Pemilik Risiko)"), OWNERS),
    Capability(COORDINATE, _("Coordinate risk management (Koordinator)"), ("ukpbj_head",)),
    Capability(DECIDE, _("Decide escalated risks (Komite)"), ("regional_secretary", "ethics_committee")),
)  # fmt: skip

for _capability in CAPABILITIES:
    rules.add_perm(_capability.code, has_capability(_capability.code) & in_same_organization)


def can_view_register(user, obj=None) -> bool:
    return any(may(c.code, user, obj) for c in CAPABILITIES)


def can_identify(user, obj=None) -> bool:
    """Record a new risk (the organisation, or none for the general question)."""
    return may(OWN, user, obj) or may(COORDINATE, user, obj)


def can_coordinate(user, obj=None) -> bool:
    return may(COORDINATE, user, obj)


def can_manage_risk(user, risk=None) -> bool:
    """The risk's owner (holding the owner capability), or the coordinator."""
    if risk is None or risk._meta.label != "risks.Risk":
        return can_identify(user, risk)
    if may(COORDINATE, user, risk):
        return True
    return may(OWN, user, risk) and risk.owner_id == user.pk


def can_decide_escalation(user, obj=None) -> bool:
    return may(DECIDE, user, obj)
