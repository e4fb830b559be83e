"""The identity block as printed (issue 16 §5): Dibuat, Dikaji and Disahkan oleh with position, name and NIP; dates
and SOP numbers as the SOP prints them. Written the way an administrator copies them from the printed SOP (the Batang
seed's Lembar Pengesahan: DIBUAT OLEH / DIKAJI OLEH / DISETUJUI OLEH, name over position)."""

from __future__ import annotations

import datetime
import re
import textwrap

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from sopan.core.testing import login
from sopan.sop import definition as d
from sopan.sop import rendering
from sopan.sop.services import versions

FLOW = """
lanes:
- {key: petugas, name: Petugas, roles: [helpdesk_agent]}
steps:
- {key: terima, number: '1', text: Menerima telepon, symbol: start, lanes: [petugas], next: arsip}
- {key: arsip, number: '2', text: Mengarsipkan, symbol: end, lanes: [petugas]}
"""


@pytest.fixture
def english():
    """Loader problems are asserted in their English source text (the tests run in Indonesian, the default)."""
    with translation.override("en"):
        yield


def sop(identity: str) -> str:
    """A whole SOP file with this identity block (indented as in the file)."""
    block = textwrap.indent(textwrap.dedent(identity).strip(), "  ")
    return f"format: sopan-sop/1\nkey: uji-identitas\nidentity:\n{block}{FLOW}"


BATANG_LIKE = sop(
    """
    title: SOP Penanganan Permasalahan Pengguna SPSE melalui Telepon
    number: SOP-LPSE.BTG-017
    created_on: 30-Nov-12
    revised_on: 02/01/2013
    effective_on: 8 Januari 2017
    prepared_by:
      position: Koordinator Bidang Layanan dan Dukungan
      name: PRAMU SUDIBYO, SH
      nip: '198005122005012003'
    reviewed_by: {position: Sekretaris LPSE, name: "INDAH PARAWITA, SH", nip: 19700430 199703 2 003}
    approved_by: {position: Kepala LPSE, name: "Drs. Jamal Abdul Naser, MM"}
    """
)


def test_the_three_signatories_load_with_position_name_and_nip_and_survive_a_round_trip():
    definition = d.load_yaml(BATANG_LIKE, source="batang.yaml")
    identity = definition.identity
    assert identity.prepared_by == d.Person(
        "Koordinator Bidang Layanan dan Dukungan", "PRAMU SUDIBYO, SH", "198005122005012003"
    )
    assert identity.reviewed_by == d.Person("Sekretaris LPSE", "INDAH PARAWITA, SH", "19700430 199703 2 003")
    assert identity.approved_by == d.Person("Kepala LPSE", "Drs. Jamal Abdul Naser, MM")
    # stored (the data form) in the order the Lembar Pengesahan prints them, and read back the same
    data = definition.as_data()["identity"]
    assert [k for k in data if k.endswith("_by")] == ["prepared_by", "reviewed_by", "approved_by"]
    reviewer = {"position": "Sekretaris LPSE", "name": "INDAH PARAWITA, SH", "nip": "19700430 199703 2 003"}
    assert data["reviewed_by"] == reviewer
    assert d.load_yaml(definition.to_yaml()) == definition


def test_an_older_file_with_approved_by_alone_still_loads_it_as_disahkan_oleh():
    for written in ("approved_by: Kepala LPSE", "approved_by: {position: Kepala LPSE}"):
        identity = d.load_yaml(sop(f"title: SOP Lama\n{written}")).identity
        assert identity.approved_by == d.Person(position="Kepala LPSE")
        assert not identity.prepared_by and not identity.reviewed_by
        assert "prepared_by" not in d.load_yaml(sop(f"title: SOP Lama\n{written}")).as_data()["identity"]


def test_a_signatory_written_wrongly_is_a_problem_naming_the_field(english):
    text = sop("title: SOP\nprepared_by: [Koordinator]\nreviewed_by: {position: Sekretaris, jabatan: Sekretaris}")
    with pytest.raises(d.DefinitionError) as error:
        d.load_yaml(text, source="x.yaml")
    described = [p.describe() for p in error.value.problems]
    assert "x.yaml: identity: prepared_by: must be a mapping (position, name, nip)" in described
    assert any("identity reviewed_by: jabatan: unknown field" in line for line in described)


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("30-Nov-12", datetime.date(2012, 11, 30)),  # Excel's d-mmm-yy
        ("2 Januari 2013", datetime.date(2013, 1, 2)),
        ("02/01/2013", datetime.date(2013, 1, 2)),  # day first
        ("2 Jan 2013", datetime.date(2013, 1, 2)),
        ("2 Jan. 2013", datetime.date(2013, 1, 2)),
        ("17 AGUSTUS 2024", datetime.date(2024, 8, 17)),
        ("5 Agt 2024", datetime.date(2024, 8, 5)),
        ("1 Okt 24", datetime.date(2024, 10, 1)),
        ("25 December 2023", datetime.date(2023, 12, 25)),
        ("8.1.2017", datetime.date(2017, 1, 8)),
        ("1-2-99", datetime.date(1999, 2, 1)),  # a two-digit year from 69 is 19xx
        ("'2017-01-08'", datetime.date(2017, 1, 8)),  # ISO, quoted
        ("2017-01-08", datetime.date(2017, 1, 8)),  # ISO, read by YAML as a date
    ],
)
def test_a_date_written_as_printed_is_read_and_normalised(printed, expected):
    identity = d.load_yaml(sop(f"title: SOP\ncreated_on: {printed}\neffective_on: {printed}")).identity
    assert identity.created_on == identity.effective_on == expected
    assert d.load_yaml(sop(f"title: SOP\ncreated_on: {printed}")).as_data()["identity"]["created_on"] == (
        expected.isoformat()
    )


def test_dates_that_cannot_be_read_are_all_listed_with_what_to_write(english):
    text = sop("title: SOP\ncreated_on: 31 Februari 2024\nrevised_on: Januari 2024\neffective_on: 2 Mai 2024")
    with pytest.raises(d.DefinitionError) as error:
        d.load_yaml(text, source="x.yaml")
    problems = error.value.problems
    assert [(p.where, p.field) for p in problems] == [
        ("identity", "created_on"),
        ("identity", "revised_on"),
        ("identity", "effective_on"),
    ]
    assert all("'17 Januari 2024'" in p.message and "day first" in p.message for p in problems)
    assert "'31 Februari 2024' is not a date" in problems[0].message


@pytest.mark.parametrize(
    "number", ["800/123/LPSE/2024", "SOP-LPSE.BTG-017", "16 Tahun 2024", "No. 12 . 3 / A / 2024", "0.0.1/UKPBJ"]
)
def test_an_sop_number_is_kept_whole_as_printed(number):
    definition = d.load_yaml(sop(f"title: SOP\nnumber: '{number}'"))
    assert definition.identity.number == number
    assert d.load_yaml(definition.to_yaml()).identity.number == number


def test_an_sop_number_yaml_reads_as_a_number_is_a_warning_and_a_too_long_one_a_problem(english):
    definition = d.load_yaml(sop("title: SOP\nnumber: 017"))  # YAML 1.1: octal 15
    assert [(w.field, w.severity) for w in definition.warnings] == [("number", d.Severity.WARNING)]
    assert "'017'" in definition.warnings[0].message
    with pytest.raises(d.DefinitionError, match="number: at most 255 characters"):
        d.load_yaml(sop(f"title: SOP\nnumber: '{'1/' * 130}'"))


@pytest.mark.django_db
def test_a_long_number_with_slashes_is_stored_and_printed_whole(organization, lpse_head):
    number = "800/1.2.3/LPSE-UKPBJ/Setda/Kota Salatiga/" + "X" * 150
    version = versions.sop_import(organization=organization, text=sop(f"title: SOP\nnumber: '{number}'"), by=lpse_head)
    version.refresh_from_db()
    assert version.number == number and version.parsed.identity.number == number
    html = render_to_string("sop/_document.html", {"doc": rendering.document(version.parsed)})
    assert f'<td class="sop-identity-number">{number}</td>' in html


# --- printed -------------------------------------------------------------------------------------------------------
def _approval_sheet(html: str) -> str:
    return re.search(r'<div class="sop-approval-sheet">(.*?)</div>\s*<div class="sop-identity-sheet">', html, re.S)[1]


def test_the_lembar_pengesahan_prints_the_three_signatories_side_by_side():
    with translation.override("id"):
        html = render_to_string("sop/_document.html", {"doc": rendering.document(d.load_yaml(BATANG_LIKE))})
    sheet = _approval_sheet(html)
    labels = [sheet.index(f">{label}<") for label in ("Dibuat Oleh", "Dikaji Oleh", "Disahkan Oleh")]
    assert labels == sorted(labels)
    names = [sheet.index(name) for name in ("PRAMU SUDIBYO, SH", "INDAH PARAWITA, SH", "Drs. Jamal Abdul Naser, MM")]
    assert labels[-1] < names[0] < names[1] < names[2]
    assert "Koordinator Bidang Layanan dan Dukungan" in sheet and "Sekretaris LPSE" in sheet
    assert "NIP. 19800512 200501 2 003" in sheet and "NIP. 19700430 199703 2 003" in sheet
    # the identity block prints the dates the Indonesian way
    assert "30 November 2012" in html and "2 Januari 2013" in html and "8 Januari 2017" in html


def test_an_sop_naming_only_its_approver_prints_no_lembar_pengesahan():
    definition = d.load_yaml(sop("title: SOP\napproved_by: {position: Kepala LPSE, name: Budi}"))
    html = render_to_string("sop/_document.html", {"doc": rendering.document(definition)})
    assert "sop-approval-sheet" not in html and "Budi" in html


@pytest.mark.django_db
def test_page_and_pdf_print_the_lembar_pengesahan_with_the_approver_who_approved_it(client, organization, lpse_head):
    import pypdfium2

    lpse_head.nip = "196802051998031010"
    lpse_head.save(update_fields=["nip"])
    version = versions.sop_import(organization=organization, text=BATANG_LIKE, by=lpse_head)
    versions.version_submit(version=version, by=lpse_head)
    versions.version_approve(version=version, by=lpse_head)
    login(client, lpse_head)
    page = client.get(reverse("sop:version-detail", kwargs={"pk": version.pk}), HTTP_ACCEPT_LANGUAGE="id")
    sheet = _approval_sheet(page.content.decode())
    assert "PRAMU SUDIBYO, SH" in sheet and "INDAH PARAWITA, SH" in sheet and lpse_head.get_full_name() in sheet
    response = client.get(reverse("sop:version-pdf", kwargs={"pk": version.pk}), HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    document = pypdfium2.PdfDocument(response.content)
    try:
        first = " ".join(document[0].get_textpage().get_text_range().split())
    finally:
        document.close()
    assert "LEMBAR PENGESAHAN" in first
    for text in ("Dibuat Oleh", "Dikaji Oleh", "Disahkan Oleh", "PRAMU SUDIBYO, SH", "INDAH PARAWITA, SH"):
        assert text in first, text
    assert lpse_head.get_full_name() in first and "NIP. 19680205 199803 1 010" in first
    assert first.index("PRAMU SUDIBYO") < first.index("INDAH PARAWITA") < first.index(lpse_head.get_full_name())
