"""The release builder's structure, without the schema validator (these tests do not need jsonschema)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from sopan.procurement.ocds.releases import OcdsExportError, release_package, stages_reached

from .standins import PREFIX, at_stage, package_kwargs

ROOT = Path(__file__).resolve().parents[4]


def releases_of(*packages, **overrides) -> list[dict]:
    return release_package(list(packages), **package_kwargs(**overrides))["releases"]


def flatten(node, path=""):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from flatten(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from flatten(value, f"{path}/{index}")
    else:
        yield path, node


@pytest.mark.parametrize(
    ("stage", "tags"),
    [
        ("planning", ["planning"]),
        ("tender", ["planning", "tender"]),
        ("award", ["planning", "tender", "award"]),
        ("contract", ["planning", "tender", "award", "contract"]),
        ("handed_over", ["planning", "tender", "award", "contract"]),
    ],
)
def test_one_release_per_stage_reached_under_one_ocid(stage, tags):
    releases = releases_of(at_stage(stage))

    assert [release["tag"] for release in releases] == [[tag] for tag in tags]
    assert {release["ocid"] for release in releases} == {f"{PREFIX}-40012345"}
    assert len({release["id"] for release in releases}) == len(tags)
    assert all(release["initiationType"] == "tender" for release in releases)


def test_the_planning_release_carries_the_rup_budget_category_method_and_parties():
    (release,) = releases_of(at_stage("planning"))

    assert release["planning"]["budget"] == {
        "description": "APBD 2026",
        "amount": {"amount": 850000000, "currency": "IDR"},
    }
    assert release["tender"]["mainProcurementCategory"] == "goods"
    assert release["tender"]["procurementMethod"] == "open"
    assert release["tender"]["procurementMethodDetails"] == "Tender"
    assert release["tender"]["value"] == {"amount": 842500000, "currency": "IDR"}
    assert release["tender"]["status"] == "planned"
    assert release["buyer"] == {"id": "satker-1.02.01", "name": "Dinas Kesehatan"}
    assert [(party["id"], party["roles"]) for party in release["parties"]] == [
        ("satker-1.02.01", ["buyer"]),
        ("ukpbj-salatiga", ["procuringEntity"]),
    ]
    assert release["tender"]["procuringEntity"]["id"] == "ukpbj-salatiga"
    assert [m["dueDate"] for m in release["planning"]["milestones"]] == [
        "2026-03-02T00:00:00+07:00",
        "2026-04-15T00:00:00+07:00",
        "2026-07-01T00:00:00+07:00",
    ]


def test_dates_carry_the_organisation_offset_and_end_of_day_for_events_known_by_day():
    planning, tender, award, contract = releases_of(at_stage("handed_over"))

    assert tender["date"] == "2026-03-04T23:59:59+07:00"
    assert tender["tender"]["tenderPeriod"] == {"startDate": "2026-03-04T00:00:00+07:00"}
    assert award["awards"][0]["date"] == "2026-04-02T23:59:59+07:00"
    assert contract["contracts"][0]["dateSigned"] == "2026-04-20T23:59:59+07:00"
    assert contract["date"] == "2026-06-30T23:59:59+07:00"  # the handover closes the contract release
    # Recorded in July, but the planning release never comes after the day the tender was announced.
    assert planning["date"] == "2026-03-04T00:00:00+07:00"
    assert [r["date"] for r in (planning, tender, award, contract)] == sorted(
        r["date"] for r in (planning, tender, award, contract)
    )


def test_a_planning_only_package_is_dated_when_sopan_last_recorded_it_in_the_given_zone():
    (release,) = releases_of(at_stage("planning"), zone="Asia/Jayapura")

    assert release["date"] == "2026-02-10T12:15:00+09:00"


def test_every_field_has_one_value_across_the_releases_of_a_package():
    """Merging the releases in any order gives the same record: no field differs between two releases."""
    for stage in ("tender", "award", "contract", "handed_over"):
        releases = releases_of(at_stage(stage, status="cancelled"))
        seen: dict[str, object] = {}
        for release in releases:
            for path, value in flatten({k: v for k, v in release.items() if k not in ("id", "date", "tag")}):
                assert seen.setdefault(path, value) == value, (stage, path)
        assert sum("status" in release["tender"] for release in releases) == 1


def test_handover_terminates_the_contract_with_a_met_delivery_milestone():
    contract = releases_of(at_stage("handed_over"))[-1]["contracts"][0]

    assert contract["status"] == "terminated"
    assert contract["awardID"] == "40012345-award"
    assert contract["value"] == {"amount": 815000000, "currency": "IDR"}
    assert contract["milestones"][0]["type"] == "delivery"
    assert contract["milestones"][0]["dateMet"] == "2026-06-30T23:59:59+07:00"
    assert releases_of(at_stage("contract"))[-1]["contracts"][0]["status"] == "active"


@pytest.mark.parametrize(
    ("stage", "tender_status"),
    [("planning", "withdrawn"), ("tender", "cancelled"), ("award", "complete")],
)
def test_a_cancelled_package_says_so_in_its_latest_release(stage, tender_status):
    releases = releases_of(at_stage(stage, status="cancelled"))

    assert releases[-1]["tender"]["status"] == tender_status
    if stage == "award":
        assert releases[-1]["awards"][0]["status"] == "cancelled"


@pytest.mark.parametrize(
    ("method", "ocds_method", "details", "procuring_entity"),
    [
        ("tender", "open", "Tender", "ukpbj-salatiga"),
        ("quick_tender", "open", "Tender Cepat", "ukpbj-salatiga"),
        ("selection", "selective", "Seleksi", "ukpbj-salatiga"),
        ("direct_appointment", "direct", "Penunjukan Langsung", "ukpbj-salatiga"),
        ("direct_procurement", "direct", "Pengadaan Langsung", "satker-1.02.01"),
        ("e_purchasing", "direct", "E-Purchasing", "satker-1.02.01"),
    ],
)
def test_methods_map_to_the_closed_codelist_with_the_indonesian_name_kept(
    method, ocds_method, details, procuring_entity
):
    tender = releases_of(at_stage("tender", method=method))[-1]["tender"]

    assert tender["procurementMethod"] == ocds_method
    assert tender["procurementMethodDetails"] == details
    assert tender["procuringEntity"]["id"] == procuring_entity


@pytest.mark.parametrize(
    ("kind", "category"),
    [("goods", "goods"), ("construction", "works"), ("consultancy", "services"), ("other_services", "services")],
)
def test_kinds_map_to_the_main_procurement_category(kind, category):
    assert releases_of(at_stage("planning", kind=kind))[0]["tender"]["mainProcurementCategory"] == category


def test_a_self_managed_package_is_planning_only_even_with_milestones():
    releases = releases_of(at_stage("handed_over", method="self_managed"))

    assert [release["tag"] for release in releases] == [["planning"]]
    assert "procurementMethod" not in releases[0]["tender"]
    assert releases[0]["tender"]["procurementMethodDetails"] == "Swakelola"
    assert releases[0]["parties"] == [{"id": "satker-1.02.01", "name": "Dinas Kesehatan", "roles": ["buyer"]}]
    assert stages_reached(at_stage("handed_over", method="self_managed")) == ("planning",)


def test_the_builder_is_deterministic_and_a_change_gives_new_release_ids():
    first = release_package([at_stage("award"), at_stage("planning", kd_rup="40000001")], **package_kwargs())
    again = release_package([at_stage("planning", kd_rup="40000001"), at_stage("award")], **package_kwargs())
    changed = release_package(
        [at_stage("award", award_value=Decimal("800000000")), at_stage("planning", kd_rup="40000001")],
        **package_kwargs(),
    )

    assert json.dumps(first) == json.dumps(again)
    assert first["releases"][0]["ocid"] == f"{PREFIX}-40000001"  # sorted by RUP code
    assert first["publishedDate"] == "2026-02-10T10:15:00+07:00"  # the latest updated_at when none is given
    first_ids = {r["tag"][0]: r["id"] for r in first["releases"] if r["ocid"].endswith("40012345")}
    changed_ids = {r["tag"][0]: r["id"] for r in changed["releases"] if r["ocid"].endswith("40012345")}
    assert first_ids["planning"] == changed_ids["planning"]  # the planning data did not change
    assert first_ids["award"] != changed_ids["award"]


def test_amounts_with_sen_stay_exact_and_a_missing_hps_is_left_out():
    (release,) = releases_of(at_stage("planning", pagu=Decimal("1250000.50"), hps=None))

    assert release["planning"]["budget"]["amount"]["amount"] == 1250000.5
    assert "value" not in release["tender"]


@pytest.mark.parametrize("prefix", ["", "ocds", "ocds-ABC123", "ocds-a1b2c", "ocds-a1b2c3d", "xyz-a1b2c3"])
def test_an_ocid_prefix_that_is_not_ocds_and_six_characters_is_refused(prefix):
    with pytest.raises(OcdsExportError) as refused:
        release_package([at_stage("planning")], **package_kwargs(ocid_prefix=prefix))

    assert f'"{prefix}"' in refused.value.messages[0]


def test_a_duplicate_rup_code_and_an_empty_list_are_refused():
    with pytest.raises(OcdsExportError) as duplicate:
        release_package([at_stage("planning"), at_stage("tender")], **package_kwargs())
    with pytest.raises(OcdsExportError):
        release_package([], **package_kwargs())

    assert "40012345" in duplicate.value.messages[0]


def test_a_naive_datetime_is_a_programming_error():
    with pytest.raises(ValueError, match="time zone"):
        release_package(
            [dataclasses.replace(at_stage("planning"), updated_at=dt.datetime(2026, 1, 1))], **package_kwargs()
        )


def test_the_builder_runs_without_jsonschema_installed():
    """The builder needs no validator: it runs in a process where jsonschema and referencing cannot be imported."""
    script = (
        "import sys\n"
        "sys.modules['jsonschema'] = sys.modules['referencing'] = None\n"
        "from sopan.procurement.ocds.releases import release_package\n"
        "from sopan.procurement.ocds.tests.standins import at_stage, package_kwargs\n"
        "document = release_package([at_stage('handed_over')], **package_kwargs())\n"
        "print(','.join(r['tag'][0] for r in document['releases']))\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=60
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "planning,tender,award,contract"
