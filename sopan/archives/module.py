"""What the backups-and-archives module brings to the platform (sopan.core.modules): its capabilities, the pages
/standar-lpse/cadangan/ (backups, annex 2.6.5 a) and /standar-lpse/arsip/ (archives, annex 2.6.5 b) of Perwali
Salatiga 41/2024, their entry on the bar, the evidence for the LPSE standard "continuity", and demo data."""

from django.utils.translation import gettext_lazy as _

from sopan.archives import policies
from sopan.core.modules import Module, NavItem, Urls

MODULE = Module(
    capabilities=policies.CAPABILITIES,
    urls=(
        Urls("standar-lpse/cadangan/", "sopan.archives.urls_backups"),
        Urls("standar-lpse/arsip/", "sopan.archives.urls_archives"),
    ),
    navigation=(
        NavItem(
            _("Backups and archives"), "backups:backups", "hdd-stack", policies.can_view, group="lpse-service", order=42
        ),
    ),
    hooks={"standard_evidence": "sopan.archives.standard_evidence.evidence"},
    demo="sopan.archives.demo.seed",
)
