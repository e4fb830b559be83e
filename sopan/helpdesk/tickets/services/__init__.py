"""Every write to a ticket: intake on each channel, classification, handling, the reporter's answers, closing.

SOP Penanganan Permasalahan Pengguna SPSE melalui Telepon (seed 004) for telephone tickets, Perwali Salatiga 41/2024
Pasal 9 (follow-up within 1 working day) for all. Each service runs in one transaction, locks the ticket row and —
for staff edits — compares the version the person saw, so two agents never overwrite each other silently.
"""

from sopan.helpdesk.tickets.services.closing import (
    ticket_close,
    ticket_confirm,
    ticket_mark_informed,
    ticket_reopen,
    ticket_resolve,
    tickets_auto_close,
)
from sopan.helpdesk.tickets.services.common import (
    CLASSIFICATION_FIELDS,
    PROBLEM_FIELDS,
    REPORTER_FIELDS,
    STAFF_CHANNELS,
    priority_for,
)
from sopan.helpdesk.tickets.services.handling import (
    reporter_message_add,
    role_label,
    ticket_assign,
    ticket_classify,
    ticket_note,
    ticket_reply,
    ticket_resume,
    ticket_take,
    ticket_wait,
)
from sopan.helpdesk.tickets.services.intake import ticket_create

__all__ = [
    "CLASSIFICATION_FIELDS",
    "PROBLEM_FIELDS",
    "REPORTER_FIELDS",
    "STAFF_CHANNELS",
    "priority_for",
    "reporter_message_add",
    "role_label",
    "ticket_assign",
    "ticket_classify",
    "ticket_close",
    "ticket_confirm",
    "ticket_create",
    "ticket_mark_informed",
    "ticket_note",
    "ticket_reopen",
    "ticket_reply",
    "ticket_resolve",
    "ticket_resume",
    "ticket_take",
    "ticket_wait",
    "tickets_auto_close",
]
