"""A risk of the register, its treatments, its monitoring entries and its escalations (SOP Pengelolaan Risiko and
Manajemen Resiko Strategis PBJ of Pagar Alam, seed 001; workflows.py for the steps), and the risk library (pustaka
risiko, step 14) that new risks are copied from."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Risk(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("New")  # only inside the identifying transaction
        IDENTIFIED = "identified", _("Identified")
        ANALYSED = "analysed", _("Analysed")
        TREATED = "treated", _("Being treated")
        MONITORED = "monitored", _("Reported to the coordinator")
        ESCALATED = "escalated", _("Escalated to the committee")
        DECIDED = "decided", _("Decided by the committee")
        CLOSED = "closed", _("Closed")

    class Context(models.TextChoices):
        STRATEGIC = "strategic", _("Strategic target")
        TASK = "task", _("Task or programme")
        PACKAGE = "package", _("Procurement package")
        SERVICE = "service", _("LPSE service")

    class Procedure(models.TextChoices):
        OPERATIONAL = "risk_management", _("Risk management (SOP Pengelolaan Risiko)")
        STRATEGIC = "strategic_risk_management", _("Strategic procurement risk management")

    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE, related_name="+")
    criteria = models.ForeignKey("risks.Criteria", on_delete=models.PROTECT, related_name="risks")
    procedure = models.CharField(
        _("procedure"), max_length=40, choices=Procedure.choices, default=Procedure.OPERATIONAL
    )
    title = models.CharField(_("risk"), max_length=300)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("risk owner"))  # fmt: skip
    context = models.CharField(_("context"), max_length=20, choices=Context.choices)
    context_text = models.CharField(_("target, task or service"), max_length=300, blank=True)
    package = models.ForeignKey("procurement.Package", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+", verbose_name=_("procurement package"))  # fmt: skip
    cause = models.TextField(_("cause"))
    consequence = models.TextField(_("consequence"))
    inherent_likelihood = models.PositiveSmallIntegerField(_("inherent likelihood"), null=True, blank=True)
    inherent_impact = models.PositiveSmallIntegerField(_("inherent impact"), null=True, blank=True)
    controls = models.TextField(_("existing controls"), blank=True)
    residual_likelihood = models.PositiveSmallIntegerField(_("residual likelihood"), null=True, blank=True)
    residual_impact = models.PositiveSmallIntegerField(_("residual impact"), null=True, blank=True)
    event_on = models.DateField(_("date of the risk event"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW)
    template = models.ForeignKey("risks.RiskTemplate", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+")  # fmt: skip
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        indexes = [
            models.Index(fields=["organization", "-id"]),
            models.Index(fields=["organization", "status", "-id"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def inherent_score(self) -> int | None:
        if self.inherent_likelihood and self.inherent_impact:
            return self.inherent_likelihood * self.inherent_impact
        return None

    @property
    def residual_score(self) -> int | None:
        if self.residual_likelihood and self.residual_impact:
            return self.residual_likelihood * self.residual_impact
        return None

    @property
    def current_score(self) -> int | None:
        """The residual score once rated after treatment, else the inherent one."""
        return self.residual_score or self.inherent_score

    @property
    def inherent_level(self):
        return self.criteria.level_of(self.inherent_score)

    @property
    def residual_level(self):
        return self.criteria.level_of(self.residual_score)

    @property
    def context_display(self) -> str:
        if self.context == self.Context.PACKAGE and self.package_id:
            return str(self.package)
        return self.context_text


class Treatment(models.Model):
    """A handling plan of a risk (SOP step 6) and its execution (step 7) with the evidence."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="treatments")
    action = models.TextField(_("treatment"))
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("treatment owner"))  # fmt: skip
    due_on = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    evidence = models.FileField(_("evidence"), upload_to="risks/evidence/", blank=True)
    evidence_name = models.CharField(max_length=200, blank=True)
    evidence_sha256 = models.CharField(max_length=64, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("treatment")
        verbose_name_plural = _("treatments")

    def __str__(self) -> str:
        return self.action[:80]


class MonitoringEntry(models.Model):
    """A monitoring note of a risk (SOP step 7 output "Pemantauan dan Pengendalian Risiko")."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="monitoring")
    note = models.TextField(_("monitoring note"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("monitoring entry")
        verbose_name_plural = _("monitoring entries")

    def __str__(self) -> str:
        return self.note[:80]


class Escalation(models.Model):
    """A risk put before the coordinator (the owner's report, step 9) or the committee (step 11 b), and their
    disposition (step 11 for the coordinator, step 12 for the committee)."""

    class To(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator (Kepala UKPBJ)")
        COMMITTEE = "committee", _("Committee (Sekda / Komite Etik)")

    class Disposition(models.TextChoices):
        CONTINUE = "continue", _("Continue the handling")
        ESCALATE = "escalate", _("Escalate to the committee")
        TOLERABLE = "tolerable", _("Tolerable: close")

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="escalations")
    to = models.CharField(_("escalated to"), max_length=20, choices=To.choices)
    reason = models.TextField(_("reason"))
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(auto_now_add=True)
    disposition = models.CharField(_("disposition"), max_length=20, choices=Disposition.choices, blank=True)
    disposition_note = models.TextField(_("disposition note"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")  # fmt: skip
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")

    def __str__(self) -> str:
        return f"{self.get_to_display()}: {self.risk_id}"


class RiskTemplate(models.Model):
    """A risk of the library (pustaka risiko, SOP step 2 "Dokumen pustaka risiko", updated at step 14)."""

    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE, related_name="+")
    scheme = models.CharField(_("scheme"), max_length=20, default="procurement")
    stage = models.CharField(_("stage"), max_length=100, blank=True)
    title = models.CharField(_("risk"), max_length=300)
    cause = models.TextField(_("cause"))
    consequence = models.TextField(_("consequence"))
    controls = models.TextField(_("existing controls"), blank=True)
    treatment = models.TextField(_("suggested treatment"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("library risk")
        verbose_name_plural = _("risk library")
        constraints = [models.UniqueConstraint(fields=["organization", "title"], name="risks_one_template_per_title")]

    def __str__(self) -> str:
        return self.title
