"""The benchmark data generator (benchmarks/datagen) at a tiny scale: it fills its own PostgreSQL database with data the
application accepts and uses. The generator and the checks run as separate processes on that database
(`python -m benchmarks.datagen`, `python -m benchmarks.datagen.verify`), so this test's own database is untouched.
The vendor performance phase is then run alone on the same data set (`--only performance`), as on a nasional data set
made before it: it must add nothing the second time."""

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
    again = report.with_name("again.json")
    try:
        _run(
            "benchmarks.datagen", "--scale", "tiny", "--database", name, "--server", _server(), "--report", str(report)
        )
        where = ("--database", name, "--server", _server())
        found = json.loads(_run("benchmarks.datagen.verify", *where, "--sample", "200"))
        _run("benchmarks.datagen", "--scale", "tiny", *where, "--only", "performance", "--report", str(again))
        after = json.loads(_run("benchmarks.datagen.verify", *where, "--sample", "5"))
        yield json.loads(report.read_text()), found, json.loads(again.read_text()), after
    finally:
        database.drop(_server(), name)


def test_tiny_scale_makes_the_counts_asked_for(generated):
    report, found, *_again = generated
    counts = found["counts"]
    assert counts["accounts_organization"] == 2
    assert counts["vendors_company"] == counts["vendors_registration"] == 60
    assert counts["helpdesk_ticket"] == 120
    # the scale's step records are the registrations' and the telephone's; the packages' come on top
    assert 0.7 * 600 <= counts["sop_steprecord"] - report["package_step_records"] <= 1.3 * 600
    assert report["tables"]["sop_steprecord"]["rows"] == counts["sop_steprecord"]
    assert report["database_bytes"] > 0
    assert all(seconds >= 0 for seconds in report["phases_seconds"].values())


def test_generated_identifiers_pass_the_projects_validators(generated):
    _report, found, *_again = generated
    assert found["identifiers"]["checked"] == 60
    assert found["identifiers"]["refused"] == {"nik": [], "npwp": [], "nib": []}


def test_due_times_and_sla_targets_are_those_of_the_real_calendar(generated):
    _report, found, *_again = generated
    assert found["clocks"]["steps_checked"] > 0
    assert found["clocks"]["wrong_due"] == []
    assert found["clocks"]["wrong_sla"] == []


def test_staff_of_every_organisation_can_log_in_and_find_work(generated):
    _report, found, *_again = generated
    assert len(found["staff"]) == 2
    for slug, seen in found["staff"].items():
        assert seen["head_login"], slug
        assert seen["staff_without_totp"] == 0, slug
        assert seen["agent_tickets"] > 0, slug
        assert seen["agent_open_tickets_mine"] > 0, slug
        assert seen["verifier_my_tasks"] > 0, slug
        assert seen["verifier_queue"] > 0, slug


def test_packages_carry_the_sop_cases_their_history_left(generated):
    """Persiapan Pengadaan, Persiapan Pemilihan Penyedia and Proses Utama PBJ as far as each package went, written
    from traces of the real engine in step with the stage records."""
    report, found, *_again = generated
    seen = found["packages"]
    assert seen["packages"] == report["packages"] == 4000
    assert 0.6 * 4000 <= seen["with_cases"] <= 0.85 * 4000  # the planning quarter has none
    assert seen["cases_wrong_count"] == 0, seen["cases_wrong"]
    assert seen["review_steps_checked"] == seen["with_cases"] and seen["review_steps_wrong"] == []
    assert seen["decree_steps_checked"] > 500 and seen["decree_steps_wrong"] == []
    cases = found["counts"]["sop_case"]
    assert report["package_cases"] == cases - report["registrations_with_case"] - report["telephone_cases"]
    # a handed-over package's page draws its three SOPs, each case completed
    assert seen["handed_over_progress"]
    for progress in seen["handed_over_progress"]:
        assert [(procedure, status) for procedure, _done, status in progress] == [
            ("procurement_preparation", "completed"),
            ("procurement_selection_preparation", "completed"),
            ("procurement_main", "completed"),
        ]
        assert all(done >= 4 for _procedure, done, _status in progress)


def test_every_handed_over_package_has_its_contract_and_three_in_four_are_assessed(generated):
    report, found, *_again = generated
    seen = found["performance"]
    assert seen["handed_over"] > 500  # 17 % of 2 × 2,000 packages
    assert seen["contracts_of_packages"] == seen["handed_over"]
    assert seen["handed_over_without_contract"] == seen["contracts_of_other_packages"] == 0
    assert seen["contracts"] == seen["handed_over"] + seen["terminations"]
    assert seen["terminations"] == 6  # three entered by hand per organisation
    assert seen["status_wrong"] == 0
    assert 0.65 <= seen["assessments"] / seen["contracts"] <= 0.85
    # the generator's figures are those of the database
    figures = report["performance"]
    assert figures["contracts"] == seen["contracts"] == report["tables"]["performance_contract"]["rows"]
    assert figures["assessed"] == seen["assessments"] == report["tables"]["performance_assessment"]["rows"]
    assert figures["bands"] == {band: seen["bands"].get(band, 0) for band in figures["bands"]}
    assert 0 < figures["overdue"] <= figures["awaiting"] == figures["contracts"] - figures["assessed"]


def test_totals_and_bands_are_those_of_the_rules_and_terminations_are_poor(generated):
    _report, found, *_again = generated
    seen = found["performance"]
    assert seen["wrong_totals_or_bands"] == []
    assert seen["terminations_not_poor"] == 0
    assert set(seen["bands"]) == {"poor", "fair", "good", "very_good"}  # every band occurs


def test_the_kepala_ukpbj_finds_contracts_overdue_ones_the_report_and_programmes(generated):
    _report, found, *_again = generated
    seen = found["performance"]
    assert seen["head_contracts"] == 50  # a full first page
    assert seen["head_overdue"] > 0
    assert seen["head_report_agencies"] == 12
    assert seen["head_programmes"] == 8
    assert seen["programmes"] == 16 and seen["invitations"] > 100


def test_the_performance_phase_run_again_alone_adds_nothing(generated):
    _report, found, again, after = generated
    assert again["performance"]["skipped"] == 2
    assert again["performance"]["contracts"] == again["performance"]["programmes"] == 0
    assert again["tables"]["performance_contract"]["rows"] == 0
    for key in ("contracts", "assessments", "programmes", "invitations"):
        assert after["performance"][key] == found["performance"][key], key
