"""The arithmetic of an indicator: the days of a quarter, whether it has started, and the achievement percentage.

Achievement (capaian) of a target T by a realisation R:
- higher is better: R / T × 100;
- lower is better (e.g. verification days): (2T − R) / T × 100, the "negative polarity" formula of the SAKIP
  guidance (reaching T is 100 %, every unit under T adds as much as a unit over it takes away), never below 0.
  # UNVERIFIED: the polarity formula is the usual SAKIP practice, not found in the seed texts.
A target of 0 leaves the achievement undefined (None) for higher-is-better; for lower-is-better a realisation of 0
then achieves 100 %.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from sopan.core.measures import LOWER

HUNDRED = Decimal(100)


def quarter_days(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    first = datetime.date(year, 3 * quarter - 2, 1)
    after = datetime.date(year + 1, 1, 1) if quarter == 4 else datetime.date(year, 3 * quarter + 1, 1)
    return first, after - datetime.timedelta(days=1)


def quarter_of(day: datetime.date) -> int:
    return (day.month - 1) // 3 + 1


def has_started(year: int, quarter: int, today: datetime.date) -> bool:
    return quarter_days(year, quarter)[0] <= today


def measured_days(year: int, quarter: int, today: datetime.date) -> tuple[datetime.date, datetime.date] | None:
    """The days of the quarter measured so far (to today for the running quarter), None for a future quarter."""
    first, last = quarter_days(year, quarter)
    if first > today:
        return None
    return first, min(last, today)


def achievement(target, realisation, better: str) -> Decimal | None:
    if target is None or realisation is None:
        return None
    target, realisation = Decimal(target), Decimal(realisation)
    if better == LOWER:
        if target == 0:
            return HUNDRED if realisation <= 0 else Decimal(0)
        return max(Decimal(0), (2 * target - realisation) / target * HUNDRED).quantize(Decimal("0.1"))
    if target == 0:
        return None
    return (realisation / target * HUNDRED).quantize(Decimal("0.1"))


def under_target(value: Decimal | None) -> bool:
    return value is not None and value < HUNDRED
