"""The periodic reports of the LPSE (Perwali Salatiga 41/2024 Pasal 11):

    (1) Kepala LPSE menyampaikan laporan berkala pelaksanaan tugas dan fungsi Layanan Pengadaan Secara Elektronik
        kepada Wali Kota melalui Kepala UKPBJ.
    (2) Laporan berkala sebagaimana dimaksud pada ayat (1) terdiri atas laporan triwulan dan/atau laporan khusus.

A report is a quarterly one (year and quarter) or a special one (laporan khusus, its own title and period). While a
draft its sections are computed from live data; when submitted for approval they are stored (`snapshot`, the sections
as JSON), so what the Kepala LPSE approves and the Wali Kota receives never changes with later data.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

USER = settings.AUTH_USER_MODEL


class Report(models.Model):
    class Kind(models.TextChoices):
        QUARTERLY = "quarterly", _("Quarterly report (laporan triwulan)")
        SPECIAL = "special", _("Special report (laporan khusus)")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for approval")
        APPROVED = "approved", _("Approved by the Kepala LPSE")
        FORWARDED = "forwarded", _("Forwarded by the Kepala UKPBJ")
        SENT = "sent", _("Submitted to the Wali Kota")

    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    year = models.PositiveIntegerField(_("year"), null=True, blank=True)
    quarter = models.PositiveSmallIntegerField(_("quarter"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=200)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    due_on = models.DateField(_("due"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)

    # The Kepala LPSE's narrative: an introduction, a commentary per section (keyed by Section.key), a conclusion.
    introduction = models.TextField(_("introduction"), blank=True)
    commentary = models.JSONField(_("commentary per section"), default=dict, blank=True)
    conclusion = models.TextField(_("conclusion and recommendations"), blank=True)

    snapshot = models.JSONField(_("sections as submitted"), null=True, blank=True)
    snapshot_at = models.DateTimeField(_("figures taken"), null=True, blank=True)

    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    submitted_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    approved_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    return_note = models.TextField(_("why it was returned"), blank=True)
    forwarded_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    forwarded_at = models.DateTimeField(_("forwarded"), null=True, blank=True)
    sent_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    sent_on = models.DateField(_("date submitted to the Wali Kota"), null=True, blank=True)
    letter_number = models.CharField(_("letter number"), max_length=60, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("periodic report")
        verbose_name_plural = _("periodic reports")
        indexes = [models.Index(fields=["organization", "-period_end", "-id"], name="report_org_recent")]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "quarter"],
                condition=Q(kind="quarterly"),
                name="report_one_per_quarter",
            ),
            models.CheckConstraint(
                condition=Q(kind="special") | (Q(year__isnull=False) & Q(quarter__gte=1) & Q(quarter__lte=4)),
                name="report_quarterly_has_quarter",
            ),
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="report_period_order"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_sent(self) -> bool:
        return self.status == self.Status.SENT
