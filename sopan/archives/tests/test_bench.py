"""The module's load-benchmark scenarios (bench.py) answered as the load run checks them (benchmarks/load/run.py
through `scenarios.pick`): picked up from INSTALLED_APPS, each request sent as the scenario's persona (the Kepala
LPSE of `prepare.staff_of`), its status and text checked — with backups, a restore test and something due."""

from __future__ import annotations

import datetime
import random

import pytest
from django.utils import timezone

from benchmarks.load import prepare, scenarios
from sopan.archives import bench
from sopan.archives.models import Backup, RetentionRule
from sopan.core.testing import login
from sopan.helpdesk.models import Ticket

pytestmark = pytest.mark.django_db

NAMES = ("archives_backups", "archives_due")


def test_the_archives_scenarios_join_the_run():
    assert tuple(s.name for s in bench.SCENARIOS) == NAMES
    for name in NAMES:
        scenario = scenarios.BY_NAME[name]
        assert scenario in scenarios.SCENARIOS
        assert (scenario.kind, scenario.persona) == ("page", "head")
        assert scenarios.floor_of(scenario) is scenarios.FLOOR_STAFF


@pytest.mark.every_persona
@pytest.mark.parametrize("name", NAMES)
def test_each_archives_scenario_answers_with_its_text(client, organization, personas, name):
    from sopan.helpdesk.tests.factories import make_ticket

    now = timezone.now()
    Backup.objects.create(organization=organization, taken_at=now, location="/backup", performed_by="Dimas")
    rule = {"kind": "helpdesk_ticket", "retention_years": 2, "disposition": "destroy", "legal_source": "Uji"}
    RetentionRule.objects.create(organization=organization, valid_from=datetime.date(2024, 1, 1), **rule)
    ticket = make_ticket(organization)
    Ticket.objects.filter(pk=ticket.pk).update(status="closed", received_at=now - datetime.timedelta(days=1200))
    scenario = scenarios.BY_NAME[name]
    request = scenarios.pick(scenario, {"slug": organization.slug}, random.Random(7), {})
    login(client, prepare.staff_of(organization)[scenario.persona])
    response = client.get(request.path)
    assert response.status_code in request.expect
    assert request.must_contain in response.content.decode()
