"""Template helpers of the helpdesk's pages."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()

BADGE_CLASSES = {
    "breached": "text-bg-danger",
    "missed": "text-bg-danger",
    "at_risk": "text-bg-warning",
    "met": "text-bg-success",
}


@register.simple_tag
def sla_badge(ticket, named: bool = False) -> str:
    """The ticket's SLA state as a badge, with "Paused" ("Clock stopped" on its page) while it waits for the reporter.

    The list draws it on every row and the ticket's page once (`named`: with the ids its page refers to). A tag, not
    an included template: one `format_html` costs a fraction of an include's render.
    """
    clock = ticket.clock
    badge = format_html(
        '<span class="badge {}"{} data-sla="{}">{}</span>',
        BADGE_CLASSES.get(clock.state, "text-bg-light border"),
        mark_safe(' id="sla-state"') if named else "",
        clock.state,
        clock.label,
    )
    if clock.paused:
        badge += format_html(
            ' <span class="badge text-bg-info"{} data-sla-paused><i class="bi bi-pause-circle" aria-hidden="true"></i>'
            " {}</span>",
            mark_safe(' id="sla-paused"') if named else "",
            gettext("Clock stopped") if named else gettext("Paused"),  # the page has room to say it in full
        )
    return badge


@register.simple_tag(takes_context=True)
def helpdesk_email(context, organization) -> str:
    """The address the helpdesk answers at (its settings' mailbox), else the organisation's own: shown on /bantuan/.
    A page that has read the settings already passes them as `helpdesk_settings` (no second query)."""
    from sopan.helpdesk.defaults import settings_for

    helpdesk = context.get("helpdesk_settings") or settings_for(organization)
    return helpdesk.helpdesk_email or organization.email
