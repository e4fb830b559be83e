"""The demo service suppliers, on the demo organisations as `seed_demo` makes them: wherever Salatiga's three SOPs
(Pengelolaan and Pemantauan Kinerja Pendukung Layanan, Usulan Pengadaan) are in force and bound — Salatiga, whose own
SOPs they are, at least — the register, the contracts (one ending within 30 days, one expired), the evaluation the
Kepala LPSE sent back once and then approved, and the Usulan Pengadaan it opened; made through the services (audit
events, SOP steps); a second run adds nothing."""

from __future__ import annotations

import pytest

from sopan.accounts import demo as accounts_demo
from sopan.core.models import AuditEvent
from sopan.sop import demo as sop_demo
from sopan.sop.api import case_for
from sopan.sop.models import Case, StepRecord
from sopan.suppliers import demo
from sopan.suppliers.models import Contract, Evaluation, Proposal, Supplier
from sopan.suppliers.workflows import MANAGEMENT, MONITORING, PROPOSAL

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Supplier, Contract, Evaluation, Proposal, AuditEvent, StepRecord))


def test_the_demo_organisations_that_run_the_sops_get_their_suppliers_and_a_second_run_adds_nothing():
    organizations = accounts_demo.ensure_organizations()
    sop_demo.ensure_sops(organizations)
    for organization in organizations.values():
        demo.seed(organization)
    seeded = {slug for slug, organization in organizations.items() if demo._ready(organization)}
    assert "salatiga" in seeded

    for slug in seeded:
        organization = organizations[slug]
        contracts = Contract.objects.filter(organization=organization)
        assert Supplier.objects.filter(organization=organization).count() == 3, slug
        assert {c.supplier.service for c in contracts} == {"internet", "hosting", "maintenance"}, slug
        assert all(case_for(c, procedure=MANAGEMENT).status == Case.Status.COMPLETED for c in contracts), slug
        assert all(c.documents.filter(kind="contract").exists() for c in contracts), slug

        evaluation = Evaluation.objects.get(organization=organization)
        assert evaluation.status == Evaluation.Status.DOCUMENTED and evaluation.outcome == "replace", slug
        assert evaluation.rounds.count() == 2 and evaluation.rounds.first().return_note, slug
        assert case_for(evaluation, procedure=MONITORING).status == Case.Status.COMPLETED, slug
        assert evaluation.contract.outcome == "replace", slug

        proposal = Proposal.objects.get(organization=organization, evaluation=evaluation)
        assert proposal.status == Proposal.Status.KAK_DRAFTING and proposal.asset_check, slug
        assert case_for(proposal, procedure=PROPOSAL) is not None, slug

    counts = _counts()
    for organization in organizations.values():
        demo.seed(organization)
    assert _counts() == counts
