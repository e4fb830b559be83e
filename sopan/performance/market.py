"""The vendor market (issue 18 §4; SOP Pengelolaan Penyedia steps 2–3: the vendors per program, per kind of
procurement and their performance in SIKaP, recapitulated): per KBLI code, for the organisation's registered vendors
(vendors.Company) and optionally one province / regency,

- `vendors`: the ACTIVE companies holding the code, of which `small` (micro or small scale, or a cooperative: the
  tender qualification "kecil", like procurement.availability) and `non_small` (medium or large);
- `registered`: the companies approved in each of the last three years (the trend), by the date the registration
  was approved (vendors.Registration.decided_at), else the account's activation date (a company entered without an
  online registration);
- `assessed` and `bands`: the active companies with an assessment here, counted by the band of their latest one;
- `blacklisted`: the active companies with an entry in force of the imported national list (NPWP in either form or
  NIB, procurement.availability);
- `demand`: per fiscal year, the packages whose availability analyses asked for the code (and region).

Two queries whatever the number of vendors: the companies' flags are computed by the ORM in a derived table, the KBLI
array is unnested in SQL (PostgreSQL jsonb_array_elements_text, SQLite json_each) and grouped per code; the demand the
same way over the analyses. The codes are read by keyset on the code (a page of codes, or the codes asked for).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import connections, router
from django.db.models import Case, CharField, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from sopan.core.pagination import Page, decode_cursor, encode_cursor
from sopan.performance.models import Assessment, Band
from sopan.procurement.availability import blacklisted_in_force
from sopan.procurement.models import AvailabilityAnalysis
from sopan.vendors.models import Company, Registration
from sopan.vendors.models.companies import NON_SMALL_SCALES, SMALL_SCALES, LegalForm

PAGE_SIZE = 50
YEARS = 3  # the trend: this year and the two before
MAX_CODES = 50  # `for_criteria` reads at most this many codes (an analysis asks for a handful)
# A company once approved (its account exists, whatever it is now): counted in the trend.
APPROVED = (Company.Status.ACTIVE, Company.Status.SUSPENDED, Company.Status.DEACTIVATED)


@dataclass
class MarketRow:
    code: str
    vendors: int = 0
    small: int = 0
    non_small: int = 0
    assessed: int = 0
    blacklisted: int = 0
    bands: dict[str, int] = field(default_factory=dict)  # Band value -> active companies whose latest band it is
    registered: dict[int, int] = field(default_factory=dict)  # year -> companies approved in it
    demand: dict[int, int] = field(default_factory=dict)  # fiscal year -> packages whose analysis asked for the code

    def registered_in(self, years) -> list[int]:
        return [self.registered.get(y, 0) for y in years]

    def demand_in(self, years) -> list[int]:
        return [self.demand.get(y, 0) for y in years]

    def band_counts(self) -> list[int]:
        return [self.bands.get(value, 0) for value in Band.values]

    def change(self, years) -> Decimal | None:
        """The change of the registrations from the first year of `years` to the last, in percent (one decimal);
        None when the first year had none (no base to compare with)."""
        first, last = self.registered.get(years[0], 0), self.registered.get(years[-1], 0)
        if not first:
            return None
        return (Decimal(last - first) * 100 / first).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Region:
    province: str = ""
    regency: str = ""


def _id(organization) -> int:
    """An organisation or its id."""
    return getattr(organization, "pk", organization)


def trend_years(today: datetime.date | None = None) -> list[int]:
    year = (today or timezone.localdate()).year
    return list(range(year - YEARS + 1, year + 1))


def _vendor_table(organization_id: int, region: Region, today: datetime.date):
    """The organisation's approved companies of the region, one row each with integer flags: the SQL and its params
    of a derived table (id, kbli, active, small, non_small, blacklisted, band, registered_year)."""
    approval = (
        Registration.objects.filter(company=OuterRef("pk"), status=Registration.Status.APPROVED)
        .order_by("decided_at")
        .values("decided_at")[:1]
    )
    latest = Assessment.objects.filter(organization_id=organization_id, company=OuterRef("pk")).order_by(
        "-assessed_on", "-id"
    )
    small = Q(business_scale__in=SMALL_SCALES) | Q(legal_form=LegalForm.KOPERASI)
    one, zero = Value(1), Value(0)
    rows = (
        Company.objects.filter(organization_id=organization_id, status__in=APPROVED)
        .annotate(
            active=Case(When(status=Company.Status.ACTIVE, then=one), default=zero, output_field=IntegerField()),
            small=Case(When(small, then=one), default=zero, output_field=IntegerField()),
            non_small=Case(
                When(small, then=zero),
                When(business_scale__in=NON_SMALL_SCALES, then=one),
                default=zero,
                output_field=IntegerField(),
            ),
            blacklisted=Case(When(blacklisted_in_force(today), then=one), default=zero, output_field=IntegerField()),
            band=Coalesce(Subquery(latest.values("band")[:1]), Value(""), output_field=CharField()),
            registered_year=ExtractYear(Coalesce(Subquery(approval), "activated_at")),
        )
        .order_by()
    )
    if region.province:
        rows = rows.filter(province=region.province)
    if region.regency:
        rows = rows.filter(regency__iexact=region.regency.strip())
    values = rows.values("id", "kbli", "active", "small", "non_small", "blacklisted", "band", "registered_year")
    return values.query.get_compiler(using=values.db).as_sql()


def _unnest(vendor, inner: str) -> tuple[str, str]:
    """The FROM clause pairing each row of the derived table `t` (SQL `inner`) with each code of its `kbli` array (a
    value that is not an array holds none), and the expression of that code."""
    if vendor == "postgresql":
        return (
            f" FROM ({inner}) t CROSS JOIN LATERAL jsonb_array_elements_text(CASE WHEN jsonb_typeof(t.kbli) = 'array' "
            "THEN t.kbli ELSE '[]'::jsonb END) AS k(code)"
        ), "k.code"
    # `inner` is the ORM's own SQL (its values are parameters): nothing typed is pasted in.
    return (
        f" FROM ({inner}) t, json_each(CASE WHEN json_valid(t.kbli) AND json_type(t.kbli) = 'array' "
        "THEN t.kbli ELSE '[]' END) k"
    ), "k.value"


def _codes_condition(code: str, codes, prefix: str, after: str | None) -> tuple[str, list]:
    parts, params = [], []
    if codes is not None:
        parts.append("{} IN ({})".format(code, ", ".join(["%s"] * len(codes))))
        params += list(codes)
    if prefix:
        parts.append(f"{code} LIKE %s")
        params.append(prefix + "%")
    if after is not None:
        parts.append(f"{code} > %s")
        params.append(after)
    return (" WHERE " + " AND ".join(parts)) if parts else "", params


def _vendor_rows(connection, organization_id, region, years, today, *, codes, prefix, after, limit):
    inner, inner_params = _vendor_table(organization_id, region, today)
    source, code = _unnest(connection.vendor, inner)
    where, params = _codes_condition(code, codes, prefix, after)
    bands = ", ".join("SUM(CASE WHEN t.active = 1 AND t.band = %s THEN 1 ELSE 0 END)" for _ in Band.values)
    trend = ", ".join("SUM(CASE WHEN t.registered_year = %s THEN 1 ELSE 0 END)" for _ in years)
    sql = (
        f"SELECT {code}, SUM(t.active), SUM(t.active * t.small), SUM(t.active * t.non_small), "
        "SUM(CASE WHEN t.active = 1 AND t.band <> '' THEN 1 ELSE 0 END), SUM(t.active * t.blacklisted), "
        f"{bands}, {trend}" + source + where + f" GROUP BY {code} ORDER BY {code}"
        + (f" LIMIT {int(limit)}" if limit else "")
    )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(sql, [*Band.values, *years, *inner_params, *params])
        found = cursor.fetchall()
    rows = []
    n = len(Band.values)
    for code, vendors, small, non_small, assessed, blacklisted, *rest in found:
        row = MarketRow(str(code), int(vendors or 0), int(small or 0), int(non_small or 0), int(assessed or 0),
                        int(blacklisted or 0))  # fmt: skip
        row.bands = {value: int(c or 0) for value, c in zip(Band.values, rest[:n], strict=True)}
        row.registered = {year: int(c or 0) for year, c in zip(years, rest[n:], strict=True)}
        rows.append(row)
    return rows


def _demand(connection, organization_id, region, years, codes) -> dict[str, dict[int, int]]:
    """Per code and fiscal year, the packages whose analyses (any round) asked for it: one query."""
    if not codes:
        return {}
    analyses = AvailabilityAnalysis.objects.filter(
        organization_id=organization_id, package__fiscal_year__in=years
    ).order_by()
    if region.province:
        analyses = analyses.filter(province=region.province)
    if region.regency:  # an analysis of the whole province asks for the regency's vendors too
        analyses = analyses.filter(Q(regency__iexact=region.regency.strip()) | Q(regency=""))
    values = analyses.values("package_id", "kbli", fiscal_year=F("package__fiscal_year"))
    inner, inner_params = values.query.get_compiler(using=values.db).as_sql()
    source, code = _unnest(connection.vendor, inner)
    where, params = _codes_condition(code, codes, "", None)
    sql = (
        f"SELECT {code}, t.fiscal_year, COUNT(DISTINCT t.package_id)" + source + where
        + f" GROUP BY {code}, t.fiscal_year"
    )  # fmt: skip
    found: dict[str, dict[int, int]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [*inner_params, *params])
        for code, year, count in cursor.fetchall():
            found.setdefault(str(code), {})[int(year)] = int(count)
    return found


def market_page(organization, *, prefix: str = "", region: Region = Region(), cursor: str | None = None,
                size: int = PAGE_SIZE, today: datetime.date | None = None) -> Page:  # fmt: skip
    """One page of the market's rows (MarketRow), by KBLI code (keyset on the code), for the codes starting with
    `prefix`: two queries whatever the number of vendors."""
    today = today or timezone.localdate()
    years = trend_years(today)
    connection = connections[router.db_for_read(Company)]
    decoded = decode_cursor(cursor, 1) if cursor else None
    # a cursor comes back from the browser: only a KBLI code (digits) is taken, anything else shows the first page
    after = decoded[0] if decoded and isinstance(decoded[0], str) and re.fullmatch(r"\d{1,5}", decoded[0]) else None
    rows = _vendor_rows(connection, _id(organization), region, years, today, codes=None, prefix=prefix, after=after,
                        limit=size + 1)  # fmt: skip
    next_cursor = encode_cursor([rows[size - 1].code]) if len(rows) > size else None
    rows = rows[:size]
    demand = _demand(connection, _id(organization), region, years, [r.code for r in rows])
    for row in rows:
        row.demand = demand.get(row.code, {})
    return Page(rows, next_cursor)


def for_criteria(organization, kbli_codes, province=None, regency=None, *, today=None) -> dict[str, MarketRow]:
    """The market of the codes asked for (an availability analysis' KBLI and region): a row per code, zeros for a
    code no vendor holds. Two queries (none without codes)."""
    codes = sorted({str(c) for c in kbli_codes if c})[:MAX_CODES]
    if not codes:
        return {}
    today = today or timezone.localdate()
    years = trend_years(today)
    region = Region(province or "", regency or "")
    connection = connections[router.db_for_read(Company)]
    found = {r.code: r for r in _vendor_rows(connection, _id(organization), region, years, today, codes=codes,
                                             prefix="", after=None, limit=None)}  # fmt: skip
    demand = _demand(connection, _id(organization), region, years, codes)
    result = {}
    for code in codes:
        row = found.get(code) or MarketRow(code, bands=dict.fromkeys(Band.values, 0),
                                           registered=dict.fromkeys(years, 0))  # fmt: skip
        row.demand = demand.get(code, {})
        result[code] = row
    return result
