"""What vendor performance brings to the platform (sopan.core.modules): its capabilities, its pages with their entry
on the bar, the procedure whose SOP steps an assessment records (workflows.py), the `contract_ended` hook the
procurement module calls at a package's handover (BAST), and demo contracts and assessments."""

from django.utils.translation import gettext_lazy as _

from sopan.core.modules import Module, NavGroup, NavItem, Procedure, Urls
from sopan.performance import policies, policies_sanctions, workflows
from sopan.vendors.policies import administers_company

NAV_GROUP = "vendor-management"

MODULE = Module(
    capabilities=policies.CAPABILITIES,
    urls=(Urls("", "sopan.performance.urls"),),
    # One menu for the work on vendors after their registration (SOP Pengelolaan Penyedia, Pencatatan Kinerja
    # Penyedia, Pembinaan Pelaku Usaha; the coaching module puts its entry here too): the bar stays one line wide.
    nav_groups=(NavGroup(NAV_GROUP, _("Vendor management"), "people", order=5),),
    navigation=(
        NavItem(
            _("Vendor performance"),
            "performance:index",
            "star-half",
            policies.can_view_performance,
            group=NAV_GROUP,
            order=17,
        ),
        NavItem(
            _("Vendor market"), "performance:market", "graph-up", policies.can_view_market, group=NAV_GROUP, order=18
        ),
        # the vendor's own assessments and sanctions (issue 18 §1: it reads and answers them)
        NavItem(_("My performance"), "performance:vendor-assessments", "star", administers_company, order=16),
        # issue 18 §3: a Pokja member proposes sanctions without seeing the assessments (the others reach the proposals
        # from the vendor performance page)
        NavItem(
            _("Sanction proposals"),
            "performance:sanction-list",
            "exclamation-octagon",
            policies_sanctions.sees_only_sanctions,
            group=NAV_GROUP,
            order=17,
        ),
    ),
    procedures=(
        # SOP Pencatatan Kinerja Penyedia (seed 001): steps 1, 3, 3a/3b, 4, 5 are recorded here.
        Procedure(
            workflows.PROCEDURE,
            _("Vendor performance records"),
            workflows.STEP_KEYS,
            "pencatatan-kinerja-penyedia",
        ),
    ),
    hooks={
        "contract_ended": "sopan.performance.services.contract_from_handover",
        "indicator_measures": "sopan.performance.measures.measures",
    },
    demo="sopan.performance.demo.seed",
)
