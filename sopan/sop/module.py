"""What the SOP engine brings to the platform (sopan.core.modules): its screens and menu, the overdue-step reminders,
the procedures no domain module runs yet (served by the generic case runner), demo SOPs and cases, and the hooks the
kernel calls: due times follow the calendar, "my tasks" on the home page, and SOP steps recorded by the workflow helper.
"""

from django.utils.translation import gettext_lazy as _

from sopan.core.modules import Module, NavGroup, NavItem, Periodic, Procedure, Urls
from sopan.sop import policies


def _staff_sees_sops(user) -> bool:
    """The organisation's SOPs are its staff's working documents; a vendor follows the cases they take part in."""
    return policies.can_view_sops(user) and policies.is_staff_member(user)


MODULE = Module(
    capabilities=policies.CAPABILITIES,
    urls=(Urls("sop/", "sopan.sop.urls"), Urls("kepatuhan/", "sopan.sop.urls_compliance")),
    # The SOP engine's screens sit in one menu, like the administration, so the bar fits on one line.
    nav_groups=(NavGroup("sop", _("SOP"), "diagram-2", order=10),),
    navigation=(
        NavItem(_("SOP"), "sop:sop-list", "diagram-2", _staff_sees_sops, group="sop", order=30),
        NavItem(_("Cases"), "sop:case-list", "kanban", policies.can_view_sops, group="sop", order=31),
        NavItem(
            _("Compliance"), "compliance:report", "speedometer2", policies.can_view_compliance, group="sop", order=32
        ),
    ),
    periodic=(Periodic("sopan.sop.tasks.notify_overdue_steps", every=300),),
    procedures=(
        Procedure(
            "service_supplier_management",
            _("Service supplier management"),
            reference_sop="pengelolaan-pendukung-layanan",
        ),
        Procedure(
            "service_supplier_monitoring",
            _("Service supplier performance monitoring"),
            reference_sop="pemantauan-kinerja-pendukung-layanan",
        ),
        Procedure("procurement_proposal", _("Procurement proposal of the LPSE"), reference_sop="usulan-pengadaan"),
        # Perencanaan Pengadaan, Persiapan Pengadaan and Persiapan Pemilihan Penyedia are the procurement module's
        # (procurement_planning, procurement_preparation, procurement_selection_preparation): a code is declared by one
        # module only (procedures.catalogue). Pencatatan Kinerja Penyedia is the performance module's
        # (vendor_performance), Pembinaan Pelaku Usaha the coaching module's (vendor_coaching), Pengelolaan Risiko and
        # Manajemen Resiko Strategis PBJ the risks module's (risk_management, strategic_risk_management).
        Procedure("unit_performance", _("Unit performance management"), reference_sop="pengelolaan-kinerja"),
    ),
    demo="sopan.sop.demo.seed",
    hooks={
        "calendar_changed": "sopan.sop.services.cases.due_times_recompute",
        "home_tasks": "sopan.sop.selectors.my_tasks_for",
        "steps_done": "sopan.sop.api.record_steps_hook",
    },
)
