"""Each module's measure (sopan.core.measures, hook "indicator_measures") against a direct computation on small data,
and the same figure as the module's own report where it has one; each in a fixed number of queries."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from sopan.core import audit, measures
from sopan.helpdesk.models import Ticket
from sopan.helpdesk.reports.selectors import Period, report_for
from sopan.helpdesk.tests.factories import make_ticket
from sopan.indicators.selectors import today_of
from sopan.performance.models import Assessment
from sopan.performance.tests.factories import company, contract
from sopan.procurement.models import Package
from sopan.procurement.tests.factories import make_package, person
from sopan.sop import rollup
from sopan.sop.models import StepRecord
from sopan.sop.selectors_compliance import compliance_report_for
from sopan.sop.services.cases import case_start
from sopan.sop.tests.factories import effective_version
from sopan.vendors.models import Registration
from sopan.vendors.tests.factories import bind_registration_sop, submitted_registration

pytestmark = pytest.mark.django_db


def test_every_measure_is_declared_once_with_its_direction():
    codes = set(measures.registry())
    assert {"sop.on_time_rate", "helpdesk.sla_resolution", "vendors.verification_days", "procurement.cycle_days",
            "performance.assessments_done"} <= codes  # fmt: skip
    assert measures.get("vendors.verification_days").better == measures.LOWER
    assert measures.get("helpdesk.sla_resolution").better == measures.HIGHER


def _value(code, organization, start, end, django_assert_max_num_queries, queries=2):
    with django_assert_max_num_queries(queries):
        return measures.get(code).value(organization, start, end)


def test_sop_on_time_rate_is_the_compliance_reports(organization, django_assert_max_num_queries):
    version = effective_version(organization)
    case = case_start(version=version, title="Uji", by=None)
    now = timezone.now()
    base = {
        "case": case,
        "organization": organization,
        "label": "Langkah",
        "lane": "x",
        "roles": "|verifier|",
        "opened_at": now - datetime.timedelta(hours=2),
        "completed_at": now,
        "status": StepRecord.Status.DONE,
    }
    StepRecord.objects.filter(case=case).delete()
    for key, on_time in (("a", True), ("b", True), ("c", False)):
        StepRecord.objects.create(step_key=key, due_at=now, on_time=on_time, **base)
    StepRecord.objects.create(step_key="d", due_at=None, **base)  # no standard: not judged
    rollup.rebuild(organization)  # records made behind the services' back
    today = today_of(organization)
    value = _value("sop.on_time_rate", organization, today, today, django_assert_max_num_queries)
    assert value == Decimal("66.70")  # 2 of 3, as percent() rounds: 66.7
    report = compliance_report_for(person(organization, "kepala.lpse"), date_from=today, date_to=today)
    assert value == Decimal(str(report.sections[0].on_time_percent)).quantize(Decimal("0.01"))


def test_helpdesk_sla_is_the_helpdesk_reports(organization, django_assert_max_num_queries):
    now = timezone.now()
    met = make_ticket(organization, received_at=now - datetime.timedelta(hours=1))
    late = make_ticket(organization, received_at=now - datetime.timedelta(hours=1))
    Ticket.objects.filter(pk=met.pk).update(status=Ticket.Status.RESOLVED, resolved_at=met.resolution_due_at)
    Ticket.objects.filter(pk=late.pk).update(
        status=Ticket.Status.RESOLVED, resolved_at=late.resolution_due_at + datetime.timedelta(hours=1)
    )
    make_ticket(organization, received_at=now - datetime.timedelta(minutes=1))  # open, not yet due: not judged
    today = today_of(organization)
    period = Period.containing(today)
    value = _value("helpdesk.sla_resolution", organization, period.first, period.last, django_assert_max_num_queries)
    assert value == Decimal("50.00")
    assert value == Decimal(str(report_for(person(organization, "helpdesk"), period).sla.resolution_rate))


def test_verification_days_is_the_mean_from_file_received_to_decision(organization, django_assert_max_num_queries):
    bind_registration_sop(organization)
    now = timezone.now()
    for days, status in ((2, Registration.Status.APPROVED), (4, Registration.Status.REJECTED)):
        registration = submitted_registration(organization)
        Registration.objects.filter(pk=registration.pk).update(
            status=status, received_at=now - datetime.timedelta(days=days), decided_at=now
        )
    still = submitted_registration(organization)  # not decided: not counted
    Registration.objects.filter(pk=still.pk).update(received_at=now - datetime.timedelta(days=30))
    today = today_of(organization)
    assert _value("vendors.verification_days", organization, today, today, django_assert_max_num_queries) == Decimal(
        "3.00"
    )


def test_package_cycle_days_from_record_to_handover(organization, django_assert_max_num_queries):
    lead = person(organization, "kepala.ukpbj")
    for days, kd in ((10, "1"), (20, "2")):
        package = make_package(organization, kd_rup=f"88000{kd}", status=Package.Status.HANDED_OVER)
        Package.objects.filter(pk=package.pk).update(created_at=timezone.now() - datetime.timedelta(days=days))
        audit.record(action="procurement.package.handed_over", by=lead, target=package)
    make_package(organization, kd_rup="880009")  # still planning: not counted
    today = today_of(organization)
    value = _value("procurement.cycle_days", organization, today, today, django_assert_max_num_queries, queries=3)
    assert Decimal("14.99") <= value <= Decimal("15.01")


def test_assessments_done_in_the_period(organization, django_assert_max_num_queries):
    today = today_of(organization)
    ppk = person(organization, "ppk")
    for n, day in enumerate((today, today - datetime.timedelta(days=1), today - datetime.timedelta(days=400))):
        Assessment.objects.create(
            organization=organization, contract=contract(organization, number=f"K/{n}"),
            company=company(organization), scheme_effective=datetime.date(2021, 1, 1), band="good",
            assessed_by=ppk, assessed_at=timezone.now(), assessed_on=day, response_due_on=today,
        )  # fmt: skip
    start = today - datetime.timedelta(days=10)
    assert _value("performance.assessments_done", organization, start, today, django_assert_max_num_queries) == 2
