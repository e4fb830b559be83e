"""Service-level arithmetic of tickets, in the organisation's working time (the core calendar).

Perwali Salatiga 41/2024 Pasal 9 ayat 2: a report is followed up within 1 working day. Each priority of the Tabel
Prioritas has a response target (the first follow-up) and a resolution target, in working hours or working days.

- `targets` sets the due times from the moment the report was received.
- While the ticket waits for the reporter the resolution clock is stopped (`pause`); `resume` moves the resolution
  due time and the at-risk time on by the working time spent waiting, and adds it to `paused_total` (shown on the
  ticket). Reopening a resolved ticket resumes from the resolution the same way.
- `state` says on track / at risk / breached for an open ticket (as of the pause when paused), met / missed for a
  resolved or closed one. `at_risk_at` is stored, so the sweep and the lists compare instants instead of computing.
- Due times are shown to the minute, so they are kept to the end of their minute (a response at 10.00.59 meets a
  target shown as 10.00; one at 10.01.00 misses it) and the at-risk time to the start of its minute
  (`sopan.core.calendar.end_of_minute`, the same rule as an SOP step's due time).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sopan.core.calendar import WorkCalendar, end_of_minute, start_of_minute
from sopan.helpdesk.models import PriorityLevel, TargetUnit, Ticket

ZERO = datetime.timedelta(0)


class State(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    BREACHED = "breached", _("Breached")
    MET = "met", _("Met")
    MISSED = "missed", _("Missed")


def exact_due(
    calendar: WorkCalendar, start: datetime.datetime, amount: int, unit: str, waited: datetime.timedelta = ZERO
) -> datetime.datetime:
    """The instant `amount` working hours or working days after `start`, plus the working time `waited`."""
    if unit == TargetUnit.DAYS:
        exact = calendar.add_working_days(start, amount)
    else:
        exact = calendar.add(start, datetime.timedelta(hours=amount))
    return calendar.add(exact, waited) if waited else exact


def due(
    calendar: WorkCalendar, start: datetime.datetime, amount: int, unit: str, waited: datetime.timedelta = ZERO
) -> datetime.datetime:
    """`exact_due` to the end of the minute shown (rounded once, from the exact instant, so pauses do not add a
    minute each)."""
    return end_of_minute(exact_due(calendar, start, amount, unit, waited))


def at_risk_instant(
    calendar: WorkCalendar, start: datetime.datetime, end: datetime.datetime, percent: int
) -> datetime.datetime:
    """The minute in which `percent` of the working time from `start` to `end` has passed (from its start)."""
    total = calendar.working_time_between(start, end)
    return start_of_minute(calendar.add(start, total * percent / 100))


def targets(ticket: Ticket, priority: PriorityLevel, calendar: WorkCalendar, at_risk_percent: int) -> None:
    """Set the response, resolution and at-risk times from `received_at`, less nothing waited (a new ticket or a
    reclassified one: the time already waited is added back, see `_shift`)."""
    start = ticket.received_at
    ticket.priority = priority
    ticket.response_due_at = due(calendar, start, priority.response_amount, priority.response_unit)
    resolution = exact_due(
        calendar, start, priority.resolution_amount, priority.resolution_unit, ticket.paused_total or ZERO
    )
    ticket.resolution_due_at = end_of_minute(resolution)
    ticket.at_risk_at = at_risk_instant(calendar, start, resolution, at_risk_percent)  # a share of the exact span


def pause(ticket: Ticket, now: datetime.datetime | None = None) -> None:
    ticket.paused_at = now or timezone.now()


def resume(ticket: Ticket, calendar: WorkCalendar, since: datetime.datetime, now: datetime.datetime | None = None):
    """The clock runs again; the working time from `since` (the pause or the resolution) to now is not counted."""
    now = now or timezone.now()
    waited = calendar.working_time_between(since, now)
    ticket.paused_total += waited
    priority = ticket.priority  # from the exact target, so resuming often does not drift by a minute each time
    ticket.resolution_due_at = due(
        calendar, ticket.received_at, priority.resolution_amount, priority.resolution_unit, ticket.paused_total
    )
    ticket.at_risk_at = start_of_minute(calendar.add(ticket.at_risk_at, waited))
    ticket.paused_at = None
    return waited


@dataclass(frozen=True)
class Clock:
    state: str
    response_state: str
    paused: bool

    @property
    def label(self):
        return State(self.state).label


def state(ticket: Ticket, now: datetime.datetime | None = None) -> Clock:
    now = now or timezone.now()
    # Response (the first follow-up, Pasal 9 ayat 2)
    if ticket.responded_at is not None:
        response = State.MET if ticket.responded_at <= ticket.response_due_at else State.MISSED
    else:
        response = State.BREACHED if now > ticket.response_due_at else State.ON_TRACK
    # Resolution
    if ticket.resolved_at is not None and ticket.status in (Ticket.Status.RESOLVED, Ticket.Status.CLOSED):
        resolution = State.MET if ticket.resolved_at <= ticket.resolution_due_at else State.MISSED
        return Clock(resolution, response, False)
    clock = ticket.paused_at or now
    if clock > ticket.resolution_due_at or response == State.BREACHED:
        resolution = State.BREACHED
    elif clock >= ticket.at_risk_at:
        resolution = State.AT_RISK
    else:
        resolution = State.ON_TRACK
    return Clock(resolution, response, ticket.paused_at is not None)
