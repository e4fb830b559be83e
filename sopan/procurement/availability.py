"""Reads of the availability analysis (issue 17 §4; SOP Analisa Ketersediaan Pelaku Usaha step 2: the vendors of
the organisation's registration, for the package's KBLI, qualification and region).

The candidates are the organisation's ACTIVE companies (`vendors.Company`) of the region whose KBLI list holds one of
the analysis' codes and whose business scale fits the qualification. Everything is filtered in SQL over the index
(organization, status, name, id), one keyset page at a time:

- the KBLI list is a JSON array of 5-digit strings. Where the backend can test JSON containment (PostgreSQL: jsonb
  `@>`), `kbli__contains=[code]`; elsewhere (SQLite) the JSON text holds the quoted code (`"41011"`), which is exact
  for codes that are always five digits (the registration validates them);
- a blacklisted company (an entry of the organisation's Daftar Hitam in force today, by NPWP in either form or by
  NIB) stays in the list, marked as excluded with its SK and violation, and is not counted nor shortlisted.

Vendor performance (issue 18): the page shows each candidate's latest band (performance.api.latest_scores, one query
for the page) and the market of the analysis' codes and region (performance.api.market_for, two queries).
"""

from __future__ import annotations

import datetime
import operator
from dataclasses import dataclass
from functools import reduce

from django.db import connections, router
from django.db.models import CharField, Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Concat
from django.utils import timezone

from sopan.core.pagination import Page, keyset_page
from sopan.procurement.models import AvailabilityAnalysis, Package
from sopan.vendors.blacklist.selectors import npwp_variants
from sopan.vendors.models import BlacklistEntry, Company
from sopan.vendors.models.companies import NON_SMALL_SCALES, SMALL_SCALES, LegalForm

PAGE_SIZE = 50
COUNT_CAP = 1000  # the eligible vendors are counted up to this many ("1000 or more"): the count stays bounded


@dataclass(frozen=True)
class Criteria:
    """What the package needs: KBLI codes (5 digits each), qualification, province code, optional regency."""

    kbli: tuple[str, ...]
    qualification: str
    province: str
    regency: str = ""

    @classmethod
    def of(cls, analysis: AvailabilityAnalysis) -> Criteria:
        return cls(tuple(analysis.kbli), analysis.qualification, analysis.province, analysis.regency)


def kbli_condition(codes) -> Q:
    if not codes:
        return Q(pk__in=[])
    connection = connections[router.db_for_read(Company)]
    if connection.features.supports_json_field_contains:
        parts = [Q(kbli__contains=[code]) for code in codes]
    else:
        parts = [Q(kbli__icontains=f'"{code}"') for code in codes]
    return reduce(operator.or_, parts)


def _qualification_condition(qualification: str) -> Q:
    if qualification == AvailabilityAnalysis.Qualification.SMALL:
        return Q(business_scale__in=SMALL_SCALES) | Q(legal_form=LegalForm.KOPERASI)
    if qualification == AvailabilityAnalysis.Qualification.NON_SMALL:
        return Q(business_scale__in=NON_SMALL_SCALES)
    return Q()


def _in_force(today: datetime.date) -> Q:
    return (Q(starts_on__isnull=True) | Q(starts_on__lte=today)) & (Q(ends_on__isnull=True) | Q(ends_on__gte=today))


def blacklisted_in_force(today: datetime.date) -> Exists:
    """An entry in force of the company's organisation for its NPWP (15 digits, or the same with a leading 0) or NIB."""
    entries = (
        BlacklistEntry.objects.filter(_in_force(today), organization_id=OuterRef("organization_id"))
        .annotate(padded=Concat(Value("0"), "npwp", output_field=CharField()))
        .filter(
            Q(npwp=OuterRef("npwp"))
            | Q(npwp=Concat(Value("0"), OuterRef("npwp"), output_field=CharField()))
            | Q(padded=OuterRef("npwp"))
            | (Q(nib=OuterRef("nib")) & ~Q(nib=""))
        )
    )
    return Exists(entries)


def candidates(organization_id: int, criteria: Criteria, *, today: datetime.date | None = None) -> QuerySet[Company]:
    """The organisation's active companies fitting the criteria, each annotated `blacklisted` (no query run yet)."""
    today = today or timezone.localdate()
    queryset = Company.objects.filter(
        kbli_condition(criteria.kbli),
        _qualification_condition(criteria.qualification),
        organization_id=organization_id,
        status=Company.Status.ACTIVE,
        province=criteria.province,
    )
    if criteria.regency:
        queryset = queryset.filter(regency__iexact=criteria.regency.strip())
    return queryset.annotate(blacklisted=blacklisted_in_force(today))


def eligible(analysis: AvailabilityAnalysis, *, today: datetime.date | None = None) -> QuerySet[Company]:
    """The candidates that may be shortlisted: not blacklisted."""
    return candidates(analysis.organization_id, Criteria.of(analysis), today=today).filter(blacklisted=False)


def eligible_count(analysis: AvailabilityAnalysis) -> int:
    """How many vendors fit, counted up to COUNT_CAP."""
    return eligible(analysis).values("pk")[:COUNT_CAP].count()


@dataclass
class Candidate:
    company: Company
    shortlisted: bool
    blacklist: BlacklistEntry | None  # the entry that excludes it, or None
    score: object = None  # its latest performance assessment (performance.api.Score), set by the page

    @property
    def excluded(self) -> bool:
        return self.blacklist is not None


CANDIDATE_FIELDS = (
    "id", "organization_id", "name", "legal_form", "npwp", "nib", "kbli", "business_scale", "province", "regency",
    "status",
)  # fmt: skip


def candidate_page(analysis: AvailabilityAnalysis, *, cursor: str | None = None, size: int = PAGE_SIZE) -> Page:
    """One page of candidates by name (keyset), each with its shortlist mark and the blacklist entry excluding it:
    three queries whatever the page."""
    today = timezone.localdate()
    queryset = candidates(analysis.organization_id, Criteria.of(analysis), today=today).only(*CANDIDATE_FIELDS)
    page = keyset_page(queryset, order=("name", "id"), cursor=cursor, size=size)
    companies = page.items
    chosen = set(
        analysis.shortlist.filter(company_id__in=[c.pk for c in companies]).values_list("company_id", flat=True)
    )
    reasons = blacklist_entries([c for c in companies if c.blacklisted], analysis.organization_id, today)
    page.items = [Candidate(c, c.pk in chosen, reasons.get(c.pk)) for c in companies]
    return page


def blacklist_entries(
    companies, organization_id: int, today: datetime.date, *, earliest: bool = False
) -> dict[int, BlacklistEntry]:
    """{company id: the imported national blacklist's entry in force on `today`} for these companies, matched by NPWP
    (in either form) or NIB: one query for the page (none for no companies). The latest entry, or with `earliest` the
    one the company is listed by since the longest (a sanction proposal's "listed since")."""
    companies = [c for c in companies if c is not None]
    if not companies:
        return {}
    numbers = {v for c in companies for v in npwp_variants(c.npwp)}
    nibs = {c.nib for c in companies if c.nib}
    order = ("starts_on", "id") if earliest else ("-starts_on", "-id")
    entries = list(
        BlacklistEntry.objects.filter(
            _in_force(today), Q(npwp__in=numbers) | Q(nib__in=nibs), organization_id=organization_id
        )
        .order_by(*order)
        .only("id", "name", "npwp", "nib", "sk_number", "violation", "starts_on", "ends_on")
    )
    found = {}
    for company in companies:
        variants = set(npwp_variants(company.npwp))
        for entry in entries:
            if entry.npwp in variants or (company.nib and entry.nib == company.nib):
                found[company.pk] = entry
                break
    return found


def shortlist_of(analysis: AvailabilityAnalysis) -> list:
    """The shortlist with its companies (bounded: services.MAX_SHORTLIST entries), in the order picked."""
    return list(
        analysis.shortlist.select_related("company").only(
            "id", "note", "added_at", "analysis_id", "company__id", "company__name", "company__legal_form",
            "company__npwp", "company__nib", "company__kbli", "company__business_scale", "company__regency",
            "company__province",
        )
    )  # fmt: skip


def current_analysis(package: Package) -> AvailabilityAnalysis | None:
    """The package's current analysis (its highest round), or None before the first criteria are recorded: one
    query, over the unique index (package, round)."""
    return (
        AvailabilityAnalysis.objects.filter(package=package)
        .select_related("analysed_by", "proposed_by")
        .order_by("-round")
        .first()
    )


def rounds_of(package: Package) -> list[AvailabilityAnalysis]:
    """Every round of the package's analysis, the current (highest) first: one query whatever the number of rounds
    (a round follows a corrected RUP, so a package has a handful at most)."""
    return list(
        AvailabilityAnalysis.objects.filter(package=package)
        .select_related("analysed_by", "proposed_by")
        .order_by("-round")
    )


def analysis_of_round(package: Package, round_: int) -> AvailabilityAnalysis | None:
    """The package's analysis of round `round_`, or None."""
    return (
        AvailabilityAnalysis.objects.filter(package=package, round=round_)
        .select_related("analysed_by", "proposed_by")
        .first()
    )
