"""The verifier's rows written by Python (registration/views_lpse/rows.py) are what the templates they replace wrote,
for every branch of every cell, in both languages."""

from __future__ import annotations

import datetime
import re
import zoneinfo
from pathlib import Path

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import timezone, translation

from sopan.vendors.models import Document, Registration
from sopan.vendors.registration.views_lpse.rows import queue_rows, status_badge, step_rows, verdict_badge

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


def _step_records(now) -> list:
    """Step records as the template read them (model instances), one per branch of the row."""
    from sopan.accounts.models import User
    from sopan.sop.models import StepRecord

    done = StepRecord.Status.DONE
    base = {"step_key": "menerima", "label": "Menerima berkas", "opened_at": now}
    person = User(pk=7, username="wulan", full_name="Wulan <Sari>, S.E.")
    no_name = User(pk=8, username="budi", full_name="")
    late = now - datetime.timedelta(hours=3)
    return [
        StepRecord(**base, status=done, completed_at=late, completed_by=person, on_time=True),
        StepRecord(**{**base, "label": "X" * 90 + " & <lanjut>"}, status=done, completed_at=late, on_time=False),
        StepRecord(**base, status=done, completed_at=late, completed_by=no_name, on_time=None, exit_label='Ya "<b>"'),
        StepRecord(**{**base, "step_key": "verifikasi"}, status=StepRecord.Status.OPEN),
        StepRecord(**base, status=StepRecord.Status.OPEN, due_at=now + datetime.timedelta(hours=2)),
        StepRecord(**base, status=StepRecord.Status.OPEN, due_at=now - datetime.timedelta(minutes=5)),
        StepRecord(**base, status=StepRecord.Status.SKIPPED),
    ]


def _as_columns(record) -> object:
    """The record as the workspace's selector reads it (selectors.STEP_COLUMNS)."""
    from types import SimpleNamespace

    person = record.completed_by
    return SimpleNamespace(
        step_key=record.step_key,
        label=record.label,
        exit_label=record.exit_label,
        status=record.status,
        completed_at=record.completed_at,
        completed_by_id=person.pk if person else None,
        completed_by__full_name=person.full_name if person else None,
        completed_by__username=person.username if person else None,
        on_time=record.on_time,
        due_at=record.due_at,
    )


def _template_spacing_removed(html: str) -> str:
    """The template's line breaks and indentation between tags gone (a single space is compared)."""
    return re.sub(r"\s*\n\s*<", "<", re.sub(r">\s*\n\s*", ">", html)).strip()


@pytest.mark.parametrize("language", LANGUAGES)
def test_step_rows_are_what_the_template_wrote(language):
    template = Template((HERE / "workspace_steps_template.html").read_text())
    now = datetime.datetime(2026, 2, 12, 1, 50, tzinfo=datetime.UTC)
    records = _step_records(now)
    with translation.override(language), timezone.override(zoneinfo.ZoneInfo("Asia/Makassar")):
        expected = template.render(Context({"records": records, "now": now}))
        written = step_rows([_as_columns(r) for r in records], now)
    assert _template_spacing_removed(written) == _template_spacing_removed(expected)
    assert "WITA" in written and "Wulan &lt;Sari&gt;" in written and "budi" in written and "…" in written
    assert written.count("text-bg-danger") == 2  # late, overdue
