"""The kop surat and signature blocks every printed document shares (sopan.core.documents.office and its templates)."""

from __future__ import annotations

import base64
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from PIL import Image

from sopan.accounts.models import Organization
from sopan.core.documents import office

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (30, 30), "green").save(buffer, "PNG")
    return buffer.getvalue()


class Person:
    def __init__(self, name: str, nip: str = ""):
        self.name, self.nip = name, nip

    def get_full_name(self) -> str:
        return self.name


# --- helpers ---------------------------------------------------------------------------------------------------
def test_nip_is_grouped_as_printed_and_anything_else_left_alone():
    assert office.format_nip("198005122005012003") == "19800512 200501 2 003"
    assert office.format_nip("12345") == "12345"
    assert office.format_nip("") == ""


@pytest.mark.parametrize(
    "region, town",
    [
        ("Pemerintah Kota Salatiga", "Salatiga"),
        ("Pemerintah Kabupaten Batang", "Batang"),
        ("Kota Pagar Alam", "Pagar Alam"),
        ("Kab. Semarang", "Semarang"),
        ("Pemerintah Provinsi Jawa Tengah", "Jawa Tengah"),
        ("Salatiga", "Salatiga"),
    ],
)
def test_the_town_of_a_region_drops_the_government_and_region_words(region, town):
    assert office.town_of(region) == town


def test_place_is_the_organisations_setting_else_the_town_in_its_name(organization):
    organization.place = "Salatiga Kota"
    assert office.place_of(organization) == "Salatiga Kota"
    organization.place = ""
    assert office.place_of(organization) == "Salatiga"


def test_place_and_date_are_written_the_indonesian_way_whatever_the_language(organization, settings):
    import datetime

    from django.utils import translation

    organization.place = "Salatiga"
    with translation.override("en"):
        assert office.place_and_date(organization, datetime.date(2026, 12, 6)) == "Salatiga, 6 Desember 2026"


# --- kop surat -------------------------------------------------------------------------------------------------
def test_a_document_is_written_in_indonesian_in_the_organisations_zone(organization):
    import datetime

    from django.utils import timezone, translation
    from django.utils.formats import date_format

    organization.timezone = "Asia/Jayapura"  # WIT, UTC+9
    instant = datetime.datetime(2026, 8, 17, 20, 30, tzinfo=datetime.UTC)
    with translation.override("en"), office.as_written(organization):
        assert translation.get_language() == "id"
        assert date_format(timezone.localtime(instant), "j F Y H.i") == "18 Agustus 2026 05.30"
    with translation.override("en"):
        with office.as_written(organization):
            pass
        assert translation.get_language() == "en"
        assert str(timezone.get_current_timezone()) != "Asia/Jayapura"


def test_kop_surat_holds_the_letterhead_unit_address_and_contacts(organization):
    kop = office.kop_surat(organization)

    assert kop.lines == ("PEMERINTAH KOTA SALATIGA", "SEKRETARIAT DAERAH", "BAGIAN PENGADAAN BARANG DAN JASA")
    assert kop.unit == "LAYANAN PENGADAAN SECARA ELEKTRONIK (LPSE)"
    assert kop.address == "Jl. Letjend Sukowati No. 51, Salatiga, Jawa Tengah 50724"  # the postal code once
    assert kop.contacts == (
        f"Telepon {organization.phone}",
        f"Pos-el {organization.email}",
        "Laman lpse.salatiga.demo.sopan.invalid",  # without the scheme, as offices print it
    )
    assert kop.logo == ""  # no logo uploaded


def test_a_unit_already_in_the_letterhead_is_not_printed_twice(organization):
    kop = office.kop_surat(organization, unit_kind="ukpbj")  # "Bagian Pengadaan Barang dan Jasa (UKPBJ)"

    assert kop.unit == ""


def test_an_organisation_without_letterhead_or_contacts_prints_its_name(db):
    bare = Organization.objects.create(name="Pemerintah Kabupaten Contoh", slug="contoh")

    kop = office.kop_surat(bare)

    assert kop.lines == ("PEMERINTAH KABUPATEN CONTOH",) and kop.unit == "" and kop.contacts == ()
    assert kop.address == ""


def test_the_logo_is_embedded_as_a_data_uri_read_from_storage(organization):
    content = _png()
    organization.logo.name = default_storage.save("organizations/logos/x/logo.png", ContentFile(content))

    kop = office.kop_surat(organization)

    assert kop.logo.startswith("data:image/png;base64,")
    assert base64.b64decode(kop.logo.split(",", 1)[1]) == content


def test_a_missing_or_foreign_logo_file_is_left_out_and_the_document_still_prints(organization):
    organization.logo.name = "organizations/logos/gone/logo.png"
    assert office.logo_data_uri(organization) == ""
    organization.logo.name = default_storage.save("organizations/logos/y/logo.png", ContentFile(b"<html>no</html>"))
    assert office.logo_data_uri(organization) == ""


def test_the_kop_template_prints_every_part_escaped_with_the_double_rule(organization):
    organization.letterhead = "PEMERINTAH KOTA <SALATIGA>"

    html = render_to_string("core/documents/_kop_surat.html", {"kop": office.kop_surat(organization)})

    assert "PEMERINTAH KOTA &lt;SALATIGA&gt;" in html and "<SALATIGA>" not in html
    assert "LAYANAN PENGADAAN SECARA ELEKTRONIK (LPSE)" in html
    assert f"Telepon {organization.phone}" in html
    assert 'class="doc-kop-rule"' in html


# --- signatures -------------------------------------------------------------------------------------------------
def test_a_civil_servant_signs_with_name_and_nip():
    block = office.signature("Kepala LPSE", Person("Rina Kusumawati", "198005122005012003"), caption="Mengetahui,")

    assert (block.name, block.nip_text, block.caption) == (
        "Rina Kusumawati",
        "NIP 19800512 200501 2 003",
        "Mengetahui,",
    )
    assert not block.nip_blank


def test_a_vendor_director_has_no_nip_line_at_all():
    block = office.signature("Direktur", name="Budi Santoso", nip="198005122005012003", civil_servant=False)

    assert block.nip == "" and block.nip_text == "" and not block.nip_blank


def test_a_civil_servant_left_blank_gets_a_dotted_nip_line_and_one_without_nip_none():
    assert office.signature("Atasan langsung").nip_blank
    assert not office.signature("Petugas", Person("Eko Prasetyo")).nip_blank


def test_one_signer_stands_on_the_right_and_two_side_by_side():
    one = office.signature("Kepala LPSE")
    two = office.signature("Petugas")

    assert office.signatures(one) == [None, one]
    assert office.signatures(two, one) == [two, one]


def test_the_signature_template_prints_place_date_position_name_and_nip():
    blocks = office.signatures(
        office.signature("Yang menyerahkan", name="Budi <Santoso>", civil_servant=False),
        office.signature(
            "Petugas Registrasi", Person("Eko Prasetyo", "198507142009031005"), place_date="Salatiga, 6 Desember 2026"
        ),
    )

    html = render_to_string("core/documents/_signature.html", {"signatures": blocks, "boxed": True})

    assert "Salatiga, 6 Desember 2026" in html and "Petugas Registrasi" in html
    assert '<p class="doc-sign-name">Eko Prasetyo</p>' in html
    assert "NIP 19850714 200903 1 005" in html
    assert "Budi &lt;Santoso&gt;" in html  # escaped
    assert html.count("NIP") == 1  # the vendor's side has none
    assert "doc-signatures-boxed" in html
