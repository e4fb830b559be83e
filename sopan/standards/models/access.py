"""A permit to enter a room or to hold access to a server (annex 2.5.2 b: "hak akses server LPSE dipegang oleh
administrator sistem dan koordinator LPSE"). Revoked, never deleted."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class AccessPermit(models.Model):
    class Kind(models.TextChoices):
        SERVER = "server", _("Server")
        ROOM = "room", _("Room")

    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT, related_name="+")
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("holder")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    target = models.CharField(_("server or room"), max_length=200)
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("access permit")
        verbose_name_plural = _("access permits")
        indexes = [models.Index(fields=["organization", "-granted_at", "-id"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="accesspermit_period_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.target}: {self.holder}"
