"""The report's chapters: every installed module's answer to the hook "report_sections" (sopan.core.report_sections),
ordered by `order`; and their JSON form, the snapshot stored when a report is submitted. This module knows no domain.
"""

from __future__ import annotations

import datetime

from sopan.core import modules
from sopan.core.report_sections import Fact, Section, Table


def collect(organization, start: datetime.date, end: datetime.date) -> list[Section]:
    """The sections of every installed module for the dates `start` to `end`, lowest `order` first."""
    found: list[Section] = []
    for answer in modules.call("report_sections", organization=organization, start=start, end=end):
        found.extend(answer)
    keys = [section.key for section in found]
    if len(keys) != len(set(keys)):
        raise RuntimeError(f"two modules answered the same report section key: {sorted(keys)}")
    return sorted(found, key=lambda section: (section.order, section.key))


def to_json(sections: list[Section]) -> list[dict]:
    """Plain JSON (lazy texts rendered in the active language): what the snapshot stores."""
    return [
        {
            "key": s.key,
            "title": str(s.title),
            "order": s.order,
            "facts": [[str(f.label), str(f.value)] for f in s.facts],
            "tables": [
                {"caption": str(t.caption), "columns": [str(c) for c in t.columns], "rows": [list(r) for r in t.rows]}
                for t in s.tables
            ],
            "note": str(s.note),
        }
        for s in sections
    ]


def from_json(data: list[dict]) -> list[Section]:
    return [
        Section(
            key=item["key"],
            title=item["title"],
            order=item["order"],
            facts=tuple(Fact(label, value) for label, value in item["facts"]),
            tables=tuple(
                Table(t["caption"], tuple(t["columns"]), tuple(tuple(row) for row in t["rows"])) for t in item["tables"]
            ),
            note=item["note"],
        )
        for item in data
    ]
