"""What the service suppliers module brings to the platform (sopan.core.modules): the /pendukung-layanan/ pages and
their entry on the bar, its capabilities, Salatiga's three procedures (Usulan Pengadaan; Pengelolaan Pendukung
Layanan; Pemantauan Kinerja Pendukung Layanan) with the SOP step keys its transitions record (workflows.py), the
hourly contract-expiry alerts, its evidence for the LPSE standard "service_suppliers", and demo data."""

from django.utils.translation import gettext_lazy as _

from sopan.core.modules import Module, NavItem, Periodic, Procedure, Urls
from sopan.suppliers import policies, workflows

MODULE = Module(
    capabilities=policies.CAPABILITIES,
    urls=(Urls("pendukung-layanan/", "sopan.suppliers.urls"),),
    navigation=(
        NavItem(
            _("Service suppliers"), "suppliers:home", "hdd-network", policies.can_view, group="lpse-service", order=41
        ),
    ),
    periodic=(Periodic("sopan.suppliers.tasks.alert_expiring_contracts", every=3600),),
    procedures=(
        Procedure(
            workflows.MANAGEMENT,
            _("Service supplier management"),
            workflows.MANAGEMENT_STEPS,
            "pengelolaan-pendukung-layanan",
        ),
        Procedure(
            workflows.MONITORING,
            _("Service supplier performance monitoring"),
            workflows.MONITORING_STEPS,
            "pemantauan-kinerja-pendukung-layanan",
        ),
        Procedure(
            workflows.PROPOSAL, _("Procurement proposal of the LPSE"), workflows.PROPOSAL_STEPS, "usulan-pengadaan"
        ),
    ),
    demo="sopan.suppliers.demo.seed",
    hooks={"standard_evidence": "sopan.suppliers.evidence.evidence"},
)
