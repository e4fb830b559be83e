"""Test data for the procurement context: the people, and SiRUP exports built in the test (XLSX, CSV, JSON)."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from sopan.accounts import demo
from sopan.procurement.models import Kind, Method, Package, SelectionRequest

OPEN_DATA_HEADERS = (
    "kd_rup",
    "nama_paket",
    "pagu",
    "nama_satker",
    "metode_pengadaan",
    "jenis_pengadaan",
    "sumber_dana",
    "tahun_anggaran",
    "status_pdn",
    "status_ukm",
    "tgl_awal_pemilihan",
)

ROWS = (
    ("51234001", "Rehabilitasi Gedung Puskesmas Sidorejo", "350000000", "Dinas Pekerjaan Umum dan Penataan Ruang",
     "Pengadaan Langsung", "Pekerjaan Konstruksi", "APBD", "2026", "PDN", "UKM", "2026-02-02"),
    ("51234002", "Pengadaan Alat Kesehatan Puskesmas", "1250000000", "Dinas Kesehatan", "Tender", "Barang", "DAK",
     "2026", "PDN", "Non UKM", "2026-03-02"),
    ("51234003", "Jasa Konsultansi Pengawasan Jalan Lingkar", "95000000", "DPUPR", "Pengadaan Langsung",
     "Jasa Konsultansi Badan Usaha", "APBD", "2026", "PDN", "UKM", "2026-02-16"),
)  # fmt: skip


def person(organization, username: str):
    spec = next(p for p in demo.PERSONAS if p.username == username)
    return demo.ensure_persona(organization, spec, with_totp=False)


def csv_upload(rows=ROWS, headers=OPEN_DATA_HEADERS, *, delimiter=",", bom=False, name="rup.csv"):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(headers)
    writer.writerows(rows)
    content = ("\ufeff" if bom else "") + buffer.getvalue()
    return SimpleUploadedFile(name, content.encode(), content_type="text/csv")


def json_upload(rows=ROWS, headers=OPEN_DATA_HEADERS, *, name="rup.json"):
    data = [dict(zip(headers, row, strict=True)) for row in rows]
    for item in data:  # the open data gives pagu as a number
        if str(item.get("pagu", "")).isdigit():
            item["pagu"] = int(item["pagu"])
    return SimpleUploadedFile(name, json.dumps(data).encode(), content_type="application/json")


def xlsx_upload(rows=ROWS, headers=OPEN_DATA_HEADERS, *, title=None, name="rup.xlsx"):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    if title:
        sheet.append([title])
    sheet.append(list(headers))
    for row in rows:
        sheet.append([int(v) if k == "pagu" and v.isdigit() else v for k, v in zip(headers, row, strict=True)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


def make_package(organization, **fields) -> Package:
    agency = organization.units.get(code=fields.pop("agency_code", "DPUPR"))
    values = {
        "kd_rup": "9900001",
        "name": "Paket uji",
        "kind": Kind.CONSTRUCTION,
        "method": Method.TENDER,
        "pagu": Decimal("500000000"),
        "funding_source": "apbd",
        "fiscal_year": 2026,
        **fields,
    }
    return Package.objects.create(organization=organization, agency=agency, **values)


# --- the stages (test_stages.py) -------------------------------------------------------------------------------------
STAGE_SOPS = {
    "procurement_preparation": "persiapan-pengadaan",
    "procurement_selection_preparation": "persiapan-pemilihan-penyedia",
    "procurement_main": "proses-utama-pbj",
}
POKJA = ("pokja", "jabfung.ppbj", "tim.analisis")


def bind_stage_sops(organization):
    """Put Pagar Alam's SOPs of the package's stages in force here and bind each to its procedure."""
    from sopan.sop import definition as d
    from sopan.sop.services import versions
    from sopan.sop.tests.factories import effective_version

    catalogue = {x.key: x for x in d.load_catalogue()["pagar-alam"]}
    for procedure, key in STAGE_SOPS.items():
        version = effective_version(organization, catalogue[key].to_yaml())
        versions.procedure_bind(organization=organization, procedure=procedure, sop=version.sop, by=None)


def pokja_members(organization, usernames=POKJA, *, kind=Kind.CONSTRUCTION, declared=True):
    from sopan.procurement.rules import PokjaMember

    return [PokjaMember(person(organization, u), frozenset({kind}), declared_no_conflict=declared) for u in usernames]


def staged_package(organization, until: str, **fields) -> Package:
    """A package of the PPK `ppk` and the PA/KPA `pa.kpa`, taken through the services up to the stage `until`:
    "planning", "preparation", "selection_preparation", "requested", "pokja", "reviewed", "methods", "scheduled",
    "selection", "result", "sppbj", "contract", "handed_over"."""
    from django.utils import timezone

    from sopan.procurement import stages

    ppk, pa = person(organization, "ppk"), person(organization, "pa.kpa")
    head = person(organization, "kepala.ukpbj")
    package = make_package(organization, commitment_officer=ppk, budget_holder=pa, **fields)
    today = timezone.localdate()
    members = pokja_members(organization, kind=package.kind)
    pokja = members[0].user
    steps = [
        ("planning", None),
        ("preparation", lambda p: _documents_then(p, ppk)),
        ("selection_preparation", lambda p: stages.package_approve_preparation(
            package=p, by=pa, seen_version=p.version)),
        ("requested", lambda p: stages.package_request_selection(
            package=p, by=ppk, seen_version=p.version, items=SelectionRequest.Item.values)),
        ("pokja", lambda p: stages.package_assign_pokja(
            package=p, by=head, seen_version=p.version, decree_number="800/1/UKPBJ/2026", decree_date=today,
            members=members)),
        ("reviewed", lambda p: stages.package_complete_review(package=p, by=pokja, seen_version=p.version)),
        ("methods", lambda p: stages.package_decide_methods(
            package=p, by=pokja, seen_version=p.version, selection_method="tender", qualification_method="post",
            evaluation_method="lowest_price", submission_method="one_file")),
        ("scheduled", lambda p: stages.package_set_schedule(
            package=p, by=pokja, seen_version=p.version, announcement_on=today, bid_deadline_on=today,
            result_on=today, contract_on=today)),
        ("selection", lambda p: stages.package_start_selection(
            package=p, by=pokja, seen_version=p.version, announced_on=today)),
        ("result", lambda p: stages.package_record_selection_result(
            package=p, by=pokja, seen_version=p.version, on=today, value=Decimal("480000000"))),
        ("sppbj", lambda p: stages.package_record_sppbj(
            package=p, by=ppk, seen_version=p.version, on=today, reference="SPPBJ-1", value=Decimal("480000000"))),
        ("contract", lambda p: stages.package_record_contract(
            package=p, by=ppk, seen_version=p.version, on=today, value=Decimal("475000000"))),
        ("handed_over", lambda p: stages.package_record_handover(package=p, by=ppk, seen_version=p.version, on=today)),
    ]  # fmt: skip
    for name, step in steps:
        if step is not None:
            step(package)
            package.refresh_from_db()
        if name == until:
            return package
    raise ValueError(until)


def _documents_then(package, ppk):
    from sopan.procurement import stages
    from sopan.procurement.models import PreparationDocument

    for kind in PreparationDocument.Kind.values:
        package = stages.package_record_preparation_document(
            package=package, kind=kind, by=ppk, seen_version=package.version
        )
    return stages.package_submit_preparation(package=package, by=ppk, seen_version=package.version)
