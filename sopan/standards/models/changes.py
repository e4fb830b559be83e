"""A change to the LPSE's service (Standar Pengelolaan Perubahan): requested with its rollback plan, approved or
rejected by someone other than its requester, implemented, and rolled back when it goes wrong."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ChangeRequest(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        IMPLEMENTED = "implemented", _("Implemented")
        ROLLED_BACK = "rolled_back", _("Rolled back")

    class Impact(models.TextChoices):
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")

    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("change"), max_length=200)
    description = models.TextField(_("description and reason"))
    impact = models.CharField(_("impact"), max_length=10, choices=Impact.choices, default=Impact.MEDIUM)
    rollback_plan = models.TextField(_("rollback plan"))
    planned_on = models.DateField(_("planned on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REQUESTED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    implemented_at = models.DateTimeField(_("implemented at"), null=True, blank=True)
    rolled_back_at = models.DateTimeField(_("rolled back at"), null=True, blank=True)
    rollback_reason = models.TextField(_("reason for the rollback"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")
        indexes = [models.Index(fields=["organization", "-requested_at", "-id"])]

    def __str__(self) -> str:
        return self.title
