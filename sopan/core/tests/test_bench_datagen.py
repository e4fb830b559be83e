"""The benchmark data generator (benchmarks/datagen) at a tiny scale: it fills its own PostgreSQL database with data the
application accepts and uses. The generator and the checks run as separate processes on that database
(`python -m benchmarks.datagen`, `python -m benchmarks.datagen.verify`), so this test's own database is untouched."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[3]

pytestmark = pytest.mark.postgres


def _server() -> str:
    db = settings.DATABASES["default"]
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}"


def _run(*args: str) -> str:
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    done = subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    from benchmarks.datagen import database

    name = f"sopan_bench_test_{os.getpid()}"
    report = tmp_path_factory.mktemp("datagen") / "dataset.json"
    try:
        _run(
            "benchmarks.datagen", "--scale", "tiny", "--database", name, "--server", _server(), "--report", str(report)
        )
        yield (
            json.loads(report.read_text()),
            json.loads(_run("benchmarks.datagen.verify", "--database", name, "--server", _server(), "--sample", "200")),
        )
    finally:
        database.drop(_server(), name)


def test_tiny_scale_makes_the_counts_asked_for(generated):
    report, found = generated
    counts = found["counts"]
    assert counts["accounts_organization"] == 2
    assert counts["vendors_company"] == counts["vendors_registration"] == 60
    assert counts["helpdesk_ticket"] == 120
    assert 0.7 * 600 <= counts["sop_steprecord"] <= 1.3 * 600
    assert report["tables"]["sop_steprecord"]["rows"] == counts["sop_steprecord"]
    assert report["database_bytes"] > 0
    assert all(seconds >= 0 for seconds in report["phases_seconds"].values())


def test_generated_identifiers_pass_the_projects_validators(generated):
    _report, found = generated
    assert found["identifiers"]["checked"] == 60
    assert found["identifiers"]["refused"] == {"nik": [], "npwp": [], "nib": []}


def test_due_times_and_sla_targets_are_those_of_the_real_calendar(generated):
    _report, found = generated
    assert found["clocks"]["steps_checked"] > 0
    assert found["clocks"]["wrong_due"] == []
    assert found["clocks"]["wrong_sla"] == []


def test_staff_of_every_organisation_can_log_in_and_find_work(generated):
    _report, found = generated
    assert len(found["staff"]) == 2
    for slug, seen in found["staff"].items():
        assert seen["head_login"], slug
        assert seen["staff_without_totp"] == 0, slug
        assert seen["agent_tickets"] > 0, slug
        assert seen["agent_open_tickets_mine"] > 0, slug
        assert seen["verifier_my_tasks"] > 0, slug
        assert seen["verifier_queue"] > 0, slug
