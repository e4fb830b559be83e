"""The verifier's rows written by Python (registration/views_lpse/rows.py) are what the templates they replace wrote,
for every branch of every cell, in both languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import translation

from sopan.vendors.models import Document, Registration
from sopan.vendors.registration.views_lpse.rows import queue_rows, status_badge, verdict_badge

HERE = Path(__file__).parent
LANGUAGES = ["id", "en"]


def normalised(html: str) -> str:
    return re.sub(r">\s+<", "><", html).strip()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("status", [*Registration.Status.values, "unknown"])
def test_the_status_badge_is_the_include(language, status):
    with translation.override(language):
        label = Registration.Status(status).label if status in Registration.Status.values else "<x>"
        expected = render_to_string("vendors/lpse/_status.html", {"status": status, "label": label})
        assert status_badge(status, label) == expected.strip()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("verdict", [*Document.Verdict.values, ""])
def test_the_verdict_badge_is_the_include(language, verdict):
    with translation.override(language):
        label = Document.Verdict(verdict).label if verdict else 'A "b" & <c>'
        expected = render_to_string("vendors/lpse/_verdict.html", {"verdict": verdict, "label": label})
        assert verdict_badge(verdict, label) == expected.strip()


def _queue_rows() -> list[dict]:
    base = {
        "number": "REG-2026-000001",
        "url": "/registrasi/1/",
        "applicant": 'CV "Alpha" & <Beta>',
        "kind": "CV",
        "received": "12 Februari 2026 09.50 WIB",
        "status": "received",
        "status_label": Registration.Status.RECEIVED.label,
        "verifier": "",
        "step": "",
        "due": "",
        "overdue": False,
    }
    return [
        base,
        {
            **base,
            "status": "in_verification",
            "status_label": Registration.Status.IN_VERIFICATION.label,
            "verifier": "Wulan <Sari>",
            "step": "Verifikasi berkas…",
            "due": "13 Februari 2026 09.50 WIB",
            "overdue": True,
        },
        {
            **base,
            "status": "completion_requested",
            "status_label": Registration.Status.COMPLETION_REQUESTED.label,
            "step": "Melengkapi",
            "due": "14 Februari 2026 09.50 WIB",
            "overdue": False,
        },
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_queue_rows_are_what_the_template_wrote(language):
    template = Template((HERE / "queue_rows_template.html").read_text())
    with translation.override(language):
        rows = _queue_rows()
        expected = template.render(Context({"rows": rows}))
        written = queue_rows(rows)
    assert normalised(written) == normalised(expected)
    assert "&lt;Beta&gt;" in written and "overdue" in written and "—" in written
