"""The demo packages: every stage in the organisation, imported through the service, and idempotent."""

import pytest

from sopan.procurement import demo
from sopan.procurement.models import Package
from sopan.procurement.tests.factories import person

pytestmark = pytest.mark.django_db


def test_demo_puts_packages_at_every_stage_and_a_second_run_adds_nothing(organization):
    person(organization, "jabfung.ppbj")
    person(organization, "ppk")
    demo.seed(organization)
    packages = Package.objects.filter(organization=organization)
    assert set(packages.values_list("status", flat=True)) == set(Package.Status.values)
    before = sorted(packages.values_list("kd_rup", "version", "status"))
    demo.seed(organization)
    assert sorted(packages.values_list("kd_rup", "version", "status")) == before
