"""The availability analysis of a package (issue 17 §4 and the fifth letter of §5), after Pagar Alam's SOP Analisa
Ketersediaan Pelaku Usaha: the candidates by KBLI, qualification and region (blacklisted ones shown as excluded), the
shortlist (step 3), the conclusion (step 4: "a" with steps 1–3 and 8, "b"), the PPK's proposal to correct the RUP
(step 5), the discussion (step 9), who may do what, the report letter, bad input in Indonesian and bounded queries."""

from __future__ import annotations

import datetime
import io
import itertools
import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from sopan.core.models import AuditEvent
from sopan.core.testing import login
from sopan.procurement import availability, rules
from sopan.procurement import services_availability as services
from sopan.procurement.models import AvailabilityAnalysis, PackageLetter
from sopan.procurement.tests.factories import make_package, person
from sopan.procurement.workflows_availability import AVAILABILITY
from sopan.sop.api import case_for
from sopan.vendors.models import BlacklistEntry, BlacklistImport, Company
from sopan.vendors.tests import factories as vendor_factories

pytestmark = pytest.mark.django_db
S = AvailabilityAnalysis.Status
TODAY = timezone.localdate()
_serial = itertools.count(1)


def bind_availability_sop(organization):
    """Pagar Alam's SOP Analisa Ketersediaan Pelaku Usaha in force here, bound to the procedure."""
    from sopan.sop import definition as d
    from sopan.sop.services import versions
    from sopan.sop.tests.factories import effective_version

    item = next(x for x in d.load_catalogue()["pagar-alam"] if x.key == "analisa-ketersediaan-pelaku-usaha")
    version = effective_version(organization, item.to_yaml())
    versions.procedure_bind(organization=organization, procedure=AVAILABILITY, sop=version.sop, by=None)


@pytest.fixture
def org(organization):
    bind_availability_sop(organization)
    return organization


@pytest.fixture
def package(org):
    return make_package(org, kd_rup="77100001", name="Rehabilitasi Saluran Drainase Kelurahan",
                        commitment_officer=person(org, "ppk"), budget_holder=person(org, "pa.kpa"))  # fmt: skip


def company(organization, name=None, *, kbli=("41011",), scale="small", province="33", regency="Kota Salatiga",
            status=Company.Status.ACTIVE, legal_form="cv", npwp=None, nib=None, save=True) -> Company:  # fmt: skip
    n = next(_serial)
    row = Company(
        organization=organization,
        **vendor_factories.company_data(
            name=name or f"CV Tirta Jaya {n:03d}", kbli=list(kbli), province=province, regency=regency,
            legal_form=legal_form, npwp=npwp or vendor_factories.valid_npwp(5000 + n),
            nib=nib if nib is not None else f"81201{n:08d}",
        ),
        business_scale=scale, admin_name="Direktur", admin_nik=vendor_factories.valid_nik(), admin_position="Direktur",
        status=status,
    )  # fmt: skip
    if save:
        row.save()
    return row


def blacklist(organization, *, npwp="", nib="", starts_on=None, ends_on=None, sk="SK-01/DH/2026"):
    by = person(organization, "kepala.lpse")
    source = BlacklistImport.objects.create(organization=organization, file_name="dh.xlsx", sha256="0" * 64, rows=1,
                                            imported_at=timezone.now(), imported_by=by)  # fmt: skip
    return BlacklistEntry.objects.create(organization=organization, source=source, name="Terdaftar", npwp=npwp,
                                         nib=nib, sk_number=sk, violation="Wanprestasi kontrak 2025",
                                         starts_on=starts_on, ends_on=ends_on)  # fmt: skip


def start(package, *, kbli="41011", qualification="small", province="33", regency="", minimum=3, by=None):
    return services.availability_save_criteria(
        package=package, by=by or person(package.organization, "jabfung.ppbj"), kbli=kbli,
        qualification=qualification, province=province, regency=regency, minimum_vendors=minimum,
    )  # fmt: skip


def names(analysis) -> list[str]:
    return [c.company.name for c in availability.candidate_page(analysis).items]


# --- the candidates (SOP step 2) ------------------------------------------------------------------------------------
def test_candidates_are_the_organisations_active_vendors_with_one_of_the_kbli_codes(package, other_organization):
    org = package.organization
    company(org, "CV A Konstruksi", kbli=("41011", "43211"))
    company(org, "CV B Drainase", kbli=("42919",))
    company(org, "CV C Lain", kbli=("41012",))  # a neighbouring code: not the same
    company(org, "CV D Ditangguhkan", status=Company.Status.SUSPENDED)
    company(org, "CV E Mendaftar", status=Company.Status.REGISTERING)
    company(other_organization, "CV F Kota Lain")
    analysis = start(package, kbli="41011, 42919")
    assert names(analysis) == ["CV A Konstruksi", "CV B Drainase"]


def test_candidates_fit_the_qualification_kecil_or_non_kecil(package):
    org = package.organization
    for name, scale, form in (("CV Mikro", "micro", "cv"), ("CV Kecil", "small", "cv"), ("PT Menengah", "medium", "pt"),
                              ("PT Besar", "large", "pt"), ("CV Tanpa Skala", "", "cv"),
                              ("Koperasi Tani", "", "koperasi")):  # fmt: skip
        company(org, name, scale=scale, legal_form=form)
    analysis = start(package, qualification="small")
    assert names(analysis) == ["CV Kecil", "CV Mikro", "Koperasi Tani"]
    analysis = start(package, qualification="non_small")
    assert names(analysis) == ["PT Besar", "PT Menengah"]
    analysis = start(package, qualification="any")
    assert len(names(analysis)) == 6


def test_candidates_are_of_the_province_and_the_regency_when_given(package):
    org = package.organization
    company(org, "CV Salatiga", regency="Kota Salatiga")
    company(org, "CV Semarang", regency="Kota Semarang")
    company(org, "CV Yogya", province="34", regency="Kota Yogyakarta")
    assert names(start(package, province="33")) == ["CV Salatiga", "CV Semarang"]
    assert names(start(package, province="33", regency="kota salatiga")) == ["CV Salatiga"]


def test_a_blacklisted_vendor_is_shown_as_excluded_and_not_counted(package):
    org = package.organization
    listed = company(org, "CV Hitam", npwp="012345678901234")
    company(org, "CV Bersih")
    by_nib = company(org, "CV Nib", nib="8120100000077")
    expired = company(org, "CV Pernah", npwp="098765432109876")
    blacklist(org, npwp="0012345678901234", starts_on=TODAY - datetime.timedelta(days=10))  # the 16-digit form
    blacklist(org, nib=by_nib.nib, sk="SK-02/DH/2026")
    blacklist(org, npwp=expired.npwp, ends_on=TODAY - datetime.timedelta(days=1))
    analysis = start(package)
    rows = {c.company.name: c for c in availability.candidate_page(analysis).items}
    assert rows["CV Hitam"].excluded and rows["CV Hitam"].blacklist.sk_number == "SK-01/DH/2026"
    assert rows["CV Nib"].excluded and rows["CV Nib"].blacklist.sk_number == "SK-02/DH/2026"
    assert not rows["CV Bersih"].excluded and not rows["CV Pernah"].excluded
    assert availability.eligible_count(analysis) == 2
    with pytest.raises(ValidationError):
        services.availability_update_shortlist(analysis=analysis, by=person(org, "jabfung.ppbj"), add=[listed.pk])
    assert not analysis.shortlist.exists()


# --- the shortlist (step 3) and the conclusion (step 4) -------------------------------------------------------------
def test_shortlist_then_enough_vendors_records_steps_1_to_4a_and_8_then_the_discussion_step_9(package):
    org = package.organization
    jabfung = person(org, "jabfung.ppbj")
    chosen = [company(org, f"CV Pilihan {i}") for i in range(3)]
    analysis = start(package, minimum=3)
    analysis = services.availability_update_shortlist(analysis=analysis, by=jabfung, add=[c.pk for c in chosen[:2]])
    with pytest.raises(ValidationError, match="paling sedikit 3"):
        services.availability_conclude(analysis=analysis, by=jabfung, enough=True)
    analysis = services.availability_update_shortlist(analysis=analysis, by=jabfung, add=[chosen[2].pk],
                                                      seen_version=analysis.version)  # fmt: skip
    analysis = services.availability_conclude(analysis=analysis, by=jabfung, enough=True, conclusion="Cukup.",
                                              seen_version=analysis.version)  # fmt: skip
    assert analysis.status == S.QUALIFIED and analysis.shortlist.count() == 3
    case = case_for(analysis, procedure=AVAILABILITY)
    done = dict(case.steps.filter(status="done").values_list("step_key", "exit_label"))
    assert {"reviu-dokumen-rup", "analisa-data-penyedia", "pilih-pelaku-usaha", "dokumentasikan-hasil-analisa"} <= set(
        done
    )
    assert done["evaluasi-kualifikasi"] == "a"
    with pytest.raises(ValidationError):  # concluded: the shortlist no longer changes
        services.availability_update_shortlist(analysis=analysis, by=jabfung, remove=[chosen[0].pk])
    analysis = services.availability_record_discussion(analysis=analysis, by=jabfung,
                                                       action_plan="Perluas sosialisasi ke asosiasi.")  # fmt: skip
    case.refresh_from_db()
    assert analysis.status == S.DISCUSSED and case.status == "completed"
    assert "procurement.availability.concluded_qualified" in set(
        AuditEvent.objects.filter(target_id=str(analysis.pk)).values_list("action", flat=True)
    )


def test_too_few_vendors_goes_to_the_ppk_who_proposes_the_rup_correction_step_5(package):
    org = package.organization
    jabfung, ppk = person(org, "jabfung.ppbj"), person(org, "ppk")
    company(org, "CV Satu-satunya")
    analysis = start(package, minimum=3)
    with pytest.raises(PermissionDenied):  # the analyst does not propose
        services.availability_propose_correction(analysis=analysis, by=jabfung, changes=["method"], text="x")
    analysis = services.availability_conclude(analysis=analysis, by=jabfung, enough=False)
    assert analysis.status == S.SHORT
    with pytest.raises(PermissionDenied):
        services.availability_propose_correction(analysis=analysis, by=jabfung, changes=["method"], text="x")
    with pytest.raises(ValidationError):
        services.availability_propose_correction(analysis=analysis, by=ppk, changes=[], text="Ubah metode.")
    analysis = services.availability_propose_correction(
        analysis=analysis, by=ppk, changes=["method", "qualification"], method="direct_appointment",
        text="Hanya satu penyedia: usulkan penunjukan langsung.",
    )  # fmt: skip
    assert analysis.status == S.PROPOSED and analysis.proposed_by == ppk
    case = case_for(analysis, procedure=AVAILABILITY)
    done = dict(case.steps.filter(status="done").values_list("step_key", "exit_label"))
    assert done["evaluasi-kualifikasi"] == "b" and "sampaikan-usulan-perbaikan-rup" in done
    assert case.status == "completed"


def test_too_few_is_refused_while_enough_qualified_vendors_are_registered(package):
    org = package.organization
    for i in range(3):
        company(org, f"CV Cukup {i}")
    analysis = start(package, minimum=3)
    with pytest.raises(ValidationError, match="3 pelaku usaha terkualifikasi"):
        services.availability_conclude(analysis=analysis, by=person(org, "jabfung.ppbj"), enough=False)


def test_changing_the_criteria_drops_the_shortlisted_vendors_that_no_longer_fit(package):
    org = package.organization
    jabfung = person(org, "jabfung.ppbj")
    small, medium = company(org, "CV Kecil"), company(org, "PT Menengah", scale="medium")
    analysis = start(package, qualification="any")
    analysis = services.availability_update_shortlist(analysis=analysis, by=jabfung, add=[small.pk, medium.pk])
    analysis = start(package, qualification="non_small")
    assert list(analysis.shortlist.values_list("company_id", flat=True)) == [medium.pk]


# --- who may do what --------------------------------------------------------------------------------------------------
def test_only_the_jabfung_and_the_head_analyse(package):
    org = package.organization
    assert start(package, by=person(org, "kepala.ukpbj")).status == S.DRAFT
    for username in ("ppk", "pa.kpa", "pokja", "penyedia.admin"):
        with pytest.raises(PermissionDenied):
            start(package, by=person(org, username))


@pytest.mark.parametrize(
    ("username", "status"),
    [("jabfung.ppbj", 200), ("kepala.ukpbj", 200), ("ppk", 200), ("pa.kpa", 200), ("pokja", 404),
     ("penyedia.admin", 403), ("verifikator", 403)],
)  # fmt: skip
def test_the_page_by_persona(client, package, username, status):
    start(package)
    login(client, person(package.organization, username))
    response = client.get(reverse("procurement:availability", kwargs={"pk": package.pk}))
    assert response.status_code == status
    if status == 200:
        page = response.content.decode()
        assert ('id="criteria-form"' in page) == (username in ("jabfung.ppbj", "kepala.ukpbj"))


def test_another_organisations_package_is_404(client, package, other_organization):
    from sopan.accounts import demo

    start(package)
    spec = demo.Persona("batang.kepala.ukpbj", "Kepala UKPBJ Batang", "ukpbj_head", "LPSE")
    outsider = demo.ensure_persona(other_organization, spec, with_totp=False)
    login(client, outsider)
    for name in ("availability", "print-availability"):
        assert client.get(reverse(f"procurement:{name}", kwargs={"pk": package.pk})).status_code == 404
    assert client.post(reverse("procurement:availability", kwargs={"pk": package.pk}),
                       {"action": "criteria"}).status_code == 404  # fmt: skip


def test_the_ppk_sends_the_proposal_from_the_page(client, package):
    org = package.organization
    analysis = start(package)
    services.availability_conclude(analysis=analysis, by=person(org, "jabfung.ppbj"), enough=False)
    login(client, person(org, "ppk"))
    url = reverse("procurement:availability", kwargs={"pk": package.pk})
    assert 'id="proposal-form"' in client.get(url).content.decode()
    assert client.post(url, {"action": "criteria", "criteria-kbli": "41011"}).status_code == 403
    response = client.post(url, {"action": "propose", "proposal-proposal_changes": ["method"],
                                 "proposal-proposed_method": "direct_appointment",
                                 "proposal-proposal_text": "Ubah metode."})  # fmt: skip
    assert response.status_code == 302
    assert AvailabilityAnalysis.objects.get(pk=analysis.pk).status == S.PROPOSED


# --- the page: the flow, bad input in Indonesian, bounded queries -----------------------------------------------------
def test_the_analyst_saves_criteria_shortlists_and_concludes_on_the_page(client, package):
    org = package.organization
    chosen = [company(org, f"CV Halaman {i}") for i in range(3)]
    login(client, person(org, "jabfung.ppbj"))
    url = reverse("procurement:availability", kwargs={"pk": package.pk})
    response = client.post(url, {"action": "criteria", "criteria-kbli": "41011", "criteria-qualification": "small",
                                 "criteria-province": "33", "criteria-minimum_vendors": "3"})  # fmt: skip
    assert response.status_code == 302
    analysis = AvailabilityAnalysis.objects.get(package=package)
    page = client.get(url).content.decode()
    assert all(f'id="candidate-{c.pk}"' in page for c in chosen)
    ids = [str(c.pk) for c in chosen]
    response = client.post(url, {"action": "shortlist", "shown": ids, "chosen": ids, "version": analysis.version})
    assert response.status_code == 302 and analysis.shortlist.count() == 3
    analysis.refresh_from_db()
    response = client.post(url, {"action": "conclude_qualified", "conclusion-version": analysis.version,
                                 "conclusion-conclusion": "Tersedia cukup penyedia."})  # fmt: skip
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert 'id="print-availability"' in page and "Tersedia cukup penyedia." in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("kbli", "4101", "Kode KBLI 4101 harus terdiri atas 5 angka"),
        ("kbli", "", "Bidang ini tidak boleh kosong."),
        ("province", "99", "Masukkan pilihan yang valid."),
        ("minimum_vendors", "0", "Jumlah penyedia yang dibutuhkan antara 1 dan 50."),
    ],
)
def test_bad_criteria_are_refused_in_indonesian_on_the_page(client, package, field, value, message):
    login(client, person(package.organization, "jabfung.ppbj"))
    data = {"action": "criteria", "criteria-kbli": "41011", "criteria-qualification": "small",
            "criteria-province": "33", "criteria-minimum_vendors": "3", f"criteria-{field}": value}  # fmt: skip
    response = client.post(reverse("procurement:availability", kwargs={"pk": package.pk}), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not AvailabilityAnalysis.objects.filter(package=package).exists()


def test_the_service_refuses_an_unknown_province_and_a_short_kbli_in_indonesian(package):
    with translation.override("id"), pytest.raises(ValidationError) as error:
        start(package, kbli="4101, 41011", province="99")
    assert error.value.message_dict["province"] == ["Pilih provinsi dari daftar."]
    assert "harus terdiri atas 5 angka" in error.value.message_dict["kbli"][0]


def test_the_page_runs_a_bounded_number_of_queries_whatever_the_candidates(
    client, package, django_assert_max_num_queries
):
    org = package.organization
    analysis = start(package)
    Company.objects.bulk_create(company(org, f"CV Banyak {i:03d}", save=False) for i in range(70))
    blacklist(org, npwp=Company.objects.filter(organization=org).order_by("name").first().npwp)
    services.availability_update_shortlist(
        analysis=analysis, by=person(org, "jabfung.ppbj"),
        add=list(Company.objects.filter(organization=org).order_by("-name").values_list("pk", flat=True)[:20]),
    )  # fmt: skip
    login(client, person(org, "jabfung.ppbj"))
    url = reverse("procurement:availability", kwargs={"pk": package.pk})
    with django_assert_max_num_queries(22):
        response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200 and page.count('id="candidate-') == availability.PAGE_SIZE
    assert 'id="next-page"' in page and "SK-01/DH/2026" in page
    cursor = re.search(r'\?cursor=([^"]+)"', page).group(1)
    with django_assert_max_num_queries(22):
        second = client.get(url + f"?cursor={cursor}").content.decode()
    assert second.count('id="candidate-') == 20


# --- the report (issue 17 §5) --------------------------------------------------------------------------------------
def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def test_the_report_is_numbered_on_first_print_lists_the_shortlist_and_keeps_its_number(client, package):
    org = package.organization
    jabfung = person(org, "jabfung.ppbj")
    chosen = [company(org, f"CV Laporan {i}", kbli=("42919",)) for i in range(3)]
    analysis = start(package, kbli="42919")
    url = reverse("procurement:print-availability", kwargs={"pk": package.pk})
    login(client, person(org, "ppk"))
    assert client.get(url).status_code == 404  # not concluded yet
    analysis = services.availability_update_shortlist(analysis=analysis, by=jabfung, add=[c.pk for c in chosen])
    services.availability_conclude(analysis=analysis, by=jabfung, enough=True)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(b"".join(response))
    number = f"1/LHAK-PBJ/UKPBJ/{TODAY.year}"
    for expected in (number, "LAPORAN HASIL ANALISA KETERSEDIAAN PELAKU USAHA", "77100001", "42919",
                     "Usaha Kecil (termasuk Koperasi)", "CV Laporan 0", "CV Laporan 2", "Jawa Tengah"):  # fmt: skip
        assert expected in text, expected
    again = pdf_text(b"".join(client.get(url)))
    assert number in again
    assert PackageLetter.objects.filter(package=package, kind="availability").count() == 1


def test_the_report_of_a_shortage_carries_the_ppks_proposal(client, package):
    org = package.organization
    analysis = start(package)
    analysis = services.availability_conclude(analysis=analysis, by=person(org, "jabfung.ppbj"), enough=False)
    services.availability_propose_correction(analysis=analysis, by=person(org, "ppk"), changes=["region"],
                                             text="Perluas wilayah ke seluruh Jawa Tengah.")  # fmt: skip
    login(client, person(org, "pa.kpa"))
    text = pdf_text(b"".join(client.get(reverse("procurement:print-availability", kwargs={"pk": package.pk}))))
    assert "tidak mencukupi" in text and "Wilayah/lokasi" in text and "Perluas wilayah" in text


# --- the rule the analysis starts from --------------------------------------------------------------------------------
def test_the_suggested_qualification_follows_the_reservation_for_small_businesses():
    on = datetime.date(2026, 3, 1)
    qualification, reason = rules.suggested_qualification(Decimal("15000000000"), on)
    assert qualification == "small" and "Pasal 65 ayat (4)" in reason.source
    assert rules.suggested_qualification(Decimal("15000000001"), on) == ("non_small", None)
    assert rules.suggested_qualification(Decimal("1000"), datetime.date(2020, 1, 1)) == ("any", None)


# --- the demo ---------------------------------------------------------------------------------------------------------
def test_the_demo_analyses_two_packages_through_the_services_once(org):
    from sopan.procurement import demo
    from sopan.procurement.tests.factories import bind_stage_sops
    from sopan.vendors.demo import locality_for

    bind_stage_sops(org)
    for username in ("jabfung.ppbj", "ppk", "pa.kpa", "kepala.ukpbj", "pokja", "tim.analisis"):
        person(org, username)
    province = locality_for(org).province
    company(org, "CV Demo Satu", province=province)
    company(org, "CV Demo Dua", province=province, scale="micro")
    demo.seed(org)
    analyses = {(a.package.kd_rup[-2:], a.round): a for a in AvailabilityAnalysis.objects.select_related("package")}
    assert set(analyses) == {("03", 1), ("09", 1), ("09", 2)}
    assert analyses["03", 1].status == S.DISCUSSED and analyses["03", 1].shortlist.count() == 2
    assert analyses["09", 1].status == S.PROPOSED and analyses["09", 1].proposed_method == "e_purchasing"
    assert case_for(analyses["09", 1], procedure=AVAILABILITY).status == "completed"
    assert analyses["09", 2].status == S.DRAFT and analyses["09", 2].kbli == ["46638"]
    assert availability.current_analysis(analyses["09", 1].package) == analyses["09", 2]
    events = AuditEvent.objects.count()
    demo.seed(org)
    assert AuditEvent.objects.count() == events and AvailabilityAnalysis.objects.count() == 3


# --- rounds: the analysis again after the RUP is corrected ------------------------------------------------------------
def proposed(package, *, kbli="41011", regency="Kota Salatiga"):
    """Round 1 concluded "too few" (step 4 "b") and the PPK's proposal sent (step 5)."""
    org = package.organization
    analysis = start(package, kbli=kbli, regency=regency)
    analysis = services.availability_conclude(analysis=analysis, by=person(org, "jabfung.ppbj"), enough=False,
                                              conclusion="Hanya satu penyedia di kota ini.")  # fmt: skip
    return services.availability_propose_correction(
        analysis=analysis, by=person(org, "ppk"), changes=["region"], text="Perluas wilayah ke seluruh provinsi."
    )


def reanalyse(analysis, *, by=None, note="Wilayah diperluas ke Provinsi Jawa Tengah."):
    by = by or person(analysis.organization, "jabfung.ppbj")
    return services.availability_reanalyse(analysis=analysis, by=by, note=note, seen_version=analysis.version)


def print_text(client, package, query="") -> str:
    response = client.get(reverse("procurement:print-availability", kwargs={"pk": package.pk}) + query)
    assert response.status_code == 200, response.content[:300]
    return pdf_text(b"".join(response))


def test_round_2_after_a_proposal_starts_from_round_1s_criteria_and_round_1_stays_printable(client, package):
    org = package.organization
    jabfung = person(org, "jabfung.ppbj")
    company(org, "CV Kota Salatiga", regency="Kota Salatiga")
    wider = [company(org, f"CV Provinsi {i}", regency="Kota Semarang") for i in range(2)]
    first = proposed(package)
    login(client, person(org, "pa.kpa"))
    number_1 = f"1/LHAK-PBJ/UKPBJ/{TODAY.year}"
    assert number_1 in print_text(client, package)  # round 1's report, numbered while it is the current round
    second = reanalyse(first)
    assert (second.round, second.status, second.analysed_by) == (2, S.DRAFT, jabfung)
    assert (second.kbli, second.qualification, second.province, second.regency, second.minimum_vendors) == (
        ["41011"],
        "small",
        "33",
        "Kota Salatiga",
        3,
    )
    assert second.notes == "Wilayah diperluas ke Provinsi Jawa Tengah." and not second.shortlist.exists()
    assert availability.current_analysis(package) == second
    # the analyst edits the copied criteria: only round 2 changes
    second = start(package, regency="")
    first.refresh_from_db()
    assert second.round == 2 and second.regency == "" and first.regency == "Kota Salatiga"
    assert (first.status, first.proposal_text) == (S.PROPOSED, "Perluas wilayah ke seluruh provinsi.")
    with pytest.raises(ValidationError):  # round 1 is read-only
        services.availability_update_shortlist(analysis=first, by=jabfung, add=[wider[0].pk])
    everyone = list(Company.objects.filter(organization=org).values_list("pk", flat=True))
    second = services.availability_update_shortlist(analysis=second, by=jabfung, add=everyone)
    services.availability_conclude(analysis=second, by=jabfung, enough=True, seen_version=second.version)
    text = print_text(client, package)  # the current round: round 2, with its own number
    number_2 = f"2/LHAK-PBJ/UKPBJ/{TODAY.year}"
    assert number_2 in text and "putaran ke-2" in text and f"Laporan Nomor {number_1}" in text
    assert "CV Provinsi 1" in text
    again = print_text(client, package, "?putaran=1")  # round 1 as it was, with its number
    assert number_1 in again and "tidak mencukupi" in again and "Perluas wilayah" in again
    assert "CV Provinsi" not in again and number_2 not in again
    assert number_2 in print_text(client, package, "?putaran=2")
    letters = PackageLetter.objects.filter(package=package, kind="availability")
    assert dict(letters.values_list("key", "number")) == {"1": number_1, "2": number_2}
    page = client.get(reverse("procurement:availability", kwargs={"pk": package.pk})).content.decode()
    assert 'id="analysis-round"' in page and 'id="round-1"' in page and 'id="round-2"' not in page
    assert "?putaran=1" in page and "Hanya satu penyedia di kota ini." in page


@pytest.mark.parametrize("status", ["draft", "qualified", "short"])
def test_analysing_again_is_refused_before_the_proposal_in_indonesian(package, status):
    org = package.organization
    jabfung = person(org, "jabfung.ppbj")
    for i in range(3):
        company(org, f"CV Ada {i}")
    analysis = start(package, minimum=3 if status == "qualified" else 5)
    if status == "qualified":
        analysis = services.availability_update_shortlist(
            analysis=analysis, by=jabfung, add=list(Company.objects.values_list("pk", flat=True))
        )
    if status != "draft":
        analysis = services.availability_conclude(analysis=analysis, by=jabfung, enough=status == "qualified")
    assert analysis.status == status
    with translation.override("id"), pytest.raises(ValidationError) as error:
        reanalyse(analysis)
    assert "Hanya analisa yang usulan perbaikan RUP-nya telah disampaikan kepada PA/KPA" in error.value.messages[0]
    assert AvailabilityAnalysis.objects.filter(package=package).count() == 1


def test_a_round_is_analysed_again_once(package):
    first = proposed(package)
    reanalyse(first)
    with pytest.raises(ValidationError) as stale:  # the same view, sent twice
        reanalyse(first)
    assert stale.value.code == "stale"
    first.refresh_from_db()
    with translation.override("id"), pytest.raises(ValidationError) as error:  # a fresh view of the old round
        reanalyse(first)
    assert "Putaran 1 bukan analisa yang berlaku" in error.value.messages[0]
    assert list(AvailabilityAnalysis.objects.filter(package=package).values_list("round", flat=True)) == [1, 2]


def test_the_ppk_may_not_start_again_but_the_head_may(client, package):
    org = package.organization
    first = proposed(package)
    for username in ("ppk", "pa.kpa"):
        with pytest.raises(PermissionDenied):
            reanalyse(first, by=person(org, username))
    login(client, person(org, "ppk"))
    url = reverse("procurement:availability", kwargs={"pk": package.pk})
    assert 'id="reanalyse-form"' not in client.get(url).content.decode()
    data = {"action": "reanalyse", "reanalyse-version": first.version, "reanalyse-note": "x"}
    assert client.post(url, data).status_code == 403
    login(client, person(org, "kepala.ukpbj"))
    assert 'id="reanalyse-form"' in client.get(url).content.decode()
    assert client.post(url, data).status_code == 302
    assert availability.current_analysis(package).round == 2


def test_the_page_refuses_analysing_again_from_a_draft_in_indonesian(client, package):
    analysis = start(package)
    login(client, person(package.organization, "jabfung.ppbj"))
    url = reverse("procurement:availability", kwargs={"pk": package.pk})
    response = client.post(url, {"action": "reanalyse", "reanalyse-version": analysis.version})
    assert response.status_code == 400
    assert "Hanya analisa yang usulan perbaikan RUP-nya telah disampaikan" in response.content.decode()


def test_another_organisations_rounds_are_404(client, package, other_organization):
    from sopan.accounts import demo

    first = proposed(package)
    reanalyse(first)
    spec = demo.Persona("batang.kepala.ukpbj", "Kepala UKPBJ Batang", "ukpbj_head", "LPSE")
    login(client, demo.ensure_persona(other_organization, spec, with_totp=False))
    url = reverse("procurement:print-availability", kwargs={"pk": package.pk})
    assert client.get(url + "?putaran=1").status_code == 404
    response = client.post(reverse("procurement:availability", kwargs={"pk": package.pk}),
                           {"action": "reanalyse", "reanalyse-version": "2"})  # fmt: skip
    assert response.status_code == 404
    assert AvailabilityAnalysis.objects.filter(package=package).count() == 2


def test_a_round_that_does_not_exist_or_is_open_is_404(client, package):
    reanalyse(proposed(package))
    login(client, person(package.organization, "kepala.ukpbj"))
    url = reverse("procurement:print-availability", kwargs={"pk": package.pk})
    with translation.override("id"):
        assert "tidak memiliki putaran 5" in client.get(url + "?putaran=5").content.decode()
    for query in ("?putaran=5", "?putaran=x", "?putaran=0", "?putaran=2", ""):  # round 2 is a draft
        assert client.get(url + query).status_code == 404, query
    assert client.get(url + "?putaran=1").status_code == 200


def test_the_pages_cost_the_same_queries_with_two_rounds_as_with_one(client, package):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    org = package.organization
    first = proposed(package)
    login(client, person(org, "kepala.ukpbj"))
    urls = [
        reverse(name, kwargs={"pk": package.pk}) for name in ("procurement:availability", "procurement:package-detail")
    ]

    def counts():
        found = []
        for url in urls:
            client.get(url)  # warm the per-process caches (content types, parsed SOPs)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            found.append(len(queries))
        return found

    one = counts()
    second = reanalyse(first)
    second = services.availability_conclude(analysis=second, by=person(org, "jabfung.ppbj"), enough=False)
    services.availability_propose_correction(analysis=second, by=person(org, "ppk"), changes=["method"],
                                             method="e_purchasing", text="Gunakan katalog elektronik.")  # fmt: skip
    page = client.get(urls[0]).content.decode()
    assert 'id="round-1"' in page and "Gunakan katalog elektronik." in page
    assert counts() == one


def test_the_steps_of_round_2_are_recorded_in_a_case_of_its_own(client, package):
    """`sop.api.case_for(subject, procedure)` finds the subject's one case (one per subject and procedure), and
    `record_steps` on a completed case jumps to the step and reopens it. So the round, not the package, is the
    subject: round 2's steps open a new case and round 1's completed case is left as it was."""
    from sopan.sop.models import Case

    org = package.organization
    first = proposed(package)
    case_1 = case_for(first, procedure=AVAILABILITY)
    assert case_1.status == "completed"
    steps_1 = list(case_1.steps.order_by("id").values_list("step_key", "status", "completed_at"))
    second = reanalyse(first)
    assert case_for(second, procedure=AVAILABILITY) is None  # started with its first step, as round 1's was
    services.availability_conclude(analysis=second, by=person(org, "jabfung.ppbj"), enough=False)
    case_2 = case_for(second, procedure=AVAILABILITY)
    assert case_2.pk != case_1.pk and case_2.status == "open"
    done = dict(case_2.steps.filter(status="done").values_list("step_key", "exit_label"))
    assert done["evaluasi-kualifikasi"] == "b" and "reviu-dokumen-rup" in done
    case_1.refresh_from_db()
    assert case_1.status == "completed"
    assert list(case_1.steps.order_by("id").values_list("step_key", "status", "completed_at")) == steps_1
    assert Case.objects.filter(procedure=AVAILABILITY).count() == 2
    # the package's "Alur SOP" shows both runs, each named by its round, the latest last (the open tab)
    login(client, person(org, "kepala.ukpbj"))
    with translation.override("id"):
        page = client.get(reverse("procurement:package-detail", kwargs={"pk": package.pk})).content.decode()
    tabs = re.findall(r'id="sop-flow-tab-(\d+)"[^>]*>([^<]+)<', page)
    assert [int(pk) for pk, _label in tabs] == [case_1.pk, case_2.pk]
    assert [label.strip().endswith(f"(putaran {n})") for n, (_pk, label) in enumerate(tabs, 1)] == [True, True]
