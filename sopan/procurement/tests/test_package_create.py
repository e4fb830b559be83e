"""procurement.services.package_create, the package another context's service makes (an approved Usulan Pengadaan of
the LPSE, sopan.suppliers): bad data refused field by field with nothing written, a good one created with its audit
event naming where it came from."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sopan.accounts.models import OrgUnit
from sopan.core.models import AuditEvent
from sopan.procurement.models import Package
from sopan.procurement.services import package_create
from sopan.procurement.tests.factories import person

pytestmark = pytest.mark.django_db


def _fields(agency, **changes) -> dict:
    return {"kd_rup": "44332211", "name": "Internet pengganti", "agency": agency, "kind": "other_services",
            "method": "tender", "pagu": 150_000_000, "fiscal_year": 2026} | changes  # fmt: skip


def test_a_package_is_created_with_its_audit_event(organization):
    agency = OrgUnit.objects.create(organization=organization, name="Dinas Kominfo", kind=OrgUnit.Kind.AGENCY)
    package = package_create(organization=organization, fields=_fields(agency), by=person(organization, "kepala.lpse"),
                             source="suppliers.proposal:1")  # fmt: skip
    assert (package.kd_rup, package.pagu, package.agency) == ("44332211", 150_000_000, agency)
    event = AuditEvent.objects.get(action="procurement.package.created")
    assert event.changes["source"] == "suppliers.proposal:1"


def test_bad_data_is_refused_field_by_field_and_nothing_is_written(organization, other_organization):
    agency = OrgUnit.objects.create(organization=organization, name="Dinas Kominfo", kind=OrgUnit.Kind.AGENCY)
    foreign = OrgUnit.objects.create(organization=other_organization, name="Dinas Lain", kind=OrgUnit.Kind.AGENCY)
    by = person(organization, "kepala.lpse")
    with pytest.raises(ValidationError) as error:
        package_create(organization=organization, by=by, source="test",
                       fields=_fields(foreign, kd_rup=" ", kind="x", method="y", fiscal_year="2026"))  # fmt: skip
    assert set(error.value.message_dict) == {"kd_rup", "agency", "kind", "method", "fiscal_year"}
    package_create(organization=organization, fields=_fields(agency), by=by, source="test")
    with pytest.raises(ValidationError) as error:  # the same RUP code twice
        package_create(organization=organization, fields=_fields(agency), by=by, source="test")
    assert set(error.value.message_dict) == {"kd_rup"}
    assert Package.objects.count() == 1
    assert AuditEvent.objects.filter(action="procurement.package.created").count() == 1
