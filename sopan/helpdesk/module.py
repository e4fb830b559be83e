"""What helpdesk brings to the platform (sopan.core.modules): tickets, knowledge, announcements and reports (their
screens and the entry on the bar), escalation, closing and mail polling, the telephone helpdesk procedure with the SOP
step keys its transitions record, and demo helpdesk data."""

from django.utils.translation import gettext_lazy as _

from sopan.core.modules import Module, NavItem, Periodic, Procedure, Urls
from sopan.helpdesk import policies

MODULE = Module(
    capabilities=policies.CAPABILITIES,
    urls=(Urls("", "sopan.helpdesk.urls"),),
    navigation=(NavItem(_("Helpdesk"), "helpdesk:ticket-list", "headset", policies.can_view_tickets, order=20),),
    periodic=(
        Periodic("sopan.helpdesk.tasks.escalate_tickets_at_risk", every=300),
        Periodic("sopan.helpdesk.tasks.close_resolved_tickets", every=3600),
        # issue 5 §1: new mail opens or joins a ticket within a minute
        Periodic("sopan.helpdesk.tasks_mail.poll_mailboxes", every=60),
    ),
    procedures=(
        Procedure(
            "telephone_helpdesk",
            _("Telephone helpdesk"),
            frozenset(
                {
                    "terima-telepon",
                    "catat-identitas-masalah",
                    "dapat-dijawab",
                    "beri-solusi",
                    "arsipkan-formulir",
                    "beri-nomor-tiket",
                }
            ),
            "penanganan-permasalahan-telepon",
        ),
    ),
    demo="sopan.helpdesk.demo.ensure_helpdesk",  # priority table, tickets, FAQ, canned answers, announcements
    hooks={
        "indicator_measures": "sopan.helpdesk.measures.measures",  # the unit's performance indicators
        # issue 20 §2: the helpdesk standard's evidence for the LPSE standards' self-assessment
        "standard_evidence": "sopan.helpdesk.standard_evidence.evidence",
        # the quarterly LPSE report: tickets and SLA (Pasal 9), outages and their Berita Acara
        "report_sections": "sopan.helpdesk.report_section.build.sections",
    },
)
