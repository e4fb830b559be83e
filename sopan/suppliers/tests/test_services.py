"""The suppliers' services with Salatiga's SOPs bound: each transition records its SOP steps (step numbers in the
test names), the Kepala LPSE's loop back to evaluate again (Pemantauan step 4 → step 2), the bad input refused with
nothing changed, the proposal through Usulan Pengadaan steps 1–7 to a procurement package, the expiry alerts once
per threshold, and the standards evidence."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sopan.accounts.models import OrgUnit
from sopan.procurement.models import Package
from sopan.sop.api import case_for
from sopan.sop.models import Case, StepRecord
from sopan.suppliers import evidence, tasks
from sopan.suppliers.models import Contract, Evaluation, ExpiryAlert, Proposal
from sopan.suppliers.services import evaluations, proposals
from sopan.suppliers.tests.factories import SCORES, bind_supplier_sops, contract, head, officer, supplier
from sopan.suppliers.workflows import MANAGEMENT, MONITORING, PROPOSAL
from sopan.vendors.tests.factories import pdf_bytes


@pytest.fixture
def org(organization):
    bind_supplier_sops(organization)
    return organization


def _done(subject, procedure) -> list[str]:
    case = case_for(subject, procedure=procedure)
    return list(StepRecord.objects.filter(case=case, status=StepRecord.Status.DONE).order_by("id")
                .values_list("step_key", flat=True))  # fmt: skip


def test_registering_a_new_suppliers_contract_records_steps_1_2a_3_4_and_stores_its_documents(org):
    pdf = SimpleUploadedFile("kontrak.pdf", pdf_bytes("kontrak"), content_type="application/pdf")
    found = contract(org, documents={"contract": pdf})
    assert _done(found, MANAGEMENT) == ["terima-nama-pendukung-layanan", "periksa-daftar-supplier",
                                        "masukkan-pendukung-layanan-baru", "update-data-pendukung-layanan"]  # fmt: skip
    assert case_for(found, procedure=MANAGEMENT).status == Case.Status.COMPLETED
    assert [d.kind for d in found.documents.all()] == ["contract"]
    # a second contract of a supplier on the list skips step 3 (step 2 exit b)
    second = contract(org, the_supplier=found.supplier, number="028/LPSE/2026")
    assert "masukkan-pendukung-layanan-baru" not in _done(second, MANAGEMENT)


def test_a_fake_pdf_is_refused_and_nothing_is_registered(org):
    fake = SimpleUploadedFile("nda.pdf", b"MZ this is no pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        contract(org, documents={"nda": fake})
    assert "nda" in error.value.message_dict
    assert not Contract.objects.exists()


def _submitted(evaluation, organization, recommendation="replace"):
    return evaluations.evaluation_submit(evaluation=evaluation, scores=SCORES, notes="Uptime 97 %",
                                         recommendation=recommendation, by=officer(organization))  # fmt: skip


def test_the_kepala_asks_for_another_evaluation_a_new_round_opens_then_approves_and_a_proposal_opens(org):
    evaluation = evaluations.evaluation_start(contract=contract(org), by=officer(org))
    evaluation = _submitted(evaluation, org, "extend")  # step 1 (on start) and 2
    evaluation = evaluations.evaluation_return(evaluation=evaluation, note="Lampirkan data uptime", by=head(org))
    assert evaluation.status == Evaluation.Status.DRAFT and evaluation.rounds.count() == 2  # step 4 → step 2
    evaluation = _submitted(evaluation, org, "replace")
    evaluation = evaluations.evaluation_approve(evaluation=evaluation, by=head(org))
    assert evaluation.outcome == "replace" and Contract.objects.get().outcome == "replace"
    evaluation, proposal = evaluations.evaluation_document(evaluation=evaluation, by=officer(org))
    assert isinstance(proposal, Proposal) and proposal.evaluation == evaluation
    steps = _done(evaluation, MONITORING)
    assert steps.count("evaluasi-pendukung-layanan") == 2 and steps.count("setujui-hasil-evaluasi") == 2
    exits = list(StepRecord.objects.filter(case=case_for(evaluation, procedure=MONITORING),
                                           step_key="setujui-hasil-evaluasi").order_by("id")
                 .values_list("exit_label", flat=True))  # fmt: skip
    assert exits == ["Evaluasi ulang", "Disetujui"]
    assert case_for(evaluation, procedure=MONITORING).status == Case.Status.COMPLETED


def test_an_evaluation_of_an_expired_contract_is_refused_and_nothing_changes(org):
    expired = contract(org, began=-400, ends_in=-1)
    with pytest.raises(ValidationError) as error:
        evaluations.evaluation_start(contract=expired, by=officer(org))
    assert str(expired.ends_on.year) in error.value.messages[0]
    assert "expired" in str(error.value.error_list[0].code)
    assert not Evaluation.objects.exists()
    assert case_for(expired, procedure=MONITORING) is None


def test_only_the_kepala_approves_and_only_the_pengelola_evaluates(org):
    evaluation = evaluations.evaluation_start(contract=contract(org), by=officer(org))
    with pytest.raises(PermissionDenied):
        evaluations.evaluation_start(contract=evaluation.contract, by=head(org))
    evaluation = _submitted(evaluation, org)
    with pytest.raises(PermissionDenied):
        evaluations.evaluation_approve(evaluation=evaluation, by=officer(org))
    with pytest.raises(ValidationError):
        evaluations.evaluation_return(evaluation=evaluation, note="", by=head(org))
    assert Evaluation.objects.get().status == Evaluation.Status.SUBMITTED


def test_a_proposal_goes_through_usulan_pengadaan_steps_1_to_7_and_becomes_a_package(org):
    by = officer(org)
    proposal = proposals.proposal_create(organization=org, title="Internet pengganti", needs="100 Mbps", by=by)
    proposal = proposals.proposal_move(proposal=proposal, name="submit", by=by)  # steps 1–2
    with pytest.raises(ValidationError):  # no check of existing assets written: refused, nothing saved
        proposals.proposal_move(proposal=proposal, name="not_existing", by=by)
    proposal = proposals.proposal_move(
        proposal=proposal, name="not_existing", by=by, asset_check="Tidak ada jaringan cadangan milik LPSE."
    )  # step 3 b
    with pytest.raises(ValidationError):  # budget not approved yet (step 4)
        proposals.proposal_move(proposal=proposal, name="send_kak", by=by, budget="150000000", kak="KAK …")
    assert Proposal.objects.get().budget is None
    proposal = proposals.proposal_move(
        proposal=proposal, name="send_kak", by=by, budget="150.000.000", budget_approved="1", kak="Spesifikasi 100 Mbps"
    )  # steps 4–5
    proposal = proposals.proposal_move(proposal=proposal, name="review_kak", by=by, kak_review="Sudah sesuai")
    proposal = proposals.proposal_move(proposal=proposal, name="propose", by=by)  # step 7
    assert case_for(proposal, procedure=PROPOSAL).status == Case.Status.COMPLETED
    assert _done(proposal, PROPOSAL)[-1] == "ajukan-usulan-pengadaan"
    proposal = proposals.proposal_move(proposal=proposal, name="approve", by=head(org))
    agency = OrgUnit.objects.create(organization=org, name="Dinas Kominfo", kind=OrgUnit.Kind.AGENCY)
    proposal = proposals.proposal_to_package(proposal=proposal, agency=agency, kd_rup="99887766", kind="other_services",
                                             method="tender", fiscal_year=2026, by=by)  # fmt: skip
    package = Package.objects.get(kd_rup="99887766")
    assert proposal.package == package and package.pagu == 150_000_000
    with pytest.raises(ValidationError):
        proposals.proposal_to_package(proposal=proposal, agency=agency, kd_rup="1", kind="other_services",
                                      method="tender", fiscal_year=2026, by=by)  # fmt: skip


def test_already_owned_ends_the_proposal_at_step_8(org):
    by = officer(org)
    proposal = proposals.proposal_create(organization=org, title="Server", needs="Server cadangan", by=by)
    proposal = proposals.proposal_move(proposal=proposal, name="submit", by=by)
    proposal = proposals.proposal_move(proposal=proposal, name="existing", by=by, asset_check="Server lama masih ada")
    assert proposal.status == Proposal.Status.EXISTING
    assert "sarankan-barang-jasa-ada" in _done(proposal, PROPOSAL)


def test_expiry_alerts_go_once_per_threshold_to_the_pengelola_and_the_kepala(org, settings):
    officer(org), head(org)
    found = contract(org, ends_in=85)
    mail.outbox.clear()
    assert tasks.alert_expiring_contracts.call() == 1
    sent = len(mail.outbox)
    assert sent >= 2 and {m.to[0] for m in mail.outbox} >= {officer(org).email, head(org).email}
    assert tasks.alert_expiring_contracts.call() == 0 and len(mail.outbox) == sent  # idempotent
    Contract.objects.filter(pk=found.pk).update(ends_on=timezone.localdate() + datetime.timedelta(days=6))
    assert tasks.alert_expiring_contracts.call() == 1
    assert sorted(ExpiryAlert.objects.values_list("days", flat=True)) == [7, 90]


def test_the_standards_evidence_counts_contracts_and_evaluations(org):
    contract(org, ends_in=30)
    contract(org, ends_in=200, the_supplier=supplier(org, "PT Awan"), number="2")
    evaluation = evaluations.evaluation_start(contract=Contract.objects.get(number="2"), by=officer(org))
    evaluations.evaluation_approve(evaluation=_submitted(evaluation, org), by=head(org))
    values = [item.value for item in evidence.evidence(organization=org)]
    assert values == ["2", "1", "1"]
    assert {item.standard for item in evidence.evidence(organization=org)} == {"service_suppliers"}
