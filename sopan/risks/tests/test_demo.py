"""The demo: on an organisation with the risk SOPs bound, both criteria sets, the library and a risk in every
part of the flow, made through the services; a second run adds nothing."""

from __future__ import annotations

import pytest

from sopan.risks import demo
from sopan.risks.models import Criteria, Escalation, Risk, RiskTemplate
from sopan.risks.tests.factories import bind_risk_sops
from sopan.sop.api import case_for

pytestmark = [pytest.mark.django_db, pytest.mark.every_persona]


def test_demo_seeds_every_part_once(organization, personas):
    from sopan.procurement.tests.factories import person

    for username in ("pa.kpa", "sekda", "kepala.lpse"):
        person(organization, username)
    bind_risk_sops(organization)
    demo.seed(organization)
    demo.seed(organization)
    assert set(Criteria.objects.filter(organization=organization).values_list("scheme", flat=True)) == {
        "procurement", "service"}  # fmt: skip
    assert RiskTemplate.objects.filter(organization=organization).count() == 7
    statuses = dict(Risk.objects.filter(organization=organization).values_list("title", "status"))
    assert statuses == {demo.CLOSED: "closed", demo.ESCALATED: "decided", demo.TREATING: "treated",
                        demo.SERVICE_HIGH: "analysed", demo.SERVICE_NEW: "identified"}  # fmt: skip
    assert Escalation.objects.filter(to="committee", decided_at__isnull=False).count() == 1
    closed = Risk.objects.get(title=demo.CLOSED)
    assert case_for(closed, procedure=closed.procedure).status == "completed"


def test_without_the_sops_only_the_criteria_and_library_are_seeded(organization, personas):
    demo.seed(organization)
    assert Criteria.objects.filter(organization=organization).count() == 2
    assert not Risk.objects.exists()
