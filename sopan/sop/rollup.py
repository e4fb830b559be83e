"""The compliance report's aggregates (issue 21 goal 4): per organisation, day, SOP and step, what the step records
add to the report (models `StepDay`, `StepVisit`, `StepDuration`), so the report of a quarter sums a few thousand
rows whatever the number of cases.

They are kept exact in the transaction of every write to a case's records: `tracking(case)` reads the case's records
before and after the write (the case is locked by then) and adds the difference of what they contribute, one
upsert per table. A case's contribution is a pure function of its records (`contributions`), so the aggregates are
always the sum of every case's contribution, which `rebuild` recomputes (after a bulk load such as the benchmark's,
or a change of the organisation's time zone, which moves records between days) and `differences` checks.

What a record contributes, on the day it counts (its completion or skipping, or its opening while open, in the
organisation's zone):
- `StepDay`: one record of its step; done, with a standard, on time, a deviation as the report defines them;
- `StepDuration`: its working time as the report shows it (`shown_seconds`), when done;
- `StepVisit`: one visit of the case, with the day of the previous record of the same chain (`since`). The chains
  are the case's records of one step, all its records (`step_key` ""), and all its records of one role (`step_key`
  "", `roles` "|role|"), each ordered by the time they count at. Summing the visits of [a, b] whose `since` is before
  a (or `NEVER`) counts each case once, which is what the report's distinct counts of cases are.
"""

from __future__ import annotations

import contextlib
import contextvars
import zoneinfo
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator

from django.apps import apps as installed_apps
from django.db import connection, transaction

from sopan.sop.models import Case, StepRecord, StepVisit

DONE = StepRecord.Status.DONE
NEVER = StepVisit.NEVER

# What is read of each record (in this order).
FIELDS = ("id", "step_key", "roles", "status", "opened_at", "completed_at", "due_at", "on_time", "justification")
WORK = "work_seconds"

# Each table: its model, the key columns beside organisation and SOP, and the columns counted.
TABLES = {
    "StepDay": (
        ("day", "version_id", "step_key", "roles"),
        ("records", "done", "with_standard", "on_time", "deviations"),
    ),
    "StepVisit": (("day", "step_key", "roles", "since"), ("cases",)),
    "StepDuration": (("day", "step_key", "roles", "seconds"), ("records",)),
}


def shown_seconds(seconds: int) -> int:
    """Working time as the report shows it: whole seconds under a minute, whole minutes (half up) from a minute."""
    return seconds if seconds < 60 else (seconds + 30) // 60 * 60


def is_deviation(status: str, on_time: bool | None, justification: str) -> bool:
    """Done late, or done with a justification (late, or not every requirement ticked)."""
    return status == DONE and (on_time is False or justification != "")


# --- a case's contribution ----------------------------------------------------------------------------------------
Contribution = Counter  # (table, key tuple, column) -> count


def contributions(rows: Iterable[tuple], *, version_id: int, zone: str) -> Contribution:
    """What one case's records (`FIELDS` + `WORK` per row) add to the aggregates."""
    tz = zoneinfo.ZoneInfo(zone)
    counted = Counter()
    chains: dict[tuple[str, str], list[tuple]] = defaultdict(list)
    for row in rows:
        _id, step_key, roles, status, opened_at, completed_at, due_at, on_time, justification, work = row
        at = completed_at or opened_at
        day = at.astimezone(tz).date()
        done = status == DONE
        key = (day, version_id, step_key, roles)
        counted["StepDay", key, "records"] += 1
        if done:
            counted["StepDay", key, "done"] += 1
            if due_at is not None:
                counted["StepDay", key, "with_standard"] += 1
                if on_time:
                    counted["StepDay", key, "on_time"] += 1
            if work is not None:
                counted["StepDuration", (day, step_key, roles, shown_seconds(work)), "records"] += 1
        if is_deviation(status, on_time, justification):
            counted["StepDay", key, "deviations"] += 1
        order = (at, _id, day, step_key, roles)
        chains[step_key, ""].append(order)
        chains["", ""].append(order)
        for role in roles.split("|"):
            if role:
                chains["", f"|{role}|"].append(order)
    for (chain_step, chain_roles), members in chains.items():
        since = NEVER
        for _at, _id, day, step_key, roles in sorted(members):
            key = (day, step_key, roles, since) if chain_step else (day, "", chain_roles, since)
            counted["StepVisit", key, "cases"] += 1
            since = day
    return counted


def _rows(case_id: int) -> list[tuple]:
    return list(StepRecord.objects.filter(case_id=case_id).values_list(*FIELDS, WORK))


# --- keeping them on write ----------------------------------------------------------------------------------------
_tracked: contextvars.ContextVar[frozenset[int]] = contextvars.ContextVar("sop_rollup_tracked", default=frozenset())


@contextlib.contextmanager
def tracking(case: Case, *, new: bool = False) -> Iterator[None]:
    """Around a write to `case`'s records (the case locked, inside the transaction): add what the write changed to
    the aggregates. `new`: the case has no record yet. Nested tracking of the same case is the outer one's."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("rollup.tracking() must run inside the service's transaction.")
    if case.pk in _tracked.get():
        yield
        return
    before = [] if new else _rows(case.pk)
    token = _tracked.set(_tracked.get() | {case.pk})
    try:
        yield
    finally:
        _tracked.reset(token)
    zone = case.organization.timezone
    change = contributions(_rows(case.pk), version_id=case.version_id, zone=zone)
    change.subtract(contributions(before, version_id=case.version_id, zone=zone))
    add(case.organization_id, case.sop_id, change)


def _model(name: str, apps=None):
    return (apps or installed_apps).get_model("sop", name)


def add(organization_id: int, sop_id: int, change: Contribution) -> None:
    """Add `change` (counts may be negative) to the aggregates: one upsert per table, rows in key order (two
    transactions adding to the same rows lock them in the same order)."""
    grouped: dict[str, dict[tuple, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for (table, key, column), count in change.items():
        if count:
            grouped[table][key][column] = count
    for table, rows in sorted(grouped.items()):
        _upsert(table, organization_id, sop_id, sorted(rows.items()))


def _upsert(name: str, organization_id: int, sop_id: int, rows) -> None:
    key_columns, counted = TABLES[name]
    table = connection.ops.quote_name(_model(name)._meta.db_table)
    keys = ["organization_id", "sop_id", *key_columns]
    columns = [*keys, *counted]
    quoted = [connection.ops.quote_name(c) for c in columns]
    values, params = [], []
    for key, counts in rows:
        values.append("(" + ", ".join(["%s"] * len(columns)) + ")")
        params += [organization_id, sop_id, *key, *(counts.get(c, 0) for c in counted)]
    sets = ", ".join(f"{q} = {table}.{q} + excluded.{q}" for q in quoted[len(keys) :])
    # Names from the models' own metadata, values as parameters.
    sql = (
        f"INSERT INTO {table} ({', '.join(quoted)}) VALUES {', '.join(values)} "  # noqa: S608
        f"ON CONFLICT ({', '.join(quoted[: len(keys)])}) DO UPDATE SET {sets}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


# --- rebuilding and checking --------------------------------------------------------------------------------------
# `apps`: a migration's registry (the migration that made the tables builds them); None for the installed models.
def computed(organization, *, apps=None) -> dict[int, Contribution]:
    """Every case's contribution summed per SOP, from the records (read in one pass, case by case)."""
    per_sop: dict[int, Contribution] = defaultdict(Counter)
    records = (
        _model("StepRecord", apps)
        .objects.filter(organization_id=organization.pk)
        .order_by("case_id")
        .values_list("case_id", "case__sop_id", "case__version_id", *FIELDS, WORK)
    )
    case_id, current = None, []
    sop_id = version_id = None

    def flush():
        if current:
            per_sop[sop_id].update(contributions(current, version_id=version_id, zone=organization.timezone))

    for row in records.iterator(chunk_size=5000):
        if row[0] != case_id:
            flush()
            case_id, sop_id, version_id, current = row[0], row[1], row[2], []
        current.append(row[3:])
    flush()
    return per_sop


def stored(organization, *, apps=None) -> dict[int, Contribution]:
    """The aggregates as they are, per SOP, without their zero rows."""
    per_sop: dict[int, Contribution] = defaultdict(Counter)
    for name, (key_columns, counted) in TABLES.items():
        rows = _model(name, apps).objects.filter(organization_id=organization.pk)
        for row in rows.values_list("sop_id", *key_columns, *counted):
            sop_id, key, counts = row[0], row[1 : 1 + len(key_columns)], row[1 + len(key_columns) :]
            for column, count in zip(counted, counts, strict=True):
                if count:
                    per_sop[sop_id][name, tuple(key), column] += count
    return per_sop


def differences(organization) -> list[str]:
    """Where the aggregates differ from what the records make them (empty when exact)."""
    expected, actual = computed(organization), stored(organization)
    found = []
    for sop_id in sorted(set(expected) | set(actual)):
        want, have = expected.get(sop_id, Counter()), actual.get(sop_id, Counter())
        for name, key, column in sorted(set(want) | set(have), key=str):
            if want[name, key, column] != have[name, key, column]:
                found.append(
                    f"{name} sop={sop_id} {key} {column}: "
                    f"{have[name, key, column]} stored, {want[name, key, column]} from the records"
                )
    return found


def all_differences() -> list[str]:
    """`differences` of every organisation with records or aggregates."""
    from sopan.accounts.models import Organization

    ids = set(StepRecord.objects.values_list("organization_id", flat=True).distinct())
    ids |= set(_model("StepDay").objects.values_list("organization_id", flat=True).distinct())
    found = []
    for organization in Organization.objects.filter(pk__in=ids).order_by("pk"):
        found += [f"{organization}: {problem}" for problem in differences(organization)]
    return found


@transaction.atomic
def rebuild(organization, *, apps=None) -> int:
    """Recompute the organisation's aggregates from its records; returns how many rows they now have. On PostgreSQL
    the three tables are locked against writes meanwhile (writers wait a moment), so no write is lost between the
    read and the replace; SQLite has one writer at a time anyway."""
    models = {name: _model(name, apps) for name in TABLES}
    if connection.vendor == "postgresql":
        tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in models.values())
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {tables} IN SHARE ROW EXCLUSIVE MODE")
    per_sop = computed(organization, apps=apps)
    written = 0
    for name, (key_columns, counted) in TABLES.items():
        model = models[name]
        model.objects.filter(organization_id=organization.pk).delete()
        rows: dict[tuple, dict[str, int]] = defaultdict(dict)
        for sop_id, contribution in per_sop.items():
            for (table, key, column), count in contribution.items():
                if table == name and count:
                    rows[sop_id, *key][column] = count
        objects = [
            model(
                organization_id=organization.pk,
                sop_id=key[0],
                **dict(zip(key_columns, key[1:], strict=True)),
                **{c: counts.get(c, 0) for c in counted},
            )
            for key, counts in rows.items()
        ]
        model.objects.bulk_create(objects, batch_size=2000)
        written += len(objects)
    return written


def timezone_changed(*, organization) -> None:
    """The `timezone_changed` hook: records move between days in the new zone."""
    rebuild(organization)
