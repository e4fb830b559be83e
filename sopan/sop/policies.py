"""Who may do what with SOPs and their cases. Services enforce these; views use them to decide what to show.

- Managing SOPs (import, edit drafts, submit, make effective, bind to procedures, copy): MANAGE_SOPS.
- Approving (mengesahkan) a version: the role named in its identity block's "Disahkan Oleh" (approver_roles()).
- Starting a case: whoever may execute its first step, or an SOP manager.
- Completing a step: the person bound to its lane in the case, else anyone holding a role of the lane (or one that
  records the lane for an outside party, `recorded_by`), in the case's organisation.
- Seeing cases: staff of the organisation; others (vendors) only the cases they take part in.
"""

from __future__ import annotations

import rules

from sopan.accounts.policies import has_capability, in_same_organization, is_authenticated
from sopan.accounts.roles import Capability

rules.add_perm("sop.manage_sops", is_authenticated & has_capability(Capability.MANAGE_SOPS) & in_same_organization)
rules.add_perm(
    "sop.view_compliance", is_authenticated & has_capability(Capability.VIEW_COMPLIANCE) & in_same_organization
)

# "Disahkan Oleh" as printed → the roles that hold that position. The first match wins.
APPROVER_POSITIONS: tuple[tuple[tuple[str, ...], frozenset[str]], ...] = (
    (("sekretaris daerah", "sekda", "asisten"), frozenset({"regional_secretary"})),
    (("wali kota", "walikota", "bupati"), frozenset({"regional_head"})),
    (("koordinator lpse",), frozenset({"lpse_coordinator"})),
    (("lpse",), frozenset({"lpse_head", "lpse_coordinator"})),
    (("ukpbj", "pengadaan barang"), frozenset({"ukpbj_head"})),
)
DEFAULT_APPROVERS = frozenset({"ukpbj_head", "lpse_head"})


def approver_roles(position: str) -> frozenset[str]:
    text = " ".join(position.lower().split())
    for words, codes in APPROVER_POSITIONS:
        if any(word in text for word in words):
            return codes
    return DEFAULT_APPROVERS


def _member(user, obj) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active and in_same_organization(user, obj))


def can_view_sops(user, obj=None) -> bool:
    return _member(user, obj)


def can_manage_sops(user, obj=None) -> bool:
    return user is not None and user.has_perm("sop.manage_sops", obj)


def can_view_compliance(user, obj=None) -> bool:
    return user is not None and user.has_perm("sop.view_compliance", obj)


def can_approve_version(user, version) -> bool:
    position = version.parsed.identity.approved_by.position
    return _member(user, version) and user.has_role(*approver_roles(position))


def lane_roles(lane) -> frozenset[str]:
    """Roles that may complete a lane's steps: its executors and those who record for an outside party."""
    return frozenset(lane.roles) | frozenset(lane.recorded_by)


def can_start_case(user, version) -> bool:
    if not _member(user, version):
        return False
    definition = version.parsed
    start = definition.start_steps[0]
    roles = frozenset().union(*(lane_roles(definition.lane(key)) for key in start.lanes))
    return user.has_role(*roles) or can_manage_sops(user, version)


def can_complete_step(user, record) -> bool:
    """The person bound to the step's lane (its assignee), else anyone holding one of its roles."""
    if not _member(user, record) or record.status != record.Status.OPEN:
        return False
    if record.assignee_id is not None:
        return user.pk == record.assignee_id
    return user.has_role(*record.role_codes)


def is_staff_member(user) -> bool:
    return user.is_authenticated and user.requires_two_factor


def can_view_case(user, case) -> bool:
    if not _member(user, case):
        return False
    if is_staff_member(user):
        return True
    return (
        case.started_by_id == user.pk
        or case.participants.filter(user=user).exists()
        or case.steps.filter(completed_by=user).exists()
    )
