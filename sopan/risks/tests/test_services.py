"""The risk's life through both SOPs (seed 001: Pengelolaan Risiko, Manajemen Resiko Strategis PBJ): every move
records its steps on the case, the guards refuse with their message and change nothing, the permissions hold."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sopan.risks import services
from sopan.risks.models import Escalation, Risk, Treatment
from sopan.risks.tests.factories import (
    analysed,
    bind_risk_sops,
    day,
    head,
    id_,
    identified,
    owner,
    pdf_upload,
    reported,
    sekda,
    treated,
)
from sopan.risks.workflows import OPERATIONAL, STRATEGIC
from sopan.sop.api import case_for
from sopan.sop.models import Case, StepRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def criteria(organization):
    return bind_risk_sops(organization)


def _done_steps(risk) -> set[str]:
    case = case_for(risk, procedure=risk.procedure)
    return set(StepRecord.objects.filter(case=case, status=StepRecord.Status.DONE).values_list("step_key", flat=True))


def test_identify_and_analyse_record_steps_1_to_3(organization, criteria):
    risk = analysed(organization)
    assert risk.status == Risk.Status.ANALYSED
    assert risk.inherent_score == 16 and risk.inherent_level.label == "Tinggi"
    assert {"terima-penugasan", "identifikasi-risiko", "analisis-risiko"} <= _done_steps(risk)


def test_a_rating_outside_the_criteria_is_refused_and_nothing_changes(organization, criteria):
    risk = identified(organization)
    with pytest.raises(ValidationError) as error:
        services.risk_analyse(risk=risk, inherent_likelihood=6, inherent_impact=3, by=risk.owner)
    assert (
        id_(
            "The likelihood must be between 1 and %(max)s on the criteria “%(criteria)s”.",
            max=5,
            criteria=risk.criteria.name,
        )
        in error.value.message_dict["inherent_likelihood"]
    )
    risk.refresh_from_db()
    assert risk.status == Risk.Status.IDENTIFIED and risk.inherent_likelihood is None


def test_a_rating_outside_the_criteria_on_creation_is_refused_and_no_risk_is_made(organization, criteria):
    with pytest.raises(ValidationError):
        identified(organization, inherent_likelihood=0, inherent_impact=9)
    assert not Risk.objects.filter(organization=organization).exists()


def test_a_treatment_with_no_owner_is_refused_and_nothing_is_added(organization, criteria):
    risk = analysed(organization)
    with pytest.raises(ValidationError) as error:
        services.treatment_add(risk=risk, action="Survei", owner=None, due_on=day(3), by=risk.owner)
    assert "owner" in error.value.message_dict
    assert not Treatment.objects.filter(risk=risk).exists()


def test_treatment_evidence_is_checked_by_its_content(organization, criteria):
    from django.core.files.uploadedfile import SimpleUploadedFile

    risk = analysed(organization)
    treatment = services.treatment_add(risk=risk, action="Survei", owner=risk.owner, due_on=day(3), by=risk.owner)
    fake = SimpleUploadedFile("bukti.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError):
        services.treatment_complete(treatment=treatment, upload=fake, by=risk.owner)
    treatment.refresh_from_db()
    assert treatment.status == Treatment.Status.PLANNED and not treatment.evidence


def test_plan_needs_a_treatment(organization, criteria):
    risk = analysed(organization)
    with pytest.raises(ValidationError, match=id_("Plan at least one treatment, with its owner and due date, first.")):
        services.risk_move(risk=risk, name="plan", by=risk.owner)


def test_report_and_close_when_within_tolerance(organization, criteria):
    risk = reported(organization)
    assert risk.status == Risk.Status.MONITORED
    assert risk.escalations.get().to == Escalation.To.COORDINATOR
    risk = services.risk_move(risk=risk, name="close", note="Toleran.", by=head(organization))
    assert risk.status == Risk.Status.CLOSED and risk.closed_at is not None
    escalation = risk.escalations.get()
    assert escalation.disposition == Escalation.Disposition.TOLERABLE and escalation.decided_by == head(organization)
    case = case_for(risk, procedure=OPERATIONAL)
    assert case.status == Case.Status.COMPLETED
    assert {"eksekusi-rencana-penanganan", "analisis-risiko-ulang", "susun-laporan", "konsolidasi-laporan",
            "tindak-lanjut-konsolidasi", "dokumentasikan-laporan"} <= _done_steps(risk)  # fmt: skip


def test_closing_above_tolerance_before_the_event_is_refused(organization, criteria):
    risk = reported(organization, residual=(4, 4))
    with pytest.raises(ValidationError) as error:
        services.risk_move(risk=risk, name="close", by=head(organization))
    assert error.value.messages == [id_(
        "The risk cannot be closed: its rating (%(score)s) is above the tolerance (%(tolerance)s) and its event has "
        "not passed. Continue its handling or escalate it.", score=16, tolerance=8)]  # fmt: skip
    risk.refresh_from_db()
    assert risk.status == Risk.Status.MONITORED


def test_closing_above_tolerance_after_the_event_passed_is_allowed(organization, criteria):
    risk = reported(organization, residual=(4, 4), event_on=day(-1))
    risk = services.risk_move(risk=risk, name="close", by=head(organization))
    assert risk.status == Risk.Status.CLOSED


def test_escalation_to_the_committee_and_its_decision_on_the_strategic_sop(organization, criteria):
    risk = reported(organization, residual=(4, 4), procedure=STRATEGIC)
    risk = services.risk_move(risk=risk, name="escalate", note="Perlu keputusan.", by=head(organization))
    assert risk.status == Risk.Status.ESCALATED
    with pytest.raises(PermissionDenied):
        services.risk_move(risk=risk, name="decide", disposition="continue", note="x", by=head(organization))
    with pytest.raises(ValidationError):
        services.risk_move(risk=risk, name="decide", disposition="", note="x", by=sekda(organization))
    risk = services.risk_move(risk=risk, name="decide", disposition="tolerable", note="Dapat ditolerir.",
                              by=sekda(organization))  # fmt: skip
    committee = risk.escalations.get(to=Escalation.To.COMMITTEE)
    assert committee.disposition == "tolerable" and committee.decided_by == sekda(organization)
    risk = services.risk_move(risk=risk, name="resume", by=head(organization))
    assert risk.status == Risk.Status.IDENTIFIED
    steps = _done_steps(risk)
    assert {"analisis-resiko-awal", "susun-laporan-pengendalian", "analisis-eskalasi",
            "tindak-lanjut-keputusan"} <= steps  # fmt: skip


def test_a_risk_owner_acts_only_on_their_own_risks(organization, criteria):
    from sopan.procurement.tests.factories import person

    risk = analysed(organization)
    ppk = person(organization, "ppk")
    with pytest.raises(PermissionDenied):
        services.treatment_add(risk=risk, action="x", owner=ppk, due_on=day(1), by=ppk)


def test_the_helpdesk_agent_cannot_record_a_risk(organization, criteria, personas):
    with pytest.raises(PermissionDenied):
        identified(organization, by=personas["helpdesk_agent"], owner=owner(organization))


def test_stale_version_is_refused(organization, criteria):
    risk = identified(organization)
    with pytest.raises(ValidationError):
        services.risk_analyse(risk=risk, inherent_likelihood=2, inherent_impact=2, by=risk.owner,
                              seen_version=risk.version - 1)  # fmt: skip


def test_accept_a_tolerable_risk_without_treatment(organization, criteria):
    risk = analysed(organization, likelihood=2, impact=2)
    risk = services.risk_move(risk=risk, name="accept", by=risk.owner)
    assert risk.status == Risk.Status.MONITORED
    assert "susun-laporan" in _done_steps(risk)


def test_treated_risk_reports_only_with_a_done_treatment(organization, criteria):
    risk = treated(organization, done=False)
    with pytest.raises(ValidationError, match=id_("Record at least one treatment as done, with its evidence, first.")):
        services.risk_move(risk=risk, name="report", note="x", by=risk.owner)
    treatment = risk.treatments.get()
    services.treatment_complete(treatment=treatment, upload=pdf_upload(), by=risk.owner)
    assert services.risk_move(risk=risk, name="report", note="x", by=risk.owner).status == Risk.Status.MONITORED
