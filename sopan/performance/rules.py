"""The assessment of a vendor's performance as dated data, with its legal source (issue 18 §1).

A scheme is in force from its `effective` date until the next one's; an assessment applies the scheme in force on the
contract's end date (`scheme_on`), so a new regulation is a new row here, never an edit of an old one.

What could be checked here (no copy of the regulation's text was at hand; see the module's report):
- the source, Peraturan Lembaga Kebijakan Pengadaan Barang/Jasa Pemerintah Nomor 4 Tahun 2021 tentang Pembinaan Pelaku
  Usaha Pengadaan Barang/Jasa Pemerintah, is cited by Pagar Alam's SOP Pencatatan Kinerja Penyedia (seed 001) and by
  public summaries, with the three triggers (BAST, a stop for force majeure, a termination for the vendor's fault);
- UNVERIFIED: the date it took effect, the four aspects' weights, the 0–3 scale, the band thresholds, the e-purchasing
  stars' bands and the rule that a termination for the vendor's fault is "Buruk" whatever the scores. Change the
  figures below (as a new scheme if they changed on a date) once checked against the regulation's annex.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sopan.performance.models import Band

LKPP_4_2021 = "Peraturan LKPP Nomor 4 Tahun 2021 tentang Pembinaan Pelaku Usaha Pengadaan Barang/Jasa Pemerintah"
# UNVERIFIED: the day Peraturan LKPP 4/2021 was promulgated and took effect (only the year 2021 is confirmed).
LKPP_4_2021_FROM = datetime.date(2021, 1, 1)


@dataclass(frozen=True)
class Aspect:
    key: str
    label: Promise
    weight: Decimal


@dataclass(frozen=True)
class Threshold:
    """A total at or above `minimum` is at least `band`."""

    minimum: Decimal
    band: str


@dataclass(frozen=True)
class Scheme:
    effective: datetime.date
    source: str
    aspects: tuple[Aspect, ...]
    scale: tuple[int, ...]
    thresholds: tuple[Threshold, ...]  # highest first
    stars: Mapping[int, str]  # e-purchasing rating -> band

    def band_of(self, total: Decimal) -> str:
        return next((t.band for t in self.thresholds if total >= t.minimum), Band.POOR)

    def total_of(self, scores: Mapping[str, int]) -> Decimal:
        return sum((a.weight * Decimal(scores[a.key]) for a in self.aspects), Decimal("0")).quantize(Decimal("0.01"))

    def scale_text(self) -> str:
        return ", ".join(str(n) for n in self.scale)


SCHEMES: tuple[Scheme, ...] = (
    Scheme(
        effective=LKPP_4_2021_FROM,
        source=f"{LKPP_4_2021}, Lampiran (penilaian kinerja penyedia)",
        # UNVERIFIED: the aspects and their weights (30 / 20 / 30 / 20 %).
        aspects=(
            Aspect("quality", _("Quality and quantity of work"), Decimal("0.30")),
            Aspect("cost", _("Cost"), Decimal("0.20")),
            Aspect("time", _("Time"), Decimal("0.30")),
            Aspect("service", _("Service"), Decimal("0.20")),
        ),
        # UNVERIFIED: each aspect scored 0 (Buruk), 1 (Cukup), 2 (Baik) or 3 (Sangat Baik).
        scale=(0, 1, 2, 3),
        # UNVERIFIED: total 3 Sangat Baik; 2 <= total < 3 Baik; 1 <= total < 2 Cukup; below 1 Buruk.
        thresholds=(
            Threshold(Decimal("3"), Band.VERY_GOOD),
            Threshold(Decimal("2"), Band.GOOD),
            Threshold(Decimal("1"), Band.FAIR),
        ),
        # UNVERIFIED: the e-purchasing rating (1–5 stars) read as a band.
        stars={1: Band.POOR, 2: Band.FAIR, 3: Band.GOOD, 4: Band.GOOD, 5: Band.VERY_GOOD},
    ),
)
STAR_RANGE = (1, 5)

# No regulation text at hand gives these: each organisation sets its own (`Setting`), these are Sopan's defaults.
ASSESSMENT_WORKING_DAYS = 10  # working days after the contract ended to assess it
RESPONSE_WORKING_DAYS = 5  # working days after the assessment for the vendor to respond


def scheme_on(day: datetime.date) -> Scheme:
    """The scheme in force on `day` (the first one for a day before it: an older contract is assessed now)."""
    found = [s for s in SCHEMES if s.effective <= day]
    return max(found, key=lambda s: s.effective) if found else SCHEMES[0]


def working_days_after(calendar, day: datetime.date, days: int) -> datetime.date:
    """The `days`-th working day after `day` in the organisation's calendar (the day itself when `days` is 0)."""
    if days <= 0:
        return day
    last = day + datetime.timedelta(days=days * 3 + 60)
    for found, working in enumerate(calendar.working_dates(day + datetime.timedelta(days=1), last), start=1):
        if found == days:
            return working
    return day + datetime.timedelta(days=days)  # pragma: no cover - a calendar without working days


def settings_of(organization):
    """The organisation's figures, its own where set, else the defaults above."""
    from sopan.performance.models import Setting

    found = Setting.objects.filter(organization=organization).first()
    if found is None:
        return Setting(
            organization=organization,
            assessment_working_days=ASSESSMENT_WORKING_DAYS,
            response_working_days=RESPONSE_WORKING_DAYS,
        )
    return found
