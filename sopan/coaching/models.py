"""Vendor coaching (Pembinaan Pelaku Usaha, issue 18 §5), after Pagar Alam's SOP Pembinaan Pelaku Usaha
(`pembinaan-pelaku-usaha`, SOP 16 Tahun 2024):

- a `Programme` (socialisation, training or clinic) is planned with its strategy (steps 1–3, "Dokumen strategi
  pembinaan"), proposed to the Kepala UKPBJ (step 4), directed by them (step 5), scheduled with its invitations
  (step 6), held (step 7, with 7a/7b/7c by the vendors it coached) and reported (step 8). Its status moves only through
  `workflows.PROGRAMME_FLOW`; one SOP case of procedure `vendor_coaching` per programme;
- its `Session`s are the schedule, its `Material`s the handouts, its `Invitation`s the vendors (or, for the agencies'
  users — Perwali Salatiga 41/2024 Pasal 8 ayat (2) huruf c–d and ayat (3) — the staff users) invited, each with the
  check-in code printed on the invitation and the attendance recorded with it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Programme(models.Model):
    class Kind(models.TextChoices):
        SOCIALISATION = "socialisation", _("Socialisation")
        TRAINING = "training", _("Training")
        CLINIC = "clinic", _("Clinic")

    class Audience(models.TextChoices):
        VENDORS = "vendors", _("Vendors")
        AGENCY_USERS = "agency_users", _("Agency users")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PROPOSED = "proposed", _("Proposed to the Kepala UKPBJ")
        APPROVED = "approved", _("Approved")
        INVITED = "invited", _("Invitations sent")
        HELD = "held", _("Held")
        REPORTED = "reported", _("Reported")
        CANCELLED = "cancelled", _("Cancelled")

    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices, default=Audience.VENDORS)
    title = models.CharField(_("title"), max_length=200)
    strategy = models.TextField(_("coaching strategy"), blank=True)  # SOP step 3: "Dokumen strategi pembinaan"
    target_notes = models.TextField(_("target group"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    direction = models.TextField(_("direction of the Kepala UKPBJ"), blank=True)  # SOP step 5
    report = models.TextField(_("report of the results"), blank=True)  # SOP step 8
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField(_("reported"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("coaching programme")
        verbose_name_plural = _("coaching programmes")
        ordering = ["-id"]
        indexes = [models.Index(fields=["organization", "status", "id"], name="coaching_programme_org_status")]

    def __str__(self) -> str:
        return self.title

    @property
    def for_vendors(self) -> bool:
        return self.audience == self.Audience.VENDORS


class Session(models.Model):
    """One meeting of the schedule (SOP step 6, "Jadwal pembinaan"): a place, an online link, or both."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_link = models.URLField(_("online link"), max_length=300, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="coaching_session_ends_after_start"),
            models.CheckConstraint(condition=~Q(place="") | ~Q(online_link=""), name="coaching_session_has_place"),
        ]

    def __str__(self) -> str:
        return f"{self.programme_id} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def organization_id(self) -> int:
        return self.programme.organization_id


class Material(models.Model):
    """A handout of the programme, checked by its content on upload and stored when the transaction commits."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="coaching/materials/%Y/", max_length=300)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.title


class Invitation(models.Model):
    """One invitee of a programme: a vendor (company) or, for the agencies' users, a staff user. The check-in code is
    printed on the invitation and typed in by the coaching team at the door."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="invitations")
    company = models.ForeignKey(
        "vendors.Company", null=True, blank=True, on_delete=models.PROTECT, related_name="coaching_invitations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="coaching_invitations"
    )
    criterion = models.CharField(_("criterion"), max_length=30)  # criteria.REGISTRY key
    code = models.CharField(_("check-in code"), max_length=8)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(_("added"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    attended_at = models.DateTimeField(_("attended"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["programme", "id"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="coaching_invitation_code_unique"),
            models.UniqueConstraint(
                fields=["programme", "company"], condition=Q(company__isnull=False), name="coaching_invitation_company"
            ),
            models.UniqueConstraint(
                fields=["programme", "user"], condition=Q(user__isnull=False), name="coaching_invitation_user"
            ),
            models.CheckConstraint(
                condition=Q(company__isnull=False, user__isnull=True) | Q(company__isnull=True, user__isnull=False),
                name="coaching_invitation_one_invitee",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme_id}: {self.code}"

    @property
    def organization_id(self) -> int:
        return self.programme.organization_id

    @property
    def invitee_name(self) -> str:
        return self.company.name if self.company_id else self.user.get_full_name()

    @property
    def email(self) -> str:
        return self.company.email if self.company_id else self.user.email

    @property
    def code_display(self) -> str:
        """The code in two groups of four (ABCD-EFGH), as printed; typed with or without the dash."""
        return f"{self.code[:4]}-{self.code[4:]}"
