"""What the coaching module brings to the platform (sopan.core.modules): its capabilities, the /pembinaan/ pages and
their entries on the bar (the programmes for the coaching team and the Kepala UKPBJ, "My invitations" for vendors),
the procedure `vendor_coaching` with the SOP step keys its programmes record (workflows.py), and demo programmes."""

from django.utils.translation import gettext_lazy as _

from sopan.coaching import policies, workflows
from sopan.core.modules import Module, NavItem, Procedure, Urls

MODULE = Module(
    capabilities=policies.CAPABILITIES,
    urls=(Urls("pembinaan/", "sopan.coaching.urls"),),
    navigation=(
        # in vendor performance's menu "Pengelolaan penyedia" (performance.module.NAV_GROUP)
        NavItem(
            _("Vendor coaching"),
            "coaching:programme-list",
            "easel",
            policies.can_view_programmes,
            group="vendor-management",
            order=19,
        ),
        NavItem(_("My invitations"), "coaching:my-invitations", "envelope-open", policies.has_invitations, order=15),
    ),
    procedures=(
        Procedure(
            workflows.PROCEDURE,
            _("Vendor coaching"),
            workflows.STEP_KEYS,
            "pembinaan-pelaku-usaha",
        ),
    ),
    demo="sopan.coaching.demo.seed",
    hooks={"report_sections": "sopan.coaching.report_section.build.sections"},  # training, quarterly LPSE report
)
