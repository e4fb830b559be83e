"""A package's handover (BAST) makes its contract due for assessment (issue 18 §1–§2): procurement's
`package_record_handover` (and its SPSE twin) calls the `contract_ended` hook; the contract's case of SOP Pencatatan
Kinerja Penyedia opens with step 1 the package's PPK's task in "Tugas saya", which goes overdue like any SOP step."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from freezegun import freeze_time

from sopan.core.models import AuditEvent
from sopan.performance import rules
from sopan.performance.models import Contract
from sopan.performance.tests.factories import bind_performance_sop, person
from sopan.performance.workflows import PROCEDURE
from sopan.procurement import stages
from sopan.procurement.tests.factories import bind_stage_sops, staged_package
from sopan.sop.api import case_for
from sopan.sop.models import StepRecord
from sopan.sop.selectors import my_tasks_for
from sopan.sop.tasks import notify_overdue_steps

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(organization):
    bind_stage_sops(organization)
    bind_performance_sop(organization)
    return organization


def test_handover_records_the_contract_and_opens_step_1_for_the_ppk(org):
    package = staged_package(org, "handed_over")
    contract = Contract.objects.get(package=package)
    ppk = person(org, "ppk")
    assert (contract.name, contract.agency, contract.commitment_officer) == (package.name, package.agency, ppk)
    assert contract.value == package.contract_value and contract.company is None
    assert (contract.ending, contract.status, contract.ended_on) == ("handover", "awaiting", timezone.localdate())
    assert contract.assessment_due_on > contract.ended_on
    assert AuditEvent.objects.filter(action="performance.contract.recorded", target_id=str(contract.pk)).exists()
    step = case_for(contract, procedure=PROCEDURE).steps.get(status=StepRecord.Status.OPEN)
    assert (step.step_key, step.assignee) == ("kirim-undangan-rapat", ppk)
    # "Tugas saya": the PPK's inbox shows it; the Kepala UKPBJ's does not
    assert step in my_tasks_for(ppk)
    assert step not in my_tasks_for(person(org, "kepala.ukpbj"))


def test_a_self_managed_package_has_no_provider_to_assess(org):
    package = staged_package(org, "handed_over", method="self_managed", kd_rup="8800001")
    assert package.status == "handed_over" and not Contract.objects.filter(package=package).exists()


def test_the_open_step_goes_overdue_and_is_flagged(org):
    package = staged_package(org, "handed_over")
    step = case_for(Contract.objects.get(package=package), procedure=PROCEDURE).steps.get(status="open")
    with freeze_time(step.due_at + datetime.timedelta(minutes=1)):
        assert notify_overdue_steps.call() >= 1
    step.refresh_from_db()
    assert step.overdue_notified_at is not None


def test_the_spse_import_twin_also_records_the_contract(org):
    package = staged_package(org, "contract")
    importer = person(org, "jabfung.ppbj")
    stages.package_record_handover(package=package, by=importer, seen_version=package.version,
                                   on=timezone.localdate() - datetime.timedelta(days=2), spse=True)  # fmt: skip
    contract = Contract.objects.get(package=package)
    assert contract.ended_on == timezone.localdate() - datetime.timedelta(days=2)
    assert contract.created_by == importer


def test_without_the_sop_the_handover_still_goes_and_the_contract_waits_without_a_case(organization):
    bind_stage_sops(organization)  # vendor_performance not bound
    package = staged_package(organization, "handed_over")
    contract = Contract.objects.get(package=package)
    assert package.status == "handed_over"
    assert case_for(contract, procedure=PROCEDURE) is None


def test_due_date_counts_working_days_of_the_organisations_calendar(org):
    from sopan.core.selectors import calendar_for

    calendar = calendar_for(org)
    friday = datetime.date(2026, 7, 3)  # a Friday: Saturday and Sunday are not working days
    assert rules.working_days_after(calendar, friday, 1) == datetime.date(2026, 7, 6)
    assert rules.working_days_after(calendar, friday, 10) == datetime.date(2026, 7, 17)
    # 17 August (Independence Day) is skipped
    assert rules.working_days_after(calendar, datetime.date(2026, 8, 14), 1) == datetime.date(2026, 8, 18)
