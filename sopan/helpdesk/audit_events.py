"""The names of the helpdesk's audit events (shown by sopan.core.audit_display)."""

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from sopan.core.audit_display import Fact
from sopan.helpdesk.models import Level

EVENTS = {
    "helpdesk.ticket.created": _("Ticket recorded"),
    "helpdesk.ticket.classified": _("Ticket classified"),
    "helpdesk.ticket.assigned": _("Ticket assigned"),
    "helpdesk.ticket.escalated": _("Ticket escalated"),
    "helpdesk.ticket.auto_escalated": _("Ticket escalated automatically (target missed)"),
    "helpdesk.ticket.escalated_lkpp": _("Ticket reported to LKPP"),
    "helpdesk.ticket.informed": _("Reporter informed of the ticket number"),
    # the ticket flow (helpdesk.workflows): each transition's literal code
    "helpdesk.ticket.taken": _("Ticket taken"),
    "helpdesk.ticket.put_on_hold": _("Ticket waiting for the reporter"),
    "helpdesk.ticket.resumed": _("Ticket resumed"),
    "helpdesk.ticket.resolved": _("Ticket resolved"),
    "helpdesk.ticket.resolved_on_the_spot": _("Ticket answered on the spot"),
    "helpdesk.ticket.confirmed": _("Solution confirmed by the reporter"),
    "helpdesk.ticket.auto_closed": _("Ticket closed automatically"),
    "helpdesk.ticket.closed": _("Ticket closed"),
    "helpdesk.ticket.reopened": _("Ticket reopened"),
    # recorded before issue 15 ("helpdesk.ticket.<transition>"), still shown in the history
    "helpdesk.ticket.take": _("Ticket taken"),
    "helpdesk.ticket.wait": _("Ticket waiting for the reporter"),
    "helpdesk.ticket.resume": _("Ticket resumed"),
    "helpdesk.ticket.reporter_answered": _("Reporter answered"),
    "helpdesk.ticket.resolve": _("Ticket resolved"),
    "helpdesk.ticket.resolve_on_the_spot": _("Ticket answered on the spot"),
    "helpdesk.ticket.confirm": _("Solution confirmed by the reporter"),
    "helpdesk.ticket.auto_close": _("Ticket closed automatically"),
    "helpdesk.ticket.close": _("Ticket closed"),
    "helpdesk.ticket.reopen": _("Ticket reopened"),
    "helpdesk.ticket.reporter_reopened": _("Ticket reopened by the reporter"),
    "helpdesk.message.sent": _("Reply sent to the reporter"),
    "helpdesk.message.noted": _("Internal note added"),
    "helpdesk.message.received": _("Message received from the reporter"),
    "helpdesk.escalation.answered": _("Escalation answered"),
    "helpdesk.announcement.created": _("Announcement published"),
    "helpdesk.announcement.updated": _("Announcement changed"),
    "helpdesk.announcement.closed": _("Announcement closed"),
    "helpdesk.article.created": _("FAQ article written"),
    "helpdesk.article.updated": _("FAQ article changed"),
    "helpdesk.article.published": _("FAQ article published"),
    "helpdesk.article.unpublished": _("FAQ article withdrawn"),
    "helpdesk.canned_answer.created": _("Canned answer added"),
    "helpdesk.canned_answer.updated": _("Canned answer changed"),
    "helpdesk.canned_answer.deactivated": _("Canned answer deactivated"),
    "helpdesk.settings.updated": _("Helpdesk settings changed"),
    "helpdesk.priority_level.updated": _("Priority targets changed"),
    "helpdesk.priority_matrix.updated": _("Priority table changed"),
    "helpdesk.mailbox.created": _("Helpdesk mailbox set up"),
    "helpdesk.mailbox.updated": _("Helpdesk mailbox changed"),
}


def _cell_text(urgency: str, impact: str) -> str:
    labels = dict(Level.choices)
    return _("urgency %(urgency)s, impact %(impact)s") % {"urgency": labels[urgency], "impact": labels[impact]}


_cell = lazy(_cell_text, str)
_PRIORITY = Fact(_("priority"), kind="code")  # written as the priority's code
_ROLE = Fact(_("role"), field="accounts.RoleAssignment.role")
_PASSWORD = Fact(_("password"), choices=(("(hidden)", _("hidden")), ("(changed)", _("changed"))))

FACTS = {
    "helpdesk.ticket.created:priority": _PRIORITY,
    "helpdesk.ticket.classified:priority": _PRIORITY,
    "helpdesk.ticket.assigned:role": _ROLE,
    "assignee": Fact(_("assigned to")),
    "helpdesk.ticket.escalated:to": Fact(_("escalated to"), field="accounts.RoleAssignment.role"),
    "helpdesk.ticket.auto_escalated:to": Fact(_("escalated to"), field="accounts.RoleAssignment.role"),
    "helpdesk.ticket.escalated_lkpp:kind": Fact(field="helpdesk.Escalation.kind"),
    "helpdesk.ticket.escalated_lkpp:reference": Fact(field="helpdesk.Escalation.external_reference"),
    "helpdesk.escalation.answered:escalation": Fact(_("escalation"), kind="id"),
    "helpdesk.message.sent:message": Fact(_("message"), kind="id"),
    "helpdesk.message.sent:wait": Fact(_("waiting for the reporter's answer")),
    "helpdesk.message.noted:message": Fact(_("message"), kind="id"),
    "helpdesk.message.received:message": Fact(_("message"), kind="id"),
    "helpdesk.message.received:outcome": Fact(
        _("outcome"), choices=(("added", _("added to the ticket")), ("reopened", _("ticket reopened")))
    ),
    "helpdesk.article.created:source_ticket": Fact(_("from ticket"), kind="code"),
    "helpdesk.article.created:source_message": Fact(_("from message"), kind="id"),
    "helpdesk.mailbox.created:password": _PASSWORD,
    "helpdesk.mailbox.updated:password": _PASSWORD,
    **{
        f"helpdesk.priority_matrix.updated:{urgency}×{impact}": Fact(_cell(urgency, impact), kind="code")
        for urgency in Level.values
        for impact in Level.values
    },
}
