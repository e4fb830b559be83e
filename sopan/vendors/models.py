"""Vendor registration and verification (SOP Rekrutmen dan Registrasi Penyedia; Perwali Salatiga 41/2024 annex
2.4 d–e, 2.6.1), the vendor account's lifecycle and its data changes.

- `Registration` is one application: a vendor (with its `Company`) or a non-vendor SPSE user (PPK, Pokja, auditor …)
  asking for an account. Its status moves only through `workflows.REGISTRATION_FLOW`, which records the SOP steps.
- `Company` is the vendor's master data; after approval it changes only through a verified `ChangeRequest`, and every
  change of a field is kept in `FieldChange`.
- `Document` is one uploaded file of a registration (the current one per requirement; older ones stay as history);
  `ArchivedFile` is the immutable copy kept with the case at step 15 (with its SHA-256).
- `IdentityView` records that an identity document was shown to a person; `FindingAcknowledgement` is a verifier's
  note on an automatic finding. Both must exist before the verifier marks the document or approves the application.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sopan.accounts.models import Organization


class LegalForm(models.TextChoices):
    PT = "pt", _("Limited company (PT)")
    CV = "cv", _("Limited partnership (CV)")
    FIRMA = "firma", _("Partnership (Firma)")
    KOPERASI = "koperasi", _("Cooperative (Koperasi)")
    PERORANGAN = "perorangan", _("Sole proprietor (Perorangan)")
    PERSEKUTUAN_PERDATA = "persekutuan_perdata", _("Civil partnership (Persekutuan Perdata)")
    YAYASAN = "yayasan", _("Foundation (Yayasan)")
    BUMN_BUMD = "bumn_bumd", _("State or regional enterprise (BUMN/BUMD)")
    OTHER = "other", _("Other")


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


class Company(models.Model):
    """A vendor (pelaku usaha) registered at the organisation's LPSE: its master data and account status."""

    class Status(models.TextChoices):
        REGISTERING = "registering", _("Registering")
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        DEACTIVATED = "deactivated", _("Deactivated")
        REFUSED = "refused", _("Not registered")

    # Fields a vendor may ask to change after approval (data change request); each change is kept in FieldChange.
    CHANGEABLE = (
        "name",
        "legal_form",
        "npwp",
        "nib",
        "kbli",
        "address",
        "province",
        "regency",
        "postal_code",
        "phone",
        "email",
        "admin_name",
        "admin_nik",
        "admin_position",
    )

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="companies")
    name = models.CharField(_("company name"), max_length=200)
    legal_form = models.CharField(_("legal form"), max_length=30, choices=LegalForm.choices)
    npwp = models.CharField(_("NPWP"), max_length=16)
    nib = models.CharField(_("NIB"), max_length=13, blank=True)
    kbli = models.JSONField(_("KBLI codes"), default=list, blank=True)
    address = models.TextField(_("address"))
    province = models.CharField(_("province"), max_length=2)
    regency = models.CharField(_("regency / city"), max_length=100)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    phone = models.CharField(_("phone"), max_length=20)
    email = models.EmailField(_("company e-mail"))
    admin_name = models.CharField(_("administrator's name"), max_length=200)
    admin_nik = models.CharField(_("administrator's NIK"), max_length=16)
    admin_position = models.CharField(_("administrator's position"), max_length=100)
    admin_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="companies_admin"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REGISTERING)
    status_reason = models.TextField(_("reason for the status"), blank=True)
    activated_at = models.DateTimeField(_("active since"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("vendor")
        verbose_name_plural = _("vendors")
        constraints = [
            # One registered company per NPWP and per NIB in an organisation; applications may duplicate (the
            # verifier sees it as a finding), an account may not.
            models.UniqueConstraint(
                fields=["organization", "npwp"],
                condition=Q(status__in=("active", "suspended")),
                name="company_one_account_per_npwp",
            ),
            models.UniqueConstraint(
                fields=["organization", "nib"],
                condition=Q(status__in=("active", "suspended")) & ~Q(nib=""),
                name="company_one_account_per_nib",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "npwp"], name="company_org_npwp"),
            models.Index(fields=["organization", "nib"], name="company_org_nib"),
            models.Index(fields=["organization", "email"], name="company_org_email"),
            models.Index(fields=["organization", "admin_nik"], name="company_org_admin_nik"),
            models.Index(fields=["organization", "status", "name", "id"], name="company_org_status_name"),
        ]

    def __str__(self) -> str:
        return self.name


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


class Document(models.Model):
    """An uploaded file for one required document; a new upload supersedes the previous one (kept as history)."""

    class Verdict(models.TextChoices):
        PENDING = "pending", _("Not checked yet")
        MATCHES = "matches", _("Matches (sesuai)")
        MISMATCH = "mismatch", _("Does not match (tidak sesuai)")
        INCOMPLETE = "incomplete", _("Incomplete (kurang)")

    registration = models.ForeignKey(Registration, on_delete=models.PROTECT, related_name="documents")
    requirement = models.ForeignKey(RequiredDocument, on_delete=models.PROTECT, related_name="+")
    file = models.FileField(upload_to="vendors/documents/%Y/%m/", max_length=300)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    is_current = models.BooleanField(default=True)
    verdict = models.CharField(_("check"), max_length=20, choices=Verdict.choices, default=Verdict.PENDING)
    verdict_note = models.CharField(_("note"), max_length=500, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["requirement__position", "-uploaded_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "requirement"], condition=Q(is_current=True), name="document_one_current"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ArchivedFile(models.Model):
    """A file kept with the registration's case at archiving (SOP step 15): never changed, checked by SHA-256."""

    class Kind(models.TextChoices):
        DOCUMENT = "document", _("Uploaded document")
        FORM = "form", _("Generated form")

    registration = models.ForeignKey(Registration, on_delete=models.PROTECT, related_name="archived_files")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    label = models.CharField(max_length=200)
    is_identity = models.BooleanField(default=False)  # an identity scan: masked, and every view logged
    file = models.FileField(upload_to="vendors/archive/%Y/", max_length=300)
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    archived_at = models.DateTimeField()
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["archived_at", "id"]

    def __str__(self) -> str:
        return self.name


class IdentityView(models.Model):
    """An identity document (KTP/NIK scan) shown to a person in the document viewer: the proof that a verifier looked at
    it before marking it (issue 13 §8), and the window in which its page images are served to them.

    The audit trail logs each showing too (`vendors.identity.viewed`), but it is the wrong thing to decide on: its
    events name the requirement, not the upload (a replaced KTP would count as seen), and they are JSON in a hash chain
    meant to be verified, not indexed for look-ups. This row is written in the same transaction as that event."""

    # Gone with the document when the retention rule removes it; the audit trail keeps that it was seen.
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="identity_views")
    viewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    first_viewed_at = models.DateTimeField()
    last_viewed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["document", "viewed_by"], name="identityview_one_per_document_and_person")
        ]

    def __str__(self) -> str:
        return f"{self.document_id}/{self.viewed_by_id}"


class FindingAcknowledgement(models.Model):
    """A verifier's explicit acknowledgement of one automatic finding of an application, with a note (issue 13 §8).

    Findings are computed, not stored (`findings.py`); `key` is the finding's stable identity (its kind and the record
    or value it is about), so a finding that appears later, or about another record, needs its own acknowledgement."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    registration = models.ForeignKey(Registration, on_delete=models.PROTECT, related_name="acknowledgements")
    key = models.CharField(max_length=120)
    code = models.CharField(max_length=40)
    message = models.TextField()  # the finding as the verifier read it, kept because findings change with the data
    note = models.TextField(_("note"))
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    acknowledged_at = models.DateTimeField()

    class Meta:
        ordering = ["acknowledged_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["registration", "key"], name="findingack_one_per_finding"),
            models.CheckConstraint(condition=~Q(note=""), name="findingack_note_required"),
        ]

    def __str__(self) -> str:
        return f"{self.registration_id}:{self.key}"


class BlacklistImport(models.Model):
    """One import of the national blacklist (Daftar Hitam) file; the latest replaces the earlier entries."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    file_name = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField()
    imported_at = models.DateTimeField()
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return self.file_name


class BlacklistEntry(models.Model):
    """A company on the national blacklist, with the SK that put it there and its period."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    source = models.ForeignKey(BlacklistImport, on_delete=models.CASCADE, related_name="entries")
    name = models.CharField(_("name"), max_length=300)
    npwp = models.CharField(_("NPWP"), max_length=16, blank=True)
    nib = models.CharField(_("NIB"), max_length=13, blank=True)
    sk_number = models.CharField(_("SK number"), max_length=200, blank=True)
    violation = models.TextField(_("violation"), blank=True)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["organization", "npwp"], name="blacklist_org_npwp"),
            models.Index(fields=["organization", "nib"], name="blacklist_org_nib"),
        ]

    def __str__(self) -> str:
        return self.name

    def in_force_on(self, day: datetime.date) -> bool:
        return (self.starts_on is None or self.starts_on <= day) and (self.ends_on is None or self.ends_on >= day)


class StaffRelation(models.Model):
    """A staff member's declared tie to a company (admin, owner, relative): they may not verify it."""

    class Kind(models.TextChoices):
        ADMIN = "admin", _("Administrator of the company")
        OWNER = "owner", _("Owner or shareholder")
        RELATIVE = "relative", _("Relative of an owner or the administrator")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="company_relations")
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="staff_relations")
    kind = models.CharField(_("tie"), max_length=20, choices=Kind.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    declared_at = models.DateTimeField(auto_now_add=True)
    declared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "company", "kind"], name="staffrelation_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.company} ({self.get_kind_display()})"


class AccountAction(models.Model):
    """A suspension, deactivation or reactivation of a vendor account, following the LKPP procedure:
    complaint or finding with evidence → examination by the Kepala LPSE → proposal → decision (with the external
    reference when LKPP acts) → vendor informed → archived."""

    class Kind(models.TextChoices):
        SUSPEND = "suspend", _("Suspension")
        DEACTIVATE = "deactivate", _("Deactivation")
        REACTIVATE = "reactivate", _("Reactivation")

    class Stage(models.TextChoices):
        REPORTED = "reported", _("Complaint or finding recorded")
        EXAMINED = "examined", _("Examined by the Kepala LPSE")
        PROPOSED = "proposed", _("Proposed")
        DECIDED = "decided", _("Decided")
        INFORMED = "informed", _("Vendor informed")
        ARCHIVED = "archived", _("Archived")
        DROPPED = "dropped", _("Dropped")

    class Outcome(models.TextChoices):
        GRANTED = "granted", _("Carried out")
        DECLINED = "declined", _("Declined")

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="account_actions")
    kind = models.CharField(_("action"), max_length=20, choices=Kind.choices)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.REPORTED)
    basis = models.TextField(_("complaint or finding"))
    evidence = models.FileField(_("evidence"), upload_to="vendors/evidence/%Y/", max_length=300, blank=True)
    evidence_sha256 = models.CharField(max_length=64, blank=True)
    examination = models.TextField(_("examination"), blank=True)
    proposal = models.TextField(_("proposal"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    external_reference = models.CharField(_("LKPP reference"), max_length=200, blank=True)
    decision_note = models.TextField(_("decision"), blank=True)
    reported_at = models.DateTimeField()
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    informed_at = models.DateTimeField(null=True, blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-reported_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["company"],
                condition=Q(stage__in=("reported", "examined", "proposed")),
                name="accountaction_one_open_per_company",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.company}"


class ChangeRequest(models.Model):
    """A vendor's request to change its registered data; it takes effect only after a verifier approves it."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for verification")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="change_requests")
    changes = models.JSONField()  # {field: [old, new]}
    reason = models.TextField(_("reason"))
    evidence = models.FileField(_("evidence"), upload_to="vendors/changes/%Y/", max_length=300, blank=True)
    evidence_sha256 = models.CharField(max_length=64, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["company"], condition=Q(status="submitted"), name="changerequest_one_open_per_company"
            )
        ]
        indexes = [models.Index(fields=["organization", "status", "submitted_at"], name="changerequest_queue")]

    def __str__(self) -> str:
        return f"{self.company} ({self.submitted_at:%Y-%m-%d})"


class FieldChange(models.Model):
    """The history of one field of a company: every value it had, who set it, and on what basis."""

    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="field_changes")
    field = models.CharField(max_length=40)
    old_value = models.JSONField(null=True)
    new_value = models.JSONField(null=True)
    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    change_request = models.ForeignKey(
        ChangeRequest, null=True, blank=True, on_delete=models.PROTECT, related_name="field_changes"
    )
    registration = models.ForeignKey(Registration, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-changed_at", "-id"]
        indexes = [models.Index(fields=["company", "field", "-changed_at"], name="fieldchange_company_field")]

    def __str__(self) -> str:
        return f"{self.company_id}.{self.field}"
