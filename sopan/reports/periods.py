"""Quarters and the due date of a periodic report (Perwali Salatiga 41/2024 Pasal 11).

Pasal 11 says the Kepala LPSE reports quarterly (laporan triwulan) and/or specially (laporan khusus) to the Wali Kota
through the Kepala UKPBJ; it sets NO deadline (seed 002, Pasal 11 ayat 1–2, read in full). The due date below is the
house's assumption until an organisation's own rule says otherwise.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from sopan.helpdesk.reports.selectors import ROMAN, Period

# UNVERIFIED: Pasal 11 gives no deadline; a quarterly report is taken to be due 15 calendar days after its quarter.
DUE_DAYS_AFTER_PERIOD = 15
DUE_SOURCE = "Perwali Salatiga 41/2024 Pasal 11 (no deadline in the text: 15 days after the period assumed)"


@dataclass(frozen=True)
class Quarter:
    year: int
    quarter: int

    @property
    def period(self) -> Period:
        return Period.of_quarter(self.year, self.quarter)  # one rule for quarter boundaries (helpdesk reports)

    @property
    def start(self) -> datetime.date:
        return self.period.first

    @property
    def end(self) -> datetime.date:
        return self.period.last

    @property
    def roman(self) -> str:
        return ROMAN[self.quarter]

    @property
    def title(self) -> str:
        """The official title, Indonesian whatever the interface language."""
        return f"Laporan Triwulan {self.roman} Tahun {self.year}"

    def previous(self) -> Quarter:
        return Quarter(self.year - 1, 4) if self.quarter == 1 else Quarter(self.year, self.quarter - 1)

    @classmethod
    def containing(cls, day: datetime.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)


def due_on(period_end: datetime.date) -> datetime.date:
    return period_end + datetime.timedelta(days=DUE_DAYS_AFTER_PERIOD)
