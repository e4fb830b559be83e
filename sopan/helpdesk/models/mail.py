"""The IMAP channel: mailboxes and the mail read from them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sopan.accounts.models import Organization
from sopan.helpdesk.models.tickets import Ticket


# --- the mailbox -------------------------------------------------------------------------------------------------
class Mailbox(models.Model):
    """The helpdesk's IMAP mailbox, polled by `tasks.poll_mailboxes`. Processed mail is flagged, never deleted."""

    organization = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="helpdesk_mailbox")
    address = models.EmailField(_("helpdesk address"))
    host = models.CharField(_("IMAP server"), max_length=200)
    port = models.PositiveIntegerField(_("port"), default=993)
    use_ssl = models.BooleanField(_("TLS (IMAPS)"), default=True)
    username = models.CharField(_("user name"), max_length=200)
    password = models.CharField(_("password"), max_length=200)
    folder = models.CharField(_("folder"), max_length=100, default="INBOX")
    is_active = models.BooleanField(_("polled"), default=True)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.address


class InboundMail(models.Model):
    """One message read from the mailbox and what became of it (idempotency: a message is handled once)."""

    class Outcome(models.TextChoices):
        NEW_TICKET = "new_ticket", _("New ticket")
        ADDED = "added", _("Added to its ticket")
        REOPENED = "reopened", _("Reopened its ticket")
        FOLLOW_UP = "follow_up", _("New ticket following up a closed one")
        AUTO_REPLY = "auto_reply", _("Automatic reply, ignored")
        BOUNCE = "bounce", _("Bounce, ignored")
        LOOP = "loop", _("Too many messages from the sender, ignored")
        REJECTED = "rejected", _("Refused")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    message_id = models.CharField(max_length=300)
    sender = models.CharField(max_length=300, blank=True)
    subject = models.CharField(max_length=300, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    detail = models.TextField(blank=True)
    ticket = models.ForeignKey(Ticket, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "message_id"], name="inboundmail_org_message_id")
        ]
        indexes = [models.Index(fields=["organization", "sender", "-received_at"], name="inboundmail_org_sender")]

    def __str__(self) -> str:
        return self.message_id
