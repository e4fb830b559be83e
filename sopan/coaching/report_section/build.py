"""Training and socialisation for the periodic LPSE report (sopan.core.report_sections, order 80): the coaching
programmes held in the period (Pasal 8 ayat 2 huruf c–d: "sosialisasi regulasi dan kebijakan", "pemberian
Pelatihan"). A programme is held in the period when its first session starts in it and it was not cancelled; its
invited and attended counts are its invitations'. Two queries whatever the number of programmes.
"""

from __future__ import annotations

import datetime
import zoneinfo

from django.db.models import Count, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sopan.coaching.models import Invitation, Programme
from sopan.core.report_sections import Fact, Section, Table
from sopan.core.templatetags.sopan import local_date
from sopan.helpdesk.reports.selectors import Period


def sections(*, organization, start: datetime.date, end: datetime.date) -> list[Section]:
    begin, finish = Period(start, end).bounds(organization.timezone)
    held = list(
        Programme.objects.filter(organization=organization)
        .exclude(status=Programme.Status.CANCELLED)
        .annotate(first=Min("sessions__starts_at"))
        .filter(first__gte=begin, first__lt=finish)
        .order_by("first", "id")
        .only("kind", "audience", "title", "status")
    )
    counts = {
        row["programme"]: row
        for row in Invitation.objects.filter(programme__in=[p.pk for p in held])
        .order_by()
        .values("programme")
        .annotate(invited=Count("id"), attended=Count("id", filter=Q(attended_at__isnull=False)))
    }
    zone = zoneinfo.ZoneInfo(organization.timezone)
    with timezone.override(zone):
        rows = tuple(
            (local_date(timezone.localtime(p.first, zone).date()), p.title, str(p.get_kind_display()),
             str(p.get_audience_display()), str(counts.get(p.pk, {}).get("invited", 0)),
             str(counts.get(p.pk, {}).get("attended", 0)))
            for p in held
        )  # fmt: skip
    facts = (
        Fact(_("Programmes held"), str(len(held))),
        Fact(_("Trainings"), str(sum(1 for p in held if p.kind == Programme.Kind.TRAINING))),
        Fact(_("Socialisations and clinics"), str(sum(1 for p in held if p.kind != Programme.Kind.TRAINING))),
        Fact(_("Participants attended"), str(sum(row["attended"] for row in counts.values()))),
    )
    table = Table(
        _("Programmes"), (_("Date"), _("Programme"), _("Kind"), _("Participants"), _("Invited"), _("Attended")), rows
    )
    return [
        Section(
            key="training",
            title=_("Training and socialisation"),
            order=80,
            facts=facts,
            tables=(table,),
            note=_("The coaching programmes whose first session falls in the period, cancelled ones left out."),
        )
    ]
