"""Announcements of outages and maintenance (Berita Acara Gangguan printed when closed)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sopan.accounts.models import Organization


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
