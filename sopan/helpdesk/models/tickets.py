"""Reporters, tickets, their conversation (messages and attachments) and escalations."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from sopan.accounts.models import Organization
from sopan.helpdesk.models.choices import Application, Area, Category, Channel, Level, TicketType, UserType
from sopan.helpdesk.models.configuration import PriorityLevel


# --- reporters and tickets ---------------------------------------------------------------------------------------
class Contact(models.Model):
    """A reporter as the helpdesk knows them; a caller who calls again is found by phone or e-mail."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="helpdesk_contacts")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telephone"), max_length=30, blank=True)
    institution = models.CharField(_("company or agency"), max_length=200, blank=True)
    user_type = models.CharField(_("user type"), max_length=30, choices=UserType.choices, default=UserType.PUBLIC)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="helpdesk_contacts"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["organization", "phone"], name="contact_org_phone"),
            models.Index(fields=["organization", "email"], name="contact_org_email"),
        ]

    def __str__(self) -> str:
        return self.name


class Ticket(models.Model):
    class Status(models.TextChoices):
        RECORDED = "recorded", _("Recorded")
        IN_PROGRESS = "in_progress", _("In progress")
        WAITING = "waiting", _("Waiting for the reporter")
        RESOLVED = "resolved", _("Resolved")
        CLOSED = "closed", _("Closed")

    OPEN_STATUSES = (Status.RECORDED, Status.IN_PROGRESS, Status.WAITING)

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="tickets")
    number = models.CharField(_("ticket number"), max_length=20)
    form_number = models.CharField(_("consultation form number"), max_length=20, blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RECORDED)
    version = models.PositiveIntegerField(default=1)  # raised by every change: a stale form is refused

    # The reporter (Formulir Konsultasi, seed step 3)
    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="tickets")
    reporter_name = models.CharField(_("name"), max_length=200)
    reporter_email = models.EmailField(_("e-mail"), blank=True)
    reporter_phone = models.CharField(_("telephone"), max_length=30, blank=True)
    reporter_institution = models.CharField(_("company or agency"), max_length=200, blank=True)
    user_type = models.CharField(_("user type"), max_length=30, choices=UserType.choices, default=UserType.PUBLIC)
    reporter_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="reported_tickets"
    )

    # The problem
    subject = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("problem"))
    application = models.CharField(_("application"), max_length=20, choices=Application.choices, default="spse")
    tender_code = models.CharField(_("tender or package code"), max_length=60, blank=True)
    error_code = models.CharField(_("error code or message"), max_length=200, blank=True)
    affects_tender = models.BooleanField(_("affects an ongoing tender"), default=False)

    # Classification (Tabel Prioritas)
    type = models.CharField(_("type"), max_length=20, choices=TicketType.choices, default=TicketType.PROBLEM)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, default=Category.TECHNICAL)
    area = models.CharField(_("area"), max_length=20, choices=Area.choices, default=Area.SOFTWARE)
    urgency = models.CharField(_("urgency"), max_length=10, choices=Level.choices, default=Level.MEDIUM)
    impact = models.CharField(_("impact"), max_length=10, choices=Level.choices, default=Level.MEDIUM)
    priority = models.ForeignKey(PriorityLevel, on_delete=models.PROTECT, related_name="tickets")

    # Handling
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="assigned_tickets"
    )
    assigned_role = models.CharField(_("assigned to role"), max_length=40, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    solved_on_first_contact = models.BooleanField(default=False)
    resolution = models.TextField(_("solution"), blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("follows up on"),
    )
    public_token = models.CharField(max_length=64, unique=True)  # the reporter's link to reply or confirm

    # Clocks (UTC; due times in the organisation's working time, see services/sla.py)
    received_at = models.DateTimeField(_("received"))
    response_due_at = models.DateTimeField(_("response due"))
    responded_at = models.DateTimeField(_("first response"), null=True, blank=True)
    resolution_due_at = models.DateTimeField(_("resolution due"))
    at_risk_at = models.DateTimeField(_("at risk from"))  # when the share `at_risk_percent` of the time is used
    paused_at = models.DateTimeField(_("waiting since"), null=True, blank=True)
    paused_total = models.DurationField(_("working time spent waiting"), default=datetime.timedelta)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes automatically"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    reporter_informed_at = models.DateTimeField(_("reporter informed"), null=True, blank=True)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    reopened_count = models.PositiveSmallIntegerField(default=0)
    at_risk_escalated_at = models.DateTimeField(null=True, blank=True)  # the automatic internal escalation, once
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        constraints = [
            models.UniqueConstraint(fields=["organization", "number"], name="ticket_org_number"),
            models.UniqueConstraint(
                fields=["organization", "form_number"], condition=~Q(form_number=""), name="ticket_org_form_number"
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "-received_at", "-id"], name="ticket_org_received"),
            models.Index(fields=["organization", "status", "-received_at", "-id"], name="ticket_org_status"),
            models.Index(fields=["assignee", "status", "-received_at"], name="ticket_assignee_status"),
            models.Index(fields=["status", "at_risk_at"], name="ticket_status_at_risk"),
            models.Index(fields=["status", "closes_at"], name="ticket_status_closes"),
            models.Index(fields=["organization", "reporter_email"], name="ticket_org_reporter_email"),
            models.Index(fields=["contact", "-received_at"], name="ticket_contact_received"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_paused(self) -> bool:
        return self.paused_at is not None

    @cached_property
    def clock(self):
        """The SLA state now (`sla.Clock`: state, response_state, paused) for pages and lists."""
        from sopan.helpdesk import sla

        return sla.state(self)


class Message(models.Model):
    class Kind(models.TextChoices):
        FROM_REPORTER = "from_reporter", _("From the reporter")
        TO_REPORTER = "to_reporter", _("Reply to the reporter")
        NOTE = "note", _("Internal note")
        SYSTEM = "system", _("System")

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    body = models.TextField(_("message"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    author_name = models.CharField(max_length=200, blank=True)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.WEB)
    # E-mail threading: our own Message-ID for what we send, the sender's for what arrives (unique per organisation)
    email_message_id = models.CharField(max_length=300, blank=True)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "email_message_id"],
                condition=~Q(email_message_id=""),
                name="message_org_email_message_id",
            )
        ]
        indexes = [models.Index(fields=["ticket", "created_at"], name="message_ticket_created")]

    def __str__(self) -> str:
        return f"{self.ticket_id}: {self.kind}"

    @property
    def is_public(self) -> bool:
        return self.kind != self.Kind.NOTE


class Attachment(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="helpdesk/", max_length=300)
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class Escalation(models.Model):
    """A hand-over: inside the LPSE (to the next role up), or to LKPP (Perwali Pasal 9 ayat 3, annex 2.6.3 c)."""

    class Kind(models.TextChoices):
        INTERNAL = "internal", _("Inside the LPSE")
        LKPP_EPROC = "lkpp_eproc", _("Helpdesk Eproc LKPP")
        LKPP_TECHNICAL = "lkpp_technical", _("Helpdesk Teknis LKPP")

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="escalations")
    kind = models.CharField(_("escalated to"), max_length=20, choices=Kind.choices)
    to_role = models.CharField(_("role"), max_length=40, blank=True)
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("reason"))
    automatic = models.BooleanField(default=False)
    external_reference = models.CharField(_("LKPP ticket reference"), max_length=100, blank=True)
    sent_at = models.DateTimeField(_("sent"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["sent_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["ticket"], condition=Q(automatic=True), name="escalation_one_automatic_per_ticket"
            )
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} → {self.kind}"
