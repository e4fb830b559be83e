"""Writes of change requests: request, approve, reject, implement, roll back. One transaction each, the permission
first, the row locked on the version the person saw."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sopan.accounts.policies import require
from sopan.core import audit
from sopan.core.workflow import locked
from sopan.standards import policies
from sopan.standards.models import ChangeRequest
from sopan.standards.workflows import CHANGE_FLOW

FIELDS = ("title", "description", "impact", "rollback_plan", "planned_on")


@transaction.atomic
def change_request(
    *, organization, by, title: str, description: str, rollback_plan: str, impact: str = "medium", planned_on=None
) -> ChangeRequest:
    """A change requested with its reason and the plan to undo it."""
    require(policies.can(policies.REQUEST_CHANGE, by, organization) and by.organization_id == organization.pk)
    change = ChangeRequest(
        organization=organization,
        title=title.strip(),
        description=description.strip(),
        rollback_plan=rollback_plan.strip(),
        impact=impact,
        planned_on=planned_on,
        requested_by=by,
    )
    change.full_clean(exclude=["organization", "requested_by"])
    change.save()
    audit.record(
        action="standards.change.requested",
        by=by,
        target=change,
        changes=audit.changes_between({}, audit.snapshot(change, FIELDS)),
    )
    return change


def _note(data) -> str:
    return ((data or {}).get("note") or "").strip()


@transaction.atomic
def change_approve(change: ChangeRequest, *, by, seen_version=None, data=None) -> ChangeRequest:
    """Approved by someone other than its requester: a change approved by who asked for it is refused."""
    change = locked(ChangeRequest, change.pk, seen_version=seen_version)
    require(policies.can(policies.DECIDE_CHANGE, by, change))
    if change.requested_by_id == by.pk:
        raise ValidationError(
            _("You requested this change, so you cannot approve it: someone else must decide on it."),
            code="own_change",
        )
    change.decided_by, change.decided_at, change.decision_note = by, timezone.now(), _note(data)
    return CHANGE_FLOW.apply(change, "approve", by=by, changes={"decision_note": ["", change.decision_note]})


@transaction.atomic
def change_reject(change: ChangeRequest, *, by, seen_version=None, data=None) -> ChangeRequest:
    change = locked(ChangeRequest, change.pk, seen_version=seen_version)
    require(policies.can(policies.DECIDE_CHANGE, by, change))
    note = _note(data)
    if not note:
        raise ValidationError(_("Write why the change is rejected."), code="note")
    change.decided_by, change.decided_at, change.decision_note = by, timezone.now(), note
    return CHANGE_FLOW.apply(change, "reject", by=by, changes={"decision_note": ["", note]})


@transaction.atomic
def change_implement(change: ChangeRequest, *, by, seen_version=None, data=None) -> ChangeRequest:
    change = locked(ChangeRequest, change.pk, seen_version=seen_version)
    change.implemented_at = timezone.now()
    return CHANGE_FLOW.apply(change, "implement", by=by)


@transaction.atomic
def change_roll_back(change: ChangeRequest, *, by, seen_version=None, data=None) -> ChangeRequest:
    """Undone by its rollback plan, with the reason."""
    change = locked(ChangeRequest, change.pk, seen_version=seen_version)
    reason = _note(data)
    if not reason:
        raise ValidationError(_("Write why the change is rolled back."), code="note")
    change.rolled_back_at, change.rollback_reason = timezone.now(), reason
    return CHANGE_FLOW.apply(change, "roll_back", by=by, changes={"rollback_reason": ["", reason]})


SERVICES = {
    "approve": change_approve,
    "reject": change_reject,
    "implement": change_implement,
    "roll_back": change_roll_back,
}
