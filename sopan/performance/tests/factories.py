"""Test data for vendor performance: the SOP bound, companies, contracts written directly (the matrix binds no SOP)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from sopan.performance.models import Contract
from sopan.performance.workflows import PROCEDURE
from sopan.procurement.tests.factories import person
from sopan.vendors.models import Company
from sopan.vendors.tests.factories import company_data, valid_nik

__all__ = ["bind_performance_sop", "company", "contract", "person", "vendor_company"]


def bind_performance_sop(organization):
    """Put Pagar Alam's SOP Pencatatan Kinerja Penyedia in force here and bind it to "vendor_performance"."""
    from sopan.sop import definition as d
    from sopan.sop.services import versions
    from sopan.sop.tests.factories import effective_version

    catalogue = {x.key: x for x in d.load_catalogue()["pagar-alam"]}
    version = effective_version(organization, catalogue["pencatatan-kinerja-penyedia"].to_yaml())
    versions.procedure_bind(organization=organization, procedure=PROCEDURE, sop=version.sop, by=None)
    return version


def company(organization, *, admin=None, **overrides) -> Company:
    data = company_data(**overrides)
    return Company.objects.create(
        organization=organization, **data, admin_name=admin.full_name if admin else "Slamet Riyadi",
        admin_nik=valid_nik(), admin_position="Direktur", admin_user=admin, status=Company.Status.ACTIVE,
        activated_at=timezone.now(),
    )  # fmt: skip


def vendor_company(organization) -> Company:
    """The company of the vendor persona (penyedia.admin) as the vendor's pages find it (`company_of`: its newest)."""
    from sopan.vendors.selectors import company_of

    admin = person(organization, "penyedia.admin")
    return company_of(admin) or company(organization, admin=admin, name="CV Maju Jaya")


def contract(organization, **fields) -> Contract:
    """A contract of the DPUPR, its PPK the persona `ppk`, ended 3 days ago, awaiting its assessment."""
    today = timezone.localdate()
    values = {
        "name": "Pembangunan Drainase Kelurahan",
        "number": "KONTRAK/1/2026",
        "value": Decimal("450000000"),
        "agency": organization.units.get(code=fields.pop("agency_code", "DPUPR")),
        "commitment_officer": person(organization, "ppk"),
        "kind": "construction",
        "method": "tender",
        "ended_on": today - datetime.timedelta(days=3),
        "ending": Contract.Ending.HANDOVER,
        "assessment_due_on": today + datetime.timedelta(days=7),
        **fields,
    }
    return Contract.objects.create(organization=organization, **values)
