"""The table of steps done under a subject's flowchart (`_case_progress.html`), written by Python
(`progress.step_rows`), is what the template wrote before it: every branch of every cell, in both languages."""

from __future__ import annotations

import datetime
import zoneinfo
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from sopan.sop.progress import StepLine, step_rows

# The rows as _case_progress.html wrote them with the template engine
TEMPLATE = Template((Path(__file__).parent / "case_progress_rows_template.html").read_text())


def lines() -> list[StepLine]:
    at = datetime.datetime(2026, 2, 12, 1, 50, tzinfo=datetime.UTC)
    base = {"status": "done", "opened_at": at - datetime.timedelta(hours=3), "due_at": at}
    return [
        StepLine(
            key="reviu-dokumen-persiapan",
            number="4",
            label='Reviu "dokumen" <persiapan> & HPS',
            completed_at=at,
            by="Wulan Sari, S.E.",
            exit_label="Tidak lengkap <b>",
            late=True,
            work_text="2 jam 15 menit",
            **base,
        ),
        StepLine(
            key="a",
            number="",
            label="Tanpa nomor",
            completed_at=at,
            by="Sistem",
            exit_label="",
            late=False,
            work_text="",
            **base,
        ),
        StepLine(
            key="b",
            number="9",
            label="Sangat panjang " * 12,
            completed_at=None,
            by="",
            exit_label="",
            late=False,
            work_text="1 menit",
            **base,
        ),
        StepLine(
            key="c",
            number="10",
            label="X" * 90,
            completed_at=at,
            by="O'Brien",
            exit_label="Ya",
            late=False,
            work_text="30 detik",
            **base,
        ),
    ]


@pytest.mark.parametrize("language", ["id", "en"])
def test_rows_are_what_the_template_wrote(language):
    items = lines()
    with translation.override(language), timezone.override(zoneinfo.ZoneInfo("Asia/Jayapura")):
        expected = TEMPLATE.render(Context({"item": {"done": items}}))
        written = f"  <tbody>{step_rows(items)}</tbody>"
    assert written == expected
    assert "WIT" in written and "&lt;persiapan&gt;" in written and "…" in written and 'data-late="true"' in written
    assert written.count("<tr ") == 4


def test_no_lines_no_rows():
    assert step_rows([]) == ""
