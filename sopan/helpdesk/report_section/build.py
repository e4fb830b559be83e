"""The helpdesk's sections of the periodic LPSE report (sopan.core.report_sections), from live data:

- "helpdesk" (order 20): the tickets received in the period, their volumes by channel, and SLA compliance, taken from
  the helpdesk report itself (reports.selectors.report_of: the same rules, the same figures as its page). The
  response target is the first follow-up that Perwali Salatiga 41/2024 Pasal 9 ayat 2 bounds at 1 working day
  ("ditindaklanjuti ... paling lama 1 (satu) hari kerja sejak laporan diterima"); escalations sent in the period;
- "outages" (order 30): the announcements of outages and maintenance that overlap the period (Pasal 9 ayat 4), their
  duration and whether their Berita Acara Gangguan is made (the number given when the announcement is closed).

A fixed number of queries whatever the number of tickets or announcements (the helpdesk report's, and one).
"""

from __future__ import annotations

import datetime
import zoneinfo

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from sopan.core.report_sections import Fact, Section, Table
from sopan.core.templatetags.sopan import local_date, local_datetime
from sopan.helpdesk.models import Announcement
from sopan.helpdesk.reports.selectors import Period, Sla, report_of


def sections(*, organization, start: datetime.date, end: datetime.date) -> list[Section]:
    with timezone.override(zoneinfo.ZoneInfo(organization.timezone)):
        return [tickets(organization, start, end), outages(organization, start, end)]


def percent(value: float | None) -> str:
    return "-" if value is None else f"{number_format(value, 1)}%"


def _sla_row(sla: Sla) -> tuple[str, ...]:
    return (
        str(sla.total),
        str(sla.response_met),
        str(sla.response_missed),
        percent(sla.response_rate),
        str(sla.resolution_met),
        str(sla.resolution_missed),
        percent(sla.resolution_rate),
    )


def tickets(organization, start: datetime.date, end: datetime.date) -> Section:
    report = report_of(organization, Period(start, end))
    sla = report.sla
    facts = (
        Fact(_("Tickets received"), str(report.total)),
        Fact(_("Resolved or closed"), str(report.resolved)),
        Fact(_("Still open"), str(report.open)),
        Fact(_("Solved on first contact"), str(report.first_contact)),
        Fact(_("Followed up within the target (Pasal 9 ayat 2: at most 1 working day)"), percent(sla.response_rate)),
        Fact(_("Resolved within the target"), percent(sla.resolution_rate)),
        Fact(_("Tickets affecting a tender"), str(report.affecting_tenders)),
    )
    sla_columns = (_("Month"), _("Tickets"), _("Followed up on time"), _("Followed up late"), _("Follow-up %"),
                   _("Resolved on time"), _("Resolved late"), _("Resolution %"))  # fmt: skip
    months = Table(_("SLA per month"), sla_columns,
                   tuple((local_date(m.label, "YEAR_MONTH_FORMAT"), *_sla_row(m)) for m in report.months))  # fmt: skip
    channels = Table(_("Tickets by channel"), (_("Channel"), _("Tickets")),
                     tuple((str(line.label), str(line.count)) for line in report.volumes["channel"]))  # fmt: skip
    escalations = Table(_("Escalations sent"), (_("To"), _("Sent"), _("Answered"), _("Waiting")),
                        tuple((str(e.label), str(e.total), str(e.answered), str(e.waiting))
                              for e in report.escalations))  # fmt: skip
    return Section(
        key="helpdesk",
        title=_("Helpdesk: problem reports and their handling"),
        order=20,
        facts=facts,
        tables=(months, channels, escalations),
        note=_("From the helpdesk tickets received in the period; a ticket not yet due is not judged."),
    )


def _hours(delta: datetime.timedelta) -> str:
    return number_format(delta.total_seconds() / 3600, 1)


def outages(organization, start: datetime.date, end: datetime.date) -> Section:
    begin, finish = Period(start, end).bounds(organization.timezone)
    rows = list(
        Announcement.objects.filter(organization=organization, started_at__lt=finish)
        .exclude(ended_at__lt=begin)
        .order_by("started_at", "id")
        .only("kind", "title", "services", "started_at", "ended_at", "report_number")
    )
    found = [a for a in rows if a.kind == Announcement.Kind.OUTAGE]
    ended = [a for a in found if a.ended_at]
    downtime = sum((a.ended_at - a.started_at for a in ended), datetime.timedelta())
    facts = (
        Fact(_("Outages"), str(len(found))),
        Fact(_("Planned maintenance"), str(len(rows) - len(found))),
        Fact(_("Outage hours (ended outages)"), _hours(downtime)),
        Fact(_("Outages with a Berita Acara"), f"{sum(1 for a in found if a.report_number)} / {len(found)}"),
    )
    table = Table(
        _("Outages and maintenance"),
        (_("Kind"), _("Title"), _("Services"), _("Start"), _("End"), _("Hours"), _("Berita Acara")),
        tuple(
            (
                str(a.get_kind_display()),
                a.title,
                a.services,
                local_datetime(a.started_at),
                local_datetime(a.ended_at) if a.ended_at else _("ongoing"),
                _hours(a.ended_at - a.started_at) if a.ended_at else "-",
                a.report_number or (_("not yet") if a.kind == Announcement.Kind.OUTAGE else "-"),
            )
            for a in rows
        ),
    )
    return Section(
        key="outages",
        title=_("Outages and their Berita Acara"),
        order=30,
        facts=facts,
        tables=(table,),
        note=_("Announcements of outages and maintenance that overlap the period (Perwali Pasal 9 ayat 4)."),
    )
