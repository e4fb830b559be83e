"""Backups and archives of the LPSE (Perwali Salatiga 41/2024, annex 2.6.5 "Pengarsipan dokumen elektronik"):

- a. "LPSE wajib melakukan *backup* terhadap data *file* dan seluruh *database* SPSE sesuai dengan standar SPSE":
  the log of SPSE backups (`Backup`), the restore tests that prove them (`RestoreTest`, kind "spse"), and Sopan's own
  `make restore-drill` recorded the same way (kind "sopan"); `BackupSettings` holds the organisation's interval after
  which a missing backup is overdue;
- b. "tata cara pengarsipan dokumen elektronik dilaksanakan sesuai dengan ketentuan peraturan perundang-undangan":
  the retention rules per kind of document (`RetentionRule`, dated, with their legal source) and the decisions to
  destroy or transfer what is due (`Disposition`, a numbered Berita Acara). A decision is a record only: nothing
  here deletes a registration or a ticket.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# UNVERIFIED: the annex says "sesuai dengan standar SPSE" and gives no interval; one day is the default until the
# organisation sets the figure of the standard it follows.
DEFAULT_INTERVAL_HOURS = 24

sha256_hex = RegexValidator(r"^[0-9a-f]{64}$", _("A SHA-256 checksum is 64 hexadecimal characters (0-9, a-f)."))


class BackupSettings(models.Model):
    """The organisation's backup interval: no backup logged for longer than this is an overdue alert."""

    organization = models.OneToOneField("accounts.Organization", on_delete=models.CASCADE, related_name="+")
    interval_hours = models.PositiveSmallIntegerField(
        _("backup interval (hours)"),
        default=DEFAULT_INTERVAL_HOURS,
        validators=[MinValueValidator(1, _("The interval is at least one hour."))],
    )
    source = models.CharField(_("source of the interval"), max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("backup settings")
        verbose_name_plural = _("backup settings")

    def __str__(self) -> str:
        return str(self.organization)


class Backup(models.Model):
    """One backup of the SPSE (annex 2.6.5 a): what was copied, when, where it is kept, by whom."""

    class Scope(models.TextChoices):
        FULL = "full", _("Database and files")
        DATABASE = "database", _("Database")
        FILES = "files", _("Data files")

    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT, related_name="+")
    taken_at = models.DateTimeField(_("taken"))
    scope = models.CharField(_("what"), max_length=20, choices=Scope.choices, default=Scope.FULL)
    description = models.CharField(_("description"), max_length=300, blank=True)
    location = models.CharField(_("where it is kept"), max_length=300)
    size_bytes = models.PositiveBigIntegerField(_("size (bytes)"), null=True, blank=True)
    performed_by = models.CharField(_("made by"), max_length=200)
    checksum = models.CharField(_("SHA-256 checksum"), max_length=64, blank=True, validators=[sha256_hex])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("SPSE backup")
        verbose_name_plural = _("SPSE backups")
        indexes = [models.Index(fields=["organization", "-taken_at", "-id"], name="archives_backup_org_taken")]

    def __str__(self) -> str:
        return f"{self.get_scope_display()} {self.taken_at:%Y-%m-%d %H:%M}"


class RestoreTest(models.Model):
    """A restore of a backup, tried to prove it whole: of the SPSE, or Sopan's own drill (`make restore-drill`)."""

    class Kind(models.TextChoices):
        SPSE = "spse", _("SPSE")
        SOPAN = "sopan", _("Sopan restore drill")

    class Result(models.TextChoices):
        PASSED = "passed", _("Passed")
        FAILED = "failed", _("Failed")

    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SPSE)
    backup = models.ForeignKey(
        Backup, null=True, blank=True, on_delete=models.PROTECT, related_name="restore_tests", verbose_name=_("backup")
    )
    tested_at = models.DateTimeField(_("tested"))
    result = models.CharField(_("result"), max_length=10, choices=Result.choices)
    duration_seconds = models.PositiveIntegerField(_("duration (seconds)"))
    notes = models.TextField(_("notes"), blank=True)
    evidence = models.FileField(_("evidence"), upload_to="archives/restore-tests/", blank=True)
    evidence_type = models.CharField(max_length=100, blank=True)
    evidence_sha256 = models.CharField(max_length=64, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("restore test")
        verbose_name_plural = _("restore tests")
        indexes = [
            models.Index(fields=["organization", "-tested_at", "-id"], name="archives_restore_org_tested"),
            models.Index(fields=["organization", "kind", "-tested_at", "-id"], name="archives_restore_org_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.tested_at:%Y-%m-%d %H:%M} {self.get_result_display()}"


class DocumentKind(models.TextChoices):
    """The kinds of document a retention rule is for; the first two are archives Sopan holds (listed when due)."""

    VENDOR_REGISTRATION = "vendor_registration", _("Vendor registration files")
    HELPDESK_TICKET = "helpdesk_ticket", _("Helpdesk tickets")
    MAIL = "mail", _("Incoming and outgoing mail")


class RetentionRule(models.Model):
    """How long a kind of document is kept and what then happens to it (a Jadwal Retensi Arsip line), in force from
    `valid_from`, with its legal source: the newest rule in force of a kind decides."""

    class Disposition(models.TextChoices):
        DESTROY = "destroy", _("Destroy (musnah)")
        TRANSFER = "transfer", _("Transfer to the archives institution (permanen)")

    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind of document"), max_length=30, choices=DocumentKind.choices)
    retention_years = models.PositiveSmallIntegerField(
        _("retention (years)"), validators=[MinValueValidator(1, _("The retention is at least one year."))]
    )
    disposition = models.CharField(_("after retention"), max_length=10, choices=Disposition.choices)
    legal_source = models.CharField(_("legal source"), max_length=300)
    valid_from = models.DateField(_("in force from"))
    notes = models.TextField(_("notes"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")
        indexes = [models.Index(fields=["organization", "kind", "-valid_from", "-id"], name="archives_rule_org_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.retention_years}"


class Disposition(models.Model):
    """A decision to destroy or transfer the documents of a kind dated up to `cutoff` (and after the previous
    decision's), printed as a numbered Berita Acara Pemusnahan / Penyerahan Arsip. A record only: the documents
    themselves are destroyed or handed over outside Sopan, and Sopan's rows are kept."""

    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("number"), max_length=60)
    kind = models.CharField(_("kind of document"), max_length=30, choices=DocumentKind.choices)
    action = models.CharField(_("decision"), max_length=10, choices=RetentionRule.Disposition.choices)
    rule = models.ForeignKey(RetentionRule, on_delete=models.PROTECT, related_name="+")
    after = models.DateTimeField(null=True, blank=True)  # the previous decision's cutoff: items after it
    cutoff = models.DateTimeField(_("documents dated up to"))
    item_count = models.PositiveIntegerField(_("documents"))
    oldest_at = models.DateTimeField(null=True, blank=True)
    newest_at = models.DateTimeField(null=True, blank=True)
    recipient = models.CharField(_("received by (transfer)"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("decided"))

    class Meta:
        verbose_name = _("archive disposition")
        verbose_name_plural = _("archive dispositions")
        constraints = [models.UniqueConstraint(fields=["organization", "number"], name="archives_disposition_number")]
        indexes = [models.Index(fields=["organization", "kind", "-cutoff"], name="archives_disposition_kind")]

    def __str__(self) -> str:
        return self.number
