"""The demo's sanction (issue 18 §3): the terminated contract's Buruk assessment goes to a proposal, the UKPBJ's
review, the PA/KPA's SK and the report to LKPP, through the services, step 6 on the contract's case; a second run adds
nothing."""

import pytest

from sopan.core.models import AuditEvent
from sopan.performance import demo
from sopan.performance.models import Assessment, Band
from sopan.performance.models_sanctions import SanctionProposal
from sopan.performance.tests.factories import bind_performance_sop, company, person, vendor_company
from sopan.performance.workflows import PROCEDURE
from sopan.sop.api import case_for

pytestmark = pytest.mark.django_db
PEOPLE = ("ppk", "pa.kpa", "kepala.ukpbj", "penyedia.admin")


def test_demo_termination_goes_buruk_proposal_sk_reported_once(organization):
    bind_performance_sop(organization)
    for username in PEOPLE:
        person(organization, username)
    vendor_company(organization)
    company(organization, name="CV Karya Mandiri")
    demo.seed(organization)

    proposal = SanctionProposal.objects.get()
    assert proposal.assessment == Assessment.objects.get(band=Band.POOR)
    assert proposal.contract.number == "DEMO-KP-02" and proposal.status == SanctionProposal.Status.REPORTED
    assert proposal.sk_number.startswith("1/SK-DH/DPUPR/") and proposal.years == 1 and proposal.lkpp_reference
    assert proposal.decided_by.username == "pa.kpa" and proposal.reviewed_by.username == "kepala.ukpbj"
    case = case_for(proposal.contract, procedure=PROCEDURE)
    assert case.steps.filter(step_key="beri-sanksi-daftar-hitam", status="done").exists()

    before = (AuditEvent.objects.count(), SanctionProposal.objects.count())
    demo.seed(organization)
    assert (AuditEvent.objects.count(), SanctionProposal.objects.count()) == before
