"""The demo: after procurement's demo (whose BAST makes a contract through the hook), assessments in every band (Buruk
by a termination), overdue contracts, a vendor response; through the services; a second run adds nothing."""

import pytest

from sopan.core.models import AuditEvent
from sopan.performance import demo
from sopan.performance.models import Assessment, Band, Contract
from sopan.performance.tests.factories import bind_performance_sop, company, person, vendor_company
from sopan.procurement import demo as procurement_demo
from sopan.procurement.tests.factories import bind_stage_sops
from sopan.sop.models import StepRecord

pytestmark = pytest.mark.django_db
PEOPLE = ("jabfung.ppbj", "ppk", "pa.kpa", "kepala.ukpbj", "pokja", "tim.analisis", "penyedia.admin")


def _counts():
    return (AuditEvent.objects.count(), StepRecord.objects.count(), Contract.objects.count(),
            Assessment.objects.count())  # fmt: skip


def test_demo_assessments_in_every_band_overdue_contracts_and_a_response_idempotent(organization):
    bind_stage_sops(organization)
    bind_performance_sop(organization)
    for username in PEOPLE:
        person(organization, username)
    persona = vendor_company(organization)
    company(organization, name="CV Karya Mandiri")
    procurement_demo.seed(organization)
    demo.seed(organization)

    assert set(Assessment.objects.values_list("band", flat=True)) == set(Band.values)
    assert Assessment.objects.get(band=Band.POOR).contract.ending == Contract.Ending.TERMINATION
    handed_over = Contract.objects.get(package__isnull=False)
    assert handed_over.status == Contract.Status.ASSESSED and handed_over.assessment.band == Band.GOOD
    overdue = Contract.objects.filter(status=Contract.Status.AWAITING)
    assert overdue.count() == 2 and all(c.assessment_due_on < c.created_at.date() for c in overdue)
    responded = Assessment.objects.exclude(responded_at=None).get()
    assert responded.company == persona and responded.response

    before = _counts()
    demo.seed(organization)
    assert _counts() == before


def test_without_the_sop_the_demo_makes_nothing(organization):
    for username in PEOPLE:
        person(organization, username)
    company(organization)
    demo.seed(organization)
    assert not Contract.objects.exists()
