"""The load benchmark's module scenarios (sopan/*/bench.py, docs/new-module.md §15) answered as the load run checks
them: each request built by its scenario from the fixtures `benchmarks.load.prepare` makes (the persona's user from
`staff_of`, the item from the module's pool), sent as that persona, its status and text checked. Vendor performance
(issue 21: the new modules' main pages join the benchmark) with more contracts than a page holds."""

from __future__ import annotations

import datetime
import random

import pytest
from django.utils import timezone

from benchmarks.load import prepare, scenarios
from sopan.core.testing import login
from sopan.performance.models import Assessment, Band, Contract
from sopan.performance.tests.factories import company, contract

pytestmark = pytest.mark.django_db

PERFORMANCE = ("performance_contracts", "performance_overdue", "performance_report", "performance_contract")


@pytest.fixture
def contracts(organization, personas):
    """60 contracts of the organisation (more than the list's page of 50), the older half overdue, one assessed."""
    today = timezone.localdate()
    made = [
        contract(organization, name=f"Paket {n}", assessment_due_on=today + datetime.timedelta(days=n - 30))
        for n in range(60)
    ]
    first = made[-1]
    Assessment.objects.create(
        organization=organization, contract=first, company=company(organization), scheme_effective=today,
        band=Band.GOOD, assessed_by=personas["ppk"], assessed_at=timezone.now(), assessed_on=today,
        response_due_on=today,
    )  # fmt: skip
    Contract.objects.filter(pk=first.pk).update(status=Contract.Status.ASSESSED)
    return made


def _answer(client, organization, name: str):
    scenario = scenarios.BY_NAME[name]
    rng = random.Random(7)
    org = {"slug": organization.slug, **prepare.contract_pools(organization, rng)}
    request = scenarios.pick(scenario, org, rng, {})
    login(client, prepare.staff_of(organization)[scenario.persona])
    return request, client.get(request.path)


def test_vendor_performance_brings_its_scenarios_into_the_run():
    for name in PERFORMANCE:
        scenario = scenarios.BY_NAME[name]
        assert scenario in scenarios.SCENARIOS
        assert (scenario.kind, scenario.persona) == ("page", "ukpbj")
        assert scenarios.floor_of(scenario) is scenarios.FLOOR_STAFF
    assert scenarios.BY_NAME["performance_contract"].pool == "contracts"


@pytest.mark.every_persona
@pytest.mark.parametrize("name", PERFORMANCE)
def test_each_performance_scenario_answers_with_its_text(client, organization, contracts, name):
    request, response = _answer(client, organization, name)
    assert response.status_code in request.expect
    assert request.must_contain in response.content.decode()


def test_the_contract_pool_holds_the_organisations_contracts_only(organization, other_organization, contracts):
    today = timezone.localdate()
    theirs = Contract.objects.create(
        organization=other_organization, name="Batang", agency=other_organization.units.first(), kind="goods",
        method="tender", ended_on=today, ending="handover", assessment_due_on=today,
    )  # fmt: skip
    pool = prepare.contract_pools(organization, random.Random(1))["contracts"]
    assert sorted(pool) == sorted(c.pk for c in contracts)
    assert theirs.pk not in pool


@pytest.mark.every_persona
def test_the_contract_list_scenario_fails_without_a_next_page(client, organization, personas):
    # fewer contracts than a page: the scenario's check (a first page offering the next) would count an error
    contract(organization)
    request, response = _answer(client, organization, "performance_contracts")
    assert response.status_code == 200
    assert request.must_contain not in response.content.decode()
