"""The status machine of a change request (Standar Pengelolaan Perubahan): requested → approved or rejected →
implemented → rolled back when it goes wrong. No SOP of the seeds draws it, so its transitions record no SOP step;
each writes its literal audit event. Who decides is never who requested (services.changes.change_approve)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sopan.core.workflow import Transition, Workflow
from sopan.standards import policies
from sopan.standards.models import ChangeRequest

S = ChangeRequest.Status


def _decider(user, change) -> bool:
    return policies.can(policies.DECIDE_CHANGE, user, change)


def _implementer(user, change) -> bool:
    return policies.can(policies.IMPLEMENT_CHANGE, user, change)


CHANGE_FLOW = Workflow(
    field="status",
    transitions=[
        Transition(
            "approve",
            source=[S.REQUESTED],
            target=S.APPROVED,
            allowed=_decider,
            audit="standards.change.approved",
            label=_("Approve"),
            style="btn-success",
        ),
        Transition(
            "reject",
            source=[S.REQUESTED],
            target=S.REJECTED,
            allowed=_decider,
            audit="standards.change.rejected",
            label=_("Reject"),
            style="btn-outline-danger",
        ),
        Transition(
            "implement",
            source=[S.APPROVED],
            target=S.IMPLEMENTED,
            allowed=_implementer,
            audit="standards.change.implemented",
            label=_("Mark implemented"),
        ),
        Transition(
            "roll_back",
            source=[S.IMPLEMENTED],
            target=S.ROLLED_BACK,
            allowed=_implementer,
            audit="standards.change.rolled_back",
            label=_("Roll back"),
            style="btn-outline-danger",
        ),
    ],
)
