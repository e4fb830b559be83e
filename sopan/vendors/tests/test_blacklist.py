"""The blacklist register (Daftar Hitam): importing the national list as CSV or XLSX, refusing wrong files and wrong
rows as a whole, replacing the register, and the register's screens."""

from __future__ import annotations

import datetime
import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from sopan.core.models import AuditEvent
from sopan.core.testing import login
from sopan.vendors import policies
from sopan.vendors.blacklist import limits as blacklist_limits
from sopan.vendors.blacklist import rows as blacklist_rows
from sopan.vendors.blacklist import services
from sopan.vendors.models import BlacklistEntry, BlacklistImport
from sopan.vendors.tests import factories

MAX_QUERIES = 12  # session, user, 2FA device, organisation, roles, permissions (2), session save: 10; ours: 2
HEADER_ID = "Nama Penyedia;NPWP;NIB;No. SK;Jenis Pelanggaran;Tanggal Mulai;Tanggal Berakhir"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def csv_upload(text: str, name: str = "daftar-hitam.csv", encoding: str = "utf-8") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def xlsx_bytes(rows: list[list], *, title_rows: int = 0, sheets: int = 1) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for extra in range(sheets - 1):  # sheets without a register before the one with it
        workbook.active.title = f"Catatan {extra}"
        workbook.active.append(["Catatan impor"])
        sheet = workbook.create_sheet("Daftar Hitam")
    for _ in range(title_rows):
        sheet.append(["DAFTAR HITAM NASIONAL"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_upload(rows: list[list], name: str = "daftar-hitam.xlsx", **options) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, xlsx_bytes(rows, **options), content_type="application/octet-stream")


def import_csv(organization, by, *lines: str, header: str = HEADER_ID) -> BlacklistImport:
    return services.blacklist_import(
        organization=organization, uploaded=csv_upload("\n".join([header, *lines]) + "\n"), by=by
    )


def refusal(organization, by, uploaded) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        services.blacklist_import(organization=organization, uploaded=uploaded, by=by)
    return caught.value.messages


# --- reading the list --------------------------------------------------------------------------------------------
def test_verifier_imports_a_csv_with_indonesian_headers_and_the_entries_are_normalised(organization, verifier):
    source = import_csv(
        organization,
        verifier,
        "CV Maju Jaya;01.234.567.8-901.000;9120-0012-34567;SK 12/LKPP/2026;Wanprestasi;25/11/2026;24 November 2028",
        "PT Sentosa;0012345678901001;;;;2026-01-05;",
        "UD Abadi;;9120001234568;KEP-7;Dokumen palsu;1-2-2025;31.12.2025",
    )
    assert source.rows == 3 and source.file_name == "daftar-hitam.csv" and len(source.sha256) == 64
    entries = {e.name: e for e in BlacklistEntry.objects.filter(organization=organization)}
    maju = entries["CV Maju Jaya"]
    assert (maju.npwp, maju.nib, maju.sk_number, maju.violation) == (
        "012345678901000",
        "9120001234567",
        "SK 12/LKPP/2026",
        "Wanprestasi",
    )
    assert (maju.starts_on, maju.ends_on) == (datetime.date(2026, 11, 25), datetime.date(2028, 11, 24))
    assert entries["PT Sentosa"].npwp == "0012345678901001" and entries["PT Sentosa"].ends_on is None
    assert entries["UD Abadi"].npwp == "" and entries["UD Abadi"].starts_on == datetime.date(2025, 2, 1)
    assert all(e.source_id == source.pk for e in entries.values())
    event = AuditEvent.objects.get(action="vendors.blacklist.imported")
    assert event.actor == verifier and event.changes["rows"] == 3 and event.changes["replaced"] == 0


def test_english_headers_comma_separated_with_a_bom_and_a_period_column(organization, lpse_head):
    text = (
        "\ufeffVendor Name,Tax ID,NIB,SK Number,Violation,Period\n"
        '"PT Karya, Tbk",01.234.567.8-901.000,,SK-1,"Late delivery",25-11-2026 s.d. 24-11-2027\n'
        "CV Dua,012345678901002,,SK-2,Fraud,2026-01-01 - 2026-12-31\n"
    )
    source = services.blacklist_import(organization=organization, uploaded=csv_upload(text), by=lpse_head)
    karya = BlacklistEntry.objects.get(source=source, name="PT Karya, Tbk")
    assert karya.violation == "Late delivery"
    assert (karya.starts_on, karya.ends_on) == (datetime.date(2026, 11, 25), datetime.date(2027, 11, 24))
    dua = BlacklistEntry.objects.get(source=source, name="CV Dua")
    assert (dua.starts_on, dua.ends_on) == (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))


def test_a_windows_1252_csv_from_excel_is_read(organization, verifier):
    text = f"{HEADER_ID}\nCV Sumber Rejeki – Café;012345678901000;;;Pengaduan “palsu”;;\n"
    source = services.blacklist_import(
        organization=organization, uploaded=csv_upload(text, encoding="cp1252"), by=verifier
    )
    entry = source.entries.get()
    assert entry.name == "CV Sumber Rejeki – Café" and entry.violation == "Pengaduan “palsu”"


def test_xlsx_with_a_title_real_dates_and_numbers_that_lost_their_leading_zero(organization, verifier):
    rows = [
        ["No", "NAMA PENYEDIA", "npwp", "NIB", "Nomor SK", "Pelanggaran", "Mulai Berlaku", "Akhir Berlaku"],
        [1, "CV Excel", 12345678901000, 912000123456, "SK 1", "Wanprestasi", datetime.datetime(2026, 3, 1), 46387],
        [2, "PT Teks", "01.234.567.8-901.001", "9120001234567", None, None, "1 Agustus 2026", "31 Des 2027"],
    ]
    source = services.blacklist_import(
        organization=organization, uploaded=xlsx_upload(rows, title_rows=2, sheets=2), by=verifier
    )
    excel = source.entries.get(name="CV Excel")
    assert excel.npwp == "012345678901000" and excel.nib == "0912000123456"
    assert excel.starts_on == datetime.date(2026, 3, 1) and excel.ends_on == datetime.date(2026, 12, 31)
    teks = source.entries.get(name="PT Teks")
    assert (teks.starts_on, teks.ends_on) == (datetime.date(2026, 8, 1), datetime.date(2027, 12, 31))


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("25/11/2026", datetime.date(2026, 11, 25)),
        ("25-11-2026", datetime.date(2026, 11, 25)),
        ("2026-11-25", datetime.date(2026, 11, 25)),
        ("2026-11-25 00:00:00", datetime.date(2026, 11, 25)),
        ("25 November 2026", datetime.date(2026, 11, 25)),
        ("Rabu, 25 november 2026", datetime.date(2026, 11, 25)),
        ("5 Mei 2026", datetime.date(2026, 5, 5)),
        ("17 Agt. 2026", datetime.date(2026, 8, 17)),
        ("1 Oktober 2026", datetime.date(2026, 10, 1)),
        (datetime.date(2026, 1, 2), datetime.date(2026, 1, 2)),
        (46082, datetime.date(2026, 3, 1)),
    ],
)
def test_date_notations(typed, expected):
    problems = []
    assert blacklist_rows._date(typed, "starts_on", problems.append) == expected
    assert problems == []


# --- refusing the whole file -------------------------------------------------------------------------------------
def test_one_wrong_row_refuses_the_whole_file_with_every_row_named_and_keeps_the_register(organization, verifier):
    import_csv(organization, verifier, "CV Lama;012345678901000;;;;;")
    messages = refusal(
        organization,
        verifier,
        csv_upload(
            "\n".join(
                [
                    HEADER_ID,
                    "CV Baik;012345678901001;;;;01-01-2026;31-12-2026",
                    "CV Tanggal;012345678901002;;;;01-01-2026;31-02-2026",
                    ";012345678901003;;;;;",
                    "CV Pendek;0123456;12345;;;;",
                    "CV Mundur;012345678901004;;;;01-06-2026;01-01-2026",
                    "CV Kata;012345678901005;;;;besok;",
                    "CV Ilmiah;1.23457E+14;;;;;",
                ]
            )
        ),
    )
    assert messages == [
        "Row 3: the end date 31-02-2026 is not a real date.",
        "Row 4: the vendor's name is missing.",
        "Row 5: the NPWP 0123456 must have 15 or 16 digits; it has 7.",
        "Row 5: the NIB 12345 must have 13 digits; it has 5.",
        "Row 6: the end date 01/01/2026 is before the start date 01/06/2026.",
        "Row 7: the start date “besok” is not a date: write it as 25/11/2026, 2026-11-25 or 25 November 2026.",
        "Row 8: the NPWP 1.23457E+14 is written as a number in scientific notation and has lost digits: format the "
        "column as text and export the file again.",
    ]
    assert list(BlacklistEntry.objects.values_list("name", flat=True)) == ["CV Lama"]
    assert BlacklistImport.objects.count() == 1


def test_a_digit_string_missing_its_leading_zero_is_explained(organization, verifier):
    messages = refusal(organization, verifier, csv_upload(f"{HEADER_ID}\nCV Nol;12345678901000;;;;;\n"))
    assert messages == [
        "Row 2: the NPWP 12345678901000 must have 15 or 16 digits; it has 14. Its leading 0 was probably lost in a "
        "column formatted as numbers: format it as text."
    ]


def test_too_many_row_errors_are_cut_short(organization, verifier):
    lines = [f"CV {n};123;;;;;" for n in range(80)]
    messages = refusal(organization, verifier, csv_upload("\n".join([HEADER_ID, *lines])))
    assert len(messages) == blacklist_limits.MAX_REPORTED_ERRORS + 1
    assert messages[-1] == "… and 30 more problems. Nothing was imported."


def test_a_file_without_a_recognisable_header_says_what_it_found(organization, verifier):
    messages = refusal(organization, verifier, csv_upload("Perusahaan,Nomor Pajak\nCV A,012345678901000\n"))
    assert messages == [
        "No header row found: one of the first 10 rows must name the columns, at least “Nama Penyedia” and "
        "“NPWP” or “NIB”. The first row with text reads: “Perusahaan”, “Nomor Pajak”."
    ]


def test_two_columns_read_as_the_same_field_are_refused(organization, verifier):
    messages = refusal(organization, verifier, csv_upload("Nama;NPWP;No NPWP\nCV A;012345678901000;x\n"))
    assert messages == ["Columns B, C are all read as “NPWP”: rename or remove all but one."]


def test_a_header_without_entries_is_refused(organization, verifier):
    assert refusal(organization, verifier, csv_upload(HEADER_ID + "\n;;;\n")) == [
        "The file has a header row but no entries below it."
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("daftar.csv", b"", "The file is empty."),
        (
            "daftar.csv",
            factories.pdf_bytes(),
            "This file is a PDF document, not a CSV file or an Excel workbook (XLSX).",
        ),
        ("daftar.csv", factories.png_bytes(), "This file is an image, not a CSV file or an Excel workbook (XLSX)."),
        (
            "daftar.xls",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000),
            "This is an Excel 97-2003 workbook (.xls) or a password-protected workbook. Save it in Excel as "
            "“Excel Workbook (.xlsx)” without a password, or as “CSV UTF-8”, and import that file.",
        ),
        (
            "daftar.csv",
            "Nama,NPWP\n".encode("utf-16"),
            "This text file is in UTF-16 (Excel's “Unicode Text”). Save it as “CSV UTF-8” and import that file.",
        ),
        ("daftar.xlsx", b"PK\x03\x04 broken", "The Excel workbook (XLSX) is damaged and cannot be opened."),
        ("../../etc/daftar.csv", b"Nama,NPWP\n", "The file name must not contain a folder path."),
        (
            "daftar.pdf",
            f"{HEADER_ID}\nCV A;012345678901000;;;;;\n".encode(),
            "The file is named .pdf but its content is text (CSV).",
        ),
        (
            "daftar.csv",
            b"\x81\x8d\x8f\x90 not text",
            "The file is not readable text (neither UTF-8 nor Windows-1252); save it as “CSV UTF-8”.",
        ),
    ],
    ids=["empty", "pdf", "image", "xls", "utf16", "broken-zip", "path", "misnamed-csv", "not-text"],
)
def test_files_that_are_not_a_list_are_refused_precisely(organization, verifier, name, content, message):
    uploaded = File(io.BytesIO(content), name=name)  # as a command or the API would pass it: the name unsanitised
    assert refusal(organization, verifier, uploaded) == [message]
    assert not BlacklistImport.objects.exists()


def test_an_xlsx_named_csv_is_refused(organization, verifier):
    uploaded = xlsx_upload([["Nama", "NPWP"], ["CV A", "012345678901000"]], name="daftar.csv")
    assert refusal(organization, verifier, uploaded) == [
        "The file is named .csv but its content is an Excel workbook (XLSX)."
    ]


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_zip_bomb_posing_as_a_workbook_is_not_opened(organization, verifier):
    bomb = _zip(
        {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>", "xl/sheet.xml": bytes(30 * 2**20)}
    )
    messages = refusal(organization, verifier, SimpleUploadedFile("daftar.xlsx", bomb))
    assert len(messages) == 1 and messages[0].startswith("The workbook would unpack to 30 MB from a file of ")
    assert "zip bomb" in messages[0]


def test_a_zip_that_is_not_a_workbook_is_refused(organization, verifier):
    archive = _zip({"daftar.csv": f"{HEADER_ID}\n".encode()})
    assert refusal(organization, verifier, SimpleUploadedFile("daftar.xlsx", archive)) == [
        "This file is a ZIP archive, not a CSV file or an Excel workbook (XLSX)."
    ]


def test_a_file_over_the_limit_is_refused_before_it_is_read(organization, verifier):
    uploaded = SimpleUploadedFile("daftar.csv", b"x" * (blacklist_limits.MAX_BYTES + 1))
    assert refusal(organization, verifier, uploaded) == ["The file is larger than the limit of 10 MB."]


# --- replacing the register --------------------------------------------------------------------------------------
def test_a_new_import_replaces_the_entries_and_keeps_the_history(organization, verifier, lpse_head):
    first = import_csv(organization, verifier, "CV Satu;012345678901000;;;;;", "CV Dua;012345678901001;;;;;")
    second = import_csv(organization, lpse_head, "CV Tiga;012345678901002;;;;;")
    assert list(BlacklistEntry.objects.values_list("name", "source")) == [("CV Tiga", second.pk)]
    assert list(BlacklistImport.objects.filter(organization=organization)) == [second, first]
    assert AuditEvent.objects.filter(action="vendors.blacklist.imported").latest("sequence").changes["replaced"] == 2


def test_another_organisations_register_is_untouched(organization, other_organization, verifier, outsider):
    import_csv(other_organization, outsider, "CV Batang;012345678901000;;;;;")
    import_csv(organization, verifier, "CV Salatiga;012345678901001;;;;;")
    assert BlacklistEntry.objects.get(organization=other_organization).name == "CV Batang"


@pytest.mark.parametrize("persona", ["vendor_admin", "ppk", "helpdesk_agent", "registration_officer", "outsider"])
def test_people_who_do_not_keep_the_register_cannot_import(organization, personas, persona):
    with pytest.raises(PermissionDenied):
        import_csv(organization, personas[persona], "CV A;012345678901000;;;;;")
    assert not BlacklistImport.objects.exists()


def test_who_may_keep_the_register(organization, personas):
    allowed = {name for name, user in personas.items() if user and policies.can_import_blacklist(user, organization)}
    assert allowed == {"verifier", "lpse_head", "ukpbj_head", "system_admin"}


# --- the screens -------------------------------------------------------------------------------------------------
@pytest.fixture
def english_verifier(verifier):
    verifier.language = "en"
    verifier.save(update_fields=["language"])
    return verifier


def test_the_register_page_searches_and_marks_entries_in_force(client, organization, english_verifier):
    today = timezone.localdate()
    old, soon = today - datetime.timedelta(days=400), today + datetime.timedelta(days=30)
    import_csv(
        organization,
        english_verifier,
        f"CV Aktif;01.234.567.8-901.000;;SK-1;Wanprestasi;{today - datetime.timedelta(days=1):%d/%m/%Y};",
        f"CV Lewat;012345678901001;;SK-2;Palsu;{old:%d/%m/%Y};{old + datetime.timedelta(days=30):%d/%m/%Y}",
        f"CV Nanti;012345678901002;9120001234567;SK-3;Palsu;{soon:%d/%m/%Y};",
    )
    login(client, english_verifier)
    url = reverse("vendors:blacklist-list")
    page = client.get(url).content.decode()
    assert "CV Aktif" in page and "CV Lewat" in page and "CV Nanti" in page and "daftar-hitam.csv" in page
    assert page.count("text-bg-danger") == 1 and page.count("text-bg-secondary") == 1
    by_npwp = client.get(url, {"q": "01.234.567.8-901.000"}).content.decode()
    assert "CV Aktif" in by_npwp and "CV Lewat" not in by_npwp
    by_nib = client.get(url, {"q": "9120001234567"}).content.decode()
    assert "CV Nanti" in by_nib and "CV Aktif" not in by_nib
    expired = client.get(url, {"state": "expired"}).content.decode()
    assert "CV Lewat" in expired and "CV Aktif" not in expired


def test_the_register_page_pages_with_a_constant_number_of_queries(
    client, organization, english_verifier, django_assert_max_num_queries
):
    lines = [f"CV {n:03d};01{n:07d}505000;;;;;" for n in range(60)]
    import_csv(organization, english_verifier, *lines)
    login(client, english_verifier)
    url = reverse("vendors:blacklist-list")
    with django_assert_max_num_queries(MAX_QUERIES):
        first = client.get(url)
    assert first.context["page"].has_next and len(first.context["page"].items) == 50
    with django_assert_max_num_queries(MAX_QUERIES):
        second = client.get(url, {"cursor": first.context["page"].next_cursor})
    assert [e.name for e in second.context["page"].items] == [f"CV {n:03d}" for n in range(50, 60)]


def test_import_through_the_page(client, organization, english_verifier):
    login(client, english_verifier)
    url = reverse("vendors:blacklist-import")
    assert client.get(url).status_code == 200
    response = client.post(url, {"file": csv_upload(f"{HEADER_ID}\nCV Web;012345678901000;;;;;\n")})
    assert response.status_code == 302 and response["Location"] == reverse("vendors:blacklist-list")
    assert BlacklistEntry.objects.get().name == "CV Web"
    history = client.get(reverse("vendors:blacklist-history")).content.decode()
    assert "daftar-hitam.csv" in history and english_verifier.get_full_name() in history


def test_import_through_the_page_shows_the_row_errors(client, organization, english_verifier):
    login(client, english_verifier)
    response = client.post(
        reverse("vendors:blacklist-import"),
        {"file": csv_upload(f"{HEADER_ID}\nCV Web;012345678901000;;;;01-01-2026;31-02-2026\n")},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing was imported" in page and "Row 2: the end date 31-02-2026 is not a real date." in page
    assert not BlacklistEntry.objects.exists()


def test_a_wrong_file_is_shown_on_the_field(client, organization, english_verifier):
    login(client, english_verifier)
    response = client.post(
        reverse("vendors:blacklist-import"), {"file": SimpleUploadedFile("x.csv", factories.pdf_bytes())}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "This file is a PDF document, not a CSV file or an Excel workbook (XLSX)."
    ]


@pytest.mark.parametrize("name", ["vendors:blacklist-list", "vendors:blacklist-import", "vendors:blacklist-history"])
def test_other_staff_get_403_and_anonymous_users_log_in(client, personas, name):
    assert client.get(reverse(name)).status_code == 302
    login(client, personas["ppk"])
    assert client.get(reverse(name)).status_code == 403


def test_the_outsider_sees_only_their_own_register(client, organization, other_organization, verifier, outsider):
    import_csv(organization, verifier, "CV Salatiga;012345678901000;;;;;")
    login(client, outsider)
    response = client.get(reverse("vendors:blacklist-list"))
    assert response.status_code == 200 and "CV Salatiga" not in response.content.decode()
