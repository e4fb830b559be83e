"""Blacklist sanction proposals (issue 18 §3; SOP Pencatatan Kinerja Penyedia steps 5–6): every transition with its
audit event, the SK's number and the period from the Pasal 78 rule in force on the SK's date, step 6 on the contract's
case, and each refusal with its Indonesian message and nothing changed (no ground, no finding, the wrong person, a
stale form, a rejection without a reason)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from sopan.core.models import AuditEvent
from sopan.core.tests.test_mail_and_tasks import smtp_server  # noqa: F401 - a real SMTP server (aiosmtpd)
from sopan.performance import rules_sanctions
from sopan.performance import services_sanctions as services
from sopan.performance.models_sanctions import SanctionProposal
from sopan.performance.tests.factories import bind_performance_sop, company, contract, person
from sopan.performance.tests.factories_sanctions import FINDING, pokja_package, poor_assessment, proposal_at
from sopan.performance.workflows import PROCEDURE
from sopan.sop.api import case_for

pytestmark = pytest.mark.django_db
S = SanctionProposal.Status
STALE = "Orang lain mengubah data ini saat Anda sedang melihatnya. Muat ulang halaman dan periksa kembali."


@pytest.fixture
def org(organization):
    bind_performance_sop(organization)
    return organization


@pytest.fixture
def smtp(smtp_server):  # noqa: F811 - the imported fixture, under the name these tests use
    return smtp_server


@pytest.fixture
def provider(org):
    return company(org, name="CV Karya Utama")


@pytest.fixture
def poor(org, provider):
    return poor_assessment(org, provider)


def _messages(error) -> list[str]:
    with translation.override("id"):
        return [str(m) for m in error.value.messages]


def _done(contract_) -> set[tuple[str, str]]:
    case = case_for(contract_, procedure=PROCEDURE)
    return {(r.step_key, r.exit_label) for r in case.steps.filter(status="done")}


def test_pasal_78_grounds_and_periods_are_dated_data():
    """UNVERIFIED figures (rules_sanctions.py): 2 years for false documents, collusion, KKN; 1 year for the rest."""
    day = datetime.date(2026, 3, 10)
    assert {g.key: g.years for g in rules_sanctions.GROUNDS} == {
        "false_documents": 2, "collusion": 2, "corruption": 2, "withdrawal": 1, "contract_default": 1,
        "guarantee_not_cashed": 1,
    }  # fmt: skip
    ground, ends = rules_sanctions.period("collusion", sk_date=day, starts_on=day)
    assert ends == datetime.date(2028, 3, 9) and "Pasal 78 ayat (3) huruf b" in ground.citation
    _ground, ends = rules_sanctions.period("contract_default", sk_date=day, starts_on=datetime.date(2028, 2, 29))
    assert ends == datetime.date(2029, 2, 27)  # 29 February + 1 year: the 28th, the day before is the last
    # a Pokja proposes for the selection's acts, a PPK for the contract's
    assert {k for k, _l in rules_sanctions.choices(selection=False)} == {"contract_default", "guarantee_not_cashed"}


def test_ppk_proposes_from_the_poor_assessment_ukpbj_reviews_pa_imposes_and_reports(org, poor, provider):
    """Steps 5 ("Ya": the PPK proposes to the PA, recorded by the poor assessment) and 6 (the PA imposes)."""
    assert ("kirim-hasil-penilaian", "Ya") in _done(poor.contract)
    ppk, head, pa = person(org, "ppk"), person(org, "kepala.ukpbj"), person(org, "pa.kpa")
    proposal = services.proposal_create(organization=org, by=ppk, assessment=poor, ground="contract_default")
    assert (proposal.status, proposal.company, proposal.contract, proposal.proposer_role) == (
        S.PROPOSED, provider, poor.contract, "ppk")  # fmt: skip
    assert proposal.agency == poor.contract.agency and proposal.finding == ""  # the assessment is the ground's facts
    proposal = services.proposal_review(proposal=proposal, by=head, seen_version=proposal.version, note="Lengkap.")
    assert proposal.status == S.REVIEWED and proposal.reviewed_by == head
    sk_date, starts = timezone.localdate() - datetime.timedelta(days=2), timezone.localdate()
    proposal = services.proposal_impose(proposal=proposal, by=pa, seen_version=proposal.version, sk_date=sk_date,
                                        starts_on=starts)  # fmt: skip
    proposal.refresh_from_db()
    assert proposal.status == S.IMPOSED and proposal.sk_number == f"1/SK-DH/DPUPR/{sk_date.year}"
    assert proposal.years == 1 and proposal.ends_on == rules_sanctions.add_years(starts, 1) - datetime.timedelta(1)
    assert proposal.rule_source.endswith("Pasal 78 ayat (4) huruf a")
    assert ("beri-sanksi-daftar-hitam", "") in _done(poor.contract)
    proposal = services.proposal_report(proposal=proposal, by=pa, seen_version=proposal.version,
                                        reported_on=timezone.localdate(), reference="INAPROC-2026-0042")  # fmt: skip
    assert (proposal.status, proposal.lkpp_reference, proposal.version) == (S.REPORTED, "INAPROC-2026-0042", 4)
    actions = list(AuditEvent.objects.filter(target_id=str(proposal.pk), action__startswith="performance.sanction.")
                   .order_by("id").values_list("action", flat=True))  # fmt: skip
    assert actions == ["performance.sanction.proposed", "performance.sanction.reviewed",
                       "performance.sanction.imposed", "performance.sanction.reported"]  # fmt: skip
    imposed = AuditEvent.objects.get(action="performance.sanction.imposed")
    assert imposed.changes["ends_on"] == proposal.ends_on.isoformat() and imposed.changes["years"] == 1


def test_second_sk_takes_the_next_number_and_a_two_year_ground(org, provider):
    first = proposal_at(org, poor_assessment(org, provider), "imposed")
    package = pokja_package(org)
    pokja = person(org, "pokja")
    second = services.proposal_create(organization=org, by=pokja, package=package, company=provider,
                                      ground="false_documents", finding="Sertifikat badan usaha palsu.")  # fmt: skip
    assert (second.proposer_role, second.agency, second.contract) == ("pokja", package.agency, None)
    second = services.proposal_review(proposal=second, by=person(org, "kepala.ukpbj"))
    today = timezone.localdate()
    second = services.proposal_impose(proposal=second, by=person(org, "pa.kpa"), sk_date=today, starts_on=today)
    assert second.sk_value == first.sk_value + 1 and second.years == 2
    assert second.ends_on == rules_sanctions.add_years(today, 2) - datetime.timedelta(days=1)


def test_a_proposal_without_grounds_is_refused_and_nothing_changes(org, poor, provider):
    ppk = person(org, "ppk")
    with pytest.raises(ValidationError) as error:
        services.proposal_create(organization=org, by=ppk, assessment=poor, ground="")
    assert _messages(error) == ["Pilih dasar sanksi (Pasal 78) dari daftar."]
    given = contract(org, company=provider, number="KONTRAK/2")
    with pytest.raises(ValidationError) as error:  # a finding on a contract without the facts
        services.proposal_create(organization=org, by=ppk, contract=given, ground="contract_default", finding="  ")
    assert _messages(error) == ["Uraikan fakta yang ditemukan: usulan tanpa penilaian memerlukan temuan."]
    with pytest.raises(ValidationError) as error:  # a Pokja's ground is not a contract's
        services.proposal_create(organization=org, by=ppk, contract=given, ground="collusion", finding=FINDING)
    assert _messages(error) == ["Pilih dasar sanksi (Pasal 78) dari daftar."]
    assert not SanctionProposal.objects.exists()
    assert not AuditEvent.objects.filter(action="performance.sanction.proposed").exists()


def test_only_a_poor_assessment_and_only_once(org, provider, poor):
    ppk = person(org, "ppk")
    good = contract(org, company=provider, number="KONTRAK/3")
    from sopan.performance import services as assessing

    fair = assessing.assessment_record(contract=good, by=ppk, seen_version=good.version,
                                       scores={"quality": 2, "cost": 2, "time": 2, "service": 2})  # fmt: skip
    with pytest.raises(ValidationError) as error:
        services.proposal_create(organization=org, by=ppk, assessment=fair, ground="contract_default")
    assert _messages(error) == ["Hanya penilaian Buruk yang dapat diusulkan untuk dikenai sanksi."]
    services.proposal_create(organization=org, by=ppk, assessment=poor, ground="contract_default")
    with pytest.raises(ValidationError) as error:
        services.proposal_create(organization=org, by=ppk, assessment=poor, ground="contract_default")
    assert _messages(error) == ["Sanksi untuk penilaian ini sudah diusulkan."]
    assert SanctionProposal.objects.count() == 1


def test_the_wrong_person_is_refused_at_each_step(org, poor, provider):
    head, pa, ppk = person(org, "kepala.ukpbj"), person(org, "pa.kpa"), person(org, "ppk")
    with pytest.raises(PermissionDenied) as error, translation.override("id"):  # not the contract's PPK
        services.proposal_create(organization=org, by=head, assessment=poor, ground="contract_default")
    assert str(error.value) == "Hanya PPK kontrak ini yang dapat mengusulkan sanksi atasnya."
    with pytest.raises(PermissionDenied):  # not a member of the package's Pokja
        services.proposal_create(organization=org, by=person(org, "jabfung.ppbj"), package=pokja_package(org),
                                 company=provider, ground="collusion", finding=FINDING)  # fmt: skip
    proposal = services.proposal_create(organization=org, by=ppk, assessment=poor, ground="contract_default")
    for who in (ppk, pa):  # only the UKPBJ reviews
        with pytest.raises(PermissionDenied):
            services.proposal_review(proposal=proposal, by=who)
    proposal = services.proposal_review(proposal=proposal, by=head)
    today = timezone.localdate()
    for who in (head, ppk, person(org, "pj.kinerja")):  # only the PA/KPA of the agency decides
        with pytest.raises(PermissionDenied):
            services.proposal_impose(proposal=proposal, by=who, sk_date=today, starts_on=today)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.sk_number) == (S.REVIEWED, "")


def test_rejection_needs_a_reason(org, poor):
    proposal = proposal_at(org, poor, "reviewed")
    pa = person(org, "pa.kpa")
    with pytest.raises(ValidationError) as error:
        services.proposal_reject(proposal=proposal, by=pa, seen_version=proposal.version, reason=" ")
    assert _messages(error) == ["Berikan alasan penolakan."]
    proposal.refresh_from_db()
    assert proposal.status == S.REVIEWED
    proposal = services.proposal_reject(proposal=proposal, by=pa, seen_version=proposal.version, reason="Bukti kurang.")
    assert (proposal.status, proposal.rejection_reason) == (S.REJECTED, "Bukti kurang.")
    # a rejected proposal leaves room for another one from the same assessment
    assert services.proposal_create(organization=org, by=person(org, "ppk"), assessment=poor,
                                    ground="contract_default").status == S.PROPOSED  # fmt: skip


def test_stale_form_is_refused_and_nothing_changes(org, poor):
    proposal = proposal_at(org, poor, "proposed")
    seen = proposal.version
    services.proposal_return(proposal=proposal, by=person(org, "kepala.ukpbj"), seen_version=seen, note="Lengkapi.")
    with pytest.raises(ValidationError) as error:
        services.proposal_review(proposal=proposal, by=person(org, "kepala.ukpbj"), seen_version=seen)
    assert _messages(error) == [STALE]
    proposal.refresh_from_db()
    assert proposal.status == S.RETURNED


def test_returned_with_a_note_and_proposed_again(org, poor):
    head = person(org, "kepala.ukpbj")
    proposal = proposal_at(org, poor, "proposed")
    with pytest.raises(ValidationError) as error:
        services.proposal_return(proposal=proposal, by=head, note="")
    assert _messages(error) == ["Sebutkan alasan usulan dikembalikan."]
    proposal = services.proposal_return(proposal=proposal, by=head, note="Lampirkan kronologi.")
    assert (proposal.status, proposal.review_note) == (S.RETURNED, "Lampirkan kronologi.")
    with pytest.raises(PermissionDenied):  # only its proposer sends it again
        services.proposal_resubmit(proposal=proposal, by=head)
    proposal = services.proposal_resubmit(proposal=proposal, by=person(org, "ppk"), finding="Kronologi terlampir.")
    assert (proposal.status, proposal.finding) == (S.PROPOSED, "Kronologi terlampir.")


def test_sk_dates_are_checked_before_a_number_is_drawn(org, poor):
    from sopan.core.models import NumberSeries

    proposal = proposal_at(org, poor, "reviewed")
    pa, today = person(org, "pa.kpa"), timezone.localdate()
    with pytest.raises(ValidationError) as error:
        services.proposal_impose(proposal=proposal, by=pa, sk_date=today + datetime.timedelta(days=1),
                                 starts_on=today + datetime.timedelta(days=1))  # fmt: skip
    assert _messages(error) == ["Isi tanggal SK (hari ini atau sebelumnya)."]
    with pytest.raises(ValidationError) as error:
        services.proposal_impose(proposal=proposal, by=pa, sk_date=today, starts_on=today - datetime.timedelta(1))
    assert _messages(error) == ["Isi hari pertama sanksi, pada atau setelah tanggal SK."]
    assert not NumberSeries.objects.filter(series=services.SK_SERIES).exists()
    proposal.refresh_from_db()
    assert (proposal.status, proposal.sk_number) == (S.REVIEWED, "")


def test_the_vendor_is_mailed_over_smtp_when_imposed(org, poor, provider, smtp,
                                                     django_capture_on_commit_callbacks):  # fmt: skip
    from sopan.core.testing import run_background_tasks

    proposal = proposal_at(org, poor, "reviewed")
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        proposal = services.proposal_impose(proposal=proposal, by=person(org, "pa.kpa"), sk_date=today,
                                            starts_on=today)  # fmt: skip
    assert smtp.messages == []  # queued, not sent inside the transaction
    run_background_tasks()
    assert [m["to"] for m in smtp.messages] == [[provider.email]]
    import email
    from email import policy

    message = email.message_from_string(smtp.messages[0]["data"], policy=policy.default)
    body = message.get_content()
    assert proposal.sk_number in str(message["Subject"]) and "Sanksi daftar hitam" in str(message["Subject"])
    assert "CV Karya Utama" in body and proposal.rule_source in body
