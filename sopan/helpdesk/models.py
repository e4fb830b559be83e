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

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from sopan.accounts.models import Organization


# --- classification ----------------------------------------------------------------------------------------------
class Channel(models.TextChoices):
    PHONE = "phone", _("Telephone")
    WEB = "web", _("Web form")
    EMAIL = "email", _("E-mail")
    WALK_IN = "walk_in", _("Walk-in at the LPSE desk")


class TicketType(models.TextChoices):
    INCIDENT = "incident", _("Disruption (gangguan)")
    PROBLEM = "problem", _("Problem (masalah)")
    SERVICE_REQUEST = "service_request", _("Service request (permintaan layanan)")
    SUGGESTION = "suggestion", _("Suggestion (usulan)")


class Category(models.TextChoices):
    TECHNICAL = "technical", _("Technical")
    NON_TECHNICAL = "non_technical", _("Non-technical")


class Area(models.TextChoices):
    HARDWARE = "hardware", _("Hardware")
    SOFTWARE = "software", _("Software")
    PROCEDURE = "procedure", _("Procedure")


class UserType(models.TextChoices):
    """The SPSE users of Perwali Salatiga 41/2024 Pasal 8 ayat 3, as a caller names themselves."""

    VENDOR = "vendor", _("Vendor (Penyedia)")
    PPK = "ppk", _("Commitment officer (PPK)")
    POKJA = "pokja", _("Selection working group (Pokja)")
    PROCUREMENT_OFFICER = "procurement_officer", _("Procurement officer (Pejabat Pengadaan)")
    AUDITOR = "auditor", _("Auditor")
    BUDGET_USER = "budget_user", _("Budget user (PA/KPA, SiRUP)")
    LPSE = "lpse", _("LPSE personnel")
    PUBLIC = "public", _("Public")


class Application(models.TextChoices):
    SPSE = "spse", "SPSE"
    SIRUP = "sirup", "SiRUP"
    EKATALOG = "ekatalog", "e-Katalog"
    SIKAP = "sikap", "SIKaP"
    TOKO_DARING = "toko_daring", _("Toko Daring")
    SOPAN = "sopan", "Sopan"
    OTHER = "other", _("Other")


class Level(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class TargetUnit(models.TextChoices):
    HOURS = "hours", _("working hours")
    DAYS = "days", _("working days")


# --- settings and the priority table -----------------------------------------------------------------------------
class HelpdeskSettings(models.Model):
    """The LPSE's own helpdesk rules, one row per organisation (defaults when absent)."""

    organization = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="helpdesk_settings")
    auto_close_days = models.PositiveSmallIntegerField(
        _("working days after which a resolved ticket closes unless the reporter answers"), default=3
    )
    reopen_days = models.PositiveSmallIntegerField(
        _("days after closing in which a reply reopens the ticket (later: a new linked ticket)"), default=14
    )
    at_risk_percent = models.PositiveSmallIntegerField(
        _("a ticket is at risk when this share of its time is used (%)"), default=75
    )
    max_upload_mb = models.PositiveSmallIntegerField(_("largest attachment (MB)"), default=5)
    helpdesk_email = models.EmailField(_("helpdesk e-mail address"), blank=True)

    class Meta:
        verbose_name = _("helpdesk settings")
        verbose_name_plural = _("helpdesk settings")

    def __str__(self) -> str:
        return str(self.organization)


class PriorityLevel(models.Model):
    """One row of the Tabel Prioritas Penyelesaian Permasalahan: a priority and its targets in working time."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="priority_levels")
    code = models.SlugField(_("code"), max_length=20)
    label = models.CharField(_("priority"), max_length=60)
    rank = models.PositiveSmallIntegerField(_("rank (1 = most urgent)"))
    response_amount = models.PositiveSmallIntegerField(_("response target"))
    response_unit = models.CharField(_("unit"), max_length=10, choices=TargetUnit.choices, default=TargetUnit.HOURS)
    resolution_amount = models.PositiveSmallIntegerField(_("resolution target"))
    resolution_unit = models.CharField(_("unit"), max_length=10, choices=TargetUnit.choices, default=TargetUnit.DAYS)

    class Meta:
        ordering = ["rank"]
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")
        constraints = [
            models.UniqueConstraint(fields=["organization", "code"], name="prioritylevel_org_code"),
            models.UniqueConstraint(fields=["organization", "rank"], name="prioritylevel_org_rank"),
        ]

    def __str__(self) -> str:
        return self.label


class PriorityRule(models.Model):
    """A cell of the matrix: this urgency with this impact gets this priority."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="priority_rules")
    urgency = models.CharField(_("urgency"), max_length=10, choices=Level.choices)
    impact = models.CharField(_("impact"), max_length=10, choices=Level.choices)
    priority = models.ForeignKey(PriorityLevel, on_delete=models.PROTECT, related_name="rules")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "urgency", "impact"], name="priorityrule_org_cell"),
        ]

    def __str__(self) -> str:
        return f"{self.urgency} × {self.impact}"


class Counter(models.Model):
    """The per-organisation yearly sequence of ticket and consultation-form numbers (locked when drawn)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10)  # "HD" tickets, "FK" consultation forms, "BA" Berita Acara
    year = models.PositiveSmallIntegerField()
    value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "kind", "year"], name="counter_org_kind_year")]

    def __str__(self) -> str:
        return f"{self.kind}-{self.year}: {self.value}"


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


class CannedAnswer(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="canned_answers")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("answer"))
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


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


# --- knowledge and announcements ---------------------------------------------------------------------------------
class Article(models.Model):
    class Audience(models.TextChoices):
        PUBLIC = "public", _("Public")
        STAFF = "staff", _("LPSE staff only")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="articles")
    title = models.CharField(_("question or title"), max_length=200)
    body = models.TextField(_("answer"))
    application = models.CharField(
        _("application"), max_length=20, choices=Application.choices, default=Application.SPSE
    )
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices, default=Audience.PUBLIC)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    source_ticket = models.ForeignKey(Ticket, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [models.Index(fields=["organization", "status", "audience", "-updated_at"], name="article_org_list")]

    def __str__(self) -> str:
        return self.title


class Announcement(models.Model):
    """An outage (gangguan) or planned maintenance of a service (Perwali Pasal 9 ayat 4, annex 2.6.4 b)."""

    class Kind(models.TextChoices):
        OUTAGE = "outage", _("Outage (gangguan)")
        MAINTENANCE = "maintenance", _("Maintenance (pemeliharaan)")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Ongoing")
        CLOSED = "closed", _("Ended")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="announcements")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OUTAGE)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("what users should know"))
    services = models.CharField(_("affected services"), max_length=300)
    affected_tenders = models.TextField(_("affected tenders (one code per line)"), blank=True)
    started_at = models.DateTimeField(_("start"))
    expected_end_at = models.DateTimeField(_("expected end"), null=True, blank=True)
    ended_at = models.DateTimeField(_("actual end"), null=True, blank=True)
    cause = models.TextField(_("cause and action taken"), blank=True)
    report_number = models.CharField(_("Berita Acara number"), max_length=30, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        indexes = [models.Index(fields=["organization", "-started_at"], name="announcement_org_started")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("started_at")),
                name="announcement_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def tender_codes(self) -> list[str]:
        return [line.strip() for line in self.affected_tenders.splitlines() if line.strip()]


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
