"""The SOP compliance report (DESIGN.md §2, the Peringatan clause): per SOP and step, how many cases reached the
step, how many steps were done and how many on time, how long they took in working time against the mutu baku, and
every deviation with the executor's justification. Scoped to the user's organisation.

Which records a period holds: a finished step counts on the day it was completed (in the organisation's zone); a step
still open counts on the day it was opened (it has reached the step, but is not done). So "cases that reached the
step" and "steps done" come from the same set of records whatever the period.

Figures:
- on-time % is taken over the done steps that had a standard (a due time); steps without one are neither on time
  nor late;
- median and 90th percentile of the working time taken as the report shows it (`rollup.shown_seconds`: whole
  seconds under a minute, whole minutes from a minute), by linear interpolation between the closest ranks (the median
  of an even count is the mean of the middle two);
- a deviation is a done step completed late, or one that carries a justification (late, or not every requirement of
  its Kelengkapan ticked). The page lists the latest ones (`deviations_limit`) and says how many there are in all;
  the XLSX and the PDF list them all.

The figures are summed from the aggregates per organisation, day, SOP and step (sop/rollup.py, issue 21 goal 4), so
the report of a period costs the same whatever the number of cases; only the deviations are listed from the records
(by an index of deviations alone). The number of queries does not depend on the number of cases, steps or SOPs.
"""

from __future__ import annotations

import datetime
import math
import zoneinfo
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Max, Q, QuerySet, Sum
from django.utils.translation import ngettext

from sopan.accounts.models import ZONE_ABBREVIATIONS
from sopan.accounts.policies import require
from sopan.sop import policies
from sopan.sop.models import Case, Sop, SopVersion, StepDay, StepDuration, StepRecord, StepVisit

DONE = StepRecord.Status.DONE
IS_DONE = Q(status=DONE)
IS_DEVIATION = IS_DONE & (Q(on_time=False) | ~Q(justification=""))


# --- the shape of the report ----------------------------------------------------------------------------------------
@dataclass
class Row:
    """One step of one SOP."""

    sop_id: int
    step_key: str
    number: str = ""
    label: str = ""
    lane: str = ""
    standard: str = ""  # the mutu baku Waktu as printed ("15 menit", "1 hari", "N/A")
    standard_seconds: float | None = None  # only for standards in working time (detik, menit, jam)
    cases: int = 0
    done: int = 0
    with_standard: int = 0
    on_time: int = 0
    deviations: int = 0
    median_seconds: float | None = None
    p90_seconds: float | None = None
    order: int = 0

    @property
    def on_time_percent(self) -> float | None:
        return percent(self.on_time, self.with_standard)

    @property
    def median_text(self) -> str:
        return duration_text(self.median_seconds)

    @property
    def p90_text(self) -> str:
        return duration_text(self.p90_seconds)

    @property
    def p90_over_standard(self) -> bool:
        """The slowest tenth took longer than the standard (only for standards in working time)."""
        return (
            self.standard_seconds is not None
            and self.p90_seconds is not None
            and self.p90_seconds > self.standard_seconds
        )


@dataclass
class SopSection:
    """One SOP's rows and its totals."""

    sop_id: int
    title: str
    number: str = ""
    rows: list[Row] = field(default_factory=list)
    cases: int = 0

    @property
    def done(self) -> int:
        return sum(r.done for r in self.rows)

    @property
    def with_standard(self) -> int:
        return sum(r.with_standard for r in self.rows)

    @property
    def on_time(self) -> int:
        return sum(r.on_time for r in self.rows)

    @property
    def deviations(self) -> int:
        return sum(r.deviations for r in self.rows)

    @property
    def on_time_percent(self) -> float | None:
        return percent(self.on_time, self.with_standard)


@dataclass(frozen=True)
class Deviation:
    case_id: int
    case_reference: str
    case_title: str
    sop_title: str
    step_number: str
    step_label: str
    completed_by: str
    completed_at: datetime.datetime | None
    due_at: datetime.datetime | None
    on_time: bool | None
    work_seconds: int | None
    justification: str

    @property
    def late(self) -> bool:
        return self.on_time is False

    @property
    def work_text(self) -> str:
        return duration_text(self.work_seconds)


@dataclass
class Report:
    sections: list[SopSection]
    deviations: list[Deviation]  # the latest first; all of them, or the latest `deviations_limit`
    timezone: str
    sop: Sop | None = None
    role: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    deviations_total: int = 0

    @property
    def deviations_left_out(self) -> int:
        return self.deviations_total - len(self.deviations)

    @property
    def zone_abbreviation(self) -> str:
        return ZONE_ABBREVIATIONS.get(self.timezone, self.timezone)

    @property
    def is_empty(self) -> bool:
        return not self.sections


# --- arithmetic ------------------------------------------------------------------------------------------------------
def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-quantile (0 ≤ q ≤ 1) of `values`, interpolating linearly between the closest ranks; None when empty.
    percentile(v, 0.5) is the usual median."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def percentile_of_counts(counts: Sequence[tuple[float, int]], q: float) -> float | None:
    """`percentile` of the values given as (value, how many times) in ascending order of value: the same figure,
    without spelling the values out."""
    total = sum(n for _value, n in counts)
    if not total:
        return None
    position = (total - 1) * q
    low, high = math.floor(position), math.ceil(position)
    at_low = at_high = None
    seen = 0
    for value, n in counts:
        if at_low is None and low < seen + n:
            at_low = value
        if high < seen + n:
            at_high = value
            break
        seen += n
    return at_low + (at_high - at_low) * (position - low)


def duration_text(seconds: float | None) -> str:
    """Working time the human way: "2 jam 15 menit", "45 menit", "30 detik" (rounded to the minute from one minute
    up). Hours are working hours, not split into days: an office day is not 24 hours."""
    if seconds is None:
        return ""
    if seconds < 60:
        count = round(seconds)
        return ngettext("%(count)d second", "%(count)d seconds", count) % {"count": count}
    hours, minutes = divmod(round(seconds / 60), 60)
    parts = []
    if hours:
        parts.append(ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours})
    if minutes or not hours:
        parts.append(ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes})
    return " ".join(parts)


# --- reads -------------------------------------------------------------------------------------------------------
def sop_choices_for(user) -> QuerySet[Sop]:
    """The SOPs of the user's organisation, for the report's filter."""
    return Sop.objects.filter(organization_id=user.organization_id).order_by("title")


def period_bounds(
    zone: str, date_from: datetime.date | None, date_to: datetime.date | None
) -> tuple[datetime.datetime | None, datetime.datetime | None]:
    """Whole days in the organisation's zone: [start of date_from, start of the day after date_to)."""
    tz = zoneinfo.ZoneInfo(zone)
    start = datetime.datetime.combine(date_from, datetime.time.min, tz) if date_from else None
    end = datetime.datetime.combine(date_to + datetime.timedelta(days=1), datetime.time.min, tz) if date_to else None
    return start, end


def _period(queryset: QuerySet, day_field: str, date_from, date_to) -> QuerySet:
    if date_from:
        queryset = queryset.filter(**{f"{day_field}__gte": date_from})
    if date_to:
        queryset = queryset.filter(**{f"{day_field}__lte": date_to})
    return queryset


def _aggregates(model, organization_id, *, sop, date_from, date_to) -> QuerySet:
    rows = _period(model.objects.filter(organization_id=organization_id), "day", date_from, date_to)
    return rows.filter(sop_id=sop.pk) if sop is not None else rows


def compliance_report_for(
    user,
    *,
    sop: Sop | None = None,
    role: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    deviations_limit: int | None = None,
) -> Report:
    """The compliance report of the user's organisation, filtered by SOP, lane role and period (dates in the
    organisation's zone), with all its deviations or the latest `deviations_limit`. Raises PermissionDenied without
    the VIEW_COMPLIANCE capability."""
    require(policies.can_view_compliance(user))
    return compliance_report_of(
        user.organization,
        sop=sop,
        role=role,
        date_from=date_from,
        date_to=date_to,
        deviations_limit=deviations_limit,
    )


def compliance_report_of(
    organization,
    *,
    sop: Sop | None = None,
    role: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    deviations_limit: int | None = None,
) -> Report:
    """The compliance report of `organization`, without a reader (the quarterly LPSE report's section asks it; the
    caller has checked who reads it)."""
    zone = organization.timezone
    filters = {"sop": sop, "date_from": date_from, "date_to": date_to}
    per_step = _per_step(organization.pk, role=role, **filters)
    if not per_step:
        return Report([], [], zone, sop=sop, role=role, date_from=date_from, date_to=date_to)
    cases_per_sop = _add_cases(per_step, organization.pk, role=role, **filters)
    _add_quantiles(per_step, organization.pk, role=role, **filters)
    return Report(
        _sections(per_step, cases_per_sop),
        _deviations(organization, role=role, limit=deviations_limit, **filters),
        zone,
        sop=sop,
        role=role,
        date_from=date_from,
        date_to=date_to,
        deviations_total=sum(data["n_deviations"] for data in per_step),
    )


def _with_role(rows: QuerySet, role: str) -> QuerySet:
    return rows.filter(roles__contains=f"|{role}|") if role else rows


def _per_step(organization_id, *, role, **filters) -> list[dict]:
    """Counts per SOP and step, with the latest version their records ran under."""
    rows = _with_role(_aggregates(StepDay, organization_id, **filters), role)
    return list(
        rows.values("sop_id", "step_key")
        .annotate(
            # Named apart from the fields: an annotation called on_time would shadow StepDay.on_time.
            n_records=Sum("records"),
            n_done=Sum("done"),
            n_with_standard=Sum("with_standard"),
            n_on_time=Sum("on_time"),
            n_deviations=Sum("deviations"),
            latest_version_id=Max("version_id", filter=Q(records__gt=0)),
        )
        .filter(n_records__gt=0)
        .order_by()
    )


def _add_cases(per_step: list[dict], organization_id, *, role, date_from, **filters) -> dict[int, int]:
    """The distinct cases per step (into `per_step`) and per SOP (returned), in one query: the visits of the period
    whose case had no record of the same chain earlier in it (rollup.StepVisit)."""
    visits = _aggregates(StepVisit, organization_id, date_from=date_from, **filters)
    first = Q(since__lt=date_from) if date_from else Q(since=StepVisit.NEVER)
    whole_case = Q(step_key="", roles=f"|{role}|" if role else "")
    of_steps = ~Q(step_key="") & (Q(roles__contains=f"|{role}|") if role else Q())
    counted = {
        (sop_id, step_key): n
        for sop_id, step_key, n in visits.filter(first & (whole_case | of_steps))
        .values("sop_id", "step_key")
        .annotate(n=Sum("cases"))
        .values_list("sop_id", "step_key", "n")
        .order_by()
    }
    for data in per_step:
        data["n_cases"] = counted.get((data["sop_id"], data["step_key"]), 0)
    return {sop_id: n for (sop_id, step_key), n in counted.items() if step_key == ""}


def _add_quantiles(per_step: list[dict], organization_id, *, role, **filters) -> None:
    """The median and 90th percentile of each step's working times, from their counts per value."""
    rows = _with_role(_aggregates(StepDuration, organization_id, **filters), role)
    counts: dict[tuple[int, str], list[tuple[int, int]]] = defaultdict(list)
    for sop_id, step_key, seconds, n in (
        rows.values("sop_id", "step_key", "seconds")
        .annotate(n=Sum("records"))
        .filter(n__gt=0)
        .values_list("sop_id", "step_key", "seconds", "n")
        .order_by("sop_id", "step_key", "seconds")
    ):
        counts[sop_id, step_key].append((seconds, n))
    for data in per_step:
        histogram = counts.get((data["sop_id"], data["step_key"]), [])
        data["median_seconds"] = percentile_of_counts(histogram, 0.5)
        data["p90_seconds"] = percentile_of_counts(histogram, 0.9)


def _sections(per_step: list[dict], cases_per_sop: dict[int, int]) -> list[SopSection]:
    """One section per SOP (titled as its latest version), its rows in step order; sections by title."""
    versions = {
        v.pk: v
        for v in SopVersion.objects.filter(pk__in={r["latest_version_id"] for r in per_step}).select_related("sop")
    }
    latest_per_sop: dict[int, SopVersion] = {}
    for version in versions.values():
        if version.sop_id not in latest_per_sop or version.pk > latest_per_sop[version.sop_id].pk:
            latest_per_sop[version.sop_id] = version

    sections: dict[int, SopSection] = {}
    for data in per_step:
        sop_id, key = data["sop_id"], data["step_key"]
        if sop_id not in sections:
            latest = latest_per_sop[sop_id]
            sections[sop_id] = SopSection(
                sop_id=sop_id, title=latest.sop.title, number=latest.number, cases=cases_per_sop[sop_id]
            )
        row = Row(
            sop_id=sop_id,
            step_key=key,
            cases=data["n_cases"],
            done=data["n_done"],
            with_standard=data["n_with_standard"],
            on_time=data["n_on_time"],
            deviations=data["n_deviations"],
            median_seconds=data["median_seconds"],
            p90_seconds=data["p90_seconds"],
        )
        _describe(row, versions[data["latest_version_id"]])
        sections[sop_id].rows.append(row)
    ordered = sorted(sections.values(), key=lambda s: (s.title.lower(), s.sop_id))
    for section in ordered:
        section.rows.sort(key=lambda r: (r.order, r.step_key))
    return ordered


def _deviations(organization, *, sop, role, date_from, date_to, limit: int | None) -> list[Deviation]:
    """The deviations of the period, latest first, all or the latest `limit`. A deviation is done, so it counts on
    its completion: read by the index of the organisation's deviations (steprecord_org_deviations)."""
    # The cases' organisation too, though it is the records' own: the join reads the organisation's cases only.
    records = StepRecord.objects.filter(
        IS_DEVIATION, organization_id=organization.pk, case__organization_id=organization.pk
    )
    if sop is not None:
        records = records.filter(case__sop_id=sop.pk)
    if role:
        records = records.filter(roles__contains=f"|{role}|")
    start, end = period_bounds(organization.timezone, date_from, date_to)
    if start:
        records = records.filter(completed_at__gte=start)
    if end:
        records = records.filter(completed_at__lt=end)
    # the columns shown, not the four rows' every field: a hundred deviations a page
    latest_deviations = records.order_by("-completed_at", "-id").values_list(
        "case_id",
        "case__started_at",
        "case__title",
        "case__sop__title",
        "step_number",
        "label",
        "completed_by__full_name",
        "completed_by__username",
        "completed_at",
        "due_at",
        "on_time",
        "work_seconds",
        "justification",
    )
    if limit is not None:
        latest_deviations = latest_deviations[:limit]
    return [
        Deviation(
            case_id=case_id,
            case_reference=Case.reference_of(started_at, case_id),
            case_title=case_title,
            sop_title=sop_title,
            step_number=step_number,
            step_label=label,
            completed_by=full_name or username or "",
            completed_at=completed_at,
            due_at=due_at,
            on_time=on_time,
            work_seconds=work_seconds,
            justification=justification,
        )
        for (
            case_id,
            started_at,
            case_title,
            sop_title,
            step_number,
            label,
            full_name,
            username,
            completed_at,
            due_at,
            on_time,
            work_seconds,
            justification,
        ) in latest_deviations
    ]


def _describe(row: Row, version: SopVersion) -> None:
    """Number, label, lane and standard of the step as the (latest) version its records ran under defines it."""
    definition = version.parsed
    try:
        step = definition.step(row.step_key)
    except KeyError:  # cannot happen for records the runner created; keep the row rather than fail the report
        row.label, row.order = row.step_key, len(definition.steps)
        return
    row.number = step.number
    row.label = step.text
    row.order = definition.step_keys.index(step.key)
    lane_names = []
    for lane_key in step.lanes:
        try:
            lane_names.append(definition.lane(lane_key).name)
        except KeyError:
            lane_names.append(lane_key)
    row.lane = ", ".join(lane_names)
    row.standard = step.time.text
    row.standard_seconds = step.time.seconds()
