"""Cases and step records written from a captured trace (traces.py) and the subject's own times.

Everything the engine derives is derived the same way: due times from each step's mutu baku in the organisation's
working time, `on_time` and `work_seconds` at completion, the justification the API writes for a step recorded after
its due time, the overdue notice the periodic scan leaves on an open step past due.
"""

from __future__ import annotations

import random

from django.utils import translation
from django.utils.translation import gettext

from benchmarks.datagen.bulk import Streams
from benchmarks.datagen.clock import WorkClock, as_datetime, as_due, minute_end
from benchmarks.datagen.traces import Trace
from sopan.sop import procedures
from sopan.sop.models import Case, StepRecord

CASE_FIELDS = (
    "id",
    "organization_id",
    "sop_id",
    "version_id",
    "procedure",
    "title",
    "subject_type_id",
    "subject_id",
    "status",
    "started_at",
    "completed_at",
)
STEP_FIELDS = (
    "id",
    "case_id",
    "organization_id",
    "step_key",
    "step_number",
    "label",
    "lane",
    "roles",
    "exit_label",
    "checklist",
    "note",
    "status",
    "opened_at",
    "due_at",
    "completed_at",
    "completed_by_id",
    "justification",
    "on_time",
    "work_seconds",
    "overdue_notified_at",
)


def late_note(procedure: str) -> str:
    """What `sop.api.record_steps` writes on a step a module recorded after its due time (in Indonesian, the
    language the services run in)."""
    with translation.override("id"):
        return gettext("Recorded late by the %(procedure)s module.") % {"procedure": procedures.get(procedure).label}


class CaseWriter:
    def __init__(self, streams: Streams, *, first_case: int, first_step: int, now: int, rng: random.Random):
        self.cases = streams.start(Case, CASE_FIELDS, freeze=True)
        self.steps = streams.start(StepRecord, STEP_FIELDS, freeze=True)
        self.next_case, self.next_step = first_case, first_step
        self.now, self.rng = now, rng
        self.late: dict[str, str] = {}  # procedure → the note of a step recorded late

    def write(
        self,
        trace: Trace,
        times: dict[str, int],
        *,
        org,
        procedure: str,
        title: str,
        subject_type: int,
        subject_id: int,
        actors: dict[str, int | None],
        clock: WorkClock,
    ) -> int:
        """One case; returns how many step records it has."""
        case_id = self.next_case
        self.next_case += 1
        sop_id, version_id = org.versions[procedure]
        started = times[trace.steps[0].opened]
        finished = as_datetime(times[trace.finished]) if trace.finished else None
        self.cases.add(
            (
                case_id,
                org.id,
                sop_id,
                version_id,
                procedure,
                title[:300],
                subject_type,
                str(subject_id),
                trace.case_status,
                as_datetime(started),
                finished,
            )
        )
        late = self.late.get(procedure) or self.late.setdefault(procedure, late_note(procedure))
        now, add = self.now, self.steps.add
        for step in trace.steps:
            opened = times[step.opened]
            due = clock.due(step.waktu, opened)
            completed = on_time = work = notified = by = None
            justification = ""
            if step.completed is not None:
                completed = times[step.completed]
                if step.status == StepRecord.Status.DONE:
                    by = actors.get(step.actor)
                    work = clock.working_between(opened, completed)
                    if due is not None:
                        on_time = completed < minute_end(due)  # on time through the minute shown
                        if not on_time:
                            justification = late
            elif due is not None and minute_end(due) <= now:
                notified = as_datetime(min(now, due + self.rng.randint(30, 900)))
            add(
                (
                    self.next_step,
                    case_id,
                    org.id,
                    *step.constant,
                    step.status,
                    as_datetime(opened),
                    as_due(due),
                    as_datetime(completed),
                    by,
                    justification,
                    on_time,
                    work,
                    notified,
                )
            )
            self.next_step += 1
        return len(trace.steps)
