"""What the SOP engine brings to the platform (sopan.core.modules): its screens and menu, the overdue-step reminders,
demo SOPs and cases, and the hooks the kernel calls: due times follow the calendar, "my tasks" on the home page, and
SOP steps recorded by the workflow helper.
"""

from django.utils.translation import gettext_lazy as _

from sopan.core.modules import Module, NavGroup, NavItem, Periodic, Urls
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
    # Every procedure of the seeds is now run by its domain module, which declares it (a code is declared by one
    # module only, procedures.catalogue): Perencanaan Pengadaan, Persiapan Pengadaan and Persiapan Pemilihan Penyedia
    # by procurement; Pencatatan Kinerja Penyedia by performance; Pembinaan Pelaku Usaha by coaching; Pengelolaan
    # Kinerja by indicators; Usulan Pengadaan and Salatiga's two procedures of service suppliers by suppliers;
    # Pengelolaan Risiko and Manajemen Resiko Strategis PBJ by risks. An SOP bound to none runs as a generic case.
    demo="sopan.sop.demo.seed",
    hooks={
        "calendar_changed": "sopan.sop.services.cases.due_times_recompute",
        "timezone_changed": "sopan.sop.services.cases.timezone_changed",
        "home_tasks": "sopan.sop.selectors.my_tasks_for",
        "steps_done": "sopan.sop.api.record_steps_hook",
        "indicator_measures": "sopan.sop.measures.measures",
        "report_sections": "sopan.sop.report_section.build.sections",  # SOP compliance, quarterly LPSE report
    },
)
