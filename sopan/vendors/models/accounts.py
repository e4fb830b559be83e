"""The vendor account after approval: staff's declared ties, account actions, data change requests and the
history of every changed field."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sopan.accounts.models import Organization
from sopan.vendors.models.companies import Company
from sopan.vendors.models.registration import Registration


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
