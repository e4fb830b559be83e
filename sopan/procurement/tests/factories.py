"""Test data for the procurement context: the people, and SiRUP exports built in the test (XLSX, CSV, JSON)."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from sopan.accounts import demo
from sopan.procurement.models import Kind, Method, Package

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
