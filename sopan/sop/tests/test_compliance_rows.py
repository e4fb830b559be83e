"""The compliance page's step rows written by Python (views_compliance.section_rows) are the rows the template wrote
before them, for every branch of every cell, in both languages."""

from __future__ import annotations

import datetime
import re
import zoneinfo
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from sopan.sop.selectors_compliance import Deviation, Row, SopSection
from sopan.sop.views_compliance import deviation_rows, section_rows

# The rows as compliance_report.html wrote them before Python did
TEMPLATE = Template((Path(__file__).parent / "compliance_rows_template.html").read_text())
DEVIATIONS = Template((Path(__file__).parent / "compliance_deviations_template.html").read_text())


def rows() -> list[Row]:
    base = {"sop_id": 1, "number": "2", "lane": "Petugas <Registrasi> & Verifikator", "standard": "15 menit"}
    return [
        Row(
            step_key="a",
            label='Menerima "berkas" <b>',
            cases=1234,
            done=1200,
            with_standard=1100,
            on_time=987,
            deviations=113,
            median_seconds=600,
            p90_seconds=2040,
            standard_seconds=900,
            **base,
        ),
        Row(
            step_key="b",
            label="Tanpa standar",
            cases=3,
            done=2,
            deviations=0,
            median_seconds=None,
            p90_seconds=None,
            **{**base, "standard": ""},
        ),
        Row(
            step_key="c",
            label="Tepat waktu",
            cases=5,
            done=5,
            with_standard=5,
            on_time=5,
            median_seconds=30,
            p90_seconds=59,
            standard_seconds=7200,
            **base,
        ),
        Row(
            step_key="d",
            label="Lambat",
            cases=7,
            done=6,
            with_standard=6,
            on_time=1,
            deviations=5,
            median_seconds=9000,
            p90_seconds=36000,
            standard_seconds=7200,
            **base,
        ),
    ]


def normalised(html: str) -> str:
    return re.sub(r">\s+<", "><", html).strip()


@pytest.mark.parametrize("language", ["id", "en"])
def test_rows_are_what_the_template_wrote(language):
    section = SopSection(sop_id=1, title="SOP", rows=rows())
    with translation.override(language):
        expected = TEMPLATE.render(Context({"section": section}))
        written = section_rows(section)
    assert normalised(written) == normalised(expected)
    assert "&lt;b&gt;" in written and "text-danger" in written and "—" in written


def deviations() -> list[Deviation]:
    at = datetime.datetime(2025, 2, 12, 1, 50, tzinfo=datetime.UTC)
    base = {"case_id": 1, "case_reference": "K-2025-000001", "sop_title": "SOP <Uji>", "step_number": "2"}
    return [
        Deviation(
            case_title='CV "Gamma" & Co',
            step_label="Menerima",
            completed_by="Wulan Sari, S.E.",
            completed_at=at,
            due_at=at - datetime.timedelta(minutes=25),
            on_time=False,
            work_seconds=2400,
            justification="Antrean panjang\ndi <loket>",
            **base,
        ),
        Deviation(
            case_title="CV Beta",
            step_label="Menerima",
            completed_by="",
            completed_at=at,
            due_at=None,
            on_time=None,
            work_seconds=None,
            justification="",
            **base,
        ),
    ]


@pytest.mark.parametrize("language", ["id", "en"])
def test_deviation_rows_are_what_the_template_wrote(language):
    items = deviations()
    with translation.override(language), timezone.override(zoneinfo.ZoneInfo("Asia/Makassar")):
        expected = DEVIATIONS.render(Context({"report": {"deviations": items}}))
        written = deviation_rows(items)
    assert normalised(written) == normalised(expected)
    assert "WITA" in written and "<br>" in written and "&lt;loket&gt;" in written
