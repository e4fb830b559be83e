"""Mail of the helpdesk: to the reporter (creation, reply, resolution, closing) and the IMAP mailbox poll.

Every mail to a reporter carries the ticket number in its subject and its own Message-ID, stored on the `Message` it
carries, so the reporter's answer threads back to the ticket (mail/services.py). Automatic notices say so
(`Auto-Submitted: auto-generated`, RFC 3834), which well-behaved autoresponders do not answer: no mail loop.
"""

from __future__ import annotations

import logging
from email.utils import formataddr, make_msgid, parseaddr

from django.conf import settings
from django.urls import reverse
from django_tasks import task

from sopan.core.mail import send_templated

logger = logging.getLogger(__name__)

KINDS = ("created", "reply", "waiting", "resolved", "closed", "reopened", "follow_up")
# Sent by the system on its own; a person's reply (reply, waiting, resolved) is not automatic.
AUTOMATIC = frozenset({"created", "closed", "reopened", "follow_up"})


@task()
def send_ticket_mail(ticket_id: int, kind: str, message_id: int | None = None) -> None:
    """Mail the reporter about their ticket. `kind`: created, reply, waiting, resolved, closed, reopened, follow_up.
    `message_id`: the `Message` (a reply to the reporter) the mail carries."""
    from sopan.helpdesk.mail.services import helpdesk_address
    from sopan.helpdesk.models import Message, Ticket

    if kind not in KINDS:
        raise ValueError(f"unknown ticket mail {kind!r}")
    ticket = Ticket.objects.select_related("organization", "reporter_user", "parent").get(pk=ticket_id)
    if not ticket.reporter_email:
        return
    organization = ticket.organization
    message = Message.objects.filter(pk=message_id, ticket=ticket).first() if message_id else None

    address = parseaddr(helpdesk_address(organization))[1] or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    domain = address.rpartition("@")[2] or "sopan.invalid"
    if message is not None:
        # Kept on the message before sending: a second run of this task sends the same Message-ID again.
        if not message.email_message_id:
            Message.objects.filter(pk=message.pk, email_message_id="").update(
                email_message_id=make_msgid(domain=domain)
            )
            message.refresh_from_db(fields=["email_message_id"])
        own_id = message.email_message_id
    else:
        own_id = make_msgid(domain=domain)

    headers = {"Message-ID": own_id}
    answered = (
        Message.objects.filter(ticket=ticket, kind=Message.Kind.FROM_REPORTER)
        .exclude(email_message_id="")
        .order_by("-created_at", "-id")
        .values_list("email_message_id", flat=True)
        .first()
    )
    if answered:
        headers["In-Reply-To"] = answered
        headers["References"] = answered
    if kind in AUTOMATIC:
        headers["Auto-Submitted"] = "auto-generated"
        headers["X-Auto-Response-Suppress"] = "All"  # asks Exchange not to answer with an out-of-office

    link = settings.SITE_URL + reverse(
        "helpdesk:public-ticket", kwargs={"org": organization.slug, "token": ticket.public_token}
    )
    user = ticket.reporter_user
    language = user.language if user is not None and getattr(user, "language", "") else "id"
    sender = formataddr((organization.name, address))
    send_templated(
        to=ticket.reporter_email,
        template=f"helpdesk/mail/{kind}",
        context={"ticket": ticket, "organization": organization, "message": message, "link": link},
        language=language,
        from_email=sender,
        reply_to=[address],
        headers=headers,
    )


@task()
def poll_mailboxes() -> int:
    """Read every active helpdesk mailbox (scheduled every minute); returns how many mails were handled."""
    from sopan.helpdesk.mail.services import mailbox_poll
    from sopan.helpdesk.models import Mailbox

    handled = 0
    for mailbox in Mailbox.objects.filter(is_active=True).select_related("organization").order_by("pk"):
        handled += len(mailbox_poll(mailbox).records)
    return handled
