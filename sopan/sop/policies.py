"""Who may do what with SOPs and their cases. Services enforce these; views use them to decide what to show.

- Managing SOPs (import, edit drafts, submit, make effective, bind to procedures, copy): "sop.manage_sops".
- Approving (mengesahkan) a version: the role named in its identity block's "Disahkan Oleh" (approver_roles()).
- Starting a case: whoever may execute its first step, or an SOP manager.
- Completing a step: the person bound to its lane in the case, else anyone holding a role of the lane (or one that
  records the lane for an outside party, `recorded_by`), in the case's organisation. A lane with neither (an outside
  party such as Helpdesk LKPP) is recorded by whoever holds the case's work: the person whose completion opened the
  step, or the case's starter for its first step (the step is assigned to them); SOP managers when there is nobody.
- Reading a revision in preparation (draft, submitted, approved): SOP managers and its approvers only; versions in
  force (and superseded ones, which cases ran on) are for every member, and those in force are published to all.
- Seeing a case: those who hold one of its lanes (or record one for an outside party) and the holders of the role just
  above a lane's in the organisation's supervisor chain (accounts.supervisors, the one told when a step is late); SOP
  managers and those who see every case ("sop.view_compliance": auditors); and the people taking part (started it,
  bound to a lane, completed a step). Vendors' roles open nothing by themselves: every vendor holds them, so a vendor
  sees only the cases they take part in.
"""

from __future__ import annotations

import rules
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from sopan.accounts import roles, supervisors
from sopan.accounts.policies import has_capability, in_same_organization, is_authenticated
from sopan.core.modules import Capability
from sopan.sop import procedures
from sopan.sop.models import Case, CaseParticipant, SopVersion, StepRecord

PUBLIC_ROLES = frozenset(role.code for role in roles.CATALOGUE if role.side == roles.Side.PUBLIC)

CAPABILITIES: tuple[Capability, ...] = (
    Capability(
        "sop.manage_sops",
        _("Manage the organisation's SOPs: import, edit, submit, bind to procedures"),
        roles.ADMINISTRATORS,
    ),
    Capability(
        "sop.view_compliance",
        _("See every case and the SOP compliance report"),
        (*roles.ADMINISTRATORS, *roles.AUDITORS),
    ),
)
for _capability in CAPABILITIES:
    rules.add_perm(_capability.code, is_authenticated & has_capability(_capability.code) & in_same_organization)

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


def can_view_version(user, version) -> bool:
    """Whether the user may read a version the selectors found for them (their organisation's, or one in force)."""
    if version.status not in SopVersion.OPEN_STATUSES:
        return True
    return can_manage_sops(user, version) or can_approve_version(user, version)


def lane_roles(lane) -> frozenset[str]:
    """Roles that may complete a lane's steps: its executors and those who record for an outside party."""
    return frozenset(lane.roles) | frozenset(lane.recorded_by)


def lane_roles_text(definition) -> str:
    """Every role of a definition's lanes as SopVersion.lane_roles stores them: "|role|role|"."""
    codes = sorted(frozenset().union(*(lane_roles(lane) for lane in definition.lanes)))
    return f"|{'|'.join(codes)}|" if codes else ""


def incomplete_message(version) -> str | None:
    """Why a version cannot be submitted for approval, approved, made effective or run: a draft imported from an
    incomplete source still lists errors (issue 16 §2). None when it validates."""
    count = len(version.errors)
    if not count:
        return None
    return ngettext(
        "This SOP still has %(count)d problem to mend (listed on its page); edit it until it validates.",
        "This SOP still has %(count)d problems to mend (listed on its page); edit it until it validates.",
        count,
    ) % {"count": count}


def can_start_case(user, version) -> bool:
    """Whoever may execute its first step, or an SOP manager; nobody while the version still lists errors. A first
    step of an outside party nobody records for (no roles, no recorded_by) is recorded by whoever starts the case: any
    staff member may start it."""
    if not _member(user, version) or version.errors:
        return False
    definition = version.parsed
    start = definition.start_steps[0]
    roles = frozenset().union(*(lane_roles(definition.lane(key)) for key in start.lanes))
    if not roles and is_staff_member(user):
        return True
    return user.has_role(*roles) or can_manage_sops(user, version)


def can_complete_step(user, record) -> bool:
    """The person bound to the step's lane (its assignee), else anyone holding one of its roles. A step of an outside
    party nobody records for is assigned to the holder of the case's work when it opens (services.cases); opened by
    the system with nobody to hold it, SOP managers record it. Nobody completes by hand a step that a module records
    (a package's, a registration's: procedures.recorded_by)."""
    if not _member(user, record) or record.status != record.Status.OPEN:
        return False
    if procedures.recorded_by(record.case, record.step_key) is not None:
        return False  # its module's transition does it (procedures.recorded_by)
    if record.assignee_id is not None:
        return user.pk == record.assignee_id
    if not record.role_codes:
        return can_manage_sops(user, record)
    return user.has_role(*record.role_codes)


def is_staff_member(user) -> bool:
    return user.is_authenticated and user.requires_two_factor


def sees_every_case(user) -> bool:
    return can_manage_sops(user) or can_view_compliance(user)


def case_lane_codes(user) -> frozenset[str]:
    """The lane roles that open a case to the user: the staff roles they hold and the roles just below them in the
    organisation's supervisor chain."""
    held = frozenset(user.role_codes) - PUBLIC_ROLES
    if not held:
        return held
    return held | supervisors.supervised(supervisors.chain_for(user.organization_id), held)


def visible_cases(user) -> Q | None:
    """The cases of the user's organisation they may see, as one condition on Case (None: all of them). One rule
    for the list and for each case page, with a fixed number of indexed subqueries whatever the rows."""
    if sees_every_case(user):
        return None
    visible = (
        Q(started_by=user)
        | Q(pk__in=CaseParticipant.objects.filter(user=user).values("case_id"))
        | Q(pk__in=StepRecord.objects.filter(completed_by=user).values("case_id"))
    )
    lanes = Q()
    for code in sorted(case_lane_codes(user)):
        lanes |= Q(lane_roles__contains=f"|{code}|")
    if lanes:
        versions = SopVersion.objects.filter(organization_id=user.organization_id).filter(lanes)
        visible |= Q(version__in=versions.values("pk"))
    return visible


def can_view_case(user, case) -> bool:
    if not _member(user, case):
        return False
    visible = visible_cases(user)
    return visible is None or Case.objects.filter(pk=case.pk).filter(visible).exists()
