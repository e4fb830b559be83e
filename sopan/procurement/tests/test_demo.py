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


def test_a_demo_organisation_publishes_its_packages_as_ocds(organization, client):
    from sopan.procurement.ocds.validation import validate

    person(organization, "jabfung.ppbj")
    demo.seed(organization)

    response = client.get(f"/pengadaan/publik/{organization.slug}/ocds.json")

    assert response.status_code == 200
    document = response.json()
    assert validate(document) == []
    assert {release["ocid"].rsplit("-", 1)[0] for release in document["releases"]} == {"ocds-demosa"}
