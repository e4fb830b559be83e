"""What the LPSE standards module brings to the platform (sopan.core.modules): its capabilities (an organisation's
Koordinator Standardisasi picks them for its own role), the /standar-lpse/ pages and their entry on the bar, its own
evidence for the self-assessment (hook "standard_evidence") and demo data."""

from django.utils.translation import gettext_lazy as _

from sopan.core.modules import Module, NavGroup, NavItem, Urls
from sopan.standards import policies

MODULE = Module(
    capabilities=policies.CAPABILITIES,
    urls=(Urls("standar-lpse/", "sopan.standards.urls"),),
    # The LPSE's own service (Perwali Salatiga 41/2024 annex 2.4–2.6): standards, suppliers, backups and archives,
    # reports; one menu, so the bar fits on one line. The other modules' entries name this group's key.
    nav_groups=(NavGroup("lpse-service", _("LPSE service"), "hdd-network", order=40),),
    navigation=(
        NavItem(
            _("LPSE standards"), "standards:overview", "patch-check", policies.can_view, group="lpse-service", order=40
        ),
    ),
    hooks={"standard_evidence": "sopan.standards.evidence.evidence"},
    demo="sopan.standards.demo.seed",
)
