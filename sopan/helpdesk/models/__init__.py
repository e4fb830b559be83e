"""The helpdesk (Layanan Dukungan): problem reports of SPSE users by telephone, e-mail, web and walk-in, and what
the LPSE publishes for them (SOP Penanganan Permasalahan Pengguna SPSE melalui Telepon; Perwali Salatiga 41/2024
Pasal 8–9, annex 2.4 f–g, 2.6.2–2.6.4).

- `Ticket` is one report. Its status moves only through `workflows.TICKET_FLOW`; a telephone ticket is also a case of
  the procedure `telephone_helpdesk`, so its SOP steps (2, 3, 5, 6, 7, 8) are timed and reported.
- `Contact` is a reporter, found again by phone or e-mail when they call back.
- `PriorityLevel` and `PriorityRule` are the LPSE's Tabel Prioritas Penyelesaian Permasalahan: urgency × impact →
  priority, each priority with a response and a resolution target in working time (defaults in `defaults.py`).
- `Message` is the conversation: replies to and from the reporter, internal notes and system lines;
  `Attachment` the files of a message, `Escalation` the hand-overs inside the LPSE and to LKPP.
- `Article` is the knowledge base (FAQ), `Announcement` an outage or maintenance notice (its Berita Acara Gangguan
  printed when it is closed), `Mailbox` and `InboundMail` the IMAP channel.
"""

from sopan.helpdesk.models.announcements import Announcement
from sopan.helpdesk.models.choices import Application, Area, Category, Channel, Level, TargetUnit, TicketType, UserType
from sopan.helpdesk.models.configuration import HelpdeskSettings, PriorityLevel, PriorityRule
from sopan.helpdesk.models.knowledge import Article, CannedAnswer
from sopan.helpdesk.models.mail import InboundMail, Mailbox
from sopan.helpdesk.models.tickets import Attachment, Contact, Escalation, Message, Ticket

__all__ = [
    "Announcement",
    "Application",
    "Area",
    "Article",
    "Attachment",
    "CannedAnswer",
    "Category",
    "Channel",
    "Contact",
    "Escalation",
    "HelpdeskSettings",
    "InboundMail",
    "Level",
    "Mailbox",
    "Message",
    "PriorityLevel",
    "PriorityRule",
    "TargetUnit",
    "Ticket",
    "TicketType",
    "UserType",
]
