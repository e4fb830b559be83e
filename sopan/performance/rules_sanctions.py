"""The grounds of a blacklist sanction (sanksi daftar hitam) and their durations as dated data, with their legal source
(issue 18 §3).

Perpres 16/2018 tentang Pengadaan Barang/Jasa Pemerintah as amended by Perpres 12/2021, Pasal 78: ayat (3) lists the
acts of a participant in a selection, ayat (4) those of a provider under a contract; some of them carry the blacklist
sanction, for two years or one. A sanction applies the rule in force on the SK's date (`duration_on`); a later
regulation that changes a duration is a new row here (its own `effective`), never an edit of an old one.

What could be checked here (no copy of the regulation's text was at hand; see the module's report):
- the article (Pasal 78), its two groups of acts and that the blacklist is one of its sanctions: Pagar Alam's SOP
  Pencatatan Kinerja Penyedia (seed 001) names Perpres 12/2021 among its legal bases and its step 5 proposes the
  blacklist sanction to the PA/KPA for a poor performance;
- UNVERIFIED: the lettering of each act (huruf a–f), which acts carry the blacklist, and the durations (2 years for
  false documents, collusion and corruption/collusion/nepotism; 1 year for the others that carry it);
- UNVERIFIED: whether Perpres 46/2025 (the second amendment, coded from 2025-04-24 in sopan/procurement/rules.py)
  changed Pasal 78. The 12/2021 figures are kept in force until that is checked.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sopan.procurement.rules import PERPRES_12_2021_FROM, PERPRES_16_2018

SOURCE = f"{PERPRES_16_2018}, Pasal 78"


@dataclass(frozen=True)
class Ground:
    """One act of Pasal 78 that carries the blacklist sanction, and for how long (years), from `effective`."""

    key: str
    label: Promise
    article: str  # "ayat (3) huruf a"
    years: int
    selection: bool  # an act of a participant in the selection (ayat 3): the Pokja's finding
    effective: datetime.date = PERPRES_12_2021_FROM
    source: str = SOURCE

    @property
    def citation(self) -> str:
        return f"{self.source} {self.article}"


# UNVERIFIED (see above): the letters, the acts that carry the blacklist and the years. The acts of ayat (4) that
# carry damages or a fine only (a building failure, volume errors, goods of the wrong quality, late completion) are no
# ground for a blacklist proposal and are not listed.
GROUNDS: tuple[Ground, ...] = (
    Ground("false_documents", _("False documents or statements in the selection"), "ayat (3) huruf a", 2, True),
    Ground("collusion", _("Collusion with other participants to set the price or the winner"), "ayat (3) huruf b", 2,
           True),
    Ground("corruption", _("Corruption, collusion or nepotism in the selection"), "ayat (3) huruf c", 2, True),
    Ground("withdrawal", _("Withdrawing from the selection for a reason that is not accepted"), "ayat (3) huruf d", 1,
           True),
    Ground("contract_default", _("Not carrying out the contract, not finishing the work or not meeting the "
                                 "maintenance obligations"), "ayat (4) huruf a", 1, False),
    Ground("guarantee_not_cashed", _("A guarantee that cannot be cashed"), "ayat (4) huruf c", 1, False),
)  # fmt: skip

KEYS = tuple(dict.fromkeys(g.key for g in GROUNDS))
LABELS = [(key, next(g.label for g in GROUNDS if g.key == key)) for key in KEYS]  # the model field's choices


def choices(*, selection: bool | None = None) -> list[tuple[str, str]]:
    """The grounds for a form (today's rows): all, or those of the selection (a Pokja) or of a contract (a PPK)."""
    today = timezone.localdate()
    rows = [ground_on(key, today) for key in KEYS]
    return [(g.key, f"{g.label} ({g.article})") for g in rows if selection is None or g.selection == selection]


def ground_on(key: str, day: datetime.date) -> Ground:
    """The ground's row in force on `day` (the earliest row for a day before every row). KeyError for an unknown key."""
    rows = [g for g in GROUNDS if g.key == key]
    if not rows:
        raise KeyError(key)
    found = [g for g in rows if g.effective <= day]
    return max(found, key=lambda g: g.effective) if found else min(rows, key=lambda g: g.effective)


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


def period(key: str, *, sk_date: datetime.date, starts_on: datetime.date) -> tuple[Ground, datetime.date]:
    """The rule in force on the SK's date and the sanction's last day: `years` counted from the first day, so a one-year
    sanction from 10 March 2026 ends on 9 March 2027."""
    ground = ground_on(key, sk_date)
    return ground, add_years(starts_on, ground.years) - datetime.timedelta(days=1)
