"""The risk register's section of the quarterly LPSE report (Perwali Salatiga 41/2024 Pasal 11; issue 19 §3 "risks
and their treatment"), answering the hook "report_sections" (sopan/core/report_sections.py): the risks identified,
closed and open in the period, the open ones by level per criteria set, the treatments done and overdue, and the
escalations. Five queries whatever the organisation's size."""

from __future__ import annotations

import datetime
from collections import Counter

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from sopan.core.report_sections import Fact, Section, Table
from sopan.risks.models import Criteria, Escalation, Risk, Treatment


def _bounds(start: datetime.date, end: datetime.date):
    zone = timezone.get_current_timezone()
    since = datetime.datetime.combine(start, datetime.time.min, tzinfo=zone)
    until = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
    return since, until


def _n(value) -> str:
    return number_format(value or 0, force_grouping=True)


def sections(*, organization, start: datetime.date, end: datetime.date) -> list[Section]:
    since, until = _bounds(start, end)
    risks = Risk.objects.filter(organization=organization).exclude(status=Risk.Status.NEW)
    open_at_end = Q(created_at__lt=until) & (Q(closed_at__isnull=True) | Q(closed_at__gte=until))
    counts = risks.aggregate(
        identified=Count("id", filter=Q(created_at__gte=since, created_at__lt=until)),
        closed=Count("id", filter=Q(closed_at__gte=since, closed_at__lt=until)),
        open=Count("id", filter=open_at_end),
    )
    criteria = {c.pk: c for c in Criteria.objects.filter(organization=organization).order_by("scheme")}
    cells = (
        risks.filter(open_at_end)
        .values("criteria_id", "inherent_likelihood", "inherent_impact", "residual_likelihood", "residual_impact")
        .annotate(n=Count("id"))
        .order_by()
    )
    by_level: Counter = Counter()
    for cell in cells:
        c = criteria.get(cell["criteria_id"])
        residual = (cell["residual_likelihood"] or 0) * (cell["residual_impact"] or 0)
        score = residual or (cell["inherent_likelihood"] or 0) * (cell["inherent_impact"] or 0)
        level = c.level_of(score) if c else None
        by_level[(cell["criteria_id"], level.label if level else str(_("Not rated")))] += cell["n"]
    treatments = Treatment.objects.filter(risk__organization=organization).aggregate(
        done=Count("id", filter=Q(done_at__gte=since, done_at__lt=until)),
        overdue=Count("id", filter=Q(due_on__lte=end) & (Q(done_at__isnull=True) | Q(done_at__gte=until))
                      & Q(created_at__lt=until)),
    )  # fmt: skip
    escalations = Escalation.objects.filter(risk__organization=organization, raised_at__gte=since,
                                            raised_at__lt=until).aggregate(
        coordinator=Count("id", filter=Q(to=Escalation.To.COORDINATOR)),
        committee=Count("id", filter=Q(to=Escalation.To.COMMITTEE)),
        decided=Count("id", filter=Q(to=Escalation.To.COMMITTEE, decided_at__isnull=False)),
    )  # fmt: skip
    levels = tuple(
        (criteria[cid].name if cid in criteria else "-", label, _n(n)) for (cid, label), n in sorted(by_level.items())
    )
    return [
        Section(
            key="risks",
            title=_("Risks and their treatment"),
            order=60,
            facts=(
                Fact(_("Risks identified"), _n(counts["identified"])),
                Fact(_("Risks closed"), _n(counts["closed"])),
                Fact(_("Risks open at the end of the period"), _n(counts["open"])),
                Fact(_("Treatments done"), _n(treatments["done"])),
                Fact(_("Treatments overdue"), _n(treatments["overdue"])),
                Fact(_("Reports to the coordinator"), _n(escalations["coordinator"])),
                Fact(_("Escalations to the committee"), _n(escalations["committee"])),
                Fact(_("Escalations decided by the committee"), _n(escalations["decided"])),
            ),
            tables=(Table(_("Open risks by level"), (_("Criteria"), _("Level"), _("Risks")), levels),),
            note=_("From the risk register: the level is the residual rating where given, else the inherent one."),
        )
    ]
