"""OCDS 1.1.5 releases for procurement packages (issue 17 §7).

One contracting process per package (paket): its ocid is the organisation's ocid prefix, a hyphen and the RUP code
(`ocds-213czf-12345678`). An ocid prefix is issued by the Open Contracting Partnership: "ocds", a hyphen and six
random lowercase letters or digits (OCDS 1.1.5 identifiers.md, "Contracting Process Identifier"); any other prefix is
refused, so a typo cannot publish ocids that collide with another publisher's.

One release per stage the data has reached, each tagged with its stage:

- planning, always: the RUP as announced in SiRUP (SOP Perencanaan Pengadaan, step 10 "Menetapkan dan mengumumkan
  RUP melalui SIRUP"): budget (pagu, funding source, fiscal year), category, method, HPS, planned dates;
- tender, once SPSE's announcement date is known (`milestones["announced_on"]`);
- award, once the award date is known (`awarded_on`);
- contract, once the contract was signed (`contract_signed_on`); the handover (BAST, `handed_over_on`) closes it.

Sopan keeps the package as it is now, not its history, so each release is the package as known now, cut at its stage
(a tender release repeats the planning data, an award release the tender data …), and every field has the same value
in every release of one ocid. The statuses that change over time (tender.status) appear only in the latest release.
So merging the releases into a record gives the current state whatever order they are merged in.

Release dates: an event known only by its day is dated 23:59:59 of that day in the organisation's time zone (OCDS
reference, "Date"); the planning release is dated when Sopan last recorded the package (`updated_at`), but never later
than the start of the day of the next stage; the contract release at the handover when there is one. Release ids are
`<ocid>-<stage>-<digest>`, the digest a hash of the release's content: the same data gives the same id and the same
JSON, and changed data gives a new id, as OCDS asks of a release that says something new.

Self-managed packages (swakelola) are planning-only: swakelola is carried out by the agency itself, another
government body, a civil-society organisation or a community group (Perpres 16/2018, swakelola types I-IV), not procured
from providers through a selection, so there is no tender, award or contract with a supplier to publish. Their RUP is
still public, so the planning release is published, with no `procurementMethod` (the closed codelist has no value
for it), "Swakelola" as the details, and the agency as buyer only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

OCDS_VERSION = "1.1"
OCID_PREFIX = re.compile(r"^ocds-[a-z0-9]{6}$")
CURRENCY = "IDR"
STAGES = ("planning", "tender", "award", "contract")

# Jenis pengadaan -> the closed procurementCategory codelist.
CATEGORY = {"goods": "goods", "construction": "works", "consultancy": "services", "other_services": "services"}

# Metode pemilihan -> (the closed method codelist, the Indonesian name kept in procurementMethodDetails).
# Tender and Tender Cepat are open to every (qualified) provider; Seleksi short-lists providers after
# prequalification and invites them; Pengadaan Langsung, Penunjukan Langsung and E-Purchasing deal with one
# provider chosen by the buyer (a catalogue order for E-Purchasing). Swakelola has no value in the codelist.
METHOD = {
    "tender": ("open", "Tender"),
    "quick_tender": ("open", "Tender Cepat"),
    "selection": ("selective", "Seleksi"),
    "direct_procurement": ("direct", "Pengadaan Langsung"),
    "direct_appointment": ("direct", "Penunjukan Langsung"),
    "e_purchasing": ("direct", "E-Purchasing"),
    "self_managed": (None, "Swakelola"),
}

# The Pokja Pemilihan of the UKPBJ runs these selections; the others are run inside the agency (Pejabat Pengadaan
# or PPK), and swakelola by the agency itself.
RUN_BY_UKPBJ = frozenset({"tender", "quick_tender", "selection", "direct_appointment"})
SELF_MANAGED = "self_managed"
END_OF_DAY = dt.time(23, 59, 59)


class OcdsExportError(ValueError):
    """The packages cannot be published as OCDS; `messages` says why, in the user's language."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


def check_ocid_prefix(prefix: str) -> str:
    if not isinstance(prefix, str) or not OCID_PREFIX.match(prefix):
        raise OcdsExportError(
            [
                _('The OCID prefix "%(prefix)s" is not valid: it must be "ocds-" and six lowercase letters or digits.')
                % {"prefix": prefix}
            ]
        )
    return prefix


def ocid_for(package, ocid_prefix: str) -> str:
    return f"{ocid_prefix}-{package.kd_rup}"


def _milestones(package) -> dict:
    return dict(getattr(package, "milestones", None) or {})


def stages_reached(package) -> tuple[str, ...]:
    """The stages with a release: planning always; the others as far as SPSE's milestones go (none for swakelola)."""
    if package.method == SELF_MANAGED:
        return ("planning",)
    milestones = _milestones(package)
    keys = {"tender": "announced_on", "award": "awarded_on", "contract": "contract_signed_on"}
    return ("planning", *(stage for stage in STAGES[1:] if milestones.get(keys[stage])))


def _amount(value: Decimal) -> dict:
    value = Decimal(value)
    number = int(value) if value == value.to_integral_value() else float(value)
    return {"amount": number, "currency": CURRENCY}


def _moment(value: dt.date | dt.datetime, zone: ZoneInfo, time: dt.time) -> dt.datetime:
    """A day at `time` in the organisation's zone; an aware datetime as it is."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise ValueError("OCDS dates need a time zone: got a naive datetime")
        return value.astimezone(zone)
    return dt.datetime.combine(value, time, tzinfo=zone)


def _iso(moment: dt.datetime, zone: ZoneInfo) -> str:
    if moment.tzinfo is None:
        raise ValueError("OCDS dates need a time zone: got a naive datetime")
    return moment.astimezone(zone).isoformat(timespec="seconds")


def _parties(package) -> tuple[dict, list[dict]]:
    """The buyer (the agency whose budget pays) and the parties with their roles, in a fixed order."""
    agency = {"id": f"satker-{package.agency.code}", "name": package.agency.name}
    if package.method == SELF_MANAGED:
        return agency, [{**agency, "roles": ["buyer"]}]
    if package.method not in RUN_BY_UKPBJ:
        return agency, [{**agency, "roles": ["buyer", "procuringEntity"]}]
    ukpbj = {"id": f"ukpbj-{package.organization.slug}", "name": f"UKPBJ {package.organization.name}"}
    return agency, [{**agency, "roles": ["buyer"]}, {**ukpbj, "roles": ["procuringEntity"]}]


def _procuring_entity(parties: list[dict]) -> dict | None:
    for party in parties:
        if "procuringEntity" in party["roles"]:
            return {"id": party["id"], "name": party["name"]}
    return None


def _planning(package, zone: ZoneInfo) -> dict:
    planned = (
        ("rencana-pemilihan", "Rencana pemilihan penyedia", package.planned_selection_on),
        ("rencana-kontrak", "Rencana pelaksanaan kontrak", package.planned_contract_on),
        ("rencana-pemanfaatan", "Rencana pemanfaatan barang/jasa", package.planned_use_on),
    )
    planning = {
        "budget": {
            "description": f"{package.funding_source} {package.fiscal_year}",
            "amount": _amount(package.pagu),
        },
    }
    milestones = [
        {"id": key, "title": title, "dueDate": _iso(_moment(day, zone, dt.time(0)), zone), "status": "scheduled"}
        for key, title, day in planned
        if day
    ]
    if milestones:
        planning["milestones"] = milestones
    return planning


def _tender(package, parties: list[dict], stage: str, zone: ZoneInfo) -> dict:
    method, details = METHOD[package.method]
    tender = {
        "id": str(package.spse_code or package.kd_rup),
        "title": package.name,
        "mainProcurementCategory": CATEGORY[package.kind],
        "procurementMethodDetails": details,
    }
    if method:
        tender["procurementMethod"] = method
    entity = _procuring_entity(parties)
    if entity:
        tender["procuringEntity"] = entity
    if package.hps is not None:
        tender["value"] = _amount(package.hps)
    announced = _milestones(package).get("announced_on")
    if STAGES.index(stage) >= STAGES.index("tender") and announced:
        tender["tenderPeriod"] = {"startDate": _iso(_moment(announced, zone, dt.time(0)), zone)}
    return tender


def _tender_status(package, stages: tuple[str, ...]) -> str:
    """The tender's status now, given to the latest release only."""
    cancelled = package.status == "cancelled"
    if stages == ("planning",):
        return "withdrawn" if cancelled else "planned"
    if len(stages) > 2 or package.status in ("contract", "handed_over"):
        return "complete"
    return "cancelled" if cancelled else "active"


def _award(package, stages: tuple[str, ...], zone: ZoneInfo) -> dict:
    award = {"id": f"{package.kd_rup}-award", "title": package.name}
    cancelled = package.status == "cancelled" and "contract" not in stages
    award["status"] = "cancelled" if cancelled else "active"
    awarded = _milestones(package).get("awarded_on")
    if awarded:
        award["date"] = _iso(_moment(awarded, zone, END_OF_DAY), zone)
    if getattr(package, "award_value", None) is not None:
        award["value"] = _amount(package.award_value)
    return award


def _contract(package, zone: ZoneInfo) -> dict:
    milestones = _milestones(package)
    handed_over = milestones.get("handed_over_on")
    contract = {
        "id": f"{package.kd_rup}-contract",
        "awardID": f"{package.kd_rup}-award",
        "title": package.name,
        # A signed contract that has come to a close, by handover or by cancellation, is "terminated" in OCDS 1.1.5.
        "status": "terminated" if handed_over or package.status in ("handed_over", "cancelled") else "active",
        "dateSigned": _iso(_moment(milestones["contract_signed_on"], zone, END_OF_DAY), zone),
    }
    if getattr(package, "contract_value", None) is not None:
        contract["value"] = _amount(package.contract_value)
    if handed_over:
        contract["milestones"] = [
            {
                "id": "bast",
                "title": "Berita Acara Serah Terima (BAST)",
                "type": "delivery",
                "status": "met",
                "dateMet": _iso(_moment(handed_over, zone, END_OF_DAY), zone),
            }
        ]
    return contract


def _release_dates(package, stages: tuple[str, ...], zone: ZoneInfo) -> dict[str, dt.datetime]:
    milestones = _milestones(package)
    dates = {}
    if "tender" in stages:
        dates["tender"] = _moment(milestones["announced_on"], zone, END_OF_DAY)
    if "award" in stages:
        dates["award"] = _moment(milestones["awarded_on"], zone, END_OF_DAY)
    if "contract" in stages:
        last = milestones.get("handed_over_on") or milestones["contract_signed_on"]
        dates["contract"] = _moment(last, zone, END_OF_DAY)
    planning = _moment(package.updated_at, zone, END_OF_DAY)
    if len(stages) > 1:
        next_day = dates[stages[1]].date()
        planning = min(planning, dt.datetime.combine(next_day, dt.time(0), tzinfo=zone))
    dates["planning"] = planning
    return dates


def _with_id(release: dict, ocid: str, stage: str) -> dict:
    canonical = json.dumps(release, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]
    return {"ocid": ocid, "id": f"{ocid}-{stage}-{digest}", **{k: v for k, v in release.items() if k != "ocid"}}


def package_releases(package, *, ocid_prefix: str, zone: ZoneInfo) -> list[dict]:
    """The releases of one package, in stage order."""
    ocid = ocid_for(package, ocid_prefix)
    stages = stages_reached(package)
    dates = _release_dates(package, stages, zone)
    buyer, parties = _parties(package)
    releases = []
    for stage in stages:
        release = {
            "ocid": ocid,
            "date": _iso(dates[stage], zone),
            "tag": [stage],
            "initiationType": "tender",
            "language": "id",
            "parties": parties,
            "buyer": buyer,
            "planning": _planning(package, zone),
            "tender": _tender(package, parties, stage, zone),
        }
        if stage == stages[-1]:
            release["tender"]["status"] = _tender_status(package, stages)
        if stage in ("award", "contract"):
            release["awards"] = [_award(package, stages, zone)]
        if stage == "contract":
            release["contracts"] = [_contract(package, zone)]
        releases.append(_with_id(release, ocid, stage))
    return releases


def release_package(
    packages: Iterable,
    *,
    ocid_prefix: str,
    publisher_name: str,
    published: dt.datetime | None,
    uri: str,
    zone: str = "Asia/Jakarta",
) -> dict:
    """An OCDS 1.1 release package of `packages` (one organisation's), sorted by RUP code, as a JSON-ready dict.

    `published` is the package's publishedDate (aware); None takes the latest `updated_at`, so an export made on
    demand from unchanged data is the same byte for byte. `zone` is the organisation's time zone (its
    `Organization.timezone`), in which dates known only by their day are placed.
    """
    check_ocid_prefix(ocid_prefix)
    tz = ZoneInfo(zone)
    packages = sorted(packages, key=lambda package: str(package.kd_rup))
    if not packages:
        raise OcdsExportError([_("There are no procurement packages to publish.")])
    counts = Counter(str(package.kd_rup) for package in packages)
    duplicates = sorted(code for code, count in counts.items() if count > 1)
    if duplicates:
        raise OcdsExportError(
            [_("The RUP code %(code)s appears more than once.") % {"code": code} for code in duplicates]
        )
    if published is None:
        published = max(package.updated_at for package in packages)
    releases = [
        release for package in packages for release in package_releases(package, ocid_prefix=ocid_prefix, zone=tz)
    ]
    return {
        "uri": uri,
        "version": OCDS_VERSION,
        "publishedDate": _iso(published, tz),
        "publisher": {"name": publisher_name},
        "releases": releases,
    }
