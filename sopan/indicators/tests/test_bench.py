"""The module's load-benchmark scenarios (bench.py) answered as the load run checks them: the benchmark's organisations
have no indicators of their own (no datagen phase), so `bench.prepare`, which `benchmarks/load/prepare.py` calls for
each organisation measured, makes the demo's through the services; the register then answers with its text."""

from __future__ import annotations

import random

import pytest

from benchmarks.load import prepare, scenarios
from sopan.core.testing import login
from sopan.indicators import bench
from sopan.indicators.models import Indicator

pytestmark = pytest.mark.django_db


def test_prepare_is_found_and_makes_the_indicators_once(organization, personas):
    assert bench.prepare in scenarios.module_preparations()
    assert not Indicator.objects.filter(organization=organization).exists()
    bench.prepare(organization)
    made = Indicator.objects.filter(organization=organization).count()
    assert made >= 8
    bench.prepare(organization)  # a second run (the next benchmark) adds nothing
    assert Indicator.objects.filter(organization=organization).count() == made


@pytest.mark.every_persona
@pytest.mark.parametrize("name", ["indicators_dashboard", "indicators_register"])
def test_each_scenario_answers_with_its_text_once_prepared(client, organization, personas, name):
    scenario = scenarios.BY_NAME[name]
    request = scenarios.pick(scenario, {"slug": organization.slug}, random.Random(7), {})
    login(client, prepare.staff_of(organization)[scenario.persona])
    before = client.get(request.path)
    assert before.status_code in request.expect
    bench.prepare(organization)
    response = client.get(request.path)
    assert response.status_code in request.expect and request.must_contain in response.content.decode()
