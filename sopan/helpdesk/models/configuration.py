"""The helpdesk's settings per organisation, its priority table and the number counters."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sopan.accounts.models import Organization
from sopan.helpdesk.models.choices import Level, TargetUnit


# --- settings and the priority table -----------------------------------------------------------------------------
class HelpdeskSettings(models.Model):
    """The LPSE's own helpdesk rules, one row per organisation (defaults when absent)."""

    organization = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="helpdesk_settings")
    auto_close_days = models.PositiveSmallIntegerField(
        _("working days after which a resolved ticket closes unless the reporter answers"), default=3
    )
    reopen_days = models.PositiveSmallIntegerField(
        _("days after closing in which a reply reopens the ticket (later: a new linked ticket)"), default=14
    )
    at_risk_percent = models.PositiveSmallIntegerField(
        _("a ticket is at risk when this share of its time is used (%)"), default=75
    )
    max_upload_mb = models.PositiveSmallIntegerField(_("largest attachment (MB)"), default=5)
    helpdesk_email = models.EmailField(_("helpdesk e-mail address"), blank=True)

    class Meta:
        verbose_name = _("helpdesk settings")
        verbose_name_plural = _("helpdesk settings")

    def __str__(self) -> str:
        return str(self.organization)


class PriorityLevel(models.Model):
    """One row of the Tabel Prioritas Penyelesaian Permasalahan: a priority and its targets in working time."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="priority_levels")
    code = models.SlugField(_("code"), max_length=20)
    label = models.CharField(_("priority"), max_length=60)
    rank = models.PositiveSmallIntegerField(_("rank (1 = most urgent)"))
    response_amount = models.PositiveSmallIntegerField(_("response target"))
    response_unit = models.CharField(_("unit"), max_length=10, choices=TargetUnit.choices, default=TargetUnit.HOURS)
    resolution_amount = models.PositiveSmallIntegerField(_("resolution target"))
    resolution_unit = models.CharField(_("unit"), max_length=10, choices=TargetUnit.choices, default=TargetUnit.DAYS)

    class Meta:
        ordering = ["rank"]
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")
        constraints = [
            models.UniqueConstraint(fields=["organization", "code"], name="prioritylevel_org_code"),
            models.UniqueConstraint(fields=["organization", "rank"], name="prioritylevel_org_rank"),
        ]

    def __str__(self) -> str:
        return self.label


class PriorityRule(models.Model):
    """A cell of the matrix: this urgency with this impact gets this priority."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="priority_rules")
    urgency = models.CharField(_("urgency"), max_length=10, choices=Level.choices)
    impact = models.CharField(_("impact"), max_length=10, choices=Level.choices)
    priority = models.ForeignKey(PriorityLevel, on_delete=models.PROTECT, related_name="rules")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "urgency", "impact"], name="priorityrule_org_cell"),
        ]

    def __str__(self) -> str:
        return f"{self.urgency} × {self.impact}"
