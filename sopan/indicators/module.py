"""What the unit performance module brings to the platform (sopan.core.modules): its capabilities, the /kinerja/
pages and their entry on the bar, the procedure `unit_performance` (SOP Pengelolaan Kinerja) with the step keys its
writes record (workflows.py), the indicators' section of the quarterly LPSE report, and demo indicators."""

from django.utils.translation import gettext_lazy as _

from sopan.core.modules import Module, NavGroup, NavItem, Procedure, Urls
from sopan.indicators import policies, workflows

MODULE = Module(
    capabilities=policies.CAPABILITIES,
    urls=(Urls("kinerja/", "sopan.indicators.urls"),),
    # The UKPBJ's management: its performance and its risks (the risks module's entry names this group's key).
    nav_groups=(NavGroup("governance", _("Performance and risks"), "bullseye", order=41),),
    navigation=(
        NavItem(
            _("Unit performance"), "indicators:dashboard", "bullseye", policies.can_view, group="governance", order=40
        ),
    ),
    procedures=(
        Procedure(workflows.PROCEDURE, _("Unit performance management"), workflows.STEP_KEYS, "pengelolaan-kinerja"),
    ),
    hooks={"report_sections": "sopan.indicators.report_section.sections"},
    demo="sopan.indicators.demo.seed",
)
