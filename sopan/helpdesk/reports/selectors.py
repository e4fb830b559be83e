"""The helpdesk report of a period (issue 5 §6), ready to feed the LPSE's quarterly report (Perwali Salatiga 41/2024
Pasal 11): volumes, SLA compliance, escalations and tickets affecting tenders.

What counts:
- the tickets of the organisation *received* in the period: from the first day 00.00 to the day after the last day
  00.00, in the organisation's time zone (a ticket received on 31 March 23.30 WIB belongs to the first quarter);
- response (Pasal 9 ayat 2, the first follow-up): met when `responded_at <= response_due_at`; missed when answered
  late or, still unanswered, past its due time; pending while unanswered and not yet due;
- resolution: met when resolved (or closed) by `resolution_due_at`; breached when resolved late or, still open, past
  its due time (a ticket waiting for the reporter is judged at the moment it started waiting, as on the ticket page);
  pending while open and not yet due. The compliance rate is met / (met + missed): pending tickets are not judged yet;
- escalations *sent* in the period (the work of the quarter), answered or still waiting;
- agents: the person a ticket is assigned to now ("not assigned" for none).

Everything is counted by the database (GROUP BY through `.values().annotate(Count)`): a fixed number of queries
whatever the number of tickets.
"""

from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sopan.accounts.policies import require
from sopan.helpdesk import policies
from sopan.helpdesk.models import (
    Application,
    Area,
    Category,
    Channel,
    Escalation,
    PriorityLevel,
    Ticket,
    TicketType,
    UserType,
)

MAX_DAYS = 366  # a year, leap day included: longer periods are refused (the report is quarterly)
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
CLOSED_STATUSES = (Ticket.Status.RESOLVED, Ticket.Status.CLOSED)


# --- the period --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Period:
    """A span of whole days [first, last] in the organisation's calendar; `quarter` set for a calendar quarter."""

    first: datetime.date
    last: datetime.date
    year: int | None = None
    quarter: int | None = None

    def __post_init__(self):
        if self.first > self.last:
            raise ValueError("the period starts after it ends")
        if self.days > MAX_DAYS:
            raise ValueError(f"a period is at most {MAX_DAYS} days")

    @classmethod
    def of_quarter(cls, year: int, quarter: int) -> Period:
        if quarter not in ROMAN:
            raise ValueError("a quarter is 1 to 4")
        first = datetime.date(year, 3 * quarter - 2, 1)
        next_first = datetime.date(year + 1, 1, 1) if quarter == 4 else datetime.date(year, 3 * quarter + 1, 1)
        return cls(first, next_first - datetime.timedelta(days=1), year, quarter)

    @classmethod
    def containing(cls, day: datetime.date) -> Period:
        return cls.of_quarter(day.year, (day.month - 1) // 3 + 1)

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def is_quarter(self) -> bool:
        return self.quarter is not None

    @property
    def roman(self) -> str:
        return ROMAN.get(self.quarter, "")

    def bounds(self, zone: str) -> tuple[datetime.datetime, datetime.datetime]:
        """The aware instants [start, end) of the period in the time zone `zone`."""
        tz = zoneinfo.ZoneInfo(zone)
        start = datetime.datetime.combine(self.first, datetime.time.min, tz)
        end = datetime.datetime.combine(self.last + datetime.timedelta(days=1), datetime.time.min, tz)
        return start, end

    @property
    def label(self) -> str:
        """For the page: "Quarter II 2026" or "1 Apr 2026 – 30 Jun 2026" (in the active language)."""
        from django.utils.formats import date_format

        if self.is_quarter:
            return _("Quarter %(quarter)s %(year)s") % {"quarter": self.roman, "year": self.year}
        return f"{date_format(self.first)} – {date_format(self.last)}"


def current_period(organization, now: datetime.datetime | None = None) -> Period:
    """The quarter of today in the organisation's zone."""
    local = timezone.localtime(now or timezone.now(), zoneinfo.ZoneInfo(organization.timezone))
    return Period.containing(local.date())


# --- the figures -------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Line:
    """One line of a volume table."""

    key: str
    label: object
    count: int


@dataclass(frozen=True)
class Sla:
    """Response and resolution figures of a group of tickets (see the module docstring for the rules)."""

    label: object
    total: int = 0
    response_met: int = 0
    response_missed: int = 0
    response_pending: int = 0
    resolution_met: int = 0
    resolution_missed: int = 0
    resolution_pending: int = 0
    open: int = 0

    @staticmethod
    def _rate(met: int, missed: int) -> float | None:
        return round(100 * met / (met + missed), 1) if met + missed else None

    @property
    def response_rate(self) -> float | None:
        return self._rate(self.response_met, self.response_missed)

    @property
    def resolution_rate(self) -> float | None:
        return self._rate(self.resolution_met, self.resolution_missed)


@dataclass(frozen=True)
class EscalationLine:
    key: str
    label: object
    total: int
    answered: int

    @property
    def waiting(self) -> int:
        return self.total - self.answered


@dataclass
class Report:
    organization: object
    period: Period
    generated_at: datetime.datetime
    total: int = 0
    open: int = 0
    resolved: int = 0
    first_contact: int = 0
    affecting_tenders: int = 0
    sla: Sla | None = None
    volumes: dict[str, list[Line]] = field(default_factory=dict)
    months: list[Sla] = field(default_factory=list)
    agents: list[Sla] = field(default_factory=list)
    escalations: list[EscalationLine] = field(default_factory=list)
    tenders: list[Line] = field(default_factory=list)


# Dimensions of the volume tables: (key, field, choices); priority is added from the organisation's table.
DIMENSIONS = (
    ("channel", "channel", Channel),
    ("type", "type", TicketType),
    ("category", "category", Category),
    ("area", "area", Area),
    ("user_type", "user_type", UserType),
    ("application", "application", Application),
)
TENDER_ROWS = 50  # the tenders with the most tickets; the rest are in the total of tickets affecting tenders


def _sla_counts(now: datetime.datetime) -> dict:
    """Conditional counts shared by the summary, the months and the agents."""
    done = Q(status__in=CLOSED_STATUSES, resolved_at__isnull=False)
    open_ = ~Q(status__in=CLOSED_STATUSES)
    late_while_open = (Q(paused_at__isnull=True) & Q(resolution_due_at__lt=now)) | (
        Q(paused_at__isnull=False) & Q(paused_at__gt=F("resolution_due_at"))
    )
    return {
        "total": Count("id"),
        "response_met": Count("id", filter=Q(responded_at__isnull=False, responded_at__lte=F("response_due_at"))),
        "response_missed": Count(
            "id",
            filter=Q(responded_at__isnull=False, responded_at__gt=F("response_due_at"))
            | Q(responded_at__isnull=True, response_due_at__lt=now),
        ),
        "response_pending": Count("id", filter=Q(responded_at__isnull=True, response_due_at__gte=now)),
        "resolution_met": Count("id", filter=done & Q(resolved_at__lte=F("resolution_due_at"))),
        "resolution_missed": Count(
            "id", filter=(done & Q(resolved_at__gt=F("resolution_due_at"))) | (open_ & late_while_open)
        ),
        "resolution_pending": Count("id", filter=open_ & ~late_while_open),
        "open": Count("id", filter=open_),
    }


def _sla(label, row: dict) -> Sla:
    return Sla(label=label, **{name: row.get(name) or 0 for name in Sla.__dataclass_fields__ if name != "label"})


def _label(choices, value: str):
    try:
        return choices(value).label
    except ValueError:
        return value


def report_for(user, period: Period, *, now: datetime.datetime | None = None) -> Report:
    """The report of the user's organisation for `period` (PermissionDenied for those who may not see reports)."""
    organization = user.organization
    require(policies.can_view_reports(user, organization))
    return report_of(organization, period, now=now)


def report_of(organization, period: Period, *, now: datetime.datetime | None = None) -> Report:
    """The report of `organization` for `period`, without a reader (the quarterly LPSE report's section asks it;
    the caller has checked who reads it). A fixed number of queries."""
    now = now or timezone.now()
    start, end = period.bounds(organization.timezone)
    tickets = Ticket.objects.filter(organization=organization, received_at__gte=start, received_at__lt=end)
    report = Report(organization=organization, period=period, generated_at=now)
    counts = _sla_counts(now)
    _add_summary(report, tickets, counts)
    _add_volumes(report, tickets, organization)
    _add_months(report, tickets, counts, organization, period)
    _add_agents(report, tickets, counts)
    _add_escalations(report, organization, start, end)
    _add_tenders(report, tickets)
    return report


def _add_summary(report: Report, tickets, counts: dict) -> None:
    # 1. The summary.
    summary = tickets.aggregate(
        **counts,
        resolved=Count("id", filter=Q(status__in=CLOSED_STATUSES)),
        first_contact=Count("id", filter=Q(solved_on_first_contact=True)),
        affecting_tenders=Count("id", filter=Q(affects_tender=True)),
    )
    report.total = summary["total"]
    report.open = summary["open"]
    report.resolved = summary["resolved"]
    report.first_contact = summary["first_contact"]
    report.affecting_tenders = summary["affecting_tenders"]
    report.sla = _sla(_("All tickets"), summary)


def _add_volumes(report: Report, tickets, organization) -> None:
    # 2. Volumes, one GROUP BY per dimension, every choice listed (zero included).
    for key, name, choices in DIMENSIONS:
        found = dict(tickets.order_by().values(name).annotate(n=Count("id")).values_list(name, "n"))
        lines = [Line(value, label, found.pop(value, 0)) for value, label in choices.choices]
        lines += [Line(value, value, n) for value, n in sorted(found.items())]  # values no longer offered
        report.volumes[key] = lines
    found = dict(tickets.order_by().values("priority").annotate(n=Count("id")).values_list("priority", "n"))
    levels = PriorityLevel.objects.filter(organization=organization).order_by("rank")
    report.volumes["priority"] = [Line(level.code, level.label, found.get(level.pk, 0)) for level in levels]


def _add_months(report: Report, tickets, counts: dict, organization, period: Period) -> None:
    # 3. SLA per month of the period (in the organisation's zone).
    zone = zoneinfo.ZoneInfo(organization.timezone)
    by_month = {
        row["month"].date() if isinstance(row["month"], datetime.datetime) else row["month"]: row
        for row in tickets.order_by()
        .annotate(month=TruncMonth("received_at", tzinfo=zone))
        .values("month")
        .annotate(**counts)
    }
    month = period.first.replace(day=1)
    while month <= period.last:
        report.months.append(_sla(month, by_month.get(month, {})))
        month = (month + datetime.timedelta(days=32)).replace(day=1)


def _add_agents(report: Report, tickets, counts: dict) -> None:
    # 4. SLA per agent (the assignee now).
    rows = (
        tickets.order_by()
        .values("assignee", "assignee__full_name", "assignee__username")
        .annotate(**counts)
        .order_by("assignee__full_name", "assignee__username")
    )
    agents = [
        _sla(row["assignee__full_name"] or row["assignee__username"], row)
        for row in rows
        if row["assignee"] is not None
    ]
    unassigned = [_sla(_("Not assigned"), row) for row in rows if row["assignee"] is None]
    report.agents = agents + unassigned


def _add_escalations(report: Report, organization, start, end) -> None:
    # 5. Escalations sent in the period.
    found = {
        (row["kind"], row["automatic"]): row
        for row in Escalation.objects.filter(ticket__organization=organization, sent_at__gte=start, sent_at__lt=end)
        .order_by()
        .values("kind", "automatic")
        .annotate(total=Count("id"), answered=Count("id", filter=Q(answered_at__isnull=False)))
    }
    lines = (
        ("internal_automatic", _("Inside the LPSE, automatic (at risk)"), Escalation.Kind.INTERNAL, True),
        ("internal", _("Inside the LPSE, by a person"), Escalation.Kind.INTERNAL, False),
        ("lkpp_eproc", Escalation.Kind.LKPP_EPROC.label, Escalation.Kind.LKPP_EPROC, None),
        ("lkpp_technical", Escalation.Kind.LKPP_TECHNICAL.label, Escalation.Kind.LKPP_TECHNICAL, None),
    )
    for key, label, kind, automatic in lines:
        matching = [row for (k, a), row in found.items() if k == kind and (automatic is None or a == automatic)]
        report.escalations.append(
            EscalationLine(key, label, sum(row["total"] for row in matching), sum(row["answered"] for row in matching))
        )


def _add_tenders(report: Report, tickets) -> None:
    # 6. Tickets affecting tenders, by tender code.
    report.tenders = [
        Line(row["tender_code"], row["tender_code"] or _("(no code given)"), row["n"])
        for row in tickets.filter(affects_tender=True)
        .order_by()
        .values("tender_code")
        .annotate(n=Count("id"))
        .order_by("-n", "tender_code")[:TENDER_ROWS]
    ]
