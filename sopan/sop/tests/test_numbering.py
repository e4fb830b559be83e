"""SOP numbers (Nomor SOP): the seeds' numbers kept exactly as printed, the organisation's numbering scheme for an
SOP without one, and a number never shortened."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import render_to_string
from django.urls import reverse

from sopan.core.testing import login
from sopan.sop import definition as d
from sopan.sop import numbering, rendering
from sopan.sop.models import SopNumbering, SopVersion
from sopan.sop.services import numbering as numbering_services
from sopan.sop.services import versions
from sopan.sop.tests import factories

# The Nomor SOP as each seed document prints it (read in /work/shared/seeds, not copied from the catalogue files).
# 001 prints some under the label "Nama SOP", one cut short ("16 Tahun") and one with a date ("16 Januari 2024"):
# kept as printed. 000 (Salatiga) prints no identity block, so no number: the organisation's scheme gives one.
PRINTED = {
    "penanganan-permasalahan-telepon": "SOP-LPSE.BTG-017",  # 004, "No. Dokumen : SOP-LPSE.BTG-017"
    "pembinaan-pelaku-usaha": "16 Tahun 2024",
    "manajemen-risiko-strategis": "16 Tahun 2024",
    "registrasi-verifikasi": "6 Tahun 2024",
    "analisa-ketersediaan-pelaku-usaha": "16 Tahun 2024",
    "persiapan-pengadaan": "16 Tahun 2024",
    "persiapan-pemilihan-penyedia": "16 Januari 2024",
    "perencanaan-pengadaan": "16 Tahun 2024",
    "proses-utama-pbj": "16 Tahun 2024",
    "pengelolaan-penyedia": "16 Tahun",
    "pencatatan-kinerja-penyedia": "16 Tahun 2024",
    "rekrutmen-registrasi-penyedia": "16 Tahun 2024",
    "pengelolaan-risiko": "16 Tahun 2024",
    "pengelolaan-kinerja": "16 Tahun 2024",
    "usulan-pengadaan": None,
    "pengelolaan-pendukung-layanan": None,
    "pemantauan-kinerja-pendukung-layanan": None,
}
NUMBER_CELL = re.compile(r'<td class="sop-identity-number">([^<]*)</td>')


@pytest.mark.django_db
def test_all_17_seed_sops_show_the_number_their_seed_prints(organization):
    # Given every SOP of the catalogue imported; when each is shown as its document
    catalogue = [item for items in d.load_catalogue().values() for item in items]
    assert sorted(item.key for item in catalogue) == sorted(PRINTED)
    shown = {}
    for item in catalogue:
        version = versions.sop_import(organization=organization, text=item.to_yaml(), by=None)
        html = render_to_string("sop/_document.html", {"doc": rendering.version_document(version)})
        (cell,) = NUMBER_CELL.findall(html)
        shown[item.key] = (version.number, cell)
    # then the printed ones are exactly as printed, and the three without one have the scheme's, none "-" or cut
    for key, printed in PRINTED.items():
        number, cell = shown[key]
        assert cell == number, key
        if printed is not None:
            assert number == printed, key
        else:
            assert re.fullmatch(r"SOP-LPSE\.SALATIGA-00[123]", number), (key, number)
    unprinted = {shown[key][0] for key, printed in PRINTED.items() if printed is None}
    assert len(unprinted) == 3  # each its own


@pytest.mark.django_db
def test_a_long_scheme_number_is_kept_whole_on_the_version_the_document_and_the_list(client, organization, lpse_head):
    # Given a scheme whose numbers are longer than the 100 characters the field once held
    numbering_services.numbering_update(
        organization=organization,
        pattern="{org}/{unit}/SOP-PENGADAAN-BARANG-JASA-PEMERINTAH-DAERAH/{year}/NOMOR-URUT-{seq:06}",
        unit_code="UKPBJ.SEKRETARIAT.DAERAH",
        organization_code="PEMERINTAH.KOTA.SALATIGA",
        next_sequence=42,
        by=lpse_head,
    )
    text = factories.SMALL.replace("  number: SOP-UJI-001\n", "")
    # when an SOP without a number is imported, approved and put into force
    version = factories.effective_version(organization, text)
    # then its number is the whole of the scheme's, everywhere it is shown
    assert len(version.number) > 100 and version.number.endswith("NOMOR-URUT-000042")
    assert SopVersion.objects.get(pk=version.pk).number == version.number
    assert version.parsed.identity.number == version.number
    login(client, lpse_head)
    assert version.number in client.get(reverse("sop:sop-list")).content.decode()
    assert version.number in client.get(reverse("sop:version-detail", kwargs={"pk": version.pk})).content.decode()


@pytest.mark.django_db
def test_the_scheme_skips_numbers_already_held_and_moves_on(organization):
    factories.effective_version(organization, factories.SMALL.replace("SOP-UJI-001", "SOP-LPSE.SALATIGA-001"))
    other = factories.SMALL.replace("uji-verifikasi", "uji-lain").replace("  number: SOP-UJI-001\n", "")
    version = versions.sop_import(organization=organization, text=other, by=None)
    assert version.number == "SOP-LPSE.SALATIGA-002"
    assert SopNumbering.objects.get(organization=organization).next_sequence == 3


@pytest.mark.django_db
def test_approval_numbers_a_version_whose_number_was_removed(organization):
    version = versions.sop_import(organization=organization, text=factories.SMALL, by=None)
    definition = version.parsed
    cleared = replace(definition, identity=replace(definition.identity, number=""))
    versions.version_update(version=version, text=cleared.to_yaml(), by=None)
    assert SopVersion.objects.get(pk=version.pk).number == ""
    versions.version_submit(version=version, by=None)
    approved = versions.version_approve(version=version, by=None)
    assert approved.number == "SOP-LPSE.SALATIGA-001" == approved.parsed.identity.number


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        ("SOP-{unit}", "sequence number"),
        ("SOP-{seq}-{kode}", "Unknown placeholder"),
        ("SOP-{seq:09}", "Unknown placeholder"),
        ("SOP-{seq}-}", "not closed"),
        ("", "Write a pattern"),
    ],
)
def test_a_bad_pattern_is_refused_saying_what_is_wrong(pattern, problem):
    assert any(problem in message for message in numbering.pattern_problems(pattern))


def test_the_default_pattern_gives_the_shape_the_seeds_print():
    assert numbering.pattern_problems(numbering.DEFAULT_PATTERN) == []
    assert numbering.format_number(numbering.DEFAULT_PATTERN, sequence=17, unit="LPSE", org="BTG", year=2017) == (
        "SOP-LPSE.BTG-017"
    )


@pytest.mark.django_db
def test_only_the_organisations_sop_administrators_set_the_scheme(organization, verifier, outsider):
    for person in (verifier, outsider):
        with pytest.raises(PermissionDenied):
            numbering_services.numbering_update(
                organization=organization,
                pattern=numbering.DEFAULT_PATTERN,
                unit_code="LPSE",
                organization_code="SLTG",
                next_sequence=1,
                by=person,
            )
    assert not SopNumbering.objects.filter(organization=organization).exists()


@pytest.mark.django_db
def test_the_numbering_page_saves_the_scheme_and_answers_a_bad_one_in_indonesian(client, organization, lpse_head):
    login(client, lpse_head)
    url = reverse("sop:numbering")
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="id")
    assert page.status_code == 200 and "SOP-LPSE.SALATIGA-001" in page.content.decode()
    bad = client.post(
        url,
        {"pattern": "SOP-{unit}", "unit_code": "LPSE", "organization_code": "SLTG", "next_sequence": 1},
        HTTP_ACCEPT_LANGUAGE="id",
    )
    assert bad.status_code == 200 and "nomor urut" in bad.content.decode()
    good = client.post(
        url,
        {
            "pattern": "{seq:03}/SOP/{unit}/{year}",
            "unit_code": "UKPBJ",
            "organization_code": "SLTG",
            "next_sequence": 5,
        },
    )
    assert good.status_code == 302
    scheme = SopNumbering.objects.get(organization=organization)
    assert (scheme.pattern, scheme.unit_code, scheme.next_sequence) == ("{seq:03}/SOP/{unit}/{year}", "UKPBJ", 5)


@pytest.mark.django_db
def test_the_numbering_page_is_for_sop_administrators_only(client, verifier):
    login(client, verifier)
    assert client.get(reverse("sop:numbering")).status_code == 403


@pytest.mark.django_db
def test_a_pattern_using_a_code_left_empty_is_refused(organization, lpse_head):
    with pytest.raises(ValidationError) as refused:
        numbering_services.numbering_update(
            organization=organization,
            pattern=numbering.DEFAULT_PATTERN,
            unit_code="LPSE",
            organization_code=" ",
            next_sequence=1,
            by=lpse_head,
        )
    assert "{org}" in refused.value.message_dict["organization_code"][0]
