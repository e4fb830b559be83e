"""The assessment of a contract's provider (issue 18 §1; SOP Pencatatan Kinerja Penyedia steps 3, 3a/3b, 4, 5): the
scheme's total and band, the steps recorded on the contract's case, and each refusal with its Indonesian message and
nothing changed (a score outside the scale, someone not the contract's PPK, a second assessment, a stale form)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from sopan.core.models import AuditEvent
from sopan.performance import rules, services
from sopan.performance.models import Assessment, Band, Contract
from sopan.performance.tests.factories import bind_performance_sop, company, contract, person
from sopan.performance.workflows import PROCEDURE
from sopan.sop.api import ProcedureNotReady, case_for
from sopan.vendors.tests.factories import pdf_upload

pytestmark = pytest.mark.django_db
ALL = {"quality": 3, "cost": 3, "time": 3, "service": 3}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def org(organization):
    bind_performance_sop(organization)
    return organization


@pytest.fixture
def provider(org):
    return company(org, name="CV Karya Utama")


def _messages(error) -> list[str]:
    with translation.override("id"):
        return [str(m) for m in error.value.messages]


def _assess(contract_, by=None, **kwargs):
    kwargs.setdefault("scores", ALL)
    return services.assessment_record(contract=contract_, by=by or person(contract_.organization, "ppk"),
                                      seen_version=contract_.version, **kwargs)  # fmt: skip


def _done(contract_):
    case = case_for(contract_, procedure=PROCEDURE)
    return {(r.step_key, r.exit_label) for r in case.steps.filter(status="done")}


def test_scheme_total_and_bands():
    """Peraturan LKPP 4/2021 (UNVERIFIED figures, rules.py): 30/20/30/20 % on 0–3; 3 Sangat Baik, ≥2 Baik, ≥1 Cukup."""
    scheme = rules.scheme_on(datetime.date(2026, 1, 1))
    assert sum(a.weight for a in scheme.aspects) == Decimal("1")
    cases = [(ALL, "3.00", Band.VERY_GOOD), ({"quality": 2, "cost": 3, "time": 2, "service": 2}, "2.20", Band.GOOD),
             ({"quality": 1, "cost": 1, "time": 2, "service": 1}, "1.30", Band.FAIR),
             ({"quality": 1, "cost": 0, "time": 0, "service": 1}, "0.50", Band.POOR)]  # fmt: skip
    for scores, total, band in cases:
        assert scheme.total_of(scores) == Decimal(total)
        assert scheme.band_of(scheme.total_of(scores)) == band


def test_ppk_assesses_with_scores_steps_3a_4_5(org, provider):
    given = contract(org, company=provider)
    services._open_case(given, strict=True)
    evidence = pdf_upload("notulen-rapat.pdf")
    assessment = _assess(given, scores={"quality": "2", "cost": "3", "time": "2", "service": "2"},
                         sikap_reference="SIKAP-2026-001", evidence=evidence)  # fmt: skip
    assert (assessment.total, assessment.band) == (Decimal("2.20"), Band.GOOD)
    assert assessment.evidence_type == "application/pdf"
    given.refresh_from_db()
    assert given.status == Contract.Status.ASSESSED and given.version == 2
    assert {("rapat-penilaian-kinerja", "a"), ("scoring-konstruksi", ""), ("input-penilaian-lpse", ""),
            ("kirim-hasil-penilaian", "Tidak")} <= _done(given)  # fmt: skip
    event = AuditEvent.objects.get(action="performance.contract.assessed")
    assert event.changes["band"] == "good" and event.changes["total"] == "2.20"
    assert assessment.response_due_on > timezone.localdate()


def test_e_purchasing_is_rated_in_stars_step_3b(org, provider):
    given = contract(org, company=provider, method="e_purchasing", kind="goods")
    assessment = _assess(given, scores=None, stars="4")
    assert (assessment.stars, assessment.total, assessment.band) == (4, None, Band.GOOD)
    assert {("rapat-penilaian-kinerja", "b"), ("penilaian-bintang-epurchasing", "")} <= _done(given)
    assert ("input-penilaian-lpse", "") not in _done(given)  # step 4 only with a SIKaP reference


@pytest.mark.parametrize("stars", ["0", "6", "", "x"])
def test_stars_outside_1_to_5_are_refused(org, provider, stars):
    given = contract(org, company=provider, method="e_purchasing")
    with pytest.raises(ValidationError) as error:
        _assess(given, scores=None, stars=stars)
    assert any("bintang" in m for m in _messages(error))
    assert not Assessment.objects.exists()


def test_termination_for_the_vendors_fault_is_poor_whatever_the_scores_and_goes_to_step_6(org, provider):
    given = contract(org, company=provider, ending=Contract.Ending.TERMINATION)
    assessment = _assess(given, scores=ALL)
    assert (assessment.total, assessment.band) == (Decimal("3.00"), Band.POOR)
    assert ("kirim-hasil-penilaian", "Ya") in _done(given)  # step 5 "Ya": the PA/KPA's sanction (step 6) follows
    case = case_for(given, procedure=PROCEDURE)
    assert case.steps.get(status="open").step_key == "beri-sanksi-daftar-hitam"


@pytest.mark.parametrize("bad", [4, -1, "2.5", "", None, "tiga"])
def test_a_score_outside_the_scale_is_refused_in_indonesian(org, provider, bad):
    given = contract(org, company=provider)
    with pytest.raises(ValidationError) as error:
        _assess(given, scores={**ALL, "time": bad})
    assert "Nilai untuk Waktu harus salah satu dari 0, 1, 2, 3." in _messages(error)
    given.refresh_from_db()
    assert given.status == Contract.Status.AWAITING and given.version == 1
    assert not Assessment.objects.exists() and not AuditEvent.objects.filter(action__startswith="performance").exists()


def test_someone_not_the_contracts_ppk_is_refused(org, provider):
    from sopan.accounts.models import RoleAssignment, User

    # a second PPK of the DPUPR
    second = User.objects.create_user(username="ppk.dua", password="x", organization=org, full_name="PPK Dua")
    first = RoleAssignment.objects.filter(user=person(org, "ppk"), role="commitment_officer").first()
    RoleAssignment.objects.create(organization=org, user=second, role="commitment_officer", unit=first.unit,
                                  valid_from=first.valid_from, decree_number="SK/2")  # fmt: skip
    given = contract(org, company=provider)
    with pytest.raises(PermissionDenied) as error, translation.override("id"):
        _assess(given, by=second)
    with translation.override("id"):
        assert str(error.value) == "Hanya Pejabat Pembuat Komitmen (PPK) kontrak ini yang dapat menilai penyedianya."
    assert not Assessment.objects.exists()


@pytest.mark.parametrize("username", ["kepala.ukpbj", "pa.kpa", "jabfung.ppbj", "penyedia.admin", "verifikator"])
def test_other_roles_may_not_assess(org, provider, username):
    given = contract(org, company=provider)
    with pytest.raises(PermissionDenied):
        _assess(given, by=person(org, username))
    assert not Assessment.objects.exists()


def test_a_second_assessment_of_the_same_contract_is_refused(org, provider):
    given = contract(org, company=provider)
    _assess(given)
    given.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        _assess(given, scores={"quality": 0, "cost": 0, "time": 0, "service": 0})
    assert _messages(error) == ["Penyedia kontrak ini sudah dinilai: satu kontrak dinilai satu kali."]
    assert Assessment.objects.get().band == Band.VERY_GOOD


def test_a_stale_form_is_refused(org, provider):
    given = contract(org, company=provider)
    with pytest.raises(ValidationError) as error:
        services.assessment_record(contract=given, by=person(org, "ppk"), seen_version=given.version + 1, scores=ALL)
    assert error.value.code == "stale"
    assert not Assessment.objects.exists()


def test_the_provider_is_named_when_the_contract_has_none(org, provider):
    given = contract(org)
    with pytest.raises(ValidationError) as error:
        _assess(given)
    assert _messages(error) == ["Pilih penyedia kontrak ini dari daftar."]
    assessment = _assess(given, company=provider)
    given.refresh_from_db()
    assert assessment.company == provider and given.company == provider


def test_evidence_is_checked_by_content(org, provider):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("bukti.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError):
        _assess(contract(org, company=provider), evidence=fake)
    assert not Assessment.objects.exists()


def test_ppk_records_a_terminated_contract_and_its_case_opens_for_them(org, provider):
    ppk = person(org, "ppk")
    today = timezone.localdate()
    recorded = services.contract_record(organization=org, by=ppk, name="Pembangunan Pagar", number="K/9",
                                        company=provider, ended_on=today, ending="termination", kind="construction",
                                        method="tender", value="125000000")  # fmt: skip
    assert recorded.commitment_officer == ppk and recorded.agency.code == "DPUPR"
    assert recorded.assessment_due_on > today
    open_step = case_for(recorded, procedure=PROCEDURE).steps.get(status="open")
    assert (open_step.step_key, open_step.assignee) == ("kirim-undangan-rapat", ppk)  # step 1, the PPK's task


def test_ppk_records_the_termination_of_a_package_under_contract(org, provider):
    """Step 1's third trigger for a package Sopan follows: its contract terminated before any handover. The contract
    is the package's (name, agency, type, method), and the package offers no second one."""
    from sopan.procurement.tests.factories import bind_stage_sops, staged_package

    bind_stage_sops(org)
    package = staged_package(org, "contract", kd_rup="7700001")
    ppk = person(org, "ppk")
    assert list(services.packages_under_contract(ppk)) == [package]
    base = {"organization": org, "by": ppk, "name": "", "number": "", "company": provider, "kind": "", "method": "",
            "ended_on": timezone.localdate(), "package": package}  # fmt: skip
    with pytest.raises(ValidationError) as error, translation.override("id"):
        services.contract_record(**base, ending="handover")
    assert _messages(error) == ["Serah terima paket dicatat pada paket (BAST), yang membuka penilaiannya."]
    with pytest.raises(PermissionDenied):
        services.contract_record(**{**base, "by": person(org, "kepala.ukpbj")}, ending="termination")
    recorded = services.contract_record(**base, ending="termination")
    assert (recorded.package, recorded.name, recorded.agency_id, recorded.kind, recorded.method) == (
        package,
        package.name,
        package.agency_id,
        package.kind,
        package.method,
    )
    assert list(services.packages_under_contract(ppk)) == []
    with pytest.raises(ValidationError) as error, translation.override("id"):
        services.contract_record(**base, ending="force_majeure")
    assert _messages(error) == ["Kontrak paket ini sudah dicatat."]
    assert Contract.objects.filter(package=package).count() == 1


def test_recording_a_contract_is_refused_without_the_sop_and_for_bad_input(organization):
    ppk = person(organization, "ppk")
    provider = company(organization)
    base = {"organization": organization, "by": ppk, "name": "Kontrak", "number": "", "company": provider,
            "ending": "handover", "kind": "goods", "method": "tender"}  # fmt: skip
    with pytest.raises(ProcedureNotReady):
        services.contract_record(**base, ended_on=timezone.localdate())
    with pytest.raises(ValidationError) as error:
        services.contract_record(**{**base, "name": " "}, ended_on=timezone.localdate() + datetime.timedelta(days=2))
    assert set(error.value.message_dict) == {"name", "ended_on"}
    with pytest.raises(PermissionDenied):
        services.contract_record(**{**base, "by": person(organization, "kepala.ukpbj")}, ended_on=None)
    assert not Contract.objects.exists()


def test_the_kepala_ukpbj_sets_the_deadlines_and_new_contracts_use_them(org, provider):
    head = person(org, "kepala.ukpbj")
    with pytest.raises(PermissionDenied):
        services.setting_update(organization=org, by=person(org, "ppk"), assessment_working_days=3,
                                response_working_days=3)  # fmt: skip
    with pytest.raises(ValidationError) as error:
        services.setting_update(organization=org, by=head, assessment_working_days=0, response_working_days=61)
    assert _messages(error) == ["Isikan jumlah hari kerja dari 1 sampai 60."] * 2
    services.setting_update(organization=org, by=head, assessment_working_days=1, response_working_days=2)
    friday = datetime.date(2026, 7, 3)
    assert services._due_on(org, friday) == datetime.date(2026, 7, 6)  # one working day: Monday
    event = AuditEvent.objects.get(action="performance.setting.updated")
    assert event.changes["assessment_working_days"] == [rules.ASSESSMENT_WORKING_DAYS, 1]
