"""Release packages against the bundled official OCDS 1.1.5 schema, offline (needs jsonschema and referencing)."""

from __future__ import annotations

import copy
import datetime as dt
import urllib.request

import pytest

from sopan.procurement.ocds import validation
from sopan.procurement.ocds.releases import release_package
from sopan.procurement.ocds.validation import UnbundledSchemaReference, is_date_time, is_uri, validate

from .standins import at_stage, package_kwargs

STAGES = ("planning", "tender", "award", "contract", "handed_over")
METHODS = ("tender", "quick_tender", "selection", "direct_procurement", "direct_appointment", "e_purchasing")


@pytest.fixture(autouse=True)
def _no_download(monkeypatch):
    """Validation never downloads a schema: any attempt fails the test (the network is blocked as well)."""

    def refuse(*args, **kwargs):
        raise AssertionError("the OCDS validator tried to download a schema")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)


def valid_package(*packages, **overrides) -> dict:
    return release_package(list(packages), **package_kwargs(**overrides))


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("method", METHODS)
def test_a_package_at_each_stage_and_method_passes_the_official_schema(stage, method):
    document = valid_package(at_stage(stage, method=method))

    assert validate(document) == []


@pytest.mark.parametrize("stage", STAGES)
def test_cancelled_self_managed_and_sparse_packages_pass_the_official_schema(stage):
    document = valid_package(
        at_stage(stage, status="cancelled", kind="construction"),
        at_stage(stage, kd_rup="40000002", method="self_managed", kind="other_services"),
        at_stage(
            stage,
            kd_rup="40000003",
            kind="consultancy",
            hps=None,
            planned_selection_on=None,
            planned_contract_on=None,
            planned_use_on=None,
            award_value=None,
            contract_value=None,
        ),
        published=dt.datetime(2026, 7, 2, tzinfo=dt.UTC),
    )

    assert validate(document) == []


def test_a_release_without_an_ocid_is_reported_at_its_path():
    document = valid_package(at_stage("tender"))
    del document["releases"][1]["ocid"]

    assert validate(document) == ["/releases/1: 'ocid' is a required property"]


def test_a_tag_outside_the_closed_codelist_is_reported_at_its_path():
    document = valid_package(at_stage("award"))
    document["releases"][2]["tag"] = ["award", "awarded"]

    errors = validate(document)

    assert len(errors) == 1
    assert errors[0].startswith("/releases/2/tag/1: 'awarded' is not one of ['planning'")


def test_every_error_is_reported_not_only_the_first():
    document = valid_package(at_stage("contract"))
    broken = copy.deepcopy(document)
    broken["releases"][0]["date"] = "2026-03-04"  # no time, no zone
    broken["releases"][1]["tender"]["procurementMethod"] = "tender"  # Indonesian name, not the codelist
    broken["releases"][3]["contracts"][0]["value"]["currency"] = "RP"
    broken["uri"] = "releases.json"  # relative

    errors = validate(broken)

    assert errors == [
        "/releases/0/date: '2026-03-04' is not a 'date-time'",
        "/releases/1/tender/procurementMethod: 'tender' is not one of ['open', 'selective', 'limited', 'direct', None]",
        errors[2],
        "/uri: 'releases.json' is not a 'uri'",
    ]
    assert errors[2].startswith("/releases/3/contracts/0/value/currency: 'RP' is not one of [")


def test_a_repeated_release_is_refused_by_the_schema_with_a_short_message():
    document = valid_package(at_stage("tender"), at_stage("planning", kd_rup="40000001"))
    document["releases"].append(copy.deepcopy(document["releases"][1]))

    assert validate(document) == ["/releases: items 1 and 3 are equal; the items must be unique (uniqueItems)"]


def test_a_long_message_is_cut():
    document = valid_package(at_stage("planning"))
    document["releases"][0]["parties"] = "x" * 1000

    (error,) = validate(document)

    assert error.startswith("/releases/0/parties: 'xxx")
    assert len(error) < 340 and error.endswith("…")


def test_a_reference_to_a_schema_that_is_not_bundled_fails_loudly_instead_of_downloading():
    schema = {
        "$schema": "http://json-schema.org/draft-04/schema#",
        "id": "https://standard.open-contracting.org/schema/1__1__5/extension.json",
        "properties": {"extra": {"$ref": "https://example.org/ocds-extension/release-schema.json"}},
    }

    with pytest.raises(UnbundledSchemaReference, match=r"https://example\.org/ocds-extension/release-schema\.json"):
        validation.errors_of({"extra": {}}, validation.validator_for(schema))


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        # The OCDS 1.1.5 reference's own examples ("Date"), then edge cases.
        ("2014-10-21T09:30:00Z", True),
        ("2014-11-18T18:00:00-06:00", True),
        ("2014-10-21", False),
        ("2014-10-21T18:00", False),
        ("2014-11-18T18:00:00", False),
        ("11/18/2014 18:00", False),
        ("2026-03-04T23:59:59.250+07:00", True),
        ("2026-02-30T00:00:00Z", False),
        ("2026-03-04T24:00:00Z", False),
        ("2026-03-04T10:00:00+25:00", False),
        (20260304, True),  # not a string: the type keyword judges it, not the format
    ],
)
def test_date_time_format_follows_the_ocds_reference(value, valid):
    assert is_date_time(value) is valid


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("https://sopan.example.org/ocds/salatiga/releases.json", True),
        ("urn:ocds:a1b2c3", True),
        ("releases.json", False),
        ("https://example.org/a b", False),
        ("", False),
    ],
)
def test_uri_format_is_an_absolute_uri(value, valid):
    assert is_uri(value) is valid


@pytest.mark.parametrize(
    ("items", "unique"),
    [
        ([1, 1.0], False),
        ([True, 1], True),
        ([{"a": [1, 2]}, {"a": [2, 1]}], True),
        ([{"a": 1, "b": 2}, {"b": 2, "a": 1}], False),
    ],
)
def test_unique_items_keeps_json_schema_equality(items, unique):
    checker = validation.validator_for({"$schema": "http://json-schema.org/draft-04/schema#", "uniqueItems": True})

    assert (validation.errors_of(items, checker) == []) is unique


def test_an_e_purchasing_order_known_only_by_its_contract_date_still_refers_to_an_award():
    """E-Purchasing has no SPSE announcement: the releases go from planning straight to the contract."""
    package = at_stage("planning", method="e_purchasing", status="contract")
    package.milestones = {"contract_signed_on": at_stage("contract").milestones["contract_signed_on"]}

    document = valid_package(package)

    assert validate(document) == []
    planning, contract = document["releases"]
    assert [planning["tag"], contract["tag"]] == [["planning"], ["contract"]]
    assert contract["contracts"][0]["awardID"] == contract["awards"][0]["id"]
    assert contract["tender"]["status"] == "complete"
    assert planning["date"] == "2026-02-10T10:15:00+07:00"
