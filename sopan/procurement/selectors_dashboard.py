"""The pipeline dashboard's reads (issue 17 §6): for the packages the user may see (`selectors.package_scope`), the
packages per agency and stage with their pagu, how long each open package has been in its stage (in the
organisation's working days), the Pokja's review rounds and the Pokja's workload.

A fixed number of queries whatever the number of packages: every count and sum is made in the database; only the
working-day age is computed here, on the organisation's calendar (three queries, `calendar_for`).

When a package entered its stage: the time of the latest audit event of a transition that changes the status
(`STAGE_ENTRY_ACTIONS`, read from PACKAGE_FLOW: submit_preparation, approve_preparation, start_selection,
record_contract, ...); a package with none is still in the stage it was created in (planning, imported from SiRUP)
since its `created_at`. The audit log is chosen over the stage records' dates because every status change writes
exactly one event, in the same transaction (`Workflow.apply`), while the records' dates tell other things (a
milestone's `on` is the date the paper bears, which may be before the change was recorded) and the planning →
preparation move has no record of its own.
"""

from __future__ import annotations

import bisect
import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, Max, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from sopan.core.models import AuditEvent
from sopan.core.selectors import calendar_for
from sopan.procurement.models import Package, PokjaAssignmentMember, Review
from sopan.procurement.selectors import package_scope, pokja_choices_for
from sopan.procurement.workflows import PACKAGE_FLOW

S = Package.Status
STAGES = (S.PLANNING, S.PREPARATION, S.SELECTION_PREPARATION, S.SELECTION, S.CONTRACT, S.HANDED_OVER, S.CANCELLED)
CLOSED = (S.HANDED_OVER, S.CANCELLED)
OPEN_STAGES = tuple(s for s in STAGES if s not in CLOSED)
STAGE_ENTRY_ACTIONS = tuple(sorted({t.audit for t in PACKAGE_FLOW.transitions if t.target not in t.source}))
MANY_RETURNS = 2  # returned rounds from which a package is highlighted
SHOWN_OPEN = 50  # open packages listed by age (the oldest first); the counts are always whole
SHOWN_REVIEWS = 25  # reviewed packages listed, the most returned first; `review_count` is always whole


@dataclass
class AgencyRow:
    agency_id: int
    name: str
    cells: dict = field(default_factory=dict)  # stage → (count, pagu)
    count: int = 0
    pagu: Decimal = Decimal(0)

    def stage_cells(self):
        return [self.cells.get(stage, (0, Decimal(0))) for stage in STAGES]


@dataclass(frozen=True)
class OpenPackage:
    pk: int
    kd_rup: str
    name: str
    agency: str
    status: str
    status_label: str
    since: datetime.datetime
    working_days: int


@dataclass(frozen=True)
class ReviewRow:
    pk: int
    kd_rup: str
    name: str
    agency: str
    rounds: int
    returned: int

    @property
    def highlighted(self) -> bool:
        return self.returned >= MANY_RETURNS


@dataclass(frozen=True)
class Workload:
    user_id: int
    name: str
    active: int


@dataclass
class Dashboard:
    stages: tuple = STAGES
    agencies: list[AgencyRow] = field(default_factory=list)
    totals: list = field(default_factory=list)  # per stage (count, pagu)
    total_count: int = 0
    total_pagu: Decimal = Decimal(0)
    open_packages: list[OpenPackage] = field(default_factory=list)
    open_count: int = 0
    reviews: list[ReviewRow] = field(default_factory=list)
    review_count: int = 0
    workload: list[Workload] = field(default_factory=list)

    @property
    def stage_labels(self):
        return [S(stage).label for stage in self.stages]


def _scoped(user, fiscal_year: int | None):
    packages = package_scope(user)
    return packages.filter(fiscal_year=fiscal_year) if fiscal_year else packages


def stage_table(packages) -> tuple[list[AgencyRow], list, int, Decimal]:
    """Packages per agency (rows) and stage (columns): count and total pagu, one grouped query."""
    rows: dict[int, AgencyRow] = {}
    grouped = (
        packages.order_by()
        .values("agency_id", "agency__name", "status")
        .annotate(n=Count("id"), pagu_total=Sum("pagu"))
        .order_by("agency__name", "agency_id")
    )
    totals: dict[str, list] = {stage: [0, Decimal(0)] for stage in STAGES}
    for item in grouped:
        row = rows.setdefault(item["agency_id"], AgencyRow(item["agency_id"], item["agency__name"]))
        pagu = item["pagu_total"] or Decimal(0)
        row.cells[item["status"]] = (item["n"], pagu)
        row.count += item["n"]
        row.pagu += pagu
        totals.setdefault(item["status"], [0, Decimal(0)])
        totals[item["status"]][0] += item["n"]
        totals[item["status"]][1] += pagu
    agencies = list(rows.values())
    return (
        agencies,
        [tuple(totals[stage]) for stage in STAGES],
        sum(r.count for r in agencies),
        sum((r.pagu for r in agencies), Decimal(0)),
    )


def _stage_start():
    """The time of the package's latest status-changing audit event (a subquery; NULL when there is none)."""
    events = AuditEvent.objects.filter(
        target_type=ContentType.objects.get_for_model(Package),
        target_id=Cast(OuterRef("pk"), CharField()),
        action__in=STAGE_ENTRY_ACTIONS,
    )
    return Subquery(events.order_by().values("target_id").annotate(last=Max("created_at")).values("last")[:1])


class WorkingDayCounter:
    """`WorkCalendar.working_days_between` for many starts and one end, without walking the calendar per package: the
    working dates from the earliest start to the end are listed once, each package is then a binary search (the
    calendar's own rule kept: whole working days, the same clock time on the n-th next working day).
    `test_the_counter_agrees_with_the_calendar` holds the two to the same answers."""

    def __init__(self, calendar, starts, end: datetime.datetime):
        self.calendar, self.end = calendar, end
        self.last = end.astimezone(calendar.zone).date()
        first = min((s.astimezone(calendar.zone).date() for s in starts), default=self.last)
        self.dates = list(calendar.working_dates(first, self.last))  # sorted

    def __call__(self, start: datetime.datetime) -> int:
        if self.end <= start:
            return 0
        opening = self.calendar.next_working_instant(start).astimezone(self.calendar.zone)
        count = len(self.dates) - bisect.bisect_right(self.dates, opening.date())  # working dates after its day
        if count > 0 and self.dates[-1] == self.last:  # the count-th working day is the end's own date
            target = datetime.datetime.combine(self.last, opening.timetz().replace(tzinfo=None), self.calendar.zone)
            intervals = self.calendar.working_intervals(self.last)
            moved = next((max(target, opens) for opens, closes in intervals if target <= closes), intervals[-1][1])
            if moved > self.end:
                count -= 1
        return count


def open_packages(packages, organization, now=None) -> tuple[list[OpenPackage], int]:
    """The SHOWN_OPEN open packages (not handed over or cancelled) longest in their current stage, with their working
    days in it, and how many are open. Two queries for the packages, three for the calendar.

    The database sorts by the time the stage was entered and keeps the first SHOWN_OPEN: the working days since a
    moment never grow when the moment is later, so that order is the order by working days (the longest first, the
    earlier entry and then the smaller id first among equals), and only the rows shown come to Python."""
    now = now or timezone.now()
    open_ = packages.filter(status__in=OPEN_STAGES)
    rows = list(
        open_.annotate(entered=Coalesce(_stage_start(), "created_at"))
        .order_by("entered", "pk")
        .values("pk", "kd_rup", "name", "agency__name", "status", "entered")[:SHOWN_OPEN]
    )
    total = len(rows) if len(rows) < SHOWN_OPEN else open_.order_by().count()
    count = WorkingDayCounter(calendar_for(organization), [r["entered"] for r in rows], now)
    found = [
        OpenPackage(
            pk=r["pk"],
            kd_rup=r["kd_rup"],
            name=r["name"],
            agency=r["agency__name"],
            status=r["status"],
            status_label=S(r["status"]).label,
            since=r["entered"],
            working_days=count(r["entered"]),
        )
        for r in rows
    ]
    found.sort(key=lambda p: (-p.working_days, p.since, p.pk))  # already so; kept as the rule's statement
    return found, total


def review_rounds(packages) -> tuple[list[ReviewRow], int]:
    """The packages the Pokja reviewed (SOP Persiapan Pemilihan steps 4–5): rounds and rounds returned to the PPK,
    the SHOWN_REVIEWS most returned first, and how many packages were reviewed. One query, two when there are more."""
    returned = Count("reviews", filter=Q(reviews__outcome=Review.Outcome.RETURNED))
    rows = list(
        packages.annotate(rounds=Count("reviews"), returned=returned)
        .filter(rounds__gt=0)
        .order_by("-returned", "-rounds", "-pk")
        .values("pk", "kd_rup", "name", "agency__name", "rounds", "returned")[:SHOWN_REVIEWS]
    )
    total = len(rows)
    if total == SHOWN_REVIEWS:
        total = Review.objects.filter(package__in=packages.values("pk")).values("package_id").distinct().count()
    found = [ReviewRow(r["pk"], r["kd_rup"], r["name"], r["agency__name"], r["rounds"], r["returned"]) for r in rows]
    return found, total


def pokja_workload(packages, user) -> list[Workload]:
    """Each Pokja holder of the user's organisation (`selectors.pokja_choices_for`): their active assignments on
    open packages (not handed over or cancelled) among `packages`.
    Two queries."""
    counted = (
        PokjaAssignmentMember.objects.filter(
            assignment__is_active=True,
            assignment__package__in=packages.filter(status__in=OPEN_STAGES).values("pk"),
        )
        .order_by()
        .values("user_id")
        .annotate(n=Count("assignment__package_id", distinct=True))
    )
    counts = {row["user_id"]: row["n"] for row in counted}
    rows = [Workload(pk, name, counts.get(pk, 0)) for pk, name in pokja_choices_for(user)]
    return sorted(rows, key=lambda w: (-w.active, w.name))


def dashboard_for(user, fiscal_year: int | None = None, now=None) -> Dashboard:
    """Everything the dashboard shows, for the packages `user` may see (optionally one fiscal year)."""
    packages = _scoped(user, fiscal_year)
    board = Dashboard()
    board.agencies, board.totals, board.total_count, board.total_pagu = stage_table(packages)
    board.open_packages, board.open_count = open_packages(packages, user.organization, now)
    board.reviews, board.review_count = review_rounds(packages)
    board.workload = pokja_workload(packages, user)
    return board


def state_of(user, fiscal_year: int | None = None) -> str:
    """What changes whenever a package in the user's scope changes: how many there are, the latest change, the sum of
    their versions (every transition raises a package's version, in the transaction that writes its stage records).
    One query, read from the index `package_org_state` for who sees every package."""
    state = (
        _scoped(user, fiscal_year)
        .order_by()
        .aggregate(count=Count("pk"), changed=Max("updated_at"), versions=Sum("version"))
    )
    changed = state["changed"].isoformat() if state["changed"] else ""
    return f"{state['count']}:{changed}:{state['versions'] or 0}"


def year_choices_for(user) -> list[int]:
    """The fiscal years of the packages the user may see, newest first."""
    years = package_scope(user).order_by("-fiscal_year").values_list("fiscal_year", flat=True).distinct()
    return list(years)
