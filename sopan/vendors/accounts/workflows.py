"""The status machines of a vendor account's lifecycle (issue 4 §3), as data for the workflow helper.

- `ACCOUNT_ACTION_FLOW`: a suspension, deactivation or reactivation follows the LKPP procedure for deactivating a
  vendor account: complaint or finding with evidence (`reported`) → examination by the Kepala LPSE (`examined`) →
  proposal (`proposed`) → decision, with LKPP's reference when LKPP acts (`decided`) → vendor informed
  (`informed`) → archived (`archived`). Until the decision it may be dropped.
- `CHANGE_REQUEST_FLOW`: a vendor's data change request is approved or rejected by a verifier, or withdrawn.
- `COMPANY_FLOW`: the account's own status — activated when its registration is approved, refused when the
  registration is rejected or expires, suspended, deactivated or reactivated when an account action is granted.

No SOP in the catalogue draws these procedures yet, so the transitions record no SOP steps; each one is audited by
its literal code (`vendors.account_action.examined`, `vendors.change_request.approved`, `vendors.company.activated`
…). The approval's SOP steps (12 "Ya", 14) are the registration's
(`vendors.workflows.REGISTRATION_FLOW`), so the company's activation records none of its own.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from sopan.core.workflow import Transition, Workflow
from sopan.vendors import policies
from sopan.vendors.models import AccountAction, ChangeRequest, Company

A = AccountAction.Stage
C = ChangeRequest.Status
K = AccountAction.Kind

# The account statuses each kind of action starts from (checked when it is reported and again when it is granted:
# the account may have moved on in between).
SOURCE_STATUSES = {
    K.SUSPEND: (Company.Status.ACTIVE,),
    K.DEACTIVATE: (Company.Status.ACTIVE, Company.Status.SUSPENDED),
    K.REACTIVATE: (Company.Status.SUSPENDED, Company.Status.DEACTIVATED),
}
TARGET_STATUS = {
    K.SUSPEND: Company.Status.SUSPENDED,
    K.DEACTIVATE: Company.Status.DEACTIVATED,
    K.REACTIVATE: Company.Status.ACTIVE,
}
OPEN_STAGES = (A.REPORTED, A.EXAMINED, A.PROPOSED)


def status_problem(kind: str, status: str) -> str | None:
    """Why an action of this kind cannot apply to an account in this status, or None."""
    if status in SOURCE_STATUSES[kind]:
        return None
    shown = Company.Status(status).label if status in Company.Status.values else status
    messages = {
        K.SUSPEND: _("Only an active account can be suspended; this account is %(status)s."),
        K.DEACTIVATE: _("Only an active or suspended account can be deactivated; this account is %(status)s."),
        K.REACTIVATE: _("Only a suspended or deactivated account can be reactivated; this account is %(status)s."),
    }
    return messages[kind] % {"status": str(shown).lower()}


def _can_decide(user, action) -> bool:
    return policies.can_decide_account(user, action.company)


def _can_follow_up(user, action) -> bool:
    return policies.can_report_account(user, action.company)


def _has_examination(action) -> str | None:
    return None if action.examination.strip() else _("Write down what the examination found.")


def _has_proposal(action) -> str | None:
    return None if action.proposal.strip() else _("Write down the proposal.")


def _decision_guard(action) -> str | None:
    if action.outcome not in AccountAction.Outcome.values:
        return _("Choose whether the action is carried out or declined.")
    if not action.decision_note.strip():
        return _("Write down the decision and its reasons; the vendor will be told.")
    if action.outcome == AccountAction.Outcome.GRANTED:
        if action.kind == K.DEACTIVATE and not action.external_reference.strip():
            return _(
                "Enter LKPP's reference (letter or ticket number) for the deactivation: a vendor account is "
                "deactivated only on LKPP's decision."
            )
        return status_problem(action.kind, action.company.status)
    return None


def _has_reason(action) -> str | None:
    return None if action.decision_note.strip() else _("Say why the action is dropped.")


ACCOUNT_ACTION_FLOW = Workflow(
    field="stage",
    transitions=[
        Transition(
            "examined",
            audit="vendors.account_action.examined",
            source=(A.REPORTED,),
            target=A.EXAMINED,
            allowed=_can_decide,
            guard=_has_examination,
        ),
        Transition(
            "proposed",
            audit="vendors.account_action.proposed",
            source=(A.EXAMINED,),
            target=A.PROPOSED,
            allowed=_can_decide,
            guard=_has_proposal,
        ),
        Transition(
            "decided",
            audit="vendors.account_action.decided",
            source=(A.PROPOSED,),
            target=A.DECIDED,
            allowed=_can_decide,
            guard=_decision_guard,
        ),
        Transition(
            "informed",
            audit="vendors.account_action.informed",
            source=(A.DECIDED,),
            target=A.INFORMED,
            allowed=_can_follow_up,
        ),
        Transition(
            "archived",
            audit="vendors.account_action.archived",
            source=(A.INFORMED,),
            target=A.ARCHIVED,
            allowed=_can_follow_up,
        ),
        Transition(
            "dropped",
            audit="vendors.account_action.dropped",
            source=OPEN_STAGES,
            target=A.DROPPED,
            allowed=_can_decide,
            guard=_has_reason,
        ),
    ],
)


def _can_verify(user, change_request) -> bool:
    return policies.can_verify(user, change_request)


def _is_requester(user, change_request) -> bool:
    return user.is_authenticated and change_request.company.admin_user_id == user.pk


CHANGE_REQUEST_FLOW = Workflow(
    field="status",
    transitions=[
        Transition(
            "approved",
            audit="vendors.change_request.approved",
            source=(C.SUBMITTED,),
            target=C.APPROVED,
            allowed=_can_verify,
        ),
        Transition(
            "rejected",
            audit="vendors.change_request.rejected",
            source=(C.SUBMITTED,),
            target=C.REJECTED,
            allowed=_can_verify,
        ),
        Transition(
            "withdrawn",
            audit="vendors.change_request.withdrawn",
            source=(C.SUBMITTED,),
            target=C.WITHDRAWN,
            allowed=_is_requester,
        ),
    ],
)


CS = Company.Status

# System moves (no labels, never buttons): the services that take them check who may act (the verifier's approval or
# rejection, the scheduler's expiry, the Kepala LPSE's granted decision).
COMPANY_FLOW = Workflow(
    field="status",
    transitions=[
        Transition("activate", source=(CS.REGISTERING,), target=CS.ACTIVE, audit="vendors.company.activated"),
        Transition("refuse", source=(CS.REGISTERING,), target=CS.REFUSED, audit="vendors.company.refused"),
        Transition(
            "suspend", source=SOURCE_STATUSES[K.SUSPEND], target=CS.SUSPENDED, audit="vendors.company.suspended"
        ),
        Transition(
            "deactivate",
            source=SOURCE_STATUSES[K.DEACTIVATE],
            target=CS.DEACTIVATED,
            audit="vendors.company.deactivated",
        ),
        Transition(
            "reactivate", source=SOURCE_STATUSES[K.REACTIVATE], target=CS.ACTIVE, audit="vendors.company.reactivated"
        ),
    ],
)
# The company's transition a granted account action takes.
COMPANY_TRANSITION = {K.SUSPEND: "suspend", K.DEACTIVATE: "deactivate", K.REACTIVATE: "reactivate"}
