"""What the risk register brings to the platform (sopan.core.modules): its capabilities, the /risiko/ pages and their
entry on the bar, the two procedures whose SOP steps a risk records (workflows.py: SOP Pengelolaan Risiko and Prosedur
Manajemen Resiko Strategis PBJ of Pagar Alam), the risk section of the quarterly report, the LPSE service-risk
evidence for the standards' self-assessment, and demo criteria, library and risks."""

from django.utils.translation import gettext_lazy as _

from sopan.core.modules import Module, NavItem, Procedure, Urls
from sopan.risks import policies, workflows

MODULE = Module(
    capabilities=policies.CAPABILITIES,
    urls=(Urls("risiko/", "sopan.risks.urls"),),
    navigation=(
        NavItem(
            _("Risks"),
            "risks:risk-list",
            "shield-exclamation",
            policies.can_view_register,
            group="governance",
            order=41,
        ),
    ),
    procedures=(
        Procedure(
            workflows.OPERATIONAL,
            _("Procurement risk management"),
            workflows.STEP_KEYS[workflows.OPERATIONAL],
            "pengelolaan-risiko",
        ),
        Procedure(
            workflows.STRATEGIC,
            _("Strategic procurement risk management"),
            workflows.STEP_KEYS[workflows.STRATEGIC],
            "manajemen-risiko-strategis",
        ),
    ),
    hooks={
        "report_sections": "sopan.risks.report_section.sections",
        "standard_evidence": "sopan.risks.standard_evidence.evidence",
    },
    demo="sopan.risks.demo.seed",
)
