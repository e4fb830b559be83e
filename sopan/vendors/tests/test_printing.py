"""The printable registration forms and the file receipt: real PDFs, prefilled, in Indonesian."""

from __future__ import annotations

import io
import re
import zoneinfo

import pytest
from django.utils import timezone, translation
from pypdf import PdfReader

from sopan.accounts.models import OrgUnit
from sopan.core.documents import office
from sopan.vendors.registration import printing, services
from sopan.vendors.registration.services.common import link_token_hash
from sopan.vendors.tests import factories

pytestmark = pytest.mark.django_db

HEADINGS = {
    "formulir-pendaftaran": "FORMULIR PENDAFTARAN PENYEDIA",
    "formulir-keikutsertaan": "FORMULIR KEIKUTSERTAAN",
    "surat-penunjukan-admin": "SURAT PENUNJUKAN ADMIN",
    "surat-kuasa": "SURAT KUASA",
}


def pdf_text(content: bytes) -> str:
    """The PDF's text with runs of white space made single spaces (line breaks fall anywhere)."""
    assert content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(content))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


@pytest.fixture
def registration(registration_setup):
    return factories.submitted_registration(registration_setup)


def non_vendor_registration(organization):
    unit = OrgUnit.objects.get(organization=organization, code="DPUPR")
    email = "ppk.dpupr@salatiga.go.id"
    services.signup_request(organization=organization, email=email, applicant_kind="non_vendor")
    from sopan.vendors.models import EmailConfirmation

    confirmation = EmailConfirmation.objects.filter(email=email).latest("created_at")
    confirmation.token_hash = link_token_hash("token-ppk")
    confirmation.save(update_fields=["token_hash"])
    return services.registration_submit(
        token="token-ppk",
        company=None,
        person=factories.person_data(
            name="Sri Wahyuni", position="Kepala Seksi", role="commitment_officer", unit=unit, letter_number="SK 027/12"
        ),
        username="ppk.dpupr",
        password="Rahasia-Sekali-2026",
    )


def test_format_npwp_writes_15_digits_the_printed_way_and_leaves_others():
    assert printing.format_npwp("012345678505000") == "01.234.567.8-505.000"
    assert printing.format_npwp("0012345678505000") == "0012345678505000"
    assert printing.format_npwp("") == ""


def test_vendor_prints_the_four_forms_and_a_non_vendor_only_the_registration_form(registration):
    assert [spec.code for spec in printing.forms_for(registration)] == list(HEADINGS)

    other = non_vendor_registration(registration.organization)

    assert [spec.code for spec in printing.forms_for(other)] == ["formulir-pendaftaran"]


# Each form of the submitted registration is rendered once (a PDF render is the expensive part) and everything the
# tests say of it is checked on that one print: what every form shows, then what the form itself shows.
@pytest.mark.parametrize("code", list(HEADINGS))
def test_each_vendor_form_is_a_prefilled_pdf_in_indonesian(registration, code):
    company = registration.company

    with translation.override("en"):  # the UI language does not change the official text
        text = pdf_text(printing.render_form(code, registration))

    assert HEADINGS[code] in text
    assert company.name in text
    assert printing.format_npwp(company.npwp) in text
    assert re.fullmatch(r"\d{2}\.\d{3}\.\d{3}\.\d-\d{3}\.\d{3}", printing.format_npwp(company.npwp))
    assert registration.number in text
    assert "Dicetak dari Sopan" in text and "Halaman 1 dari" in text
    FORM_CHECKS[code](registration, text)


def _registration_form_holds_the_company_and_admin_data(registration, text):
    company = registration.company

    assert "Kepada Yth." in text and "Kepala LPSE Kota Salatiga" in text
    assert "PEMERINTAH KOTA SALATIGA" in text  # the organisation's letterhead
    for value in (company.nib, "41011, 43211", "Jawa Tengah", company.regency, company.postal_code, company.email):
        assert value in text
    assert company.admin_name in text and company.admin_nik in text  # the vendor's own form: NIK in full
    assert registration.user.username in text
    assert "Persekutuan Komanditer (CV)" in text


def _participation_form_has_the_undertakings_and_a_stamp_box(registration, text):
    assert "Materai 10.000" in text
    assert "Syarat dan Ketentuan Penggunaan SPSE" in text
    assert "kerahasiaan kata sandi" in text
    assert registration.user.username in text


def _director_who_is_the_admin_states_it_himself(registration, text):
    # The factory's admin is the Direktur: the seed's step 4 asks for a statement instead of an appointment.
    assert "saya sendiri bertindak sebagai Admin Penyedia" in text
    assert "Materai 10.000" in text


def test_appointment_names_the_admin_when_the_admin_is_not_the_leader(registration_setup):
    registration = factories.submitted_registration(registration_setup)
    registration.company.admin_position = "Staf Administrasi"
    registration.company.save(update_fields=["admin_position"])

    text = pdf_text(printing.render_form("surat-penunjukan-admin", registration))

    assert "dengan ini menunjuk" in text and registration.company.admin_name in text
    assert "Pimpinan Perusahaan" in text


def _power_of_attorney_leaves_the_authorised_person_blank(registration, text):
    assert "Penerima Kuasa" in text and "....." in text
    assert "Budi Santoso" not in text


def test_power_of_attorney_names_the_authorised_person_once_someone_brought_the_file(registration):
    # (blank before: _power_of_attorney_leaves_the_authorised_person_blank, on the print of the parametrised test)
    registration.brought_by = "Budi Santoso"
    text = pdf_text(printing.render_form("surat-kuasa", registration))

    assert "Budi Santoso" in text


def test_non_vendor_registration_form_shows_agency_role_and_letter(registration_setup):
    registration = non_vendor_registration(registration_setup)

    text = pdf_text(printing.render_form("formulir-pendaftaran", registration))

    assert "FORMULIR PENDAFTARAN PENGGUNA SPSE" in text
    assert "Sri Wahyuni" in text and "Dinas Pekerjaan Umum dan Penataan Ruang" in text
    assert "Pejabat Pembuat Komitmen (PPK)" in text and "SK 027/12" in text
    assert registration.number in text


def test_unknown_form_or_one_the_applicant_does_not_print_raises_key_error(registration):
    with pytest.raises(KeyError):
        printing.render_form("surat-sakti", registration)

    other = non_vendor_registration(registration.organization)
    with pytest.raises(KeyError):
        printing.render_form("surat-kuasa", other)


def test_receipt_lists_the_documents_the_bringer_and_the_receiver(registration_setup, registration_officer):
    registration = factories.received_registration(registration_setup, registration_officer)
    documents = list(registration.documents.filter(is_current=True))
    assert documents

    text = pdf_text(printing.receipt_pdf(registration))
    compact = text.replace(" ", "")  # a long file name may wrap inside its cell

    assert "FORMULIR TANDA TERIMA BERKAS" in text
    assert f"TT-{registration.number}" in text
    assert "Slamet Riyadi" in text  # who brought it
    assert registration_officer.full_name in text
    for document in documents:
        assert document.name in compact
        assert document.sha256[: printing.SHORT_HASH] in text
    assert registration.organization.zone_abbreviation in text


def test_receipt_before_the_file_is_received_is_refused(registration):
    with pytest.raises(ValueError):
        printing.receipt_pdf(registration)


def test_archive_holds_every_form_and_the_receipt_once_received(registration_setup, registration_officer):
    submitted = factories.submitted_registration(registration_setup)
    assert [name for _label, name, _pdf in printing.archive_forms(submitted)] == [
        f"{code}-{submitted.number}.pdf" for code in HEADINGS
    ]

    registration = factories.received_registration(registration_setup, registration_officer)
    archived = printing.archive_forms(registration)

    assert [label for label, _name, _pdf in archived] == [
        "Formulir Pendaftaran",
        "Formulir Keikutsertaan",
        "Surat Penunjukan Admin",
        "Surat Kuasa",
        "Formulir Tanda Terima Berkas",
    ]
    assert archived[-1][1] == f"tanda-terima-berkas-{registration.number}.pdf"
    assert all(content.startswith(b"%PDF") for _label, _name, content in archived)


# --- the office's identity: kop surat and signature blocks (issue 14 §2) -----------------------------------------
def _kop_lines(organization) -> list[str]:
    return [
        "PEMERINTAH KOTA SALATIGA",
        "LAYANAN PENGADAAN SECARA ELEKTRONIK (LPSE)",
        organization.address,
        f"Telepon {organization.phone}",
        f"Pos-el {organization.email}",
        "Laman " + organization.website.removeprefix("https://"),
    ]


def test_receipt_has_the_offices_kop_and_both_signers_side_by_side(registration_setup, registration_officer):
    """Formulir Tanda Terima Berkas (SOP Rekrutmen dan Registrasi Penyedia, steps 7–11): the LPSE's own form."""
    registration = factories.received_registration(registration_setup, registration_officer)
    organization = registration.organization
    received = timezone.localtime(registration.received_at, zoneinfo.ZoneInfo(organization.timezone))

    text = pdf_text(printing.receipt_pdf(registration))

    for line in _kop_lines(organization):
        assert line in text
    assert "Yang menyerahkan," in text and "Yang menerima," in text
    assert f"Salatiga, {office.indonesian_date(received)}" in text  # place and date of the receipt
    assert "Petugas Registrasi LPSE Kota Salatiga" in text  # the receiver's position
    assert registration_officer.full_name in text
    # The receiver's NIP, in the data and under the signature; the person who brought the file has none.
    assert text.count("NIP 19850714 200903 1 005") == 2 and text.count("NIP ") == 2


# The Formulir Pendaftaran is the LPSE's form (its kop); the Surat Kuasa is the company's letter (the company's kop,
# never the office's), signed by the leader without a NIP.
def _office_form_prints_the_office_kop(registration, office_form):
    for line in _kop_lines(registration.organization):
        assert line in office_form


def _company_letter_prints_its_own_kop(registration, letter):
    organization = registration.organization
    assert organization.phone not in letter and "PEMERINTAH KOTA SALATIGA" not in letter
    assert registration.company.name.upper() in letter
    place = office.town_of(registration.company.regency)
    assert f"{place}, {office.indonesian_date(timezone.localdate())}" in letter
    assert "Pemberi Kuasa," in letter and registration.company.admin_name in letter
    assert "NIP" not in letter


def test_non_vendor_form_is_dated_at_the_office_and_leaves_the_superiors_nip_to_fill_in(registration_setup):
    registration = non_vendor_registration(registration_setup)
    registration.organization.place = "Salatiga"

    text = pdf_text(printing.render_form("formulir-pendaftaran", registration))

    assert f"Salatiga, {office.indonesian_date(timezone.localdate())}" in text
    assert "Mengetahui," in text and "Atasan langsung / pejabat yang menugaskan" in text
    assert "NIP ....." in text and "Sri Wahyuni" in text


FORM_CHECKS = {
    "formulir-pendaftaran": lambda registration, text: (
        _registration_form_holds_the_company_and_admin_data(registration, text),
        _office_form_prints_the_office_kop(registration, text),
    ),
    "formulir-keikutsertaan": _participation_form_has_the_undertakings_and_a_stamp_box,
    "surat-penunjukan-admin": _director_who_is_the_admin_states_it_himself,
    "surat-kuasa": lambda registration, text: (
        _power_of_attorney_leaves_the_authorised_person_blank(registration, text),
        _company_letter_prints_its_own_kop(registration, text),
    ),
}
