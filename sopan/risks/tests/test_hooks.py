"""The register's reads and what it answers to the platform: the list and the heat maps in a fixed number of
queries, scoped to the organisation; the quarterly report's section (hook "report_sections") and the LPSE
service-risk evidence (hook "standard_evidence"), each in a fixed number of queries."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from sopan.core import modules
from sopan.procurement.tests.factories import person
from sopan.risks import report_section, selectors, services, standard_evidence
from sopan.risks.models import Criteria
from sopan.risks.tests.factories import analysed, bind_risk_sops, day, head, id_, identified, reported

pytestmark = pytest.mark.django_db


@pytest.fixture
def criteria(organization):
    return bind_risk_sops(organization)


def _quarter():
    today = timezone.localdate()
    return today - datetime.timedelta(days=30), today + datetime.timedelta(days=1)


def test_list_and_heat_maps_cost_a_fixed_number_of_queries(organization, criteria, django_assert_max_num_queries):
    for n in range(3):
        analysed(organization, title=f"Risiko {n}")
    user = head(organization)
    user = type(user).objects.get(pk=user.pk)  # fresh: the capabilities read once, as in a request
    assert user.capabilities  # loaded before counting
    with django_assert_max_num_queries(6):
        page = selectors.risk_list_for(user)
        [(r.owner.full_name, r.criteria.name, r.inherent_level) for r in page.items]
        grids = selectors.heat_maps_for(user)
    assert len(page.items) == 3
    procurement = next(g for g in grids if g.criteria.scheme == "procurement")
    assert procurement.inherent == {(4, 4): 3} and procurement.residual == {}


def test_another_organisations_risk_is_404_and_the_helpdesk_403(organization, criteria, outsider, personas):
    risk = identified(organization)
    with pytest.raises(Http404):
        selectors.risk_get_for(outsider, risk.pk)
    with pytest.raises(PermissionDenied):
        selectors.risk_list_for(personas["helpdesk_agent"])


def test_report_section_counts_the_quarter_in_fixed_queries(organization, criteria, django_assert_num_queries):
    reported(organization, title="Ditutup")
    closed = reported(organization, title="Ditutup 2")
    services.risk_move(risk=closed, name="close", by=head(organization))
    open_high = reported(organization, title="Eskalasi", residual=(4, 4))
    services.risk_move(risk=open_high, name="escalate", note="Perlu keputusan.", by=head(organization))
    late = analysed(organization, title="Terlambat")
    services.treatment_add(risk=late, action="x", owner=late.owner, due_on=day(-3), by=late.owner)
    start, end = _quarter()
    with django_assert_num_queries(5):
        [section] = report_section.sections(organization=organization, start=start, end=end)
    facts = {str(f.label): f.value for f in section.facts}
    facts = {name: facts[id_(name)] for name in (
        "Risks identified", "Risks closed", "Risks open at the end of the period", "Treatments done",
        "Treatments overdue", "Escalations to the committee", "Reports to the coordinator")}  # fmt: skip
    assert section.key == "risks" and section.order == 60
    assert facts["Risks identified"] == "4" and facts["Risks closed"] == "1"
    assert facts["Risks open at the end of the period"] == "3"
    assert facts["Treatments done"] == "3" and facts["Treatments overdue"] == "1"
    assert facts["Escalations to the committee"] == "1" and facts["Reports to the coordinator"] == "3"
    levels = {(row[1], row[2]) for row in section.tables[0].rows}
    assert levels == {("Tinggi", "2"), ("Rendah", "1")}  # 4 × 4 escalated and 4 × 4 analysed; 2 × 3 reported
    # a quarter before any of it: nothing counted
    empty = report_section.sections(organization=organization, start=start - datetime.timedelta(days=400),
                                    end=start - datetime.timedelta(days=300))[0]  # fmt: skip
    assert {f.value for f in empty.facts} == {"0"}


def test_the_hooks_are_answered_through_the_platform(organization, criteria):
    start, end = _quarter()
    keys = [s.key for answer in modules.call("report_sections", organization=organization, start=start, end=end)
            for s in answer]  # fmt: skip
    assert "risks" in keys
    evidence = [e for answer in modules.call("standard_evidence", organization=organization) for e in answer]
    assert {e.standard for e in evidence if str(e.label) == id_("LPSE service risks registered")} == {"service_risk"}


def test_service_risk_evidence_counts_registered_and_open_high(organization, criteria, django_assert_num_queries):
    service = Criteria.objects.get(organization=organization, scheme="service")
    lpse = person(organization, "kepala.lpse")
    analysed(organization, criteria=service, title="SPSE mati", by=lpse, likelihood=4, impact=5)
    analysed(organization, criteria=service, title="Akun", by=lpse, likelihood=1, impact=2)
    analysed(organization, title="Bukan layanan", likelihood=5, impact=5)
    with django_assert_num_queries(2):
        evidence = standard_evidence.evidence(organization=organization)
    values = {str(e.label): e.value for e in evidence}
    assert values == {id_("LPSE service risks registered"): "2", id_("Open service risks at a high level"): "1"}
    assert all(e.standard == "service_risk" and "scheme=service" in e.url for e in evidence)
