"""The workflow helper: a domain status machine as data (STYLE.md), whose transitions record their SOP steps.

    TICKET_FLOW = Workflow(
        field="status",
        transitions=[
            Transition("resolve", source=("in_progress",), target="resolved", allowed=can_resolve_ticket,
                       procedure="telephone_helpdesk", sop_steps=(StepDone("beri-solusi"),)),
        ],
    )
    TICKET_FLOW.apply(ticket, "resolve", by=user)   # inside the service's transaction

`apply` checks the source status, the permission and the guard, sets the status, saves, writes the audit event and
records the SOP steps on the object's case (sopan.sop.api) — all in the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sopan.core import audit


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


@dataclass
class Workflow:
    field: str
    transitions: list[Transition] = field(default_factory=list)
    audit_prefix: str = ""  # e.g. "helpdesk.ticket": events "<prefix>.<transition>"

    def get(self, name: str) -> Transition:
        for transition in self.transitions:
            if transition.name == name:
                return transition
        raise KeyError(name)

    def available(self, obj, user) -> list[Transition]:
        status = getattr(obj, self.field)
        return [t for t in self.transitions if status in t.source and (t.allowed is None or t.allowed(user, obj))]

    def apply(self, obj, name: str, *, by, organization=None, title: str = ""):
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError("Workflow.apply() must run inside the service's transaction.")
        transition = self.get(name)
        before = getattr(obj, self.field)
        if before not in transition.source:
            shown = getattr(obj, f"get_{self.field}_display", lambda: before)()
            raise TransitionNotAllowed(_("This cannot be done now: the status is %(status)s.") % {"status": shown})
        if transition.allowed is not None and by is not None and not transition.allowed(by, obj):
            raise PermissionDenied
        if transition.guard is not None and (problem := transition.guard(obj)):
            raise ValidationError(problem)
        setattr(obj, self.field, transition.target)
        obj.save()
        prefix = self.audit_prefix or f"{obj._meta.app_label}.{obj._meta.model_name}"
        audit.record(
            action=f"{prefix}.{transition.name}", by=by, target=obj, changes={self.field: [before, transition.target]}
        )
        if transition.sop_steps:
            from sopan.sop import api as sop_api

            sop_api.record_steps(
                subject=obj,
                organization=organization or obj.organization,
                procedure=transition.procedure,
                steps=transition.sop_steps,
                by=by,
                title=title,
                finish=transition.finish,
            )
        return obj
