"""What other modules read of vendor performance (coaching, the availability analysis). Keep these signatures.

Bands are `models.Band` values: "poor", "fair", "good", "very_good".
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, QuerySet, Subquery

from sopan.performance.models import Assessment, Band, Contract


@dataclass(frozen=True)
class Score:
    total: Decimal | None  # None for an e-purchasing rating (stars)
    band: str
    band_label: str
    assessed_on: datetime.date
    count: int = 1  # the number of the company's assessments considered


def latest_scores(organization, company_ids, *, before: datetime.date | None = None) -> dict[int, Score]:
    """Each company's most recent assessment in the organisation (strictly before `before` when given), with how many
    were considered. Companies never assessed are absent. One query."""
    rows = Assessment.objects.filter(organization=organization, company_id__in=list(company_ids))
    if before is not None:
        rows = rows.filter(assessed_on__lt=before)
    found: dict[int, Score] = {}
    counts: dict[int, int] = {}
    for company_id, total, band, on in rows.order_by("company_id", "-assessed_on", "-id").values_list(
        "company_id", "total", "band", "assessed_on"
    ):
        counts[company_id] = counts.get(company_id, 0) + 1
        if company_id not in found:
            found[company_id] = Score(total=total, band=band, band_label=str(Band(band).label), assessed_on=on)
    return {cid: Score(s.total, s.band, s.band_label, s.assessed_on, counts[cid]) for cid, s in found.items()}


def companies_with_band(organization, bands: set[str]) -> QuerySet[int]:
    """The ids of the organisation's companies whose latest assessment's band is in `bands`: a subquery for
    `.filter(id__in=...)`."""
    from sopan.vendors.models import Company

    latest = Assessment.objects.filter(organization=organization, company=OuterRef("pk")).order_by(
        "-assessed_on", "-id"
    )
    return (
        Company.objects.filter(organization=organization)
        .annotate(latest_band=Subquery(latest.values("band")[:1]))
        .filter(latest_band__in=list(bands))
        .values("id")
    )


def companies_with_contract_since(organization, since: datetime.date) -> QuerySet[int]:
    """The ids of the companies with a contract of the organisation that ended on or after `since` (a vendor without
    one is "passive"): a subquery for `.filter(id__in=...)`."""
    return (
        Contract.objects.filter(organization=organization, ended_on__gte=since, company__isnull=False)
        .values("company_id")
        .distinct()
    )


def market_for(organization, kbli_codes, *, province: str | None = None, regency: str | None = None) -> dict:
    """The vendor market of each KBLI code asked for (issue 18 §4; the availability analysis reads it): a
    `market.MarketRow` per code (vendors, small / non-small, assessed and their latest bands, blacklisted, approvals
    per year, demand per fiscal year), in the code's order, zeros for a code no vendor holds. Two queries."""
    from sopan.performance import market

    return market.for_criteria(organization, kbli_codes, province, regency)
