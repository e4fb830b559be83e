"""What vendors brings to the platform (sopan.core.modules): registration, verification, accounts and the blacklist
(their screens and entries on the bar), the expiry of unverified registrations, the vendor registration procedure with
the SOP step keys its transitions record, and demo vendors."""

from django.utils.translation import gettext_lazy as _

from sopan.core.modules import Module, NavItem, Periodic, Procedure, Urls
from sopan.vendors import policies

MODULE = Module(
    capabilities=policies.CAPABILITIES,
    urls=(Urls("", "sopan.vendors.urls"),),
    navigation=(
        NavItem(_("Front office"), "vendors:desk", "person-vcard", policies.can_work_desk, order=10),
        NavItem(_("Verification"), "vendors:queue", "clipboard-check", policies.can_verify, order=11),
        NavItem(_("Vendors"), "vendors:company-list", "shop", policies.can_view_vendors, order=12),
        NavItem(
            _("My registration"), "vendors:registration-status", "card-checklist", policies.has_registration, order=13
        ),
        NavItem(_("My company"), "vendors:company-mine", "building", policies.administers_company, order=14),
    ),
    periodic=(Periodic("sopan.vendors.tasks.expire_registrations", every=3600),),
    procedures=(
        Procedure(
            "vendor_registration",
            _("Vendor registration and verification"),
            frozenset({"terima-berkas", "verifikasi-berkas", "minta-kelengkapan", "setujui", "arsipkan"}),
            "rekrutmen-registrasi-penyedia",
        ),
    ),
    demo="sopan.vendors.demo.ensure_vendors",  # document lists, slots, applications at every stage
    hooks={
        "indicator_measures": "sopan.vendors.measures.measures",  # the unit's performance indicators
        "report_sections": "sopan.vendors.report_section.build.sections",  # registrations, quarterly LPSE report
    },
)
