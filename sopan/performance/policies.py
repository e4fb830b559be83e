"""Who may do what with vendor performance. Services enforce these; views only use them to decide what to show.

- the PPK (commitment_officer) records a contract by hand and assesses the contracts they are the PPK of, and sees
  those;
- the PA/KPA (budget_holder) sees the contracts of their agency;
- the UKPBJ (Kepala UKPBJ, Jabfung PPBJ, the data and analysis team, the coaching team: the SOP's "Tim UKPBJ") sees
  every contract of the organisation and the per-agency report;
- a vendor sees only its own company's assessments, on its own page (views_vendor.py), and nothing of the staff pages.
"""

from __future__ import annotations

import rules
from django.utils.translation import gettext_lazy as _

from sopan.accounts.policies import has_capability, in_same_organization, may
from sopan.core.modules import Capability

ASSESS = "performance.assess_contract"
VIEW_ALL = "performance.view_assessments"
VIEW_AGENCY = "performance.view_agency_assessments"
MANAGE_SETTINGS = "performance.manage_settings"

CAPABILITIES: tuple[Capability, ...] = (
    # SOP Pencatatan Kinerja Penyedia steps 1, 3–5: the PPK.
    Capability(ASSESS, _("Assess the performance of a contract's vendor"), ("commitment_officer",)),
    # Steps 5 and 7: the Tim UKPBJ receives and recapitulates the assessments; the Kepala UKPBJ follows them.
    Capability(
        VIEW_ALL,
        _("View every vendor performance assessment"),
        ("ukpbj_head", "procurement_specialist", "data_analysis_team", "coaching_team"),
    ),
    # Step 6: the PA/KPA follows their agency's assessments.
    Capability(VIEW_AGENCY, _("View the vendor performance assessments of one's own agency"), ("budget_holder",)),
    # The organisation's own figures where no regulation gives one (rules.py): the Kepala UKPBJ.
    Capability(MANAGE_SETTINGS, _("Set the vendor performance deadlines"), ("ukpbj_head",)),
)

for _capability in CAPABILITIES:
    rules.add_perm(_capability.code, has_capability(_capability.code) & in_same_organization)


def can_view_performance(user, obj=None) -> bool:
    """The staff pages at all: any of the three scopes."""
    return any(may(code, user, obj) for code in (ASSESS, VIEW_ALL, VIEW_AGENCY))


def can_manage_settings(user, organization=None) -> bool:
    return may(MANAGE_SETTINGS, user, organization)


def sees_all(user) -> bool:
    return may(VIEW_ALL, user)


def agency_ids_of(user) -> set[int]:
    """The units of the user's active assignments whose role grants VIEW_AGENCY (no query of its own)."""
    if not may(VIEW_AGENCY, user):
        return set()
    granted = {role.code: role.granted for role in user.roles}
    return {a.unit_id for a in user.active_assignments if VIEW_AGENCY in granted.get(a.role, ())}


def assessing_agency_ids(user) -> set[int]:
    """The units where the user is a PPK (the agencies of their hand-entered contracts)."""
    if not may(ASSESS, user):
        return set()
    granted = {role.code: role.granted for role in user.roles}
    return {a.unit_id for a in user.active_assignments if ASSESS in granted.get(a.role, ())}


def can_record_contract(user, organization=None) -> bool:
    return may(ASSESS, user, organization)


def is_contract_ppk(user, contract) -> bool:
    """The contract's PPK: the one named, else (no account named on the package) a PPK of the contract's agency."""
    if user is None or not user.is_authenticated:
        return False
    if contract.commitment_officer_id is not None:
        return contract.commitment_officer_id == user.pk
    return contract.agency_id in assessing_agency_ids(user)


def can_assess(user, contract) -> bool:
    return may(ASSESS, user, contract) and is_contract_ppk(user, contract)


def can_view_contract(user, contract) -> bool:
    if not in_same_organization(user, contract):
        return False
    if sees_all(user) or contract.agency_id in agency_ids_of(user):
        return True
    return may(ASSESS, user, contract) and is_contract_ppk(user, contract)


def may_assess(user) -> bool:
    return may(ASSESS, user)


# --- the vendor market (issue 18 §4, market.py): SOP Pengelolaan Penyedia's lanes, the KA UKPBJ, the Kasubag LPSE
# (mapped to the Kepala LPSE, as the SOP's catalogue does) and the Tim Pendataan dan Analisis.
VIEW_MARKET = "performance.view_market"
MARKET_CAPABILITIES: tuple[Capability, ...] = (
    Capability(VIEW_MARKET, _("View the vendor market per KBLI"), ("ukpbj_head", "lpse_head", "data_analysis_team")),
)
CAPABILITIES += MARKET_CAPABILITIES
for _capability in MARKET_CAPABILITIES:
    rules.add_perm(_capability.code, has_capability(_capability.code) & in_same_organization)


def can_view_market(user, organization=None) -> bool:
    return may(VIEW_MARKET, user, organization)


# --- blacklist sanction proposals (issue 18 §3; policies_sanctions.py has the helpers) ----------------------------
PROPOSE_SANCTION = "performance.propose_sanction"
REVIEW_SANCTION = "performance.review_sanction"
DECIDE_SANCTION = "performance.decide_sanction"
REPORT_SANCTION = "performance.report_sanction"
SANCTION_CAPABILITIES: tuple[Capability, ...] = (
    # SOP Pencatatan Kinerja Penyedia step 5: the PPK proposes; a Pokja member for an act in the selection.
    Capability(PROPOSE_SANCTION, _("Propose a blacklist sanction"), ("commitment_officer", "selection_group_member")),
    Capability(REVIEW_SANCTION, _("Review blacklist sanction proposals"), ("ukpbj_head",)),
    # Step 6: the PA/KPA of the agency imposes the sanction by an SK, or rejects the proposal.
    Capability(DECIDE_SANCTION, _("Decide on a blacklist sanction (SK)"), ("budget_holder",)),
    Capability(REPORT_SANCTION, _("Report an imposed blacklist sanction to LKPP"), ("budget_holder", "ukpbj_head")),
)
for _capability in SANCTION_CAPABILITIES:
    rules.add_perm(_capability.code, has_capability(_capability.code) & in_same_organization)
CAPABILITIES = CAPABILITIES + SANCTION_CAPABILITIES
