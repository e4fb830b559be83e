"""The e-mail channel: a mail in the helpdesk's mailbox opens a ticket or joins its conversation (issue 5 §1).

Each mail is handled once (its Message-ID, or a hash of its bytes, is recorded in `InboundMail` in the same
transaction as what it did), threads by In-Reply-To/References or by the ticket number in the subject, and never
starts a mail loop: automatic replies, bounces, mail from the helpdesk's own address and bursts from one sender are
recorded and left alone — no ticket, no answer.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field
from email.utils import parseaddr

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sopan.core.uploads import MB, CheckedFile, check_upload
from sopan.helpdesk.defaults import settings_for
from sopan.helpdesk.mail import reading as mail_in
from sopan.helpdesk.mail.imap import MailboxClient, MailboxError
from sopan.helpdesk.models import Channel, InboundMail, Mailbox, Message, Ticket, UserType
from sopan.helpdesk.tickets.services import reporter_message_add, ticket_create

logger = logging.getLogger(__name__)

LOOP_LIMIT = 20  # messages from one sender within LOOP_WINDOW; more are a loop (an autoresponder nobody caught)
LOOP_WINDOW = datetime.timedelta(hours=1)
MAX_ATTACHMENTS = 10  # per mail; more are refused with a note
Outcome = InboundMail.Outcome
_OUTCOMES = {"added": Outcome.ADDED, "reopened": Outcome.REOPENED, "follow_up": Outcome.FOLLOW_UP}


def helpdesk_address(organization) -> str:
    """The address the helpdesk sends from and receives at: its mailbox, else its settings, else the site's sender."""
    mailbox = Mailbox.objects.filter(organization=organization).only("address").first()
    if mailbox and mailbox.address:
        return mailbox.address
    configured = settings_for(organization).helpdesk_email
    return configured or settings.DEFAULT_FROM_EMAIL


def _own_addresses(organization) -> set[str]:
    addresses = {parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}
    mailbox = Mailbox.objects.filter(organization=organization).only("address").first()
    if mailbox:
        addresses.add(mailbox.address)
    addresses.add(settings_for(organization).helpdesk_email)
    return {a.strip().lower() for a in addresses if a}


# --- one mail ------------------------------------------------------------------------------------------------------
def mail_process(*, organization, raw: bytes) -> InboundMail:
    """Handle one mail in its own transaction; a mail already handled (same Message-ID) is returned as it was."""
    try:
        parsed = mail_in.parse(raw)
    except Exception as error:  # the parser is lenient; what still breaks it is refused, and recorded
        logger.warning("helpdesk mail could not be read: %s", error)
        return _record_rejected(organization, raw, _("The mail could not be read: %(error)s") % {"error": error})
    done = InboundMail.objects.filter(organization=organization, message_id=parsed.message_id).first()
    if done is not None:
        return done
    try:
        with transaction.atomic():
            return _handle(organization, parsed)
    except ValidationError as error:  # e.g. a sender address the ticket service does not accept
        return _record_rejected(organization, raw, " ".join(error.messages), parsed=parsed)
    except IntegrityError:
        # Another poller recorded the same Message-ID first: its transaction did the work, ours rolled back.
        done = InboundMail.objects.filter(organization=organization, message_id=parsed.message_id).first()
        if done is None:
            raise
        return done


def _handle(organization, parsed: mail_in.ParsedMail) -> InboundMail:
    # The record is written first: a second handler of the same mail waits on its unique key and then fails,
    # so a mail never opens two tickets even when two polls overlap.
    record = InboundMail.objects.create(
        organization=organization,
        message_id=parsed.message_id,
        sender=parsed.sender_address[:300],
        subject=parsed.subject[:300],
        outcome=Outcome.REJECTED,
    )

    def finish(outcome, detail: str = "", ticket: Ticket | None = None) -> InboundMail:
        record.outcome, record.detail, record.ticket = outcome, detail, ticket
        record.save(update_fields=["outcome", "detail", "ticket"])
        return record

    if (refusal := _refusal(organization, parsed, record)) is not None:
        return finish(*refusal)
    checked, refused = _check_attachments(organization, parsed.attachments)
    ticket, outcome = _file(organization, parsed, checked)
    if refused:
        Message.objects.create(
            ticket=ticket,
            organization=organization,
            kind=Message.Kind.SYSTEM,
            channel=Channel.EMAIL,
            body="\n".join(refused),
        )
    return finish(outcome, "\n".join(refused), ticket)


def _refusal(organization, parsed: mail_in.ParsedMail, record: InboundMail) -> tuple[str, str] | None:
    """Why the mail opens or joins no ticket (outcome, detail), or None when it does."""
    if parsed.is_bounce:
        return Outcome.BOUNCE, parsed.auto_reason
    if parsed.is_auto_reply:
        return Outcome.AUTO_REPLY, parsed.auto_reason
    if not parsed.sender_address:
        return Outcome.REJECTED, _("The mail has no sender address.")
    if parsed.sender_address in _own_addresses(organization):
        return Outcome.REJECTED, _("Sent from the helpdesk's own address: ignored, so that no mail loop starts.")
    if Message.objects.filter(organization=organization, email_message_id=parsed.message_id).exists():
        return Outcome.REJECTED, _("This mail is already part of a ticket.")
    loop = _loop_detail(organization, parsed.sender_address, record)
    if loop:
        return Outcome.LOOP, loop
    return None


def _file(organization, parsed: mail_in.ParsedMail, checked) -> tuple[Ticket, str]:
    """A new ticket for the mail, or its message added to the ticket it answers."""
    ticket = _thread(organization, parsed)
    body = parsed.body.strip() or parsed.subject or _("(The mail has no text.)")
    if ticket is None:
        ticket = ticket_create(
            organization=organization,
            channel=Channel.EMAIL,
            reporter={
                "name": parsed.sender_name or parsed.sender_address,
                "email": parsed.sender_address,
                "user_type": UserType.PUBLIC,
            },
            problem={"subject": parsed.subject or _("(no subject)"), "description": body},
            by=None,
            attachments=checked,
            email_message_id=parsed.message_id,
        )
        outcome = Outcome.NEW_TICKET
    else:
        ticket, result = reporter_message_add(
            ticket=ticket,
            body=body,
            channel=Channel.EMAIL,
            attachments=checked,
            email_message_id=parsed.message_id,
            author_name=parsed.sender_name,
        )
        outcome = _OUTCOMES[result]
    return ticket, outcome


def _thread(organization, parsed: mail_in.ParsedMail) -> Ticket | None:
    """The ticket this mail answers: by its threading headers, else by the ticket number in the subject when the
    sender is that ticket's reporter (a number alone, from anyone, must not let a stranger write into a ticket)."""
    ids = parsed.thread_ids
    if ids:
        found = {
            m.email_message_id: m.ticket
            for m in Message.objects.filter(organization=organization, email_message_id__in=ids).select_related(
                "ticket"
            )
        }
        for message_id in ids:  # the nearest one wins
            if message_id in found:
                return found[message_id]
    if parsed.ticket_number:
        return Ticket.objects.filter(
            organization=organization, number=parsed.ticket_number, reporter_email__iexact=parsed.sender_address
        ).first()
    return None


def _loop_detail(organization, sender: str, record: InboundMail) -> str:
    """Why this mail is part of a loop ("" when it is not): more than LOOP_LIMIT mails from the sender in the last
    LOOP_WINDOW. The first mail of the burst is named, and logged once when the burst is first cut."""
    since = timezone.now() - LOOP_WINDOW
    recent = InboundMail.objects.filter(organization=organization, sender=sender, received_at__gte=since).exclude(
        pk=record.pk
    )
    count = recent.count()
    if count < LOOP_LIMIT:
        return ""
    first = recent.order_by("received_at", "id").first()
    detail = _(
        "%(count)s mails from %(sender)s within an hour: treated as a mail loop. The burst began with "
        "%(message_id)s (%(subject)s) at %(time)s."
    ) % {
        "count": count + 1,
        "sender": sender,
        "message_id": first.message_id,
        "subject": first.subject,
        "time": first.received_at.isoformat(timespec="seconds"),
    }
    if not recent.filter(outcome=Outcome.LOOP).exists():
        logger.warning("helpdesk mail loop cut for organisation %s: %s", organization.pk, detail)
    return detail


def _check_attachments(organization, attachments) -> tuple[list[CheckedFile], list[str]]:
    """The attachments that pass the upload check, and one line per refused one (the mail itself is kept)."""
    max_bytes = settings_for(organization).max_upload_mb * MB
    checked, refused = [], []
    for index, attachment in enumerate(attachments):
        if index >= MAX_ATTACHMENTS:
            refused.append(
                _("Attachment %(name)s was refused: a mail may carry at most %(limit)s attachments.")
                % {"name": attachment.name, "limit": MAX_ATTACHMENTS}
            )
            continue
        upload = SimpleUploadedFile(attachment.name, attachment.content, content_type=attachment.content_type)
        try:
            checked.append(check_upload(upload, max_bytes=max_bytes))
        except ValidationError as error:
            refused.append(
                _("Attachment %(name)s was refused: %(reason)s")
                % {"name": attachment.name, "reason": " ".join(error.messages)}
            )
    return checked, refused


def _record_rejected(organization, raw: bytes, detail: str, parsed: mail_in.ParsedMail | None = None) -> InboundMail:
    message_id = parsed.message_id if parsed else mail_in.message_id_of(raw)
    with transaction.atomic():
        record, _created = InboundMail.objects.get_or_create(
            organization=organization,
            message_id=message_id,
            defaults={
                "outcome": Outcome.REJECTED,
                "detail": detail[:2000],
                "sender": parsed.sender_address[:300] if parsed else "",
                "subject": parsed.subject[:300] if parsed else "",
            },
        )
    return record


# --- the mailbox ---------------------------------------------------------------------------------------------------
@dataclass
class PollResult:
    records: list[InboundMail] = field(default_factory=list)
    error: str = ""


def mailbox_poll(mailbox: Mailbox) -> PollResult:
    """Read the mailbox's unprocessed mail, handle each in its own transaction and flag it processed afterwards.

    A mail that fails is recorded as rejected and flagged all the same (it will not fail better next time; the
    record says why). When the server fails, the mail not yet flagged is read again at the next poll, and the
    Message-ID keeps that from doing anything twice. The error is kept on the mailbox for the settings page."""
    organization = mailbox.organization
    result = PollResult()
    try:
        with MailboxClient.for_mailbox(mailbox) as client:
            for uid in client.unprocessed():
                raw = client.fetch(uid)
                try:
                    record = mail_process(organization=organization, raw=raw)
                except Exception as error:  # one bad mail must not stop the others
                    logger.exception("helpdesk mail UID %s of mailbox %s failed", uid, mailbox.pk)
                    record = _record_rejected(
                        organization,
                        raw,
                        _("The mail could not be handled: %(error)s") % {"error": f"{type(error).__name__}: {error}"},
                    )
                result.records.append(record)
                client.mark_processed(uid)
    except (MailboxError, OSError) as error:
        result.error = f"{type(error).__name__}: {error}"[:2000]
        logger.warning("helpdesk mailbox %s: %s", mailbox.pk, result.error)
    Mailbox.objects.filter(pk=mailbox.pk).update(last_polled_at=timezone.now(), last_error=result.error)
    mailbox.last_error = result.error
    return result
