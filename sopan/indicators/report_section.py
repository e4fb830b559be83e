"""The indicators' section of the quarterly LPSE report (hook "report_sections", sopan.core.report_sections): each
indicator of the period's year with its target and realisation for the quarter of the period and the achievement.

The quarter is the one the period ends in; a computed indicator is measured over the period's own days. A fixed
number of queries: the indicators with their realisations and plans (three), and each bound measure once."""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from sopan.core.report_sections import Fact, Section, Table
from sopan.indicators import scores, selectors

ORDER = 70


def _number(value) -> str:
    return "—" if value is None else number_format(value, decimal_pos=2, use_l10n=True)


def _percent(value) -> str:
    return "—" if value is None else f"{number_format(value, decimal_pos=1, use_l10n=True)} %"


def sections(*, organization, start, end) -> list[Section]:
    year, quarter = end.year, scores.quarter_of(end)
    indicators = list(selectors._indicators(organization).filter(year=year).order_by(*selectors.ORDER))
    # The chapter is in every report, empty when the year has no indicators yet: the report says so.
    rows = selectors.rows_of(indicators, organization, year, (quarter,), days=(start, end)) if indicators else []
    table_rows, reached = [], 0
    for row in rows:
        cell = row.cells[0]
        reached += cell.achievement is not None and not cell.under_target
        source = _("computed") if cell.computed else _("entered")
        table_rows.append((row.indicator.code, row.indicator.name, row.indicator.unit, _number(cell.target),
                           _number(cell.realisation), _percent(cell.achievement), source))  # fmt: skip
    columns = (_("Code"), _("Indicator"), _("Unit"), _("Target"), _("Realisation"), _("Achievement"), _("Source"))
    return [
        Section(
            key="indicators",
            title=_("Performance indicators"),
            order=ORDER,
            facts=(Fact(_("Indicators"), str(len(rows))), Fact(_("Indicators on target"), str(reached))),
            tables=(Table(_("Target and realisation, quarter %(quarter)s") % {"quarter": scores_roman(quarter)},
                          columns, tuple(table_rows)),),
            note=_("Entered realisations are the Penanggung Jawab Kinerja's; computed ones come from Sopan's own "
                   "data for the period."),
        )
    ]  # fmt: skip


def scores_roman(quarter: int) -> str:
    return {1: "I", 2: "II", 3: "III", 4: "IV"}[quarter]
