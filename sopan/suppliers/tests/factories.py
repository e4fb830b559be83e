"""Test data for the suppliers module: Salatiga's three SOPs bound, the people, a supplier with a contract."""

from __future__ import annotations

import datetime

from django.utils import timezone, translation

from sopan.procurement.tests.factories import person
from sopan.suppliers.models import Supplier
from sopan.suppliers.services import contracts
from sopan.suppliers.workflows import MANAGEMENT, MONITORING, PROPOSAL

SOPS = {MANAGEMENT: "pengelolaan-pendukung-layanan", MONITORING: "pemantauan-kinerja-pendukung-layanan",
        PROPOSAL: "usulan-pengadaan"}  # fmt: skip
SCORES = {"availability": 4, "response": 3, "quality": 4, "compliance": 5, "reporting": 3}


def id_(msgid: str, **values) -> str:
    with translation.override("id"):
        text = translation.gettext(msgid)
    return text % values if values else text


def bind_supplier_sops(organization):
    """Put Salatiga's three SOPs in force here and bind them to the module's procedures."""
    from sopan.sop import definition as d
    from sopan.sop.services import versions
    from sopan.sop.tests.factories import effective_version

    catalogue = {x.key: x for x in d.load_catalogue()["salatiga"]}
    for procedure, key in SOPS.items():
        version = effective_version(organization, catalogue[key].to_yaml())
        versions.procedure_bind(organization=organization, procedure=procedure, sop=version.sop, by=None)


def officer(organization):
    return person(organization, "pendukung.layanan")


def head(organization):
    return person(organization, "kepala.lpse")


def supplier(organization, name="PT Jaringan Data", service="internet") -> Supplier:
    return Supplier.objects.create(organization=organization, name=name, service=service)


def contract(organization, *, ends_in=60, began=-300, the_supplier=None, number="027/LPSE/2025", documents=None):
    today = timezone.localdate()
    return contracts.contract_register(
        supplier=the_supplier or supplier(organization), by=officer(organization), number=number,
        title="Internet dedicated 100 Mbps", value="180.000.000", starts_on=today + datetime.timedelta(days=began),
        ends_on=today + datetime.timedelta(days=ends_in), documents=documents,
    )  # fmt: skip
