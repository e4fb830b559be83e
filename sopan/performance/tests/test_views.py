"""The pages of vendor performance (issue 18 §6): the PPK assesses on the contract's page (a refused form shows the
Indonesian message and changes nothing), the Berita Acara prints as a real PDF numbered once, the vendor sees its own
assessments and responds until the deadline, and gets nothing under the staff pages."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from sopan.core.testing import login
from sopan.performance import services
from sopan.performance.models import Assessment, Contract
from sopan.performance.tests.factories import bind_performance_sop, company, contract, person, vendor_company

pytestmark = pytest.mark.django_db
SCORES = {"score_quality": "3", "score_cost": "2", "score_time": "3", "score_service": "2"}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def org(organization):
    bind_performance_sop(organization)
    return organization


def _assessed(org, provider=None, **fields):
    given = contract(org, company=provider or vendor_company(org), **fields)
    return services.assessment_record(contract=given, by=person(org, "ppk"), seen_version=given.version,
                                      scores={"quality": 3, "cost": 2, "time": 3, "service": 2})  # fmt: skip


def test_ppk_sees_the_list_the_overdue_and_assesses_on_the_contracts_page(org, client):
    given = contract(org, name="Drainase Kelurahan", company=company(org))
    contract(org, name="Saluran Irigasi", assessment_due_on=timezone.localdate() - datetime.timedelta(days=1))
    login(client, person(org, "ppk"))
    page = client.get(reverse("performance:index")).content.decode()
    assert "Drainase Kelurahan" in page and "Penilaian yang terlambat" in page
    assert page.index("Saluran Irigasi") < page.index("Kontrak dan penilaian")  # listed among the overdue
    detail = client.get(reverse("performance:contract-detail", kwargs={"pk": given.pk}))
    assert b'id="assessment-form"' in detail.content
    done = client.post(reverse("performance:contract-assess", kwargs={"pk": given.pk}),
                       {**SCORES, "version": given.version, "sikap_reference": "SIKAP-1"}, follow=True)  # fmt: skip
    assert done.status_code == 200
    assert "Penilaian telah dicatat dan dikirim ke Tim UKPBJ." in done.content.decode()
    assert Assessment.objects.get(contract=given).band == "good"


def test_the_page_shows_the_five_longest_overdue_and_the_filter_lists_them_all(org, client):
    today = timezone.localdate()
    for days in range(1, 8):
        contract(org, name=f"Terlambat {days} hari", assessment_due_on=today - datetime.timedelta(days=days))
    contract(org, name="Belum jatuh tempo")
    login(client, person(org, "ppk"))
    page = client.get(reverse("performance:index")).content.decode()
    overdue = page[page.index('id="overdue"') : page.index('id="sanctions"')]
    assert [f"Terlambat {d} hari" in overdue for d in range(7, 0, -1)] == [True] * 5 + [False] * 2  # longest first
    assert 'id="overdue-all-link"' in overdue
    listed = client.get(reverse("performance:index"), {"tampil": "overdue"}).content.decode()
    table = listed[listed.index('id="contract-table"') :]
    assert all(f"Terlambat {d} hari" in table for d in range(1, 8)) and "Belum jatuh tempo" not in table


def test_the_contracts_page_draws_its_sop_case(org, client):
    from sopan.performance.services import _open_case

    given = contract(org)
    _open_case(given, strict=True)
    login(client, person(org, "ppk"))
    page = client.get(reverse("performance:contract-detail", kwargs={"pk": given.pk})).content.decode()
    assert 'id="sop-progress"' in page and "PPK mengirimkan undangan rapat" in page


def test_a_score_outside_the_scale_shows_the_indonesian_message_and_nothing_changes(org, client):
    given = contract(org, company=company(org))
    login(client, person(org, "ppk"))
    refused = client.post(reverse("performance:contract-assess", kwargs={"pk": given.pk}),
                          {**SCORES, "score_cost": "5", "version": given.version})  # fmt: skip
    assert refused.status_code == 400
    assert "Nilai untuk Biaya harus salah satu dari 0, 1, 2, 3." in refused.content.decode()
    given.refresh_from_db()
    assert (given.status, given.version) == (Contract.Status.AWAITING, 1) and not Assessment.objects.exists()


def test_a_second_assessment_from_an_old_page_is_refused(org, client):
    assessment = _assessed(org)
    login(client, person(org, "ppk"))
    refused = client.post(reverse("performance:contract-assess", kwargs={"pk": assessment.contract_id}),
                          {**SCORES, "version": 2})  # fmt: skip
    assert refused.status_code == 400
    assert "Penyedia kontrak ini sudah dinilai: satu kontrak dinilai satu kali." in refused.content.decode()


def test_ppk_records_a_contract_by_hand(org, client):
    provider = company(org)
    login(client, person(org, "ppk"))
    url = reverse("performance:contract-new")
    data = {"name": "Pembangunan Pagar", "number": "K/7", "company": provider.pk, "value": "100000000",
            "ended_on": timezone.localdate().isoformat(), "ending": "force_majeure", "kind": "construction",
            "method": "tender"}  # fmt: skip
    refused = client.post(url, {**data, "ended_on": (timezone.localdate() + datetime.timedelta(days=3)).isoformat()})
    assert refused.status_code == 400 and "Tanggal tidak boleh di masa depan." in refused.content.decode()
    done = client.post(url, data)
    recorded = Contract.objects.get(number="K/7")
    assert done.status_code == 302 and done["Location"] == reverse("performance:contract-detail", args=[recorded.pk])
    assert recorded.ending == "force_majeure"


def test_the_berita_acara_prints_a_pdf_numbered_once(org, client):
    assessment = _assessed(org, number="KONTRAK/77/2026")
    login(client, person(org, "kepala.ukpbj"))
    url = reverse("performance:print-assessment", kwargs={"pk": assessment.contract_id})
    first = client.get(url)
    assert first.status_code == 200 and first["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(first.content)).pages)
    year = timezone.localdate().year
    assert "BERITA ACARA PENILAIAN KINERJA PENYEDIA" in text
    assert f"1/BA-KP/DPUPR/{year}" in text and "KONTRAK/77/2026" in text and "BAIK" in text
    assert "Kualitas dan Kuantitas Pekerjaan" in text
    client.get(url)
    assessment.refresh_from_db()
    assert (assessment.letter_number, assessment.letter_value) == (f"1/BA-KP/DPUPR/{year}", 1)


def test_no_berita_acara_before_the_assessment(org, client):
    login(client, person(org, "ppk"))
    assert client.get(reverse("performance:print-assessment", kwargs={"pk": contract(org).pk})).status_code == 404


@pytest.mark.parametrize("name", ["performance:index", "performance:report", "performance:contract-new"])
def test_a_vendor_gets_nothing_under_the_staff_pages(org, client, name):
    vendor_company(org)
    login(client, person(org, "penyedia.admin"))
    assert client.get(reverse(name)).status_code == 403


def test_a_vendor_gets_403_for_a_contract_page_even_its_own(org, client):
    assessment = _assessed(org)
    login(client, person(org, "penyedia.admin"))
    assert client.get(reverse("performance:contract-detail", args=[assessment.contract_id])).status_code == 403


def test_the_vendor_sees_its_own_assessments_and_responds_before_the_deadline(org, client):
    mine = _assessed(org, name="Pengadaan Seragam")
    _assessed(org, provider=company(org), name="Kontrak Penyedia Lain")
    login(client, person(org, "penyedia.admin"))
    page = client.get(reverse("performance:vendor-assessments")).content.decode()
    assert "Pengadaan Seragam" in page and "Kontrak Penyedia Lain" not in page
    url = reverse("performance:vendor-respond", kwargs={"pk": mine.pk})
    done = client.post(url, {"text": "Kami sepakat dengan penilaian.", "version": mine.version})
    assert done.status_code == 302
    mine.refresh_from_db()
    assert mine.response == "Kami sepakat dengan penilaian." and mine.responded_by == person(org, "penyedia.admin")
    again = client.post(url, {"text": "Tambahan", "version": mine.version})
    assert again.status_code == 400 and "Anda sudah menanggapi penilaian ini." in again.content.decode()


def test_after_the_deadline_the_response_is_refused_with_a_message(org, client):
    mine = _assessed(org)
    login(client, person(org, "penyedia.admin"))
    Assessment.objects.filter(pk=mine.pk).update(response_due_on=timezone.localdate() - datetime.timedelta(days=1))
    refused = client.post(reverse("performance:vendor-respond", kwargs={"pk": mine.pk}),
                          {"text": "Terlambat", "version": mine.version})  # fmt: skip
    assert refused.status_code == 400
    assert "Batas waktu tanggapan telah berakhir pada" in refused.content.decode()
    mine.refresh_from_db()
    assert mine.response == "" and mine.responded_at is None


def test_another_companys_assessment_answers_404_to_the_vendor(org, client):
    other = _assessed(org, provider=company(org))
    vendor_company(org)
    login(client, person(org, "penyedia.admin"))
    assert client.post(reverse("performance:vendor-respond", kwargs={"pk": other.pk}), {"text": "x"}).status_code == 404


def test_the_deadlines_page_of_the_kepala_ukpbj(org, client):
    login(client, person(org, "kepala.ukpbj"))
    url = reverse("performance:settings")
    page = client.get(url).content.decode()
    assert 'value="10"' in page and 'value="5"' in page  # Sopan's defaults (rules.py)
    refused = client.post(url, {"assessment_working_days": "0", "response_working_days": "5"})
    assert refused.status_code == 400
    assert client.post(url, {"assessment_working_days": "7", "response_working_days": "3"}).status_code == 302
    from sopan.performance.rules import settings_of

    assert (settings_of(org).assessment_working_days, settings_of(org).response_working_days) == (7, 3)
