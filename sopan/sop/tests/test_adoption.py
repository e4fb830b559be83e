"""Adopting another organisation's SOP (issue 14 §4): the texts of the copy that still name the organisation it came
from are found, shown highlighted, and reviewed (edited or confirmed) before the copy can be submitted for approval;
the demo's adopted SOPs name their adopter."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sopan.core.testing import login
from sopan.sop import adoption
from sopan.sop import definition as d
from sopan.sop.models import SopVersion
from sopan.sop.services import versions
from sopan.sop.tests import factories

PAGAR_ALAM = ["Pagar Alam"]


# --- finding the names -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Melakukan Registrasi Online pada website LPSE Kota Pagar Alam", ["Kota Pagar Alam"]),
        ("Pj. SEKRETARIS DAERAH KOTA PAGAR ALAM", ["KOTA PAGAR ALAM"]),
        ("website lpse.pagaralam.go.id milik Pemkot Pagaralam", ["pagaralam", "Pemkot Pagaralam"]),
        ("Peraturan Wali Kota Pagar-Alam Nomor 3", ["Kota Pagar-Alam"]),
        ("Pemerintah Kota  Pagar\nAlam", ["Pemerintah Kota  Pagar\nAlam"]),
        ("Taman Pagar Alamanda dan Alam Pagar", []),  # whole words only
        ("website LPSE Kota Salatiga", []),
    ],
)
def test_the_origin_is_found_in_its_indonesian_forms_and_only_as_whole_words(text, named):
    pattern = adoption.name_pattern(PAGAR_ALAM)
    assert [m.group(0) for m in pattern.finditer(text)] == named


def test_a_kabupaten_is_found_with_its_abbreviation_and_short_name():
    pattern = adoption.name_pattern(["Batang"])
    found = [m.group(0) for m in pattern.finditer("Pedoman di Lingkungan Pemda Kab. Batang; LPSE Kabupaten Batang")]
    assert found == ["Pemda Kab. Batang", "Kabupaten Batang"]


def test_the_places_of_an_organisation_come_from_its_name_letterhead_and_header(other_organization):
    assert adoption.organization_places(other_organization, "PEMERINTAH KABUPATEN BATANG") == ["Batang"]
    assert adoption.place_of("Pemerintah Kota Pagar Alam") == adoption.Place("Kota", "Pagar Alam")


def _naming(text: str = factories.SMALL) -> str:
    """SMALL with Pagar Alam named in the identity block, a lane, a step's activity, requirement, output and notes."""
    return (
        text.replace("PEMERINTAH KOTA SALATIGA", "PEMERINTAH KOTA PAGAR ALAM")
        .replace("approved_by: {position: Kepala LPSE}", "approved_by: {position: Kepala LPSE Kota Pagar Alam}")
        .replace("name: Petugas Registrasi,", "name: Petugas Registrasi LPSE Pagaralam,")
        .replace("text: Mengajukan berkas,", "text: Mengajukan berkas ke LPSE Kota Pagar Alam,")
        .replace("[Formulir pendaftaran, KTP direktur]", "[Formulir pendaftaran Kota Pagar Alam, KTP direktur]")
        .replace("output: Tanda terima", "output: Tanda terima LPSE Kota Pagar Alam\n  notes: Diarsipkan di Pagar Alam")
    )


def test_every_printed_text_naming_the_origin_is_flagged_with_where_it_is():
    data = d.load_yaml(_naming(), source="test").as_data()
    flags = {flag.path: flag for flag in adoption.flags(data, PAGAR_ALAM)}
    assert set(flags) == {
        "identity.organization",
        "identity.approved_by.position",
        "lanes.1.name",
        "steps.0.text",
        "steps.1.requirements.0",
        "steps.1.output",
        "steps.1.notes",
    }
    assert flags["steps.0.text"].parts == [("Mengajukan berkas ke LPSE ", False), ("Kota Pagar Alam", True)]
    assert flags["steps.1.output"].where == "Step 2: Output"


def test_replacing_leaves_the_other_regions_regulation_for_the_adopter_to_replace():
    data = {
        "identity": {
            "title": "SOP Telepon",
            "legal_basis": ["Peraturan Bupati no. 11 tahun 2011 tentang Pedoman di Lingkungan Pemda Kab. Batang"],
        },
        "lanes": [],
        "steps": [{"key": "a", "number": "1", "text": "Menghubungi LPSE Kabupaten Batang"}],
    }
    out = adoption.replace_names(data, ["Batang"], adoption.Place("Kota", "Salatiga"))
    assert out["steps"][0]["text"] == "Menghubungi LPSE Kota Salatiga"
    assert out["identity"]["legal_basis"] == data["identity"]["legal_basis"]  # no made-up regulation
    assert [flag.path for flag in adoption.flags(out, ["Batang"])] == ["identity.legal_basis.0"]


def test_replacing_puts_the_adopters_kind_and_name_in_the_case_of_the_text():
    pattern = adoption.name_pattern(PAGAR_ALAM)
    salatiga = adoption.Place("Kota", "Salatiga")
    assert adoption.replace_in("website LPSE Kota Pagar Alam", pattern, salatiga) == "website LPSE Kota Salatiga"
    assert adoption.replace_in("PJ. SEKDA KOTA PAGAR ALAM", pattern, salatiga) == "PJ. SEKDA KOTA SALATIGA"
    batang = adoption.Place("Kabupaten", "Batang")
    assert adoption.replace_in("Pemkot Pagaralam", pattern, batang) == "Pemkot Kabupaten Batang"


# --- the review of a copy ----------------------------------------------------------------------------------------
@pytest.fixture
def origin(other_organization):
    """Batang's SOP in force, naming Batang in several texts."""
    text = (
        factories.SMALL.replace("PEMERINTAH KOTA SALATIGA", "PEMERINTAH KABUPATEN BATANG")
        .replace("text: Mengajukan berkas,", "text: Mengajukan berkas ke LPSE Kabupaten Batang,")
        .replace("output: Tanda terima", "output: Tanda terima LPSE Kab. Batang")
    )
    return factories.effective_version(other_organization, text)


@pytest.mark.django_db
def test_a_copy_cannot_be_submitted_until_each_text_naming_the_origin_is_edited_or_confirmed(origin, lpse_head):
    # Given Salatiga's copy of Batang's SOP
    copy = versions.sop_copy(source=origin, organization=lpse_head.organization, by=lpse_head)
    flagged = {flag.path for flag in adoption.open_flags(copy)}
    assert flagged == {"steps.0.text", "steps.1.output"}  # the header is already Salatiga's
    assert copy.number == copy.parsed.identity.number == "SOP-LPSE.SALATIGA-001"  # Salatiga's scheme, not Batang's
    # when it is submitted, it is refused, naming the origin
    with pytest.raises(ValidationError, match="Pemerintah Kabupaten Batang"):
        versions.version_submit(version=copy, by=lpse_head)
    # when one text is confirmed as intended and the other edited
    copy = versions.adoption_confirm(version=copy, path="steps.1.output", by=lpse_head)
    with pytest.raises(ValidationError, match="Step 1: Activity"):
        versions.version_submit(version=copy, by=lpse_head)
    edited = copy.parsed
    steps = list(edited.steps)
    steps[0] = replace(steps[0], text="Mengajukan berkas ke LPSE Kota Salatiga")
    versions.version_update(version=copy, text=replace(edited, steps=tuple(steps)).to_yaml(), by=lpse_head)
    # then it can be submitted
    submitted = versions.version_submit(version=SopVersion.objects.get(pk=copy.pk), by=lpse_head)
    assert submitted.status == SopVersion.Status.SUBMITTED


@pytest.mark.django_db
def test_a_confirmation_lapses_when_the_text_is_edited_and_still_names_the_origin(origin, lpse_head):
    copy = versions.sop_copy(source=origin, organization=lpse_head.organization, by=lpse_head)
    copy = versions.adoption_confirm(version=copy, path="steps.0.text", by=lpse_head)
    assert "steps.0.text" not in {flag.path for flag in adoption.open_flags(copy)}
    edited = copy.parsed
    steps = list(edited.steps)
    steps[0] = replace(steps[0], text="Mengajukan berkas asli ke LPSE Kabupaten Batang")
    copy = versions.version_update(version=copy, text=replace(edited, steps=tuple(steps)).to_yaml(), by=lpse_head)
    assert "steps.0.text" in {flag.path for flag in adoption.open_flags(copy)}


@pytest.mark.django_db
def test_writing_the_adopters_name_clears_the_review(origin, lpse_head):
    copy = versions.sop_copy(source=origin, organization=lpse_head.organization, by=lpse_head)
    copy = versions.adoption_replace_names(version=copy, by=lpse_head)
    assert adoption.open_flags(copy) == []
    assert copy.parsed.steps[0].text == "Mengajukan berkas ke LPSE Kota Salatiga"
    assert copy.parsed.step("terima").output == "Tanda terima LPSE Kota Salatiga"
    assert versions.version_submit(version=copy, by=lpse_head).status == SopVersion.Status.SUBMITTED


@pytest.mark.django_db
def test_an_organisations_own_sop_has_no_review_and_submits_as_before(organization, lpse_head):
    own = versions.sop_import(organization=organization, text=_naming(), by=lpse_head)
    assert adoption.review_flags(own) == []
    assert versions.version_submit(version=own, by=lpse_head).status == SopVersion.Status.SUBMITTED
    with pytest.raises(ValidationError):
        versions.adoption_replace_names(version=own, by=lpse_head)


@pytest.mark.django_db
def test_only_the_adopters_sop_administrators_review_the_copy(origin, lpse_head, verifier, client, outsider):
    copy = versions.sop_copy(source=origin, organization=lpse_head.organization, by=lpse_head)
    with pytest.raises(PermissionDenied):
        versions.adoption_confirm(version=copy, path="steps.0.text", by=verifier)
    login(client, outsider)
    url = reverse("sop:version-adoption", kwargs={"pk": copy.pk, "action": "replace"})
    assert client.post(url).status_code == 404
    assert adoption.open_flags(SopVersion.objects.get(pk=copy.pk))


@pytest.mark.django_db
def test_the_copy_page_shows_the_texts_highlighted_and_keeps_one_on_request(client, origin, lpse_head):
    login(client, lpse_head)
    # before adopting: the origin's page lists what the adopter will review
    before = client.get(reverse("sop:version-detail", kwargs={"pk": origin.pk})).content.decode()
    assert "<mark>LPSE Kabupaten Batang</mark>" not in before  # "LPSE" is not part of the name
    assert "<mark>Kabupaten Batang</mark>" in before and 'id="adoption-flags"' in before
    assert 'data-path="identity.organization"' not in before  # the copy's header is the adopter's letterhead
    copied = client.post(reverse("sop:version-copy", kwargs={"pk": origin.pk}), HTTP_ACCEPT_LANGUAGE="id")
    copy = SopVersion.objects.get(sop__origin=origin, organization=lpse_head.organization)
    assert copied["Location"].endswith("#adoption-review")
    page = client.get(reverse("sop:version-detail", kwargs={"pk": copy.pk}), HTTP_ACCEPT_LANGUAGE="id")
    assert "2 teks masih menyebut Pemerintah Kabupaten Batang" in page.content.decode()  # the message after copying
    html = page.content.decode()
    assert "<mark>Kab. Batang</mark>" in html and 'id="adoption-open"' in html
    assert "Tuliskan Kota Salatiga pada teks-teks ini" in html
    response = client.post(
        reverse("sop:version-adoption", kwargs={"pk": copy.pk, "action": "confirm"}), {"path": "steps.1.output"}
    )
    assert response.status_code == 302
    assert [flag.path for flag in adoption.open_flags(SopVersion.objects.get(pk=copy.pk))] == ["steps.0.text"]


# --- the demo ----------------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_demos_adopted_sops_name_their_adopter_and_are_numbered_in_its_scheme():
    """Salatiga's copy of Pagar Alam's registration SOP says "website LPSE Kota Salatiga" (SOP Rekrutmen dan
    Registrasi Penyedia, step 1), and no adopted SOP of the demo names the organisation it came from."""
    from sopan.sop import demo

    organizations = demo.ensure_organizations()
    demo.ensure_sops(organizations)
    salatiga = organizations["salatiga"]
    registration = SopVersion.objects.get(
        organization=salatiga, sop__key="rekrutmen-registrasi-penyedia", status=SopVersion.Status.EFFECTIVE
    )
    texts = [step.text for step in registration.parsed.steps]
    assert any("website LPSE Kota Salatiga" in text for text in texts)
    assert not any("Pagar Alam" in text for _path, text in adoption.texts(registration.definition))
    telephone = SopVersion.objects.get(
        organization=salatiga, sop__key="penanganan-permasalahan-telepon", status=SopVersion.Status.EFFECTIVE
    )
    legal_basis = telephone.parsed.identity.legal_basis
    assert legal_basis[-1].startswith("Peraturan Wali Kota Salatiga Nomor 41 Tahun 2024")
    assert not any("Batang" in text for text in legal_basis)
    adopted = SopVersion.objects.filter(status=SopVersion.Status.EFFECTIVE, sop__origin__isnull=False)
    # 4, and the ten SOPs of the domain modules (four procurement stages, the availability analysis, the vendor
    # performance record, the coaching, the two of risks, the unit's performance) in Salatiga and in Batang
    assert adopted.count() == 24
    for version in adopted:
        origin = version.sop.origin.organization
        places = adoption.organization_places(origin, version.sop.origin.parsed.identity.organization)
        assert adoption.flags(version.definition, places) == [], (version.organization, version.sop.key)
        assert version.number.startswith("SOP-LPSE.") and "/" not in version.number  # the scheme's, whole
        assert version.parsed.identity.number == version.number
