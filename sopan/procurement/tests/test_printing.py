"""The printed documents of a package (issue 17 §5): each document's content once, the 404 page while its data does
not exist, who may print, gap-free numbering, and that printing writes nothing but the number series."""

from __future__ import annotations

import io
import re
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from sopan.core.documents import office
from sopan.core.models import NumberSeries
from sopan.core.testing import login
from sopan.procurement import printing, stages
from sopan.procurement.models import PackageLetter
from sopan.procurement.tests.factories import bind_stage_sops, make_package, person, staged_package

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(content))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


@pytest.fixture
def org(organization):
    bind_stage_sops(organization)
    return organization


def _get(client, organization, username, name, **kwargs):
    query = kwargs.pop("query", "")
    login(client, person(organization, username))
    return client.get(reverse(f"procurement:{name}", kwargs=kwargs) + query)


def test_request_letter_lists_the_package_and_the_six_items(org, client):
    # Given a package whose PPK requested the selection (SOP Persiapan Pemilihan Penyedia step 2)
    package = staged_package(org, "requested", name="Rehabilitasi Gedung Puskesmas Sidorejo", kd_rup="51234001")
    ppk = person(org, "ppk")
    ppk.nip = "198001012005011001"
    ppk.save(update_fields=["nip"])
    # When the PPK prints the Surat Permohonan
    response = _get(client, org, "ppk", "print-request", pk=package.pk)
    # Then it is the letter to the Kepala UKPBJ, numbered, with the package and the six items handed over
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(b"".join(response))
    year = TODAY.year
    for expected in (
        f"Nomor : 1/PMH-PBJ/DPUPR/{year}",
        "Permohonan Pelaksanaan Pemilihan Penyedia",
        f"Yth. Kepala {office.unit_name(org, 'ukpbj')}",
        "51234001",
        "Rehabilitasi Gedung Puskesmas Sidorejo",
        "Dinas Pekerjaan Umum dan Penataan Ruang",
        "Pekerjaan Konstruksi",
        "Rp500.000.000",
        "SK Penetapan PPK Ada",
        "Dokumen Persiapan Pengadaan Ada",
        "Dokumen Anggaran Belanja (RKA-KL/Pemda) Ada",
        "ID Paket RUP Ada",
        "Rencana Waktu Penggunaan Barang/Jasa Ada",
        "Surat permohonan pelaksanaan pemilihan penyedia Ada",
        "Pejabat Pembuat Komitmen",
        ppk.get_full_name(),
        "NIP 19800101 200501 1 001",
        office.place_and_date(org, TODAY),
    ):
        assert expected in text, expected
    assert "Tidak ada" not in text
    assert f"surat-permohonan-51234001-1-{year}.pdf" in response["Content-Disposition"]


def test_pokja_decree_prints_the_recorded_number_and_the_members_places(org, client):
    package = staged_package(org, "pokja", name="Jalan Lingkar Utara")
    assignment = package.pokja_assignments.get(is_active=True)
    members = [m.user.get_full_name() for m in assignment.members.order_by("id")]
    response = _get(client, org, "kepala.ukpbj", "print-pokja-decree", pk=package.pk)
    assert response.status_code == 200
    text = pdf_text(b"".join(response))
    for expected in (
        "KEPUTUSAN KEPALA",
        "NOMOR 800/1/UKPBJ/2026",
        "PENETAPAN KELOMPOK KERJA (POKJA) PEMILIHAN",
        "PAKET JALAN LINGKAR UTARA",
        f"{members[0]} - Ketua merangkap Anggota",
        f"{members[1]} - Sekretaris merangkap Anggota",
        f"{members[2]} - Anggota",
        f"pada tanggal {office.indonesian_date(assignment.decree_date)}",
        "Ir. Hartono, M.T.",  # the Kepala UKPBJ who decreed it
        "NIP 19700610 199603 1 002",
    ):
        assert expected in text, expected
    assert not NumberSeries.objects.exists()  # the SK keeps the decree's own number


def test_review_report_of_a_returned_round_then_of_the_complete_one(org, client):
    # Given a Pokja that returned the documents with findings, then found the corrected ones complete
    package = staged_package(org, "pokja")
    pokja, ppk = person(org, "pokja"), person(org, "ppk")
    stages.package_return_documents(package=package, by=pokja, seen_version=package.version,
                                    findings="HPS belum memuat rincian biaya umum.")  # fmt: skip
    package.refresh_from_db()
    stages.package_resubmit_documents(package=package, by=ppk, seen_version=package.version)
    package.refresh_from_db()
    stages.package_complete_review(package=package, by=pokja, seen_version=package.version)
    members = [m.user.get_full_name() for m in package.pokja_assignments.get().members.order_by("id")]
    # When the PPK prints the first round's Berita Acara
    response = _get(client, org, "ppk", "print-review", pk=package.pk, round=1)
    text = pdf_text(b"".join(response))
    for expected in (
        "BERITA ACARA HASIL REVIU DOKUMEN PERSIAPAN PENGADAAN",
        f"Nomor: 1/BA-REVIU/POKJA/{TODAY.year}",
        "Reviu putaran ke-1",
        "Nomor 800/1/UKPBJ/2026",
        "HPS belum memuat rincian biaya umum.",
        "BELUM LENGKAP",
        "dikembalikan kepada Pejabat Pembuat Komitmen",
        f"disampaikan kembali kepada Pokja Pemilihan pada tanggal {office.indonesian_date(TODAY)}",
        "Harga Perkiraan Sendiri (HPS)",
        *members,
        "Ketua merangkap Anggota Pokja Pemilihan",
    ):
        assert expected in text, expected
    # And the second round says complete, numbered next
    text = pdf_text(b"".join(_get(client, org, "pokja", "print-review", pk=package.pk, round=2)))
    assert f"Nomor: 2/BA-REVIU/POKJA/{TODAY.year}" in text and "Reviu putaran ke-2" in text
    assert "LENGKAP dan dilanjutkan dengan penetapan metode pemilihan" in text and "BELUM" not in text


def test_assistance_letter_names_the_chosen_jabfung(org, client):
    package = make_package(org, commitment_officer=person(org, "ppk"), name="Drainase Kelurahan Kutowinangun")
    jabfung = person(org, "jabfung.ppbj")
    # The letter prints the stored assignment (services_assistance): the PPK asked, the Kepala UKPBJ appointed
    from sopan.procurement import services_assistance

    asked = services_assistance.assistance_request(package=package, stage="preparation", text="HPS",
                                                   by=person(org, "ppk"))  # fmt: skip
    services_assistance.assistance_appoint(assistance=asked, jabfung=jabfung, by=person(org, "kepala.ukpbj"),
                                           seen_version=asked.version)  # fmt: skip
    # Without a choice and one Jabfung appointed: their letter; a person not appointed: refused with the message
    only = _get(client, org, "kepala.ukpbj", "print-assistance", pk=package.pk)
    assert only.status_code == 200 and jabfung.get_full_name() in pdf_text(b"".join(only))
    outsider = person(org, "tim.analisis")  # a Jabfung PPBJ of the organisation, not appointed to this package
    refused = client.get(reverse("procurement:print-assistance", kwargs={"pk": package.pk}) + f"?jabfung={outsider.pk}")
    assert refused.status_code == 400
    assert "Pilih Pengelola Pengadaan (Jabfung PPBJ) yang ditunjuk mendampingi paket ini." in refused.content.decode()
    # With the Jabfung: the Surat Tugas, numbered in its own series
    response = client.get(reverse("procurement:print-assistance", kwargs={"pk": package.pk}) + f"?jabfung={jabfung.pk}")
    text = pdf_text(b"".join(response))
    for expected in (
        "SURAT TUGAS",
        f"Nomor: 1/ST-PBJ/UKPBJ/{TODAY.year}",
        "MENUGASKAN",
        jabfung.get_full_name(),
        "Pengelola Pengadaan Barang/Jasa (Jabfung PPBJ)",
        "Teguh Santoso, S.T.",
        "Drainase Kelurahan Kutowinangun",
        "Harga Perkiraan Sendiri (HPS) dan Rancangan Kontrak",
        "Ir. Hartono, M.T.",
    ):
        assert expected in text, expected


@pytest.mark.parametrize(
    ("name", "stage", "kwargs", "reason"),
    [
        ("print-request", "selection_preparation", {}, "belum menyampaikan permintaan pemilihan penyedia"),
        ("print-pokja-decree", "requested", {}, "belum menetapkan Pokja Pemilihan paket ini"),
        ("print-review", "pokja", {"round": 1}, "belum melakukan reviu putaran 1"),
        ("print-assistance", "requested", {"query": "?jabfung=JABFUNG"}, "Persiapan pengadaan paket ini sudah selesai"),
    ],
)
def test_a_document_without_its_data_is_a_404_page_with_the_reason(org, client, name, stage, kwargs, reason):
    package = staged_package(org, stage)
    if "query" in kwargs:
        kwargs["query"] = kwargs["query"].replace("JABFUNG", str(person(org, "jabfung.ppbj").pk))
    response = _get(client, org, "kepala.ukpbj", name, pk=package.pk, **kwargs)
    assert response.status_code == 404
    assert reason in response.content.decode()
    assert not NumberSeries.objects.filter(value__gt=0).exists()


def test_the_kepala_ukpbj_letters_are_refused_to_who_only_sees_the_package(org, client):
    package = staged_package(org, "pokja")
    assert _get(client, org, "ppk", "print-pokja-decree", pk=package.pk).status_code == 403
    assert _get(client, org, "pokja", "print-pokja-decree", pk=package.pk).status_code == 403
    assert _get(client, org, "ppk", "print-assistance", pk=package.pk).status_code == 403


def test_printing_writes_nothing_but_the_number_series_and_the_register_of_letters(org, client):
    package = staged_package(org, "reviewed")
    login(client, person(org, "kepala.ukpbj"))
    urls = [
        reverse("procurement:print-request", kwargs={"pk": package.pk}),
        reverse("procurement:print-pokja-decree", kwargs={"pk": package.pk}),
        reverse("procurement:print-review", kwargs={"pk": package.pk, "round": 1}),
    ]
    with CaptureQueriesContext(connection) as queries:
        for url in urls:
            assert client.get(url).status_code == 200
    writes = [q["sql"] for q in queries if re.match(r"\s*(INSERT|UPDATE|DELETE)", q["sql"], re.IGNORECASE)]
    session_writes = [sql for sql in writes if "django_session" in sql]
    kept = ("core_numberseries", "procurement_packageletter")
    assert writes and all(any(t in sql for t in kept) for sql in writes if sql not in session_writes), writes


def test_a_failed_first_print_gives_its_number_back_and_a_reprint_keeps_the_letters_number(org):
    year = TODAY.year
    package = staged_package(org, "reviewed")
    failing = mock.patch("sopan.procurement.printing.html_to_pdf", side_effect=RuntimeError("printer"))
    with failing, pytest.raises(RuntimeError):
        printing.request_letter(package)
    assert not PackageLetter.objects.exists()  # nothing issued: the number is given back

    first = printing.request_letter(package)
    again = printing.request_letter(package)
    assert f"-1-{year}.pdf" in first.filename and again.filename == first.filename
    assert f"1/PMH-PBJ/DPUPR/{year}" in pdf_text(again.content)

    other = staged_package(org, "reviewed", kd_rup="9900099")  # the next letter of the series takes the next number
    assert f"2/PMH-PBJ/DPUPR/{year}" in pdf_text(printing.request_letter(other).content)
    assert PackageLetter.objects.get(package=package).number == f"1/PMH-PBJ/DPUPR/{year}"


def test_print_links_offer_what_each_persona_may_print_now(org):
    from sopan.procurement import services_assistance
    from sopan.procurement.views_printing import print_links

    planning = make_package(org, kd_rup="9900077", commitment_officer=person(org, "ppk"))
    head, ppk = person(org, "kepala.ukpbj"), person(org, "ppk")
    assert print_links(head, planning) == []  # no Jabfung appointed: no Surat Tugas to print
    asked = services_assistance.assistance_request(package=planning, stage="preparation", text="HPS", by=ppk)
    services_assistance.assistance_appoint(assistance=asked, jabfung=person(org, "jabfung.ppbj"), by=head,
                                           seen_version=asked.version)  # fmt: skip
    assert [url for _label, url in print_links(head, planning)] == [
        reverse("procurement:print-assistance", kwargs={"pk": planning.pk})
    ]
    assert print_links(ppk, planning) == []
    reviewed = staged_package(org, "reviewed")
    names = {
        reverse("procurement:print-request", kwargs={"pk": reviewed.pk}): "request",
        reverse("procurement:print-pokja-decree", kwargs={"pk": reviewed.pk}): "decree",
        reverse("procurement:print-review", kwargs={"pk": reviewed.pk, "round": 1}): "review",
    }
    assert [names[url] for _label, url in print_links(head, reviewed)] == ["request", "decree", "review"]
    assert [names[url] for _label, url in print_links(ppk, reviewed)] == ["request", "review"]


def test_the_package_page_links_the_documents_its_viewer_may_print(org, client):
    package = staged_package(org, "reviewed")
    login(client, person(org, "kepala.ukpbj"))
    page = client.get(reverse("procurement:package-detail", kwargs={"pk": package.pk})).content.decode()
    for name in ("print-request", "print-pokja-decree"):
        assert reverse(f"procurement:{name}", kwargs={"pk": package.pk}) in page
    login(client, person(org, "ppk"))
    page = client.get(reverse("procurement:package-detail", kwargs={"pk": package.pk})).content.decode()
    assert reverse("procurement:print-request", kwargs={"pk": package.pk}) in page
    assert reverse("procurement:print-pokja-decree", kwargs={"pk": package.pk}) not in page  # the Kepala UKPBJ's SK
