"""Who may do what with a blacklist sanction proposal (issue 18 §3). Services enforce these; views only use them to
decide what to show.

- the PPK of a contract proposes from its poor assessment or from a finding on it; a member of a package's active
  Pokja Pemilihan proposes from a finding in the selection (false documents, collusion …);
- the UKPBJ (Kepala UKPBJ: REVIEW_SANCTION) reviews a proposal, or returns it to its proposer with a note;
- the PA/KPA of the proposal's agency (DECIDE_SANCTION in that unit) imposes it by an SK or rejects it;
- who holds REPORT_SANCTION (the PA/KPA of the agency, the Kepala UKPBJ) records its report to LKPP;
- the proposals are seen by those who see the agency's assessments (policies.py), their proposer and the deciders.
"""

from __future__ import annotations

from sopan.accounts.policies import may
from sopan.performance import policies
from sopan.performance.policies import DECIDE_SANCTION, PROPOSE_SANCTION, REPORT_SANCTION, REVIEW_SANCTION


def _units_granting(user, capability: str) -> set[int]:
    if not may(capability, user):
        return set()
    granted = {role.code: role.granted for role in user.roles}
    return {a.unit_id for a in user.active_assignments if capability in granted.get(a.role, ())}


def may_propose(user) -> bool:
    return may(PROPOSE_SANCTION, user)


def can_propose_for_contract(user, contract) -> bool:
    """The contract's PPK (policies.is_contract_ppk)."""
    return may(PROPOSE_SANCTION, user, contract) and policies.is_contract_ppk(user, contract)


def is_pokja_member(user, package) -> bool:
    return package.pokja_members.filter(pk=user.pk).exists()


def can_propose_for_package(user, package) -> bool:
    """A member of the package's active Pokja Pemilihan."""
    return may(PROPOSE_SANCTION, user, package) and is_pokja_member(user, package)


def can_review(user, proposal) -> bool:
    return may(REVIEW_SANCTION, user, proposal)


def can_resubmit(user, proposal) -> bool:
    return may(PROPOSE_SANCTION, user, proposal) and proposal.proposed_by_id == user.pk


def can_decide(user, proposal) -> bool:
    return may(DECIDE_SANCTION, user, proposal) and proposal.agency_id in _units_granting(user, DECIDE_SANCTION)


def can_report(user, proposal) -> bool:
    if not may(REPORT_SANCTION, user, proposal):
        return False
    return may(REVIEW_SANCTION, user) or proposal.agency_id in _units_granting(user, REPORT_SANCTION)


def sees_every_proposal(user) -> bool:
    return policies.sees_all(user) or may(REVIEW_SANCTION, user)


def agency_ids_seen(user) -> set[int]:
    """The agencies whose proposals the user sees besides their own: the PA/KPA's and the PPK's units."""
    return policies.agency_ids_of(user) | _units_granting(user, DECIDE_SANCTION)


def can_view_sanctions(user) -> bool:
    """The proposals' pages at all: those who see assessments, propose, review or decide."""
    codes = (PROPOSE_SANCTION, REVIEW_SANCTION, DECIDE_SANCTION)
    return policies.can_view_performance(user) or any(may(code, user) for code in codes)


def sees_only_sanctions(user) -> bool:
    """The proposals' pages without the vendor performance pages (a Pokja member): their own entry on the bar."""
    return can_view_sanctions(user) and not policies.can_view_performance(user)


def can_view_proposal(user, proposal) -> bool:
    if not policies.in_same_organization(user, proposal) or not can_view_sanctions(user):
        return False
    if sees_every_proposal(user) or proposal.proposed_by_id == user.pk:
        return True
    if proposal.agency_id in agency_ids_seen(user):
        return True
    return proposal.contract is not None and policies.can_view_contract(user, proposal.contract)
