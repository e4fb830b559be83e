"""The writes of the unit's performance (SOP Pengelolaan Kinerja): a quarter's realisation with evidence (steps
11–12), refused for a quarter not begun with nothing changed; action plans; the report drafted → submitted (13–16) →
approved (17, the case completed) or returned."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from sopan.core.models import AuditEvent
from sopan.indicators import services
from sopan.indicators.models import Realisation, Report
from sopan.indicators.selectors import today_of
from sopan.indicators.tests.factories import bind_performance_sop, head, id_, indicator, officer, team
from sopan.indicators.workflows import PROCEDURE
from sopan.procurement.tests.factories import person
from sopan.sop.api import case_for
from sopan.sop.models import Case, StepRecord
from sopan.vendors.tests.factories import pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(organization):
    bind_performance_sop(organization)
    return organization


def _done_steps(subject) -> set[str]:
    case = case_for(subject, procedure=PROCEDURE)
    return set(StepRecord.objects.filter(case=case, status=StepRecord.Status.DONE).values_list("step_key", flat=True))


def test_officer_records_a_realisation_with_evidence_and_steps_11_12(org):
    row = indicator(org, year=today_of(org).year)
    evidence = SimpleUploadedFile("rekap.pdf", pdf_bytes("rekap"), content_type="application/pdf")
    realisation = services.realisation_record(indicator=row, quarter=1, value="87,5", evidence=evidence,
                                              by=officer(org))  # fmt: skip
    assert realisation.value == Decimal("87.50") and realisation.evidence_type == "application/pdf"
    assert {"laksanakan-rencana-aksi", "laporkan-realisasi"} <= _done_steps(row)
    assert AuditEvent.objects.filter(action="indicators.realisation.recorded").count() == 1
    # a second entry for the quarter replaces the first
    services.realisation_record(indicator=row, quarter=1, value="90", by=officer(org))
    assert Realisation.objects.get(indicator=row, quarter=1).value == Decimal("90.00")


def test_a_realisation_for_a_future_quarter_is_refused_and_nothing_changes(org):
    row = indicator(org, year=today_of(org).year + 1)
    with pytest.raises(ValidationError) as refused:
        services.realisation_record(indicator=row, quarter=1, value="50", by=officer(org))
    assert "quarter" in refused.value.message_dict
    assert not Realisation.objects.exists()
    assert not AuditEvent.objects.filter(action="indicators.realisation.recorded").exists()
    assert case_for(row, procedure=PROCEDURE) is None


def test_evidence_is_checked_by_its_content(org):
    row = indicator(org, year=today_of(org).year)
    fake = SimpleUploadedFile("bukti.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as refused:
        services.realisation_record(indicator=row, quarter=1, value="50", evidence=fake, by=officer(org))
    assert "evidence" in refused.value.message_dict
    assert not Realisation.objects.exists()


def test_a_computed_indicator_takes_no_entered_realisation(org):
    row = indicator(org, year=today_of(org).year, measure="performance.assessments_done")
    with pytest.raises(ValidationError):
        services.realisation_record(indicator=row, quarter=1, value="3", by=officer(org))


def test_helpdesk_agent_may_not_record_a_realisation(org):
    row = indicator(org, year=today_of(org).year)
    with pytest.raises(PermissionDenied):
        services.realisation_record(indicator=row, quarter=1, value="3", by=person(org, "helpdesk"))


def test_an_action_plan_needs_an_owner(org):
    row = indicator(org, year=today_of(org).year)
    with pytest.raises(ValidationError) as refused:
        services.action_plan_add(indicator=row, quarter=1, action="Percepat", owner=" ", due_on=today_of(org),
                                 by=team(org))  # fmt: skip
    assert refused.value.message_dict["owner"] == [id_("Name the person responsible.")]
    plan = services.action_plan_add(indicator=row, quarter=1, action="Percepat", owner="Tim", due_on=today_of(org),
                                    by=team(org))  # fmt: skip
    assert services.action_plan_done(plan=plan, by=team(org)).status == "done"


def test_report_submitted_with_steps_13_to_16_then_approved_completes_the_case(org):
    report = services.report_create(organization=org, year=today_of(org).year, period="q1", by=team(org))
    with pytest.raises(ValidationError):  # no analysis yet
        services.report_submit(report=report, by=team(org))
    report = services.report_update(report=report, analysis="Tercapai.", recommendations="", by=team(org))
    report = services.report_submit(report=report, by=team(org))
    assert report.status == Report.Status.SUBMITTED
    assert {"olah-data-kinerja", "analisa-rekomendasi", "susun-laporan-kinerja",
            "presentasikan-laporan-kinerja"} <= _done_steps(report)  # fmt: skip
    with pytest.raises(PermissionDenied):  # the team does not approve its own report
        services.report_approve(report=report, by=team(org))
    report = services.report_approve(report=report, by=head(org))
    assert report.status == Report.Status.APPROVED and report.number.endswith(f"/{report.year}")
    assert "rapat-pimpinan" in _done_steps(report)
    assert case_for(report, procedure=PROCEDURE).status == Case.Status.COMPLETED


def test_report_returned_with_a_note_goes_back_to_the_team(org):
    report = services.report_create(organization=org, year=today_of(org).year, period="s1", by=team(org))
    report = services.report_update(report=report, analysis="Analisis.", recommendations="", by=team(org))
    report = services.report_submit(report=report, by=team(org))
    with pytest.raises(ValidationError):
        services.report_return(report=report, note="", by=head(org))
    report = services.report_return(report=report, note="Lengkapi rekomendasi.", by=head(org))
    assert report.status == Report.Status.RETURNED
    assert services.report_submit(report=report, by=team(org)).status == Report.Status.SUBMITTED


def test_one_report_per_period(org):
    services.report_create(organization=org, year=2026, period="q2", by=team(org))
    with pytest.raises(ValidationError):
        services.report_create(organization=org, year=2026, period="q2", by=team(org))
