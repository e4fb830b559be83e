"""The blacklist register: imports of the list and their entries."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sopan.accounts.models import Organization


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
