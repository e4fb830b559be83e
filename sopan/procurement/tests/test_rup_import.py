"""The SiRUP import: XLSX, CSV and JSON with SiRUP's column names, the preview, per-row errors in Indonesian, one
transaction, idempotence by kd_rup, the permission and the other organisation."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from sopan.core.models import AuditEvent
from sopan.procurement.models import Kind, Method, Package
from sopan.procurement.services import rup_import
from sopan.procurement.tests.factories import (
    OPEN_DATA_HEADERS,
    ROWS,
    csv_upload,
    json_upload,
    make_package,
    person,
    xlsx_upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def jabfung(organization):
    return person(organization, "jabfung.ppbj")


@pytest.fixture(autouse=True)
def indonesian():
    with translation.override("id"):
        yield


def _row(**changes):
    row = dict(zip(OPEN_DATA_HEADERS, ROWS[0], strict=True))
    row.update(changes)
    return tuple(row[h] for h in OPEN_DATA_HEADERS)


@pytest.mark.parametrize(
    "upload",
    [
        lambda: csv_upload(),
        lambda: csv_upload(delimiter=";", bom=True),
        lambda: json_upload(),
        lambda: xlsx_upload(title="RUP PAKET PENYEDIA TA 2026"),
    ],
    ids=["csv", "csv-semicolon-bom", "json", "xlsx-below-a-title"],
)
def test_jabfung_imports_every_format(organization, jabfung, upload):
    result = rup_import(organization=organization, upload=upload(), by=jabfung, commit=True)
    assert result.ok and result.committed
    assert sorted(result.created) == ["51234001", "51234002", "51234003"]
    package = Package.objects.get(organization=organization, kd_rup="51234001")
    assert package.agency.code == "DPUPR"
    assert (package.kind, package.method, package.pagu) == (Kind.CONSTRUCTION, Method.DIRECT_PROCUREMENT, 350000000)
    assert package.is_domestic and package.is_small_business
    assert str(package.planned_selection_on) == "2026-02-02"
    consultancy = Package.objects.get(organization=organization, kd_rup="51234003")
    assert consultancy.agency.code == "DPUPR"  # matched by code as well as by name
    assert consultancy.kind == Kind.CONSULTANCY
    assert not Package.objects.get(kd_rup="51234002").is_small_business
    assert AuditEvent.objects.filter(action="procurement.package.imported").count() == 3
    assert AuditEvent.objects.filter(action="procurement.rup.imported").count() == 1


def test_preview_writes_nothing(organization, jabfung):
    result = rup_import(organization=organization, upload=csv_upload(), by=jabfung, commit=False)
    assert len(result.created) == 3 and not result.committed
    assert not Package.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="procurement.").exists()


def test_a_second_import_of_the_same_file_changes_nothing(organization, jabfung):
    rup_import(organization=organization, upload=csv_upload(), by=jabfung, commit=True)
    events = AuditEvent.objects.count()
    result = rup_import(organization=organization, upload=xlsx_upload(), by=jabfung, commit=True)
    assert (result.created, result.updated) == ([], [])
    assert sorted(result.unchanged) == ["51234001", "51234002", "51234003"]
    assert set(Package.objects.values_list("version", flat=True)) == {1}
    assert AuditEvent.objects.count() == events + 1  # only the import itself


def test_a_changed_pagu_updates_the_package_and_raises_its_version(organization, jabfung):
    rup_import(organization=organization, upload=csv_upload(), by=jabfung, commit=True)
    package = Package.objects.get(kd_rup="51234001")
    package.status = Package.Status.SELECTION
    package.save()
    preview = rup_import(
        organization=organization, upload=csv_upload([_row(pagu="375000000")]), by=jabfung, commit=False
    )
    assert preview.updated == ["51234001"]
    assert Package.objects.get(kd_rup="51234001").pagu == Decimal("350000000")
    rup_import(organization=organization, upload=csv_upload([_row(pagu="375000000")]), by=jabfung, commit=True)
    package.refresh_from_db()
    assert (package.pagu, package.version) == (Decimal("375000000"), 2)
    assert package.status == Package.Status.SELECTION  # the import never moves a package's stage
    event = AuditEvent.objects.get(action="procurement.package.updated_from_rup")
    assert event.changes == {"pagu": ["350000000.00", "375000000.00"]}


def _errors(organization, by, upload) -> list[str]:
    result = rup_import(organization=organization, upload=upload, by=by, commit=True)
    assert not result.committed
    assert not Package.objects.exists(), "nothing is half-imported"
    return [str(error) for error in result.errors]


def test_duplicate_kd_rup_in_the_file_names_both_rows(organization, jabfung):
    errors = _errors(organization, jabfung, csv_upload([ROWS[0], ROWS[1], _row(nama_paket="Lagi")]))
    assert errors == ["Baris 4, kolom kd_rup: Kode RUP 51234001 sudah ada di baris 2."]


@pytest.mark.parametrize(
    ("pagu", "message"),
    [
        ("-5000", "Pagu tidak boleh negatif (-5000)."),
        ("lima juta", "“lima juta” bukan angka."),
        ("", "Nilai kosong."),
    ],
)
def test_a_pagu_negative_or_not_a_number_is_refused(organization, jabfung, pagu, message):
    errors = _errors(organization, jabfung, csv_upload([ROWS[1], _row(pagu=pagu)]))
    assert errors == [f"Baris 3, kolom pagu: {message}"]


def test_indonesian_thousands_separators_are_read(organization, jabfung):
    result = rup_import(
        organization=organization, upload=csv_upload([_row(pagu="Rp350.000.000,00")]), by=jabfung, commit=True
    )
    assert result.ok
    assert Package.objects.get().pagu == Decimal("350000000")


def test_an_unknown_agency_is_refused(organization, jabfung):
    errors = _errors(organization, jabfung, csv_upload([_row(nama_satker="Dinas Pariwisata")]))
    assert errors == ["Baris 2, kolom nama_satker: Perangkat daerah “Dinas Pariwisata” bukan OPD organisasi ini."]


def test_unknown_method_and_kind_are_refused(organization, jabfung):
    errors = _errors(organization, jabfung, csv_upload([_row(metode_pengadaan="Lelang Umum", jenis_pengadaan="Sewa")]))
    assert errors == [
        "Baris 2, kolom metode_pengadaan: “Lelang Umum” bukan metode yang dikenal.",
        "Baris 2, kolom jenis_pengadaan: “Sewa” bukan jenis pengadaan yang dikenal.",
    ]


def test_missing_columns_are_a_file_error(organization, jabfung):
    headers = tuple(h for h in OPEN_DATA_HEADERS if h not in ("pagu", "metode_pengadaan"))
    rows = [tuple(v for h, v in zip(OPEN_DATA_HEADERS, ROWS[0], strict=True) if h in headers)]
    with pytest.raises(ValidationError) as caught:
        rup_import(organization=organization, upload=csv_upload(rows, headers), by=jabfung, commit=True)
    assert caught.value.message_dict["file"] == [
        "Kolom wajib tidak ada: pagu, metode_pengadaan. Berkas harus memakai nama kolom SiRUP."
    ]


def test_a_file_without_a_kd_rup_header_is_refused(organization, jabfung):
    upload = SimpleUploadedFile("rup.csv", b"nama,nilai\nPaket,1000\n")
    with pytest.raises(ValidationError) as caught:
        rup_import(organization=organization, upload=upload, by=jabfung, commit=False)
    assert "kd_rup" in caught.value.message_dict["file"][0]


def test_a_pdf_named_csv_is_refused_by_content(organization, jabfung):
    upload = SimpleUploadedFile("rup.csv", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF")
    with pytest.raises(ValidationError):
        rup_import(organization=organization, upload=upload, by=jabfung, commit=False)
    assert not Package.objects.exists()


def test_a_method_above_the_value_limit_is_a_warning_that_names_its_source(organization, jabfung):
    row = _row(jenis_pengadaan="Barang", pagu="250000000")
    result = rup_import(organization=organization, upload=csv_upload([row]), by=jabfung, commit=True)
    assert result.committed and result.created == ["51234001"]
    [warning] = result.warnings
    assert warning.column == "metode_pengadaan"
    assert "Rp200.000.000" in warning.message and "Pasal 38 ayat (3)" in warning.message


def test_a_person_without_the_capability_is_refused_before_the_file_is_read(organization):
    ppk = person(organization, "ppk")
    with pytest.raises(PermissionDenied):
        rup_import(organization=organization, upload=csv_upload(), by=ppk, commit=False)


def test_kepala_ukpbj_of_another_organisation_is_refused(organization, other_organization):
    head = person(organization, "kepala.ukpbj")
    with pytest.raises(PermissionDenied):
        rup_import(organization=other_organization, upload=csv_upload(), by=head, commit=True)


def test_the_other_organisations_package_with_the_same_kd_rup_is_never_touched(
    organization, other_organization, jabfung
):
    from sopan.accounts.models import OrgUnit

    OrgUnit.objects.create(organization=other_organization, code="DPUPR", name="DPUPR Batang", kind="agency")
    theirs = make_package(other_organization, kd_rup="51234001", pagu=Decimal("1"))
    result = rup_import(organization=organization, upload=csv_upload(), by=jabfung, commit=True)
    assert "51234001" in result.created
    theirs.refresh_from_db()
    assert (theirs.pagu, theirs.version, theirs.name) == (Decimal("1.00"), 1, "Paket uji")


def test_kepala_ukpbj_may_import_as_well(organization):
    head = person(organization, "kepala.ukpbj")
    result = rup_import(organization=organization, upload=json_upload(), by=head, commit=True)
    assert result.committed and len(result.created) == 3


def test_a_package_planned_before_perpres_46_2025_is_judged_by_the_old_construction_limit(organization, jabfung):
    before = rup_import(
        organization=organization, upload=csv_upload([_row(tgl_awal_pemilihan="2025-01-15")]), by=jabfung, commit=False
    )
    [warning] = before.warnings
    assert "Rp200.000.000" in warning.message and "12/2021" in warning.message
    after = rup_import(organization=organization, upload=csv_upload([_row()]), by=jabfung, commit=False)
    assert after.warnings == []  # 2 February 2026: Rp350.000.000 is under the Rp400.000.000 of Perpres 46/2025


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("tahun_anggaran", "dua ribu", "“dua ribu” bukan tahun anggaran."),
        ("status_pdn", "mungkin", "“mungkin” bukan ya atau tidak."),
        ("tgl_awal_pemilihan", "31/02/2026", "“31/02/2026” bukan tanggal (gunakan TTTT-BB-HH atau HH/BB/TTTT)."),
        ("kd_rup", "RUP 1/2026", "“RUP 1/2026” bukan kode RUP (angka, paling panjang 30 karakter)."),
    ],
)
def test_other_bad_cells_name_their_row_and_column(organization, jabfung, column, value, message):
    errors = _errors(organization, jabfung, csv_upload([_row(**{column: value})]))
    assert errors == [f"Baris 2, kolom {column}: {message}"]


def test_a_json_file_that_is_not_a_list_of_objects_is_refused(organization, jabfung):
    upload = SimpleUploadedFile("rup.json", b'{"kd_rup": "1"}')
    with pytest.raises(ValidationError) as caught:
        rup_import(organization=organization, upload=upload, by=jabfung, commit=False)
    assert caught.value.message_dict["file"] == ["Ekspor JSON harus berupa daftar objek, satu per paket."]
