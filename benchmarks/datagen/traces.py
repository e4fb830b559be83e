"""The SOP traces that the domain modules leave, recorded by the real engine and replayed in bulk.

A registration or a telephone ticket leaves step records through `sopan.sop.api.record_steps` (called by the workflows'
transitions) and `close_case`. Rather than re-implement that engine here, each scenario ("approved after a completion
request", "answered on the spot" …) is run once through the real API on a stand-in subject, inside a transaction that
is rolled back, and the step records it made are kept as a `Trace`: which steps, in which order, opened and completed
by which group of steps (a transition), with what status, exit, checklist and roles. The generator then writes one
case per subject from its trace, with the subject's own times.

Groups are named after the moment they happen ("received", "decided" …); groups with the same name happen together.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from sopan.accounts.models import User
from sopan.sop import api as sop_api
from sopan.sop.definition.model import Waktu
from sopan.sop.models import Case, StepRecord


@dataclass(frozen=True)
class Group:
    when: str  # the moment: groups with the same name happen at the same instant
    actor: str | None  # who records it ("vendor", "officer", "verifier", "agent"), None: Sopan itself
    steps: Sequence[sop_api.StepDone] = ()
    finish: bool = False
    close: bool = False  # `close_case` (e.g. the registration expired) instead of recording steps


@dataclass(frozen=True)
class TraceStep:
    constant: tuple  # step_key, step_number, label, lane, roles, exit_label, checklist (JSON), note
    waktu: Waktu
    opened: str  # the `when` of the group that opened it
    completed: str | None  # … that completed or skipped it; None: still open
    status: str
    actor: str | None  # who completed it (None when skipped or open)


@dataclass(frozen=True)
class Trace:
    name: str
    steps: tuple[TraceStep, ...]
    case_status: str
    finished: str | None  # the `when` at which the case was completed or cancelled last


class _Rollback(Exception):
    pass


def capture(
    *, organization, procedure: str, subject_model, scenarios: dict[str, Sequence[Group]], actors: dict[str, User]
) -> dict[str, Trace]:
    traces: dict[str, Trace] = {}
    try:
        with transaction.atomic():
            actors = {
                **actors,
                "vendor": User.objects.create(username="capture.vendor", organization=organization, full_name="-"),
            }
            for number, (name, groups) in enumerate(scenarios.items()):
                subject = subject_model(pk=10**15 + number)  # never saved: only its type and id are used
                traces[name] = _run(organization, procedure, subject, name, groups, actors)
            raise _Rollback
    except _Rollback:
        pass
    return traces


def _run(organization, procedure, subject, name, groups, actors) -> Trace:
    opened: dict[int, str] = {}
    completed: dict[int, Group] = {}
    finished = None
    for group in groups:
        by = actors.get(group.actor) if group.actor else None
        if group.close:
            sop_api.close_case(subject=subject, procedure=procedure, by=by, reason="capture")
        else:
            sop_api.record_steps(
                subject=subject,
                organization=organization,
                procedure=procedure,
                steps=group.steps,
                by=by,
                title="capture",
                finish=group.finish,
            )
        case = sop_api.case_for(subject, procedure=procedure)
        for pk, status in StepRecord.objects.filter(case=case).values_list("pk", "status"):
            opened.setdefault(pk, group.when)
            if status != StepRecord.Status.OPEN:
                completed.setdefault(pk, group)
        if case.status != Case.Status.OPEN:  # (again: a completed telephone case reopens when solved later)
            finished = group.when
    case.refresh_from_db()
    definition = case.version.parsed
    steps = []
    for record in StepRecord.objects.filter(case=case).order_by("pk"):
        done = record.status == StepRecord.Status.DONE
        closing = completed.get(record.pk)
        steps.append(
            TraceStep(
                constant=(
                    record.step_key,
                    record.step_number,
                    record.label,
                    record.lane,
                    record.roles,
                    record.exit_label,
                    json.dumps(record.checklist),
                    record.note,
                ),
                waktu=definition.step(record.step_key).time,
                opened=opened[record.pk],
                completed=closing.when if closing else None,
                status=record.status,
                actor=closing.actor if done and closing else None,
            )
        )
    return Trace(name, tuple(steps), case.status, finished if case.status != Case.Status.OPEN else None)
