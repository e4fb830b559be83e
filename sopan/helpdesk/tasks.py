"""Background work of the helpdesk: archiving the consultation form, the automatic closing and escalation sweeps.
Tasks take ids; the mail tasks are in `tasks_mail.py`."""

from __future__ import annotations

import hashlib

from django.db import transaction
from django.utils.translation import gettext
from django_tasks import task


@task()
def archive_ticket(ticket_id: int) -> None:
    """Step 7: keep the Formulir Konsultasi with its solution as a PDF on the ticket (a new copy at every solution)."""
    from sopan.core.files import attach_on_commit
    from sopan.helpdesk.models import Attachment, Message, Ticket
    from sopan.helpdesk.tickets.printing import consultation_form_name, consultation_form_pdf

    ticket = Ticket.objects.select_related("organization", "priority", "assignee", "created_by").get(pk=ticket_id)
    content = consultation_form_pdf(ticket)
    name = consultation_form_name(ticket)
    with transaction.atomic():
        message = Message.objects.create(
            ticket=ticket,
            organization_id=ticket.organization_id,
            kind=Message.Kind.SYSTEM,
            body=gettext("The consultation form with its solution was archived."),
        )
        attachment = Attachment(
            message=message,
            ticket=ticket,
            name=name,
            content_type="application/pdf",
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
        )
        attach_on_commit(attachment, "file", name, content)
        attachment.save()


@task()
def close_resolved_tickets() -> int:
    from sopan.helpdesk.tickets.services import tickets_auto_close

    return tickets_auto_close()


@task()
def escalate_tickets_at_risk() -> int:
    from sopan.helpdesk.tickets.escalations import tickets_escalate_at_risk

    return tickets_escalate_at_risk()
