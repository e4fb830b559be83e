"""Registration settings, required documents, e-mail confirmation, appointment slots and the
application itself (`Registration`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sopan.accounts.models import Organization
from sopan.vendors.models.companies import Company


class ApplicantKind(models.TextChoices):
    VENDOR = "vendor", _("Vendor (Pelaku Usaha)")
    NON_VENDOR = "non_vendor", _("Non-vendor user (PPK, Pokja, Pejabat Pengadaan, auditor)")


# The roles a non-vendor user may ask for (annex 2.6.1 a), given on approval in the unit they name.
NON_VENDOR_ROLES = ("commitment_officer", "selection_group_member", "procurement_officer", "auditor")


class VendorSettings(models.Model):
    """The LPSE's own rules for registration, one row per organisation (defaults when absent)."""

    class Retention(models.TextChoices):
        KEEP = "keep", _("Keep the data of expired registrations")
        REMOVE = "remove", _("Remove the documents and personal data of expired registrations")

    organization = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="vendor_settings")
    expiry_days = models.PositiveSmallIntegerField(_("days before an unverified registration expires"), default=30)
    retention = models.CharField(_("expired registrations"), max_length=10, choices=Retention.choices, default="keep")
    two_person_rule = models.BooleanField(
        _("the file must be received and verified by two different people"), default=True
    )
    max_upload_mb = models.PositiveSmallIntegerField(_("largest upload (MB)"), default=5)

    class Meta:
        verbose_name = _("registration settings")
        verbose_name_plural = _("registration settings")

    def __str__(self) -> str:
        return str(self.organization)


class RequiredDocument(models.Model):
    """A document the LPSE requires of applicants, for some legal forms (empty: all) of one kind of applicant."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="required_documents")
    applicant_kind = models.CharField(
        _("applicant"), max_length=20, choices=ApplicantKind.choices, default=ApplicantKind.VENDOR
    )
    code = models.SlugField(_("code"), max_length=40)
    label = models.CharField(_("document"), max_length=200)
    help_text = models.CharField(_("explanation"), max_length=300, blank=True)
    legal_forms = models.JSONField(_("legal forms"), default=list, blank=True)
    is_identity = models.BooleanField(
        _("identity document"),
        default=False,
        help_text=_("Masked and logged: only verifiers and the Kepala LPSE see it."),
    )
    is_required = models.BooleanField(_("required"), default=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["applicant_kind", "position", "id"]
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "applicant_kind", "code"], name="requireddocument_unique_code"
            )
        ]

    def __str__(self) -> str:
        return self.label

    def applies_to(self, legal_form: str) -> bool:
        return not self.legal_forms or legal_form in self.legal_forms


class EmailConfirmation(models.Model):
    """Step one of the public sign-up: a single-use link to the given address, valid for 24 hours."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    email = models.EmailField(_("e-mail"))
    applicant_kind = models.CharField(max_length=20, choices=ApplicantKind.choices, default=ApplicantKind.VENDOR)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["organization", "email"], name="emailconfirm_org_email")]

    def __str__(self) -> str:
        return self.email


class AppointmentSlot(models.Model):
    """A time at which the LPSE verifies files: at the desk or in an online session."""

    class Mode(models.TextChoices):
        DESK = "desk", _("At the LPSE office")
        ONLINE = "online", _("Online verification session")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="appointment_slots")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    mode = models.CharField(_("kind"), max_length=10, choices=Mode.choices, default=Mode.DESK)
    capacity = models.PositiveSmallIntegerField(_("places"), default=4)
    location = models.CharField(_("place or meeting link"), max_length=300, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("appointment slot")
        verbose_name_plural = _("appointment slots")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="slot_ends_after_start"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="slot_capacity_positive"),
        ]
        indexes = [models.Index(fields=["organization", "starts_at"], name="slot_org_starts")]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M}"


class Registration(models.Model):
    """One application for an SPSE account, verified per SOP Rekrutmen dan Registrasi Penyedia (steps 1–16)."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Form submitted: upload the documents")
        READY = "ready", _("Waiting for the file to be handed over")
        RECEIVED = "received", _("File received: waiting for a verifier")
        IN_VERIFICATION = "in_verification", _("Being verified")
        COMPLETION_REQUESTED = "completion_requested", _("Completion requested")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        EXPIRED = "expired", _("Expired")

    class RejectionReason(models.TextChoices):
        FALSE_DOCUMENTS = "false_documents", _("False or forged documents")
        BLACKLISTED = "blacklisted", _("On the blacklist (Daftar Hitam)")
        NOT_MATCHING = "not_matching", _("Documents do not match the data entered")
        INCOMPLETE = "incomplete", _("Still incomplete after the deadline")
        DUPLICATE = "duplicate", _("The company is already registered")
        OTHER = "other", _("Other")

    OPEN = ("submitted", "ready", "received", "in_verification", "completion_requested")

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="registrations")
    number = models.CharField(_("registration number"), max_length=20, unique=True)
    applicant_kind = models.CharField(_("applicant"), max_length=20, choices=ApplicantKind.choices)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="registration", verbose_name=_("user ID")
    )
    company = models.ForeignKey(Company, null=True, blank=True, on_delete=models.PROTECT, related_name="registrations")
    # The non-vendor applicant (annex 2.6.1 a): the person, the agency, the role asked for and the letter proving it.
    person_name = models.CharField(_("name"), max_length=200, blank=True)
    person_nik = models.CharField(_("NIK"), max_length=16, blank=True)
    person_position = models.CharField(_("position"), max_length=100, blank=True)
    agency_name = models.CharField(_("agency"), max_length=200, blank=True)
    requested_role = models.CharField(_("role asked for"), max_length=40, blank=True)
    unit = models.ForeignKey(
        "accounts.OrgUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    letter_number = models.CharField(_("assignment letter (Surat Tugas / SK) number"), max_length=100, blank=True)

    status = models.CharField(_("status"), max_length=30, choices=Status.choices, default=Status.SUBMITTED)
    registered_at_desk = models.BooleanField(_("registered at the LPSE desk"), default=False)
    submitted_at = models.DateTimeField(_("submitted"))
    slot = models.ForeignKey(
        AppointmentSlot, null=True, blank=True, on_delete=models.PROTECT, related_name="registrations"
    )
    received_at = models.DateTimeField(_("file received"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    brought_by = models.CharField(_("handed over by"), max_length=200, blank=True)
    verifier = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    completion_items = models.JSONField(_("what is missing"), default=list, blank=True)
    completion_note = models.TextField(_("note on what is missing"), blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rejection_reason = models.CharField(
        _("reason for rejection"), max_length=30, choices=RejectionReason.choices, blank=True
    )
    decision_note = models.TextField(_("decision note"), blank=True)
    data_removed_at = models.DateTimeField(null=True, blank=True)
    # Bumped by every change the verifier's decision depends on: a decision made on an older view is refused.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["submitted_at", "id"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        indexes = [
            models.Index(fields=["organization", "status", "received_at", "id"], name="registration_queue"),
            models.Index(fields=["organization", "status", "submitted_at"], name="registration_expiry"),
            models.Index(fields=["organization", "-submitted_at", "-id"], name="registration_recent"),
            models.Index(fields=["organization", "person_nik"], name="registration_person_nik"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.applicant_name}"

    @property
    def is_vendor(self) -> bool:
        return self.applicant_kind == ApplicantKind.VENDOR

    @property
    def applicant_name(self) -> str:
        return self.company.name if self.company_id else self.person_name

    @property
    def identity_nik(self) -> str:
        return self.company.admin_nik if self.company_id else self.person_nik

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def legal_form(self) -> str:
        return self.company.legal_form if self.company_id else ""
