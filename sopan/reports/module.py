"""What the periodic reports module brings to the platform (sopan.core.modules): its capabilities, the
/laporan/triwulan/ pages and their entry on the bar for the Kepala LPSE and the Kepala UKPBJ, and demo reports. Its
chapters come from the other modules (hook "report_sections"); it knows no domain."""

from django.utils.translation import gettext_lazy as _

from sopan.core.modules import Module, NavItem, Urls
from sopan.reports import policies

MODULE = Module(
    capabilities=policies.CAPABILITIES,
    urls=(Urls("laporan/triwulan/", "sopan.reports.urls"),),
    navigation=(
        NavItem(
            _("LPSE reports"),
            "reports:report-list",
            "journal-text",
            policies.can_view_reports,
            group="lpse-service",
            order=43,
        ),
    ),
    demo="sopan.reports.demo.seed",
)
