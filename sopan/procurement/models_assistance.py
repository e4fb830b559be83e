"""The assistance (pendampingan/asistensi) of a package by a Jabfung PPBJ (issue 17 §2), one shape for two stages:

- planning, after Pagar Alam's SOP Perencanaan Pengadaan (`perencanaan-pengadaan`): the PPK asks the UKPBJ for
  assistance (step 3 "a"), the Kepala UKPBJ appoints a Jabfung PPBJ (step 4, "Penunjukan Pengelola Pengadaan/Jabfung
  PPBJ"), the Jabfung supports the PPK and reports periodically to the Kepala UKPBJ (step 5, "Laporan Periodik");
- preparation, after SOP Persiapan Pengadaan (`persiapan-pengadaan`): the PPK asks for assistance with the HPS and
  the draft contract (printed step 5 "a"), the Kepala UKPBJ orders it (step 6), the Jabfung assists (step 7).

The appointment is the Surat Tugas Pendampingan: its number and date are drawn when the Kepala UKPBJ appoints and
kept in the package's register of letters (`letter`), so every print is the stored assignment. The status moves only
through `workflows_assistance.ASSISTANCE_FLOW`: requested → assigned → closed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sopan.procurement.models import Package, PackageLetter


class Assistance(models.Model):
    class Stage(models.TextChoices):
        PLANNING = "planning", _("Planning")
        PREPARATION = "preparation", _("Procurement preparation")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        ASSIGNED = "assigned", _("Jabfung assigned")
        CLOSED = "closed", _("Closed")

    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT, related_name="+")
    package = models.ForeignKey(Package, on_delete=models.CASCADE, related_name="assistances")
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REQUESTED)
    request_text = models.TextField(_("what the PPK asks"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    jabfung = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="assistances"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(_("assigned"), null=True, blank=True)
    # The Surat Tugas Pendampingan: number and date drawn at the appointment, kept for every print.
    letter = models.OneToOneField(
        PackageLetter, null=True, blank=True, on_delete=models.PROTECT, related_name="assistance"
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closing_note = models.TextField(_("closing note"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("assistance")
        verbose_name_plural = _("assistances")
        ordering = ["package", "id"]
        indexes = [models.Index(fields=["organization", "status", "jabfung"], name="assistance_org_status")]
        constraints = [
            # one assistance at a time per package and stage (a closed one may be followed by a new request)
            models.UniqueConstraint(
                fields=["package", "stage"],
                condition=~models.Q(status="closed"),
                name="assistance_one_open_per_stage",
            )
        ]

    def __str__(self) -> str:
        return f"{self.package_id} {self.stage}: {self.status}"

    @property
    def letter_key(self) -> str:
        return f"assistance-{self.pk}"


class AssistanceReport(models.Model):
    """A periodic report of the Jabfung PPBJ to the Kepala UKPBJ (Perencanaan step 5, "Laporan Periodik")."""

    assistance = models.ForeignKey(Assistance, on_delete=models.CASCADE, related_name="reports")
    period = models.CharField(_("period"), max_length=100)
    text = models.TextField(_("report"))
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField(_("reported"), auto_now_add=True)

    class Meta:
        verbose_name = _("assistance report")
        verbose_name_plural = _("assistance reports")
        ordering = ["assistance", "reported_at", "id"]

    def __str__(self) -> str:
        return f"{self.assistance_id}: {self.period}"
