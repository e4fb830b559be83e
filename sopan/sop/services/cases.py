"""Running an SOP: start a case, complete its steps (decisions route, loops work, parallel branches meet at a join),
time every step against its mutu baku in the organisation's working time, and account for deviations.

The Peringatan clause of every SOP ("segala bentuk penyimpangan atas mutu baku terkait perlengkapan, waktu maupun
output … harus dipertanggungjawabkan oleh pelaksana") becomes a rule here: a step completed after its due time, or
without every item of its Kelengkapan, needs a written justification.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sopan.accounts.policies import require
from sopan.core import audit
from sopan.core.calendar import end_of_minute
from sopan.core.files import attach_on_commit
from sopan.core.selectors import calendar_for
from sopan.core.uploads import DOCX, JPEG, MB, PDF, PNG, PPTX, XLSX, CheckedFile, check_upload
from sopan.sop import definition as d
from sopan.sop import policies, procedures, rollup, workflows
from sopan.sop.models import Case, CaseParticipant, SopVersion, StepOutput, StepRecord

OPEN = StepRecord.Status.OPEN
MAX_OUTPUT_BYTES = 10 * MB
# What a step's Output may be: the upload check knows how to look inside each (OpenDocument files it does not, so
# they are no longer taken; LibreOffice saves .docx and .xlsx as well).
OUTPUT_TYPES = (PDF, JPEG, PNG, DOCX, XLSX, PPTX)


class StepNotOpen(ValidationError):
    """The step was completed (or skipped) meanwhile: by someone else, or by an earlier click."""


class StepOfAModule(ValidationError):
    """The step is done by its module's transition, not on the case page (procedures.recorded_by)."""


# --- starting ----------------------------------------------------------------------------------------------------
@transaction.atomic
def case_start(
    *,
    version: SopVersion,
    title: str,
    by,
    subject: Model | None = None,
    procedure: str = "",
    participants: Mapping[str, object] | None = None,
    handed_over_from: Case | None = None,
) -> Case:
    """Start a run of an effective SOP version and open its start step. `participants` binds lanes to people;
    `handed_over_from` is the case whose hand-over (`next: {sop: <key>}`) started this one."""
    if message := policies.incomplete_message(version):
        raise ValidationError(message)
    if by is not None:
        require(policies.can_start_case(by, version))
    if version.status != SopVersion.Status.EFFECTIVE:
        raise ValidationError(_("Only an SOP in force can be run."))
    if not title.strip():
        raise ValidationError({"title": _("Say what this case is about (e.g. the package or the company).")})
    definition = version.parsed
    participants = {lane: user for lane, user in (participants or {}).items() if user is not None}
    for lane, user in participants.items():
        try:
            lane_def = definition.lane(lane)
        except KeyError:
            raise ValidationError({"participants": _("The SOP has no lane %(lane)s.") % {"lane": lane}}) from None
        if user.organization_id != version.organization_id or not user.has_role(*policies.lane_roles(lane_def)):
            raise ValidationError(
                {
                    "participants": _("%(person)s does not hold a role of the lane %(lane)s.")
                    % {"person": user.get_full_name(), "lane": lane_def.name}
                }
            )
    now = timezone.now()
    case = Case.objects.create(
        organization_id=version.organization_id,
        sop_id=version.sop_id,
        version=version,
        procedure=procedure,
        title=title.strip()[:300],
        subject_type=ContentType.objects.get_for_model(subject) if subject is not None else None,
        subject_id=str(subject.pk) if subject is not None else "",
        started_at=now,
        started_by=by,
        handed_over_from=handed_over_from,
    )
    CaseParticipant.objects.bulk_create(
        CaseParticipant(case=case, lane=lane, user=user) for lane, user in participants.items()
    )
    calendar = calendar_for(case.organization)
    bound = {k: u.pk for k, u in participants.items()}
    with rollup.tracking(case, new=True):
        first = _open_step(case, definition, definition.start_steps[0], calendar, now, bound)
    _hold_outside_step(first, by)
    changes = {"sop": version.sop.key, "revision": version.revision, "title": case.title}
    if handed_over_from is not None:
        changes["handed_over_from"] = handed_over_from.pk
    audit.record(action="sop.case.started", by=by, target=case, changes=changes)
    return case


def _hold_outside_step(record: StepRecord, holder) -> None:
    """A step of an outside party nobody records for (a lane with neither roles nor recorded_by: Helpdesk LKPP,
    another LPSE) is recorded by whoever holds the case's work: the person whose completion opened it, or for the
    first step the case's starter. With nobody (the system), SOP managers record it (policies.can_complete_step)."""
    if record.role_codes or record.assignee_id is not None or holder is None:
        return
    record.assignee = holder
    record.save(update_fields=["assignee"])


def _open_step(case: Case, definition: d.Definition, step: d.Step, calendar, now, bound: Mapping[str, int]):
    roles = set()
    for lane_key in step.lanes:
        roles |= policies.lane_roles(definition.lane(lane_key))
    lane = step.lanes[0]
    return StepRecord.objects.create(
        case=case,
        organization_id=case.organization_id,
        step_key=step.key,
        step_number=step.number,
        label=step.text[:300],
        lane=lane,
        roles="|" + "|".join(sorted(roles)) + "|",
        assignee_id=bound.get(lane),
        opened_at=now,
        due_at=_due(step, calendar, now, case=case, definition=definition),
    )


def _due(step: d.Step, calendar, start, *, case: Case | None = None, definition: d.Definition | None = None):
    """The step's due time (its mutu baku Waktu in working time) to the end of the minute shown on the pages.

    In a case: a relative Waktu ("5 menit terhitung setelah mengisi buku tamu") counts from when its `from` step was
    last completed (from `start` when it has not been); a sub-step (4a of step 4, Pengelolaan Penyedia) is due no
    later than its parent's due time, the parent's Waktu being the budget of its children, and a sub-step with no
    Waktu of its own is due then. A step is never due before the minute it opened."""
    base = start
    if step.time.after and case is not None:
        completed = (
            StepRecord.objects.filter(case=case, step_key=step.time.after, completed_at__isnull=False)
            .order_by("-completed_at")
            .values_list("completed_at", flat=True)
            .first()
        )
        base = completed or start
    due = step.time.due(calendar, base)
    due = None if due is None else end_of_minute(due)
    parent = d.parent_step(definition, step) if case is not None and definition is not None else None
    if parent is not None:
        budget = (
            StepRecord.objects.filter(case=case, step_key=parent.key, opened_at__lte=start)
            .order_by("-opened_at", "-pk")
            .values_list("due_at", flat=True)
            .first()
        )
        if budget is not None:
            due = budget if due is None else min(due, budget)
    # never due before the minute it opened: a spent budget, or a time counted from long ago, makes it due at once
    return None if due is None else max(due, end_of_minute(start))


# --- completing --------------------------------------------------------------------------------------------------
@transaction.atomic
def step_complete(
    *,
    record: StepRecord,
    by,
    exit_label: str = "",
    checklist: Iterable[str] = (),
    note: str = "",
    justification: str = "",
    outputs: Iterable = (),
) -> StepRecord:
    """Complete an open step (SOP flowchart: one row) and open what follows it.

    Decisions need the exit taken. A late completion, or one without every Kelengkapan item ticked, needs a
    justification. Uploaded Output documents are checked by content and stored when the transaction commits.
    Exactly one of two simultaneous completions wins: the case and the step are locked, the loser is told. A step its
    module records (a package's, a registration's) is refused: the module's transition does it.
    """
    case = Case.objects.select_for_update().get(pk=record.case_id)
    record = StepRecord.objects.select_for_update().get(pk=record.pk)
    if record.status != OPEN:
        when = date_format(timezone.localtime(record.completed_at), "DATETIME_FORMAT") if record.completed_at else "-"
        if record.status == StepRecord.Status.SKIPPED:
            message = _("Step %(step)s is no longer open: it was skipped at %(when)s.")
        else:
            message = _("Step %(step)s is no longer open: it was completed at %(when)s.")
        raise StepNotOpen(message % {"step": record.step_number or record.label, "when": when})
    recording = procedures.recorded_by(case, record.step_key)
    if recording is not None:
        raise StepOfAModule(
            _(
                "Step %(step)s of %(case)s is recorded in the %(procedure)s module when that work is done there, "
                "not on the case page."
            )
            % {"step": record.step_number or record.label, "case": case.title, "procedure": recording.label}
        )
    if by is not None:
        require(policies.can_complete_step(by, record))
    definition = case.version.parsed
    step = definition.step(record.step_key)
    return _complete(
        case,
        record,
        step,
        definition,
        by=by,
        exit_label=exit_label,
        checklist=list(checklist),
        note=note,
        justification=justification,
        outputs=list(outputs),
    )


def _complete(case, record, step, definition, *, by, exit_label, checklist, note, justification, outputs):
    with rollup.tracking(case):
        return _complete_tracked(
            case,
            record,
            step,
            definition,
            by=by,
            exit_label=exit_label,
            checklist=checklist,
            note=note,
            justification=justification,
            outputs=outputs,
        )


def _complete_tracked(case, record, step, definition, *, by, exit_label, checklist, note, justification, outputs):
    now = timezone.now()
    late = record.due_at is not None and now > record.due_at
    errors, target_keys = _completion_errors(step, exit_label, checklist, justification, late=late)
    files = [_check_output(upload) for upload in outputs]
    if errors:
        raise ValidationError(errors)
    calendar = calendar_for(case.organization)
    record.completed_at = now
    record.completed_by = by
    record.exit_label = exit_label if step.is_decision else ""
    record.checklist = [item for item in step.requirements if item in checklist]
    record.note = note.strip()
    record.justification = justification.strip()
    record.on_time = None if record.due_at is None else not late  # None: the step has no time standard
    record.work_seconds = int(calendar.working_time_between(record.opened_at, now).total_seconds())
    for checked in files:
        _store_output(record, checked, by)
    opened, still_open = _open_next(case, definition, target_keys, calendar, now, done=record)
    for other in opened:
        _hold_outside_step(other, by)
    if step.handover:  # the linked case's start event names this case; a hand-over that started nothing says why
        _hand_over(case, step, by=by)
    workflows.STEP_FLOW.apply(
        record,
        "complete",
        by=by,
        event_target=case,
        changes={
            "step": record.step_number or record.step_key,
            "exit": record.exit_label,
            "on_time": record.on_time,
            "justification": record.justification,
            "opened": [r.step_number or r.step_key for r in opened],
            "handover_note": case.handover_note if step.handover else "",
        },
    )
    if not still_open:
        case.completed_at = now
        workflows.CASE_FLOW.apply(case, "complete", by=by, update_fields=["completed_at"])
    return record


def _hand_over(case: Case, step: d.Step, *, by) -> Case | None:
    """`next: {sop: <key>}` (off-page connector): this branch of the case ends and a linked case of that SOP (the
    organisation's version in force) starts. Started in the name of the person completing the step when they may
    start it, its first step theirs; otherwise started by the system, its first step a task on the home page of
    those who hold its lane. With no version in force, the case records why nothing started."""
    target = (
        SopVersion.objects.filter(
            organization_id=case.organization_id, sop__key=step.handover, status=SopVersion.Status.EFFECTIVE
        )
        .select_related("sop")
        .first()
    )
    if target is None:
        case.handover_note = _(
            "Step %(step)s hands over to SOP %(sop)s, which has no version in force in the organisation: nothing was "
            "started. Start a case of it by hand once it is in force."
        ) % {"step": step.number or step.key, "sop": step.handover}
        case.save(update_fields=["handover_note"])  # audited with the step's completion
        return None
    starter = by if by is not None and policies.can_start_case(by, target) else None
    linked = case_start(version=target, title=case.title, by=starter, handed_over_from=case)
    if starter is not None:  # theirs to do now, unless they start it only as an SOP manager
        for first in StepRecord.objects.filter(case=linked, status=OPEN, assignee__isnull=True):
            if starter.has_role(*first.role_codes):
                first.assignee = starter
                first.save(update_fields=["assignee"])
    return linked


def _completion_errors(step, exit_label, checklist, justification, *, late: bool) -> tuple[dict[str, str], tuple]:
    """What is wrong with completing `step` this way, and the steps it leads to."""
    errors: dict[str, str] = {}
    target_keys: tuple[str, ...] = step.next
    if step.is_decision:
        chosen = next((e for e in step.exits if e.label == exit_label), None)
        if chosen is None:
            errors["exit_label"] = _("Choose which way the decision went.")
        else:
            target_keys = (chosen.to,) if chosen.to else ()  # an exit with no target ends the procedure
    elif exit_label:
        errors["exit_label"] = _("This step is not a decision.")
    unknown = [item for item in checklist if item not in step.requirements]
    if unknown:
        errors["checklist"] = _("Tick only the requirements of this step.")
    incomplete = bool(set(step.requirements) - set(checklist))
    if (late or incomplete) and not justification.strip():
        reasons = []
        if late:
            reasons.append(_("it is completed after its due time"))
        if incomplete:
            reasons.append(_("not every requirement is ticked"))
        errors["justification"] = _(
            "Explain the deviation from the service standard (%(reasons)s): the executor must account for it."
        ) % {"reasons": ", ".join(reasons)}
    return errors, target_keys


def _open_next(case, definition, target_keys, calendar, now, *, done: StepRecord) -> tuple[list, set[str]]:
    """Open the steps the completed step `done` leads to (a join waits for every parallel branch); the steps still
    open."""
    bound = dict(CaseParticipant.objects.filter(case=case).values_list("lane", "user_id"))
    opened = []
    open_steps = StepRecord.objects.filter(case=case, status=OPEN).exclude(pk=done.pk)
    still_open = set(open_steps.values_list("step_key", flat=True))
    for key in target_keys:
        target = definition.step(key)
        if key in still_open:
            continue
        if target.join and still_open:
            continue  # the parallel branches have not all arrived yet
        opened.append(_open_step(case, definition, target, calendar, now, bound))
        still_open.add(key)
    return opened, still_open


def _check_output(upload) -> CheckedFile:
    """The same check as every other upload (core/uploads/): step outputs are shown to and downloaded by other
    people, so a PDF with scripts, a polyglot or a document with macros is as dangerous here as anywhere."""
    try:
        return check_upload(upload, allowed=OUTPUT_TYPES, max_bytes=MAX_OUTPUT_BYTES)
    except ValidationError as error:
        name = getattr(upload, "name", "") or ""
        raise ValidationError(
            {"outputs": _("%(name)s: %(problem)s") % {"name": name, "problem": " ".join(error.messages)}}
        ) from error


def _store_output(record, checked: CheckedFile, by) -> StepOutput:
    """The row now, the file when the transaction commits: a rolled-back completion leaves no file behind."""
    output = StepOutput(
        step_record=record,
        name=checked.name,
        size=checked.size,
        content_type=checked.content_type,
        sha256=checked.sha256,
        uploaded_by=by,
    )
    attach_on_commit(output, "file", checked.name, checked.content)
    output.save()
    return output


# --- calendar changes and overdue steps --------------------------------------------------------------------------
def due_times_recompute(*, organization) -> int:
    """Recompute the due time of every open step of the organisation (after its calendar changed). Returns how many
    changed. Runs in the caller's transaction."""
    calendar = calendar_for(organization)
    records = list(
        StepRecord.objects.filter(organization=organization, status=OPEN).select_related("case__version__sop")
    )
    changed = []
    definitions: dict[int, d.Definition] = {}  # each version parsed once
    for record in records:
        version = record.case.version
        definition = definitions.setdefault(version.pk, version.parsed)
        step = definition.step(record.step_key)
        due = _due(step, calendar, record.opened_at, case=record.case, definition=definition)
        if due != record.due_at:
            record.due_at = due
            changed.append(record)
    StepRecord.objects.bulk_update(changed, ["due_at"], batch_size=500)
    return len(changed)


def timezone_changed(*, organization) -> None:
    """The `timezone_changed` hook: open steps are due in the new zone's working hours, and records count on the
    days of the new zone in the compliance report. Runs in the caller's transaction."""
    due_times_recompute(organization=organization)
    rollup.rebuild(organization)
