"""The reads of the unit's performance, scoped to the user's organisation (another organisation's indicator or report
answers 404). The quarterly figures of a page of indicators cost a fixed number of queries: the indicators, their
realisations and action plans (two prefetches), and each measure bound on the page once per quarter (each measure
runs a fixed number of queries, sopan.core.measures). On the indicators page the computed figures are kept in the
cache for `MEASURE_SECONDS` (`kept=True`): twenty measures a page cost more than the rest of it; the indicator's own
page and the quarterly reports compute them anew."""

from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone

from sopan.accounts.policies import require
from sopan.core import measures
from sopan.core.pagination import Page, keyset_page
from sopan.indicators import policies, scores
from sopan.indicators.models import QUARTERS, ActionPlan, Indicator, Realisation, Report

PAGE_SIZE = 50
ORDER = ("code", "id")
MEASURE_SECONDS = 300  # how long the indicators page shows a computed figure before computing it again


def _measure_key(code: str, organization, span) -> str:
    return f"indicators:measure:{code}:{organization.pk}:{span[0].isoformat()}:{span[1].isoformat()}"


@dataclass
class Cell:
    """One quarter of one indicator: its target, its realisation (entered or computed) and the achievement."""

    quarter: int
    target: Decimal | None
    realisation: Decimal | None = None
    computed: bool = False
    started: bool = True
    entered: Realisation | None = None
    achievement: Decimal | None = None
    plans: list[ActionPlan] = field(default_factory=list)

    @property
    def under_target(self) -> bool:
        return scores.under_target(self.achievement)

    @property
    def needs_plan(self) -> bool:
        return self.under_target and not self.plans


@dataclass
class Row:
    indicator: Indicator
    cells: list[Cell]
    measure: measures.Measure | None = None

    def cell(self, quarter: int) -> Cell:
        return self.cells[quarter - 1]


def today_of(organization) -> datetime.date:
    return timezone.localdate(timezone.now(), timezone=zoneinfo.ZoneInfo(organization.timezone))


def _indicators(organization):
    return Indicator.objects.filter(organization=organization).prefetch_related(
        Prefetch("realisations", queryset=Realisation.objects.select_related("entered_by")),
        Prefetch("action_plans", queryset=ActionPlan.objects.order_by("quarter", "due_on", "id")),
    )


def rows_of(indicators, organization, year: int, quarters=QUARTERS, *, days=None, kept: bool = False) -> list[Row]:
    """The quarterly figures of `indicators` (already fetched with their realisations and plans). A bound measure is
    computed once per quarter and measure, from the first day of the quarter to its end or to today; `days`, given,
    replaces the quarter's days (the report sections' own period). `kept`: computed figures come from the cache when
    computed less than `MEASURE_SECONDS` ago (all read in one round trip) and are kept there."""
    today = today_of(organization)
    computed: dict[tuple[str, int], Decimal | None] = {}
    keys: dict[tuple[str, int], str] = {}
    if kept:
        for indicator in indicators:
            for quarter in quarters:
                span = days or scores.measured_days(year, quarter, today)
                if indicator.measure and span is not None and measures.get(indicator.measure):
                    keys[indicator.measure, quarter] = _measure_key(indicator.measure, organization, span)
        found = cache.get_many(list(set(keys.values()))) if keys else {}
        computed.update({pair: found[key] for pair, key in keys.items() if key in found})
    fresh: dict[str, Decimal | None] = {}
    rows = []
    for indicator in indicators:
        measure = measures.get(indicator.measure) if indicator.measure else None
        entered = {r.quarter: r for r in indicator.realisations.all()}
        plans = list(indicator.action_plans.all())
        cells = []
        for quarter in quarters:
            cell = Cell(quarter, indicator.quarter_target(quarter), started=scores.has_started(year, quarter, today))
            cell.plans = [p for p in plans if p.quarter == quarter]
            span = days or scores.measured_days(year, quarter, today)
            if measure is not None:
                cell.computed = True
                if span is not None:
                    key = (measure.code, quarter)
                    if key not in computed:
                        computed[key] = measure.value(organization, *span)
                        if key in keys:
                            fresh[keys[key]] = computed[key]
                    cell.realisation = computed[key]
            elif quarter in entered:
                cell.entered = entered[quarter]
                cell.realisation = entered[quarter].value
            cell.achievement = scores.achievement(cell.target, cell.realisation, indicator.better)
            cells.append(cell)
        rows.append(Row(indicator, cells, measure))
    if fresh:
        cache.set_many(fresh, MEASURE_SECONDS)
    return rows


def dashboard_for(user, year: int, *, cursor: str | None = None) -> tuple[Page, list[Row]]:
    """A page of the year's indicators with their four quarters."""
    require(policies.can_view(user, user.organization))
    indicators = _indicators(user.organization).filter(year=year)
    page = keyset_page(indicators, order=ORDER, cursor=cursor, size=PAGE_SIZE)
    return page, rows_of(page.items, user.organization, year, kept=True)


def years_for(user) -> list[int]:
    years = set(Indicator.objects.filter(organization_id=user.organization_id).values_list("year", flat=True))
    return sorted(years | {today_of(user.organization).year}, reverse=True)


def indicator_get_for(user, pk: int) -> Indicator:
    require(policies.can_view(user, user.organization))
    found = _indicators(user.organization).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def report_list_for(user) -> list[Report]:
    require(policies.can_view(user, user.organization))
    return list(Report.objects.filter(organization=user.organization).order_by("-year", "period", "-id")[:200])


def report_get_for(user, pk: int) -> Report:
    require(policies.can_view(user, user.organization))
    found = (
        Report.objects.filter(organization_id=user.organization_id, pk=pk)
        .select_related("organization", "created_by", "submitted_by", "approved_by")
        .first()
    )
    if found is None:
        raise Http404
    return found


def report_rows(report: Report) -> list[Row]:
    """Every indicator of the report's year, with the quarters of its period."""
    indicators = list(_indicators(report.organization).filter(year=report.year).order_by(*ORDER))
    return rows_of(indicators, report.organization, report.year, report.quarters)
