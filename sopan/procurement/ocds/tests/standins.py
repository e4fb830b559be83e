"""A plain stand-in for the procurement package: exactly the attributes the OCDS builder reads.

The builder reads a package only through these names, so these tests hold for the procurement app's model too; the
integration test of `export_ocds` covers the real model.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

UTC = dt.UTC
PREFIX = "ocds-a1b2c3"


@dataclasses.dataclass(frozen=True)
class Organization:
    name: str = "Pemerintah Kota Salatiga"
    slug: str = "salatiga"


@dataclasses.dataclass(frozen=True)
class Agency:
    code: str = "1.02.01"
    name: str = "Dinas Kesehatan"


@dataclasses.dataclass
class Package:
    kd_rup: str = "40012345"
    name: str = "Pengadaan Alat Kesehatan Puskesmas"
    organization: Organization = dataclasses.field(default_factory=Organization)
    agency: Agency = dataclasses.field(default_factory=Agency)
    kind: str = "goods"
    pagu: Decimal = Decimal("850000000.00")
    hps: Decimal | None = Decimal("842500000")
    funding_source: str = "APBD"
    method: str = "tender"
    fiscal_year: int = 2026
    planned_selection_on: dt.date | None = dt.date(2026, 3, 2)
    planned_contract_on: dt.date | None = dt.date(2026, 4, 15)
    planned_use_on: dt.date | None = dt.date(2026, 7, 1)
    spse_code: str = ""
    status: str = "planning"
    updated_at: dt.datetime = dt.datetime(2026, 2, 10, 3, 15, 0, tzinfo=UTC)
    milestones: dict = dataclasses.field(default_factory=dict)
    award_value: Decimal | None = None
    contract_value: Decimal | None = None


def at_stage(stage: str, **overrides) -> Package:
    """A tender package whose SPSE milestones have reached `stage` (planning, tender, award, contract, handed_over)."""
    steps = {
        "planning": ({}, "planning", ""),
        "tender": ({"announced_on": dt.date(2026, 3, 4)}, "selection", "10234567"),
        "award": (
            {"announced_on": dt.date(2026, 3, 4), "awarded_on": dt.date(2026, 4, 2)},
            "selection",
            "10234567",
        ),
        "contract": (
            {
                "announced_on": dt.date(2026, 3, 4),
                "awarded_on": dt.date(2026, 4, 2),
                "contract_signed_on": dt.date(2026, 4, 20),
            },
            "contract",
            "10234567",
        ),
        "handed_over": (
            {
                "announced_on": dt.date(2026, 3, 4),
                "awarded_on": dt.date(2026, 4, 2),
                "contract_signed_on": dt.date(2026, 4, 20),
                "handed_over_on": dt.date(2026, 6, 30),
            },
            "handed_over",
            "10234567",
        ),
    }
    milestones, status, spse_code = steps[stage]
    values = {"milestones": dict(milestones), "status": status, "spse_code": spse_code}
    if stage in ("award", "contract", "handed_over"):
        values["award_value"] = Decimal("815000000")
    if stage in ("contract", "handed_over"):
        values["contract_value"] = Decimal("815000000")
        values["updated_at"] = dt.datetime(2026, 7, 1, 2, 0, 0, tzinfo=UTC)
    values.update(overrides)
    return Package(**values)


def package_kwargs(**overrides) -> dict:
    kwargs = {
        "ocid_prefix": PREFIX,
        "publisher_name": "UKPBJ Pemerintah Kota Salatiga",
        "published": None,
        "uri": "https://sopan.example.org/ocds/salatiga/releases.json",
    }
    kwargs.update(overrides)
    return kwargs
