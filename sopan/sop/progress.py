"""A case's progress drawn on its SOP's flowchart, and the steps done so far: the one code behind the case page
(`views_cases`) and a domain object's page (a procurement package shows the cases of its stages through
`api.progress_of`).

Each step symbol is coloured by its latest record (done, open, overdue, skipped): a step done and opened again by a
loop shows as open. The steps done are listed with when, by whom and the working time they took (`work_seconds`,
counted on the organisation's calendar when the step was completed, so listing them costs nothing more).
"""

from __future__ import annotations

import copy
import datetime
import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from sopan.core.listing import RowFormat, shorten
from sopan.core.templatetags.sopan import local_datetimes
from sopan.sop import policies, procedures, rendering
from sopan.sop.models import Case, SopVersion, StepRecord
from sopan.sop.rendering.flowchart import DocumentView
from sopan.sop.selectors_compliance import duration_text


def status_map(records: list[StepRecord], now: datetime.datetime) -> dict[str, str]:
    """Step key → "done", "open", "overdue" or "skipped", from the case's records in the order they were opened."""
    status: dict[str, str] = {}
    for record in records:  # in order: a step done, then reopened by a loop, shows its latest state
        if record.status == StepRecord.Status.OPEN:
            status[record.step_key] = "overdue" if record.due_at and record.due_at < now else "open"
        elif record.status == StepRecord.Status.DONE:
            status[record.step_key] = "done"
        else:
            status.setdefault(record.step_key, "skipped")
    return status


@dataclass(frozen=True)
class StepLine:
    """One record of a case as a line of a list: what was done, when, by whom, how long it took, whether late."""

    key: str
    number: str
    label: str
    status: str
    opened_at: datetime.datetime
    due_at: datetime.datetime | None
    completed_at: datetime.datetime | None
    by: str
    exit_label: str
    late: bool  # done after its due time, or still open past it
    work_text: str  # the working time from opening to completion ("2 jam 15 menit"); empty when not done


def _line(record: StepRecord, now: datetime.datetime) -> StepLine:
    done = record.status == StepRecord.Status.DONE
    if done:
        late = record.on_time is False
    else:
        late = record.status == StepRecord.Status.OPEN and bool(record.due_at and record.due_at < now)
    by = ""
    if done:
        by = record.completed_by.get_full_name() if record.completed_by_id else _("system")
    return StepLine(
        key=record.step_key,
        number=record.step_number,
        label=record.label,
        status=record.status,
        opened_at=record.opened_at,
        due_at=record.due_at,
        completed_at=record.completed_at,
        by=by,
        exit_label=record.exit_label,
        late=late,
        work_text=duration_text(record.work_seconds) if done else "",
    )


# A row of the table of steps done, as `_case_progress.html` wrote it with the template engine (about 130 µs a row
# there; a package handed over lists some twenty): compared with that template in `tests/test_progress_rows.py`.
STEP_ROW = RowFormat(
    '<tr data-step="{key}"{late}>\n    <td>{number}</td>\n    <td class="small">{label}{exit}</td>\n'
    '    <td class="small">{completed}{badge}</td>\n    <td class="small">{by}</td>\n'
    '    <td class="small">{work}</td>\n  </tr>'
)
EXIT = RowFormat(' <span class="text-muted">({exit})</span>')
LATE = SafeString(' class="table-danger" data-late="true"')


def step_rows(lines) -> SafeString:
    """The table rows of `lines` (StepLine), in the active language and zone."""
    written = local_datetimes()
    badge = format_html(' <span class="badge text-bg-danger">{}</span>', _("late"))
    nothing = SafeString("")
    return SafeString(
        "".join(
            STEP_ROW(
                key=line.key,
                late=LATE if line.late else nothing,
                number=line.number or "—",
                label=shorten(line.label, 90),
                exit=EXIT(exit=line.exit_label) if line.exit_label else nothing,
                completed=written(line.completed_at),
                badge=badge if line.late else nothing,
                by=line.by,
                work=line.work_text or "—",
            )
            for line in lines
        )
    )


@dataclass(frozen=True)
class CaseProgress:
    """One case of a subject: its procedure, its SOP's flowchart with the progress drawn on it (`doc`, the
    `DocumentView` the templates print), the steps done in order, the late ones, and whether the person asking may
    open the case page."""

    case: Case
    procedure: str
    procedure_label: str
    doc: DocumentView
    done: tuple[StepLine, ...]
    late: tuple[StepLine, ...]
    can_open: bool = False

    @property
    def sop_title(self) -> str:
        return self.doc.title

    @property
    def done_rows(self) -> SafeString:
        """The rows of the table of steps done (`_case_progress.html`), written by `step_rows`."""
        return step_rows(self.done)

    @property
    def sop_number(self) -> str:
        return self.doc.number


def case_progress(
    case: Case, records: list[StepRecord], *, now: datetime.datetime | None = None, can_open: bool = False
) -> CaseProgress:
    """The progress of `case` from its records (ordered by opening, `completed_by` selected): no query of its own
    when `case.version` (with its organisation and approver) is loaded."""
    now = now or timezone.now()
    lines = [_line(record, now) for record in records]
    procedure = procedures.by_code().get(case.procedure)
    return CaseProgress(
        case=case,
        procedure=case.procedure,
        procedure_label=str(procedure.label) if procedure else case.procedure,
        doc=rendering.version_document(case.version, status=status_map(records, now)),
        done=tuple(line for line in lines if line.status == StepRecord.Status.DONE),
        late=tuple(line for line in lines if line.late),
        can_open=can_open,
    )


def _openable(user, cases: list[Case]) -> set[int]:
    """The cases whose page the user may open (`policies.visible_cases`, the rule of the case list), in one query, or
    none for who sees every case."""
    if user is None or not user.is_authenticated:
        return set()
    visible = policies.visible_cases(user)
    if visible is None:  # who sees every case of the organisation: nothing to ask the database
        return {case.pk for case in cases if case.organization_id == user.organization_id}
    found = Case.objects.filter(pk__in=[case.pk for case in cases], organization_id=user.organization_id)
    return set(found.filter(visible).values_list("pk", flat=True))


# The versions cases run on, kept per process for a few minutes. A case runs on a version in force (or superseded
# since), whose definition and approval no longer change: `services.versions` edits, returns or approves only a
# version not yet in force. Read with every page's cases, each version's definition (a JSON document of some
# kilobytes, decoded per row) cost more than the cases themselves. The organisation is the case's, read with it.
VERSION_SECONDS = 300
_VERSIONS: dict[int, tuple[float, SopVersion]] = {}
_VERSIONS_LOCK = threading.Lock()


def forget_versions() -> None:
    with _VERSIONS_LOCK:
        _VERSIONS.clear()


def with_versions(cases: list[Case]) -> None:
    """Set each case's version (with its approver, and the case's organisation as the version's) from the process's
    copies, reading those missing or older than `VERSION_SECONDS` in one query."""
    now = time.monotonic()
    kept = {pk: found[1] for pk in {c.version_id for c in cases} if (found := _VERSIONS.get(pk)) and found[0] > now}
    missing = {case.version_id for case in cases} - kept.keys()
    if missing:
        read = SopVersion.objects.filter(pk__in=missing).select_related("approved_by")
        with _VERSIONS_LOCK:
            if len(_VERSIONS) > 512:
                _VERSIONS.clear()
            for version in read:
                version._state.fields_cache.pop("organization", None)
                _VERSIONS[version.pk] = (now + VERSION_SECONDS, version)
                kept[version.pk] = version
    for case in cases:
        version = copy.copy(kept[case.version_id])  # the shared copy is never given an organisation
        version._state = copy.copy(version._state)
        version._state.fields_cache = {**version._state.fields_cache, "organization": case.organization}
        case._state.fields_cache["version"] = version


RECORD_FIELDS = tuple(field.attname for field in StepRecord._meta.concrete_fields)


def progress_of(*subjects, user=None) -> list[CaseProgress]:
    """The cases the subjects' procedures ran (one per subject and procedure, in the order they started), each drawn
    on its SOP's flowchart. Several subjects (e.g. a package's analysis rounds, each the subject of its own run of the
    SOP) are read together. `user`: whose `can_open` to compute (None: nobody's). A fixed number of queries whatever
    the number of subjects, cases and steps: the cases, their records, and which the user may open (with the
    organisation's supervisor chain when the user does not see every case)."""
    by_type: dict[int, list[str]] = defaultdict(list)
    for subject in subjects:
        by_type[ContentType.objects.get_for_model(subject).pk].append(str(subject.pk))
    if not by_type:
        return []
    # the subjects' cases (the index `case_one_per_subject_procedure` serves this)
    condition = reduce(or_, (Q(subject_type_id=type_id, subject_id__in=ids) for type_id, ids in by_type.items()))
    cases = list(
        Case.objects.filter(condition).exclude(procedure="").select_related("organization").order_by("started_at", "id")
    )
    if not cases:
        return []
    with_versions(cases)
    records: dict[int, list[StepRecord]] = defaultdict(list)
    for record in (
        StepRecord.objects.filter(case__in=[case.pk for case in cases])
        .select_related("completed_by")
        .only(*RECORD_FIELDS, "completed_by__username", "completed_by__full_name")  # a person shows by name
        .order_by("opened_at", "id")
    ):
        records[record.case_id].append(record)
    openable = _openable(user, cases)
    now = timezone.now()
    return [case_progress(case, records[case.pk], now=now, can_open=case.pk in openable) for case in cases]
