"""The SOP engine as seen by domain modules (vendors, helpdesk, …): record that a transition completed SOP steps.

A domain object (a registration, a ticket) is the *subject* of one case per procedure. The module names steps by their
stable key, never by printed number, so an organisation may adopt, renumber or extend the SOP:

    from sopan.sop import api as sop_api

    @transaction.atomic
    def registration_approve(*, registration, by):
        ...
        sop_api.record_steps(
            subject=registration,
            organization=registration.organization,
            procedure="vendor_registration",
            steps=[sop_api.StepDone("setujui")],
            by=by,
        )

Usually this is done for you by `core.workflow.Workflow.apply`, whose transitions name their `sop_steps` (through
the kernel's `steps_done` hook, answered by `record_steps_hook`).

- The case is started on the organisation's SOP bound to the procedure (ProcedureBinding) the first time a step is
  recorded; it stays on that version even when a newer one takes effect.
- The SOP must have every step key the procedure needs, else `ProcedureNotReady` names the missing keys.
- A step that is open is completed (a decision with the exit given). A step that is not open (the subject moved on by
  a path the flowchart does not draw, e.g. a rejection at the desk) is recorded all the same: the steps open until then
  are closed as skipped, the named step is recorded as done, and the case continues from it.
- A step the organisation's SOP does not draw is left out, unless the procedure needs it (then the SOP could not
  have been bound): the module may name the finer steps of the reference SOP (e.g. the vendor's own steps 2–7).
- Everything happens in the caller's transaction: the domain change and its SOP trace commit or roll back together.

To show a subject's progress (its cases drawn on their SOPs' flowcharts, the steps done, the late ones), a module's
page calls `progress_of(subject, …, user=request.user)` (one fixed set of queries for any number of subjects) and
includes `sop/_subject_progress.html` (`progress.py`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sopan.core import audit
from sopan.core.selectors import calendar_for
from sopan.sop import procedures, rollup, workflows
from sopan.sop.models import Case, CaseParticipant, ProcedureBinding, SopVersion, StepRecord
from sopan.sop.progress import CaseProgress, StepLine, progress_of
from sopan.sop.services import cases

__all__ = [
    "CaseProgress",
    "ProcedureNotReady",
    "StepDone",
    "StepLine",
    "case_for",
    "close_case",
    "progress_of",
    "record_steps",
    "record_steps_hook",
    "version_for",
]


class ProcedureNotReady(ValidationError):
    """The organisation has no SOP in force for the procedure, or that SOP lacks steps the procedure needs."""


@dataclass(frozen=True)
class StepDone:
    key: str
    exit: str = ""  # for a decision: the label of the exit taken ("Ya", "Tidak", "a" …)
    note: str = ""
    justification: str = ""


def version_for(*, organization, procedure: str) -> SopVersion:
    """The effective version of the SOP the organisation bound to `procedure`, checked for the needed steps."""
    label = procedures.get(procedure).label
    binding = (
        ProcedureBinding.objects.filter(organization=organization, procedure=procedure).select_related("sop").first()
    )
    version = binding and binding.sop.versions.filter(status=SopVersion.Status.EFFECTIVE).first()
    if not version:
        raise ProcedureNotReady(
            _("No SOP in force serves the procedure %(procedure)s here yet: choose one under SOP → Procedures.")
            % {"procedure": label}
        )
    missing = procedures.missing_steps(procedure, version.parsed.step_keys)
    if missing:
        raise ProcedureNotReady(
            _("The SOP %(sop)s cannot serve %(procedure)s: it lacks the step(s) %(keys)s.")
            % {"sop": version.title, "procedure": label, "keys": ", ".join(missing)}
        )
    return version


def case_for(subject, *, procedure: str) -> Case | None:
    content_type = ContentType.objects.get_for_model(subject)
    return Case.objects.filter(subject_type=content_type, subject_id=str(subject.pk), procedure=procedure).first()


def record_steps(
    *, subject, organization, procedure: str, steps: Iterable[StepDone], by, title: str = "", finish: bool = False
) -> Case:
    """Record the steps on the subject's case (started on first use). Must run inside the caller's transaction.

    `finish`: the subject's procedure is over (e.g. archived): the end terminators the flow has reached are recorded
    too, whatever the organisation's SOP calls them, so the case completes."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_steps() must run inside the domain service's transaction.")
    case = _locked_case(subject=subject, organization=organization, procedure=procedure, title=title)
    definition = case.version.parsed
    drawn = set(definition.step_keys)
    with rollup.tracking(case):
        for done in steps:
            if done.key in drawn:
                _record_step(case, definition, done, procedure=procedure, by=by)
        if finish:
            _complete_ends(case, definition, by=by)
    return case


def _locked_case(*, subject, organization, procedure: str, title: str) -> Case:
    """The subject's case for the procedure, started on first use, locked."""
    case = case_for(subject, procedure=procedure)
    if case is None:
        version = version_for(organization=organization, procedure=procedure)
        case = cases.case_start(
            version=version, title=title or str(subject), by=None, subject=subject, procedure=procedure
        )
    return Case.objects.select_for_update().get(pk=case.pk)


def _record_step(case: Case, definition, done: StepDone, *, procedure: str, by) -> None:
    """Complete one step the module did, jumping to it if the flow has not reached it."""
    step = definition.step(done.key)
    record = StepRecord.objects.filter(case=case, step_key=done.key, status=StepRecord.Status.OPEN).first()
    if record is None:
        record = _jump_to(case, step, definition, by)
    record = StepRecord.objects.select_for_update().get(pk=record.pk)
    justification = done.justification
    if not justification and record.due_at is not None and timezone.now() > record.due_at:
        # The module did the step after its standard: say so, so the deviation is accounted for and reported.
        justification = _("Recorded late by the %(procedure)s module.") % {"procedure": procedures.get(procedure).label}
    cases._complete(
        case,
        record,
        step,
        definition,
        by=by,
        exit_label=done.exit,
        checklist=list(step.requirements),
        note=done.note,
        justification=justification,
        outputs=[],
    )
    case.refresh_from_db(fields=["status", "completed_at"])


def _complete_ends(case: Case, definition, *, by) -> None:
    """The subject's procedure is over: complete the end terminators the flow has reached."""
    from sopan.sop.definition.model import Symbol

    ends = [s.key for s in definition.steps if s.symbol == Symbol.END]
    for record in StepRecord.objects.filter(case=case, status=StepRecord.Status.OPEN, step_key__in=ends):
        record = StepRecord.objects.select_for_update().get(pk=record.pk)
        step = definition.step(record.step_key)
        cases._complete(
            case,
            record,
            step,
            definition,
            by=by,
            exit_label="",
            checklist=list(step.requirements),
            note="",
            justification="",
            outputs=[],
        )
    case.refresh_from_db(fields=["status", "completed_at"])


def record_steps_hook(
    *, subject, organization, procedure: str, steps, by, title: str = "", finish: bool = False
) -> Case:
    """The `steps_done` hook (sop's module.py): the kernel's workflow helper reports the SOP steps a transition
    completed, without importing this app."""
    return record_steps(
        subject=subject, organization=organization, procedure=procedure, steps=steps, by=by, title=title, finish=finish
    )


def close_case(*, subject, procedure: str, by, reason: str) -> Case | None:
    """End the subject's case before its end (e.g. a registration that expired): open steps are skipped."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("close_case() must run inside the domain service's transaction.")
    case = case_for(subject, procedure=procedure)
    if case is None or case.status != Case.Status.OPEN:
        return case
    case = Case.objects.select_for_update().get(pk=case.pk)
    now = timezone.now()
    with rollup.tracking(case):
        skipped = _skip_open_steps(case, now, by=by)
    case.completed_at = now
    return workflows.CASE_FLOW.apply(
        case,
        "cancel",
        by=by,
        update_fields=["completed_at"],
        changes={"reason": reason, "skipped": [r.step_number or r.step_key for r in skipped]},
    )


def _skip_open_steps(case: Case, now, *, by) -> list[StepRecord]:
    """Skip the case's open steps (no event of their own: the caller's event lists them)."""
    skipped = list(StepRecord.objects.select_for_update().filter(case=case, status=StepRecord.Status.OPEN))
    for record in skipped:
        record.completed_at = now
        workflows.STEP_FLOW.apply(record, "skip", by=by, update_fields=["completed_at"])
    return skipped


def _jump_to(case: Case, step, definition, by) -> StepRecord:
    now = timezone.now()
    skipped = _skip_open_steps(case, now, by=by)
    if case.status != Case.Status.OPEN:
        case.completed_at = None
        workflows.CASE_FLOW.apply(case, "reopen", by=by, update_fields=["completed_at"])
    bound = dict(CaseParticipant.objects.filter(case=case).values_list("lane", "user_id"))
    record = cases._open_step(case, definition, step, calendar_for(case.organization), now, bound)
    cases._hold_outside_step(record, by)  # an outside party's step is recorded by whoever moved the case there
    audit.record(
        action="sop.step.jumped",
        by=by,
        target=case,
        changes={"to": step.number or step.key, "skipped": [r.step_number or r.step_key for r in skipped]},
    )
    return record
