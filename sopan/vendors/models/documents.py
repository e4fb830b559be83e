"""A registration's uploaded documents, their archived copies, the log of identity views and the
verifier's acknowledgements of findings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sopan.accounts.models import Organization
from sopan.vendors.models.registration import Registration, RequiredDocument


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
