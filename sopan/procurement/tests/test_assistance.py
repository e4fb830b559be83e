"""The assistance of a package by a Jabfung PPBJ (issue 17 §2): SOP Perencanaan Pengadaan steps 3 "a", 4, 5 and SOP
Persiapan Pengadaan steps 5 "a", 6, 7 (the catalogue's printed numbers), each transition by its persona and refused
for the others, the Surat Tugas Pendampingan printed from the stored assignment, the section on the package's page."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from sopan.accounts import demo
from sopan.accounts.models import RoleAssignment
from sopan.core.testing import login
from sopan.procurement import printing
from sopan.procurement import services_assistance as services
from sopan.procurement.models import Assistance, AssistanceReport, PackageLetter
from sopan.procurement.tests.factories import bind_stage_sops, make_package, person, staged_package
from sopan.procurement.workflows import PREPARATION
from sopan.procurement.workflows_assistance import PLANNING
from sopan.sop.api import ProcedureNotReady, case_for

pytestmark = pytest.mark.django_db
A = Assistance


def bind_planning_sop(organization):
    from sopan.sop import definition as d
    from sopan.sop.services import versions
    from sopan.sop.tests.factories import effective_version

    catalogue = {x.key: x for x in d.load_catalogue()["pagar-alam"]}
    version = effective_version(organization, catalogue["perencanaan-pengadaan"].to_yaml())
    versions.procedure_bind(organization=organization, procedure=PLANNING, sop=version.sop, by=None)


@pytest.fixture
def org(organization):
    bind_stage_sops(organization)
    bind_planning_sop(organization)
    return organization


@pytest.fixture
def package(org):
    return make_package(org, commitment_officer=person(org, "ppk"), name="Drainase Kelurahan Kutowinangun")


def _steps(package, procedure):
    case = case_for(package, procedure=procedure)
    assert case is not None
    return {(r.step_key, r.exit_label) for r in case.steps.filter(status="done")}


def _requested(org, package, stage=A.Stage.PLANNING):
    return services.assistance_request(package=package, stage=stage, text="Mohon asistensi RUP", by=person(org, "ppk"))


def _assigned(org, package, stage=A.Stage.PLANNING):
    assistance = _requested(org, package, stage)
    return services.assistance_appoint(assistance=assistance, jabfung=person(org, "jabfung.ppbj"),
                                       by=person(org, "kepala.ukpbj"), seen_version=assistance.version)  # fmt: skip


def test_planning_request_appoint_report_close_record_steps_3a_4_5(org, package):
    ppk, head, jabfung = person(org, "ppk"), person(org, "kepala.ukpbj"), person(org, "jabfung.ppbj")
    # Perencanaan step 3 "a": the PPK asks the UKPBJ for assistance
    assistance = services.assistance_request(package=package, stage=A.Stage.PLANNING, text="Asistensi", by=ppk)
    assert assistance.status == A.Status.REQUESTED
    assert ("inventarisir-perencanaan", "a") in _steps(package, PLANNING)
    # step 4: the Kepala UKPBJ appoints the Jabfung PPBJ; the Surat Tugas number is drawn and kept
    assistance = services.assistance_appoint(assistance=assistance, jabfung=jabfung, by=head,
                                             seen_version=assistance.version)  # fmt: skip
    assert assistance.status == A.Status.ASSIGNED and assistance.jabfung == jabfung
    assert assistance.letter.number == f"1/ST-PBJ/UKPBJ/{assistance.letter.dated_on.year}"
    assert ("tunjuk-jabfung-ppbj", "") in _steps(package, PLANNING)
    # step 5: the Jabfung reports periodically, twice
    for period in ("Januari 2026", "Februari 2026"):
        assistance.refresh_from_db()
        services.assistance_report(assistance=assistance, period=period, text="Identifikasi kebutuhan selesai",
                                   by=jabfung, seen_version=assistance.version)  # fmt: skip
    assert list(AssistanceReport.objects.values_list("period", flat=True)) == ["Januari 2026", "Februari 2026"]
    assert ("dukung-kinerja-ppk", "") in _steps(package, PLANNING)
    assistance.refresh_from_db()
    services.assistance_close(assistance=assistance, by=jabfung, note="Selesai", seen_version=assistance.version)
    assert A.objects.get(pk=assistance.pk).status == A.Status.CLOSED


def test_preparation_assistance_records_steps_5a_6_7_on_the_package_case(org, package):
    assistance = _assigned(org, package, A.Stage.PREPARATION)
    services.assistance_report(assistance=assistance, period="Minggu 1", text="HPS disusun",
                               by=person(org, "jabfung.ppbj"), seen_version=assistance.version)  # fmt: skip
    steps = _steps(package, PREPARATION)
    assert {("susun-hps-rancangan-kontrak", "a"), ("perintahkan-pendampingan", ""),
            ("dampingi-penyusunan-hps", "")} <= steps  # fmt: skip


@pytest.mark.parametrize("username", ["kepala.ukpbj", "jabfung.ppbj", "pa.kpa", "pokja", "penyedia"])
def test_only_the_ppk_requests(org, package, username):
    with pytest.raises(PermissionDenied):
        services.assistance_request(package=package, stage=A.Stage.PLANNING, text="x", by=person(org, username))
    assert not A.objects.exists()


@pytest.mark.parametrize("username", ["ppk", "jabfung.ppbj", "pa.kpa", "kepala.lpse"])
def test_only_the_kepala_ukpbj_appoints(org, package, username):
    assistance = _requested(org, package)
    with pytest.raises(PermissionDenied):
        services.assistance_appoint(assistance=assistance, jabfung=person(org, "jabfung.ppbj"),
                                    by=person(org, username), seen_version=assistance.version)  # fmt: skip
    assert A.objects.get(pk=assistance.pk).status == A.Status.REQUESTED


@pytest.mark.parametrize("username", ["verifikator", "kepala.lpse", "pokja", "ppk", "tim.analisis"])
def test_lpse_staff_and_other_roles_are_refused_as_jabfung_in_indonesian(org, package, username):
    assistance = _requested(org, package)
    with translation.override("id"), pytest.raises(ValidationError) as refused:
        services.assistance_appoint(assistance=assistance, jabfung=person(org, username),
                                    by=person(org, "kepala.ukpbj"), seen_version=assistance.version)  # fmt: skip
    assert "Jabfung PPBJ" in str(refused.value) and "Hanya" in str(refused.value)
    assert not PackageLetter.objects.exists()  # no number drawn


def test_the_packages_ppk_is_refused_even_holding_the_jabfung_role(org, package):
    ppk = person(org, "ppk")
    RoleAssignment.objects.create(organization=org, user=ppk, role="procurement_specialist",
                                  unit=org.units.get(code="UKPBJ"), valid_from=datetime.date(2020, 1, 1))  # fmt: skip
    assistance = _requested(org, package)
    with translation.override("id"), pytest.raises(ValidationError, match="PPK"):
        services.assistance_appoint(assistance=assistance, jabfung=ppk, by=person(org, "kepala.ukpbj"),
                                    seen_version=assistance.version)  # fmt: skip


@pytest.mark.parametrize("username", ["kepala.ukpbj", "ppk", "pa.kpa"])
def test_only_the_appointed_jabfung_reports(org, package, username):
    assistance = _assigned(org, package)
    with pytest.raises(PermissionDenied):
        services.assistance_report(assistance=assistance, period="Jan", text="x", by=person(org, username),
                                   seen_version=assistance.version)  # fmt: skip
    assert not AssistanceReport.objects.exists()


def test_bad_input_and_wrong_order_are_refused_in_indonesian(org, package):
    ppk, jabfung = person(org, "ppk"), person(org, "jabfung.ppbj")
    with translation.override("id"):
        with pytest.raises(ValidationError, match="Jelaskan"):
            services.assistance_request(package=package, stage=A.Stage.PLANNING, text="  ", by=ppk)
        assistance = _requested(org, package)
        with pytest.raises(ValidationError, match="sudah ada"):
            _requested(org, package)  # one open per stage
        with pytest.raises(PermissionDenied):  # nobody appointed yet: no report
            services.assistance_report(assistance=assistance, period="Jan", text="x", by=jabfung,
                                       seen_version=assistance.version)  # fmt: skip
        assistance = services.assistance_appoint(
            assistance=assistance, jabfung=jabfung, by=person(org, "kepala.ukpbj"), seen_version=assistance.version
        )
        with pytest.raises(ValidationError, match="periode"):
            services.assistance_report(assistance=assistance, period="", text="x", by=jabfung,
                                       seen_version=assistance.version)  # fmt: skip
    later = staged_package(org, "selection_preparation", kd_rup="9900044")
    with translation.override("id"), pytest.raises(ValidationError, match="perencanaan"):
        services.assistance_request(package=later, stage=A.Stage.PLANNING, text="x", by=ppk)


def test_without_an_sop_for_planning_the_request_is_refused_and_nothing_saved(organization, client):
    bind_stage_sops(organization)  # Persiapan Pengadaan etc., not Perencanaan (as Salatiga and Batang)
    package = make_package(organization, commitment_officer=person(organization, "ppk"))
    with translation.override("id"), pytest.raises(ProcedureNotReady):
        _requested(organization, package)
    # on the page: the refusal says which procedure lacks an SOP, in Indonesian
    login(client, person(organization, "ppk"))
    url = reverse("procurement:assistance-request", kwargs={"pk": package.pk})
    data = {"version": package.version, "stage": "planning", "text": "Mohon"}
    refused = _post(client, package, url, data, "assistance-request")
    assert refused.status_code == 400 and "Perencanaan pengadaan (asistensi oleh UKPBJ)" in refused.content.decode()
    assert not A.objects.exists()
    assert _requested(organization, package, A.Stage.PREPARATION).status == A.Status.REQUESTED


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def test_the_surat_tugas_prints_the_stored_assignment_and_keeps_its_number(org, package, client):
    assistance = _assigned(org, package)
    number = assistance.letter.number
    first = printing.assistance_letter(package, assistance=assistance)
    text = pdf_text(first.content)
    assert number in text and person(org, "jabfung.ppbj").get_full_name() in text
    assert "perencanaan pengadaan" in text
    # the print view with the Jabfung: the same letter, same number; a Jabfung never appointed: the choice again
    login(client, person(org, "kepala.ukpbj"))
    url = reverse("procurement:print-assistance", kwargs={"pk": package.pk})
    again = client.get(url + f"?jabfung={assistance.jabfung_id}")
    assert again.status_code == 200 and number in pdf_text(b"".join(again))
    assert PackageLetter.objects.filter(kind="assistance").count() == 1
    RoleAssignment.objects.create(organization=org, user=person(org, "tim.analisis"), role="procurement_specialist",
                                  unit=org.units.get(code="UKPBJ"), valid_from=datetime.date(2020, 1, 1))  # fmt: skip
    other = client.get(url + f"?jabfung={person(org, 'tim.analisis').pk}")  # a Jabfung not appointed to it
    assert other.status_code == 400
    assert "yang ditunjuk mendampingi paket ini" in other.content.decode()
    assert PackageLetter.objects.filter(kind="assistance").count() == 1


def _post(client, package, path, data, prefix):
    return client.post(path, {f"{prefix}-{k}": v for k, v in data.items()})


def test_the_page_section_by_persona_and_forms(org, package, client):
    ppk, head, jabfung = person(org, "ppk"), person(org, "kepala.ukpbj"), person(org, "jabfung.ppbj")
    detail = reverse("procurement:package-detail", kwargs={"pk": package.pk})
    login(client, ppk)
    html = client.get(detail).content.decode()
    assert 'id="stage-assistance_request"' in html
    # a request without text: refused on the page in Indonesian, nothing saved
    url = reverse("procurement:assistance-request", kwargs={"pk": package.pk})
    refused = _post(client, package, url, {"version": package.version, "stage": "planning", "text": ""},
                    "assistance-request")  # fmt: skip
    assert refused.status_code == 400 and not A.objects.exists()
    ok = _post(client, package, url, {"version": package.version, "stage": "planning", "text": "Mohon"},
               "assistance-request")  # fmt: skip
    assert ok.status_code == 302
    assistance = A.objects.get()
    # the Kepala UKPBJ sees the Jabfung list with their workload, and appoints
    login(client, head)
    html = client.get(detail).content.decode()
    assert f"{jabfung.get_full_name()} (" in html and 'id="stage-assistance_appoint_' in html
    appoint = reverse("procurement:assistance-action", kwargs={"pk": package.pk, "aid": assistance.pk,
                                                               "action": "appoint"})  # fmt: skip
    login(client, ppk)  # the PPK may not appoint
    refused = _post(client, package, appoint, {"version": 2, "jabfung": jabfung.pk}, "assistance-appoint")
    assert refused.status_code == 403
    login(client, head)
    response = _post(client, package, appoint, {"version": assistance.version, "jabfung": jabfung.pk},
                     "assistance-appoint")  # fmt: skip
    assert response.status_code == 302
    assert A.objects.get().status == A.Status.ASSIGNED
    html = client.get(detail).content.decode()
    assert f'id="assistance-{assistance.pk}-letter"' in html and A.objects.get().letter.number in html
    # the Jabfung reports through the page; an empty report is refused in Indonesian
    login(client, jabfung)
    report = reverse("procurement:assistance-action", kwargs={"pk": package.pk, "aid": assistance.pk,
                                                              "action": "report"})  # fmt: skip
    version = A.objects.get().version
    refused = _post(client, package, report, {"version": version, "period": "Jan", "text": ""}, "assistance-report")
    assert refused.status_code == 400 and "Bidang ini tidak boleh kosong" in refused.content.decode()
    done = _post(client, package, report, {"version": version, "period": "Jan", "text": "Baik"}, "assistance-report")
    assert done.status_code == 302 and AssistanceReport.objects.get().text == "Baik"
    # a stale form (the version the person saw is old) is refused and nothing saved
    stale = _post(client, package, report, {"version": version, "period": "Feb", "text": "x"}, "assistance-report")
    assert stale.status_code == 409 and AssistanceReport.objects.count() == 1
    # a vendor: no package page at all
    login(client, person(org, "penyedia"))
    assert client.get(detail).status_code == 403


def test_package_page_queries_bounded_with_several_reports(org, package, client, django_assert_max_num_queries):
    assistance = _assigned(org, package)
    jabfung = person(org, "jabfung.ppbj")
    for n in range(6):
        assistance.refresh_from_db()
        services.assistance_report(assistance=assistance, period=f"Minggu {n}", text="x", by=jabfung,
                                   seen_version=assistance.version)  # fmt: skip
    login(client, person(org, "kepala.ukpbj"))
    detail = reverse("procurement:package-detail", kwargs={"pk": package.pk})
    client.get(detail)
    with django_assert_max_num_queries(60) as captured:
        html = client.get(detail).content.decode()
    assert "Minggu 5" in html
    few = len(captured)
    for n in range(6, 12):
        assistance.refresh_from_db()
        services.assistance_report(assistance=assistance, period=f"Minggu {n}", text="x", by=jabfung,
                                   seen_version=assistance.version)  # fmt: skip
    with django_assert_max_num_queries(few):
        assert "Minggu 11" in client.get(detail).content.decode()


def test_another_organisations_assistance_is_404(org, package, client, other_organization):
    assistance = _requested(org, package)
    spec = demo.Persona("batang.kepala.ukpbj", "Kepala UKPBJ Batang", "ukpbj_head", "LPSE")
    login(client, demo.ensure_persona(other_organization, spec, with_totp=False))
    url = reverse("procurement:assistance-action", kwargs={"pk": package.pk, "aid": assistance.pk, "action": "close"})
    assert client.post(url, {"assistance-close-version": assistance.version}).status_code == 404
    url = reverse("procurement:assistance-request", kwargs={"pk": package.pk})
    assert client.post(url, {}).status_code == 404
    assert A.objects.get().status == A.Status.REQUESTED


def test_demo_makes_one_planning_assistance_with_a_report_idempotent(org):
    from sopan.procurement import demo
    from sopan.procurement.tests.test_demo import PEOPLE

    for username in PEOPLE:
        person(org, username)
    demo.seed(org)
    assistance = A.objects.get()
    assert assistance.stage == A.Stage.PLANNING and assistance.status == A.Status.ASSIGNED
    assert assistance.jabfung.username == "jabfung.ppbj" and assistance.letter is not None
    assert assistance.reports.count() == 1
    assert ("dukung-kinerja-ppk", "") in _steps(assistance.package, PLANNING)
    demo.seed(org)
    assert A.objects.count() == 1 and AssistanceReport.objects.count() == 1


def test_demo_makes_no_assistance_without_the_planning_sop(organization):
    from sopan.procurement import demo
    from sopan.procurement.tests.test_demo import PEOPLE

    bind_stage_sops(organization)
    for username in PEOPLE:
        person(organization, username)
    demo.seed(organization)
    assert not A.objects.exists()


def test_the_planning_case_ends_when_the_package_moves_on_to_its_preparation(org, package):
    from sopan.procurement.tests.factories import _documents_then

    _assigned(org, package)
    assert case_for(package, procedure=PLANNING).status == "open"
    package.refresh_from_db()
    _documents_then(package, person(org, "ppk"))
    case = case_for(package, procedure=PLANNING)
    assert case.status == "cancelled" and not case.steps.filter(status="open").exists()
    assert ("dukung-kinerja-ppk", "") not in _steps(package, PLANNING)  # skipped, not done


def test_cancelling_the_package_ends_its_planning_and_availability_cases(org, package):
    from sopan.procurement import services_availability, stages
    from sopan.procurement.tests.test_availability import AVAILABILITY, bind_availability_sop, company, start

    _assigned(org, package)
    bind_availability_sop(org)
    company(org, "CV Satu-satunya")
    analysis = services_availability.availability_conclude(  # steps 1-4 "b": the case is open at the PPK's step 5
        analysis=start(package, minimum=3), by=person(org, "jabfung.ppbj"), enough=False
    )
    assert case_for(analysis, procedure=AVAILABILITY).status == "open"
    package.refresh_from_db()
    stages.package_cancel(package=package, by=person(org, "kepala.ukpbj"), seen_version=package.version,
                          reason="Anggaran dialihkan")  # fmt: skip
    assert case_for(package, procedure=PLANNING).status == "cancelled"
    assert case_for(analysis, procedure=AVAILABILITY).status == "cancelled"
