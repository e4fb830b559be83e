"""The workflow helper: the one way a status changes (STYLE.md, issue 15 §3).

A domain's status machine is data: each transition names its source and target statuses, who may take it, what must
hold first, the SOP steps it completes and its literal audit code (past tense, greppable):

    TICKET_FLOW = Workflow(
        field="status",
        transitions=[
            Transition("resolve", source=("in_progress",), target="resolved", allowed=can_resolve_ticket,
                       guard=has_resolution, procedure="telephone_helpdesk", sop_steps=(StepDone("beri-solusi"),),
                       audit="helpdesk.ticket.resolved", label=_("Resolve")),
        ],
    )

    @transaction.atomic
    def ticket_resolve(*, ticket, resolution, seen_version=None, by):
        ticket = workflow.locked(Ticket, ticket.pk, seen_version=seen_version)   # row lock + "someone changed it"
        ticket.resolution = resolution
        return TICKET_FLOW.apply(ticket, "resolve", by=by)

`apply` checks the source status, the permission and the guard (and, given `seen_version`, that the row is still the
one the person saw), sets the status, raises `version` when the model has one, saves, writes the audit event and has
the SOP steps recorded (the `steps_done` hook of `sopan.core.modules`: the SOP engine answers it) — all in the caller's
transaction. `available(obj, user)` gives the transitions a page offers as buttons (`core/workflow_views.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from sopan.core import audit, modules

STALE = "stale"  # the code of the ValidationError raised when the row changed since the person saw it


class TransitionNotAllowed(ValidationError):
    """The object is not in a status the transition starts from."""


@dataclass(frozen=True)
class Transition:
    name: str
    source: Sequence[str]
    target: str
    allowed: Callable[..., bool] | None = None  # (user, obj) -> bool; None: anyone (e.g. the public form)
    guard: Callable[..., str | None] | None = None  # (obj) -> an error message, or None when the transition may go
    procedure: str = ""
    sop_steps: Sequence = ()  # sopan.sop.api.StepDone items
    finish: bool = False  # the subject's procedure ends here: its case is completed (the end terminator recorded)
    # The literal audit code, "<app>.<noun>.<past-verb>", e.g. "helpdesk.ticket.resolved". Empty: the move writes no
    # event of its own (bookkeeping another event already tells, e.g. the steps skipped inside a case's cancellation).
    audit: str = ""
    label: Any = ""  # the button's words; a transition without a label is never offered as a button (system moves)
    style: str = "btn-primary"  # the button's Bootstrap class
    html_id: str = ""  # the button's id (pages and journeys find it by that); default "transition-<name>"


def stale_error(message: Any = None) -> ValidationError:
    """The refusal of a change made on an outdated view of the row (code "stale": views show the fresh page)."""
    return ValidationError(
        message or _("Someone else changed this while you were looking at it. Reload the page and check again."),
        code=STALE,
    )


def version_field(model) -> str | None:
    """The name of the model's optimistic-lock counter (an integer `version`), or None when it has none."""
    try:
        found = model._meta.get_field("version")
    except FieldDoesNotExist:
        return None
    return "version" if isinstance(found, models.IntegerField) else None  # not e.g. an SOP case's `version` key


def check_version(obj, seen_version, message: Any = None, *, field: str | None = None, required: bool = False) -> None:
    """Refuse (code "stale") when `seen_version` is given and the row's version is no longer it. `field`: the counter
    when it is not named `version`; `required`: a missing `seen_version` is refused too (a form that must carry it)."""
    name = field or version_field(type(obj))
    if name is None:
        return
    if seen_version in (None, ""):
        if required:
            raise stale_error(message)
        return
    try:
        seen = int(seen_version)
    except (TypeError, ValueError):
        raise stale_error(message) from None
    if getattr(obj, name) != seen:
        raise stale_error(message)


def locked(model, pk, *, seen_version=None, organization=None, message: Any = None, related: Sequence[str] = ()):
    """The row, locked for the caller's transaction (`select_for_update`), refused as stale when it changed since
    the person saw `seen_version`. `organization`: only a row of that organisation (else DoesNotExist)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("workflow.locked() must run inside the service's transaction.")
    rows = model._default_manager.select_for_update(of=("self",)).select_related(*related)
    if organization is not None:
        rows = rows.filter(organization=organization)
    row = rows.get(pk=pk)
    check_version(row, seen_version, message)
    return row


@dataclass
class Workflow:
    field: str
    transitions: list[Transition] = field(default_factory=list)
    wrong_status: Any = None  # the message when the source status does not match, with %(status)s
    stale_message: Any = None  # the message of a stale `seen_version`; default stale_error()'s

    def __post_init__(self):
        names = [t.name for t in self.transitions]
        if len(names) != len(set(names)):
            raise ValueError(f"duplicate transition names in {names}")

    def get(self, name: str) -> Transition:
        for transition in self.transitions:
            if transition.name == name:
                return transition
        raise KeyError(name)

    def available(self, obj, user) -> list[Transition]:
        """The transitions the user may take from the object's status now (the guard is checked when taken)."""
        status = getattr(obj, self.field)
        return [t for t in self.transitions if status in t.source and (t.allowed is None or t.allowed(user, obj))]

    def audit_code(self, transition: Transition, obj) -> str:
        """The transition's event code, literal and past tense; "" when it writes no event of its own."""
        return transition.audit

    def check(self, obj, name: str, *, by, seen_version=None) -> Transition:
        """Raise what `apply` would refuse (stale row, wrong status, permission, guard); a service calls it before
        work that must not happen for a refused transition (e.g. taking a number)."""
        transition = self.get(name)
        check_version(obj, seen_version, self.stale_message)
        status = getattr(obj, self.field)
        if status not in transition.source:
            shown = getattr(obj, f"get_{self.field}_display", lambda: status)()
            message = self.wrong_status or _("This cannot be done now: the status is %(status)s.")
            raise TransitionNotAllowed(message % {"status": shown})
        if transition.allowed is not None and by is not None and not transition.allowed(by, obj):
            raise PermissionDenied
        if transition.guard is not None and (problem := transition.guard(obj)):
            raise ValidationError(problem)
        return transition

    def apply(
        self,
        obj,
        name: str,
        *,
        by,
        organization=None,
        title: str = "",
        seen_version=None,
        changes: Mapping[str, Any] | None = None,
        update_fields: Sequence[str] | None = None,
        event_target=None,
    ):
        """Take the transition `name` on `obj` (the caller's locked row) and save it. `changes`: more facts for the
        audit event, beside the status change. `update_fields`: save only these fields besides the status (and the
        version), for hot paths; None saves the whole row. `event_target`: file the event on another row (a step's
        completion is told on its case); such an event carries only `changes`, since `obj`'s status is not that
        row's."""
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError("Workflow.apply() must run inside the service's transaction.")
        transition = self.check(obj, name, by=by, seen_version=seen_version)
        before = getattr(obj, self.field)
        setattr(obj, self.field, transition.target)
        counter = version_field(type(obj))
        if counter:
            setattr(obj, counter, getattr(obj, counter) + 1)
        counted = [counter] if counter else []
        obj.save(update_fields=None if update_fields is None else [self.field, *counted, *update_fields])
        if code := self.audit_code(transition, obj):
            status_change = {} if event_target is not None else {self.field: [before, transition.target]}
            audit.record(
                action=code,
                by=by,
                target=obj if event_target is None else event_target,
                changes={**status_change, **(changes or {})},
            )
        if transition.sop_steps:
            recorded = modules.call(
                "steps_done",
                subject=obj,
                organization=organization or obj.organization,
                procedure=transition.procedure,
                steps=transition.sop_steps,
                by=by,
                title=title,
                finish=transition.finish,
            )
            if not recorded:  # a trace lost without a word would be worse than a refused change
                raise RuntimeError("No installed app records SOP steps (the `steps_done` hook).")
        return obj
