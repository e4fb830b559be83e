"""The pages of the blacklist sanction proposals (issue 18 §3): "Usulkan sanksi" from a poor assessment on the
contract's page, a Pokja member's proposal from a finding, the UKPBJ's and the PA/KPA's actions with the Indonesian
message of each refusal, the SK as a real PDF, the imported national blacklist shown (never copied), the list's fixed
query count, and the vendor's own page with the decided proposals against it."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from sopan.core.testing import login
from sopan.performance import selectors_sanctions
from sopan.performance.models_sanctions import SanctionProposal
from sopan.performance.tests.factories import bind_performance_sop, company, person, vendor_company
from sopan.performance.tests.factories_sanctions import (
    FINDING,
    days_ago,
    national_entry,
    pokja_package,
    poor_assessment,
    proposal_at,
)
from sopan.vendors.models import BlacklistEntry

pytestmark = pytest.mark.django_db
S = SanctionProposal.Status


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def org(organization):
    bind_performance_sop(organization)
    return organization


def _action(client, proposal, name: str, **fields):
    data = {"transition": name, "version": proposal.version, **{f"{name}-{k}": v for k, v in fields.items()}}
    return client.post(reverse("performance:sanction-action", kwargs={"pk": proposal.pk}), data)


def test_ppk_proposes_from_the_contracts_page_and_a_proposal_without_ground_is_refused(org, client):
    poor = poor_assessment(org, company(org, name="CV Lalai Jaya"))
    login(client, person(org, "ppk"))
    page = client.get(reverse("performance:contract-detail", kwargs={"pk": poor.contract_id})).content.decode()
    assert 'id="propose-sanction-link"' in page and "Usulkan sanksi" in page
    url = reverse("performance:sanction-from-assessment", kwargs={"pk": poor.contract_id})
    refused = client.post(url, {"ground": "", "finding": FINDING})
    assert refused.status_code == 400
    assert "Pilih dasar sanksi (Pasal 78) dari daftar." in refused.content.decode()
    assert not SanctionProposal.objects.exists()
    done = client.post(url, {"ground": "contract_default"}, follow=True)
    proposal = SanctionProposal.objects.get()
    assert done.redirect_chain[-1][0] == reverse("performance:sanction-detail", kwargs={"pk": proposal.pk})
    assert "Sanksi telah diusulkan; UKPBJ akan mereviunya." in done.content.decode()
    page = client.get(reverse("performance:contract-detail", kwargs={"pk": poor.contract_id})).content.decode()
    assert 'id="propose-sanction-link"' not in page  # one live proposal per assessment


def test_no_proposal_page_for_an_assessment_that_is_not_poor(org, client):
    from sopan.performance import services
    from sopan.performance.tests.factories import contract

    given = contract(org, company=company(org))
    services.assessment_record(contract=given, by=person(org, "ppk"), seen_version=given.version,
                               scores={"quality": 3, "cost": 3, "time": 3, "service": 3})  # fmt: skip
    login(client, person(org, "ppk"))
    assert client.get(reverse("performance:sanction-from-assessment", kwargs={"pk": given.pk})).status_code == 404


def test_pokja_member_proposes_from_a_finding_in_the_selection(org, client):
    package = pokja_package(org, name="Rehabilitasi Gedung Sekolah")
    provider = company(org, name="PT Dokumen Palsu")
    login(client, person(org, "pokja"))
    url = reverse("performance:sanction-new")
    form = client.get(url).content.decode()
    assert "Pemilihan: Rehabilitasi Gedung Sekolah" in form
    refused = client.post(url, {"source": f"p{package.pk}", "company": provider.pk, "ground": "false_documents",
                                "finding": ""})  # fmt: skip
    assert refused.status_code == 400
    assert "Uraikan fakta yang ditemukan: usulan tanpa penilaian memerlukan temuan." in refused.content.decode()
    finding = "Sertifikat pengalaman yang diunggah tidak diterbitkan pemberi kerja."
    done = client.post(url, {"source": f"p{package.pk}", "company": provider.pk, "ground": "false_documents",
                             "finding": finding})  # fmt: skip
    proposal = SanctionProposal.objects.get()
    assert done.status_code == 302 and (proposal.proposer_role, proposal.package) == ("pokja", package)


def test_ukpbj_returns_without_a_note_is_refused_then_reviews_and_the_pa_imposes(org, client):
    proposal = proposal_at(org, poor_assessment(org, company(org)), "proposed")
    login(client, person(org, "kepala.ukpbj"))
    page = client.get(reverse("performance:sanction-detail", kwargs={"pk": proposal.pk})).content.decode()
    assert 'id="transition-review"' in page and 'id="transition-return"' in page
    refused = _action(client, proposal, "return", note="")
    assert refused.status_code == 400 and "Sebutkan alasan usulan dikembalikan." in refused.content.decode()
    done = client.get(_action(client, proposal, "review", note="Bukti lengkap.")["Location"]).content.decode()
    assert "Usulan telah direviu dan diteruskan kepada PA/KPA." in done
    proposal.refresh_from_db()
    assert proposal.status == S.REVIEWED
    stale = _action(client, SanctionProposal(pk=proposal.pk, version=1), "return", note="Terlambat.")
    assert stale.status_code == 409 and "Orang lain mengubah data ini" in stale.content.decode()

    login(client, person(org, "pa.kpa"))
    refused = _action(client, proposal, "reject", reason="")
    assert refused.status_code == 400 and "Berikan alasan penolakan." in refused.content.decode()
    today = timezone.localdate()
    _action(client, proposal, "impose", sk_date=today.isoformat(), starts_on=today.isoformat())
    proposal.refresh_from_db()
    assert proposal.status == S.IMPOSED and proposal.sk_number == f"1/SK-DH/DPUPR/{today.year}"
    page = client.get(reverse("performance:sanction-detail", kwargs={"pk": proposal.pk})).content.decode()
    assert 'id="sk-link"' in page and 'id="transition-report"' in page


def test_the_sk_prints_a_pdf_the_same_every_time(org, client):
    proposal = proposal_at(org, poor_assessment(org, company(org, name="CV Lalai Jaya"), number="KONTRAK/9/2026"),
                           "imposed")  # fmt: skip
    login(client, person(org, "kepala.ukpbj"))
    url = reverse("performance:sanction-print", kwargs={"pk": proposal.pk})
    first, again = client.get(url), client.get(url)
    assert first.status_code == 200 and first["Content-Type"] == "application/pdf"
    texts = [" ".join(p.extract_text() for p in PdfReader(io.BytesIO(r.content)).pages) for r in (first, again)]
    text = " ".join(texts[0].split())
    assert "PENETAPAN SANKSI DAFTAR HITAM" in text and proposal.sk_number in text
    assert "CV Lalai Jaya" in text and "KONTRAK/9/2026" in text and "Pasal 78 ayat (4) huruf a" in text
    assert "selama 1 (satu) tahun" in text
    assert proposal.sk_number in texts[1] and SanctionProposal.objects.get().sk_value == 1
    not_yet = proposal_at(org, poor_assessment(org, company(org), number="KONTRAK/10"), "reviewed")
    assert client.get(reverse("performance:sanction-print", kwargs={"pk": not_yet.pk})).status_code == 404


def test_the_national_blacklist_entry_in_force_is_shown_and_nothing_is_copied(org, client):
    listed = company(org, name="CV Sudah Tercantum")
    expired = company(org, name="CV Dulu Tercantum")
    national_entry(org, npwp="0" + listed.npwp if len(listed.npwp) == 15 else listed.npwp, starts_on=days_ago(30))
    national_entry(org, nib=expired.nib, starts_on=days_ago(800), ends_on=days_ago(70))
    first = proposal_at(org, poor_assessment(org, listed, number="K/1"), "reported")
    second = proposal_at(org, poor_assessment(org, expired, number="K/2"), "proposed")
    login(client, person(org, "kepala.ukpbj"))
    page = client.get(reverse("performance:sanction-detail", kwargs={"pk": first.pk})).content.decode()
    assert "Tercantum di daftar hitam nasional sejak" in page
    page = client.get(reverse("performance:sanction-detail", kwargs={"pk": second.pk})).content.decode()
    assert "Tidak tercantum di daftar hitam nasional" in page
    listing = client.get(reverse("performance:sanction-list")).content.decode()
    assert listing.count("Tercantum di daftar hitam nasional sejak") == 1
    assert BlacklistEntry.objects.count() == 2  # the reported sanction is not copied into the national list


def test_the_list_costs_a_fixed_number_of_queries(org, django_assert_max_num_queries):
    for n in range(6):
        proposal_at(org, poor_assessment(org, company(org), number=f"K/{n}"), "proposed")
    national_entry(org, npwp=SanctionProposal.objects.first().company.npwp, starts_on=days_ago(3))
    head = person(org, "kepala.ukpbj")
    head = type(head).objects.get(pk=head.pk)
    selectors_sanctions.proposal_list_for(head)  # the user's roles are read once
    with django_assert_max_num_queries(2):  # the page with its related rows, the national list's entries
        page = selectors_sanctions.proposal_list_for(head)
        shown = [(p.company.name, p.agency.name, p.proposed_by.full_name, p.listed) for p in page.items]
    assert len(shown) == 6 and sum(1 for row in shown if row[3] is not None) == 1


def test_the_vendor_sees_decided_proposals_on_its_page_and_no_staff_page(org, client):
    mine = vendor_company(org)
    proposal_at(org, poor_assessment(org, mine, number="K/1"), "imposed")
    proposal_at(org, poor_assessment(org, mine, number="K/2"), "reviewed")  # not decided yet: not shown
    login(client, mine.admin_user)
    page = client.get(reverse("performance:vendor-assessments")).content.decode()
    assert 'id="vendor-sanctions"' in page and page.count("SK-DH") == 1 and "Ditetapkan" in page
    assert client.get(reverse("performance:sanction-list")).status_code == 403
    assert client.get(reverse("performance:sanction-new")).status_code == 403


def test_the_index_shows_the_proposals_section(org, client):
    proposal_at(org, poor_assessment(org, company(org, name="CV Lalai Jaya")), "proposed")
    login(client, person(org, "kepala.ukpbj"))
    page = client.get(reverse("performance:index")).content.decode()
    assert 'id="sanctions"' in page and "CV Lalai Jaya" in page and "Usulan sanksi daftar hitam" in page


def test_dates_in_the_future_are_refused_on_the_page(org, client):
    proposal = proposal_at(org, poor_assessment(org, company(org)), "reviewed")
    login(client, person(org, "pa.kpa"))
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    refused = _action(client, proposal, "impose", sk_date=tomorrow, starts_on=tomorrow)
    assert refused.status_code == 400 and "Isi tanggal SK (hari ini atau sebelumnya)." in refused.content.decode()
    proposal.refresh_from_db()
    assert (proposal.status, proposal.sk_number) == (S.REVIEWED, "")


def test_the_pokja_member_finds_the_proposals_on_the_bar(org, client):
    url = reverse("performance:sanction-list")
    login(client, person(org, "pokja"))
    assert url in [item["url"] for item in client.get(reverse("core:home")).context["nav_items"]]
    login(client, person(org, "ppk"))  # reaches them from the vendor performance page instead
    assert url not in [item["url"] for item in client.get(reverse("core:home")).context["nav_items"]]
