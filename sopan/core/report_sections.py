"""What a module contributes to a periodic report of the organisation (the quarterly LPSE report of Perwali Salatiga
41/2024 Pasal 11, and the special reports built the same way).

A module answers the hook "report_sections" in its `module.py`:

    hooks={"report_sections": "sopan.helpdesk.report_section.sections"}

with a callable `sections(*, organization, start, end) -> list[Section]` computed from live data for the dates
`start` to `end` inclusive (datetime.date). It runs a fixed number of queries whatever the organisation's size. The
report module asks every installed app (`sopan.core.modules.call("report_sections", ...)`), orders the answers by
`order`, and prints them (PDF, DOCX); it knows no domain. Cells are already formatted the Indonesian way (dates,
Rupiah, percentages) in the active language, as the report is generated in its reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise

Text = str | Promise


@dataclass(frozen=True)
class Fact:
    """One figure of a section: "Tiket diterima: 1.204"."""

    label: Text
    value: str


@dataclass(frozen=True)
class Table:
    caption: Text
    columns: tuple[Text, ...]
    rows: tuple[tuple[str, ...], ...]  # each as long as `columns`


@dataclass(frozen=True)
class Section:
    key: str  # stable and unique across modules, e.g. "helpdesk", "risks"; the narrative sections are keyed by it
    title: Text
    order: int  # lower first: the report's chapters in the order the regulation lists them
    facts: tuple[Fact, ...] = ()
    tables: tuple[Table, ...] = ()
    note: Text = ""  # one sentence on where the figures come from, printed under the section
