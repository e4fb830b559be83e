"""The unit's performance indicators (SOP Pengelolaan Kinerja, Pagar Alam 16/2024; issue 19 §2): each indicator of a
year with its definition, unit, baseline, yearly and quarterly targets (steps 1–3), its realisation per quarter with
evidence (steps 11–12), its action plans (steps 4, 11) and the performance report with its approval (steps 13–17)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sopan.core import measures

QUARTERS = (1, 2, 3, 4)


def measure_choices():
    return measures.choices()


class Better(models.TextChoices):
    HIGHER = measures.HIGHER, _("Higher is better")
    LOWER = measures.LOWER, _("Lower is better")


class Indicator(models.Model):
    """A row of the indicator register (sopan.core.registers): one indicator of one year."""

    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("indicator"), max_length=300)
    definition = models.TextField(_("definition and formula"), blank=True)
    area = models.CharField(_("strategic area"), max_length=200, blank=True)
    unit = models.CharField(_("unit"), max_length=30)
    better = models.CharField(_("direction"), max_length=10, choices=Better.choices, default=Better.HIGHER)
    baseline = models.DecimalField(_("baseline"), max_digits=12, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(_("yearly target"), max_digits=12, decimal_places=2)
    target_q1 = models.DecimalField(_("target Q1"), max_digits=12, decimal_places=2, null=True, blank=True)
    target_q2 = models.DecimalField(_("target Q2"), max_digits=12, decimal_places=2, null=True, blank=True)
    target_q3 = models.DecimalField(_("target Q3"), max_digits=12, decimal_places=2, null=True, blank=True)
    target_q4 = models.DecimalField(_("target Q4"), max_digits=12, decimal_places=2, null=True, blank=True)
    # Bound to a figure Sopan computes from its own data (sopan.core.measures); empty: the realisation is entered.
    measure = models.CharField(_("computed from"), max_length=60, choices=measure_choices, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        indexes = [models.Index(fields=["organization", "year", "code", "id"], name="indicator_year_code")]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year", "code"], name="indicator_code_unique_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def quarter_target(self, quarter: int):
        return getattr(self, f"target_q{quarter}")


class Realisation(models.Model):
    """The realisation of an entered indicator for one quarter, with its evidence (SOP step 12)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="realisations")
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    value = models.DecimalField(_("realisation"), max_digits=12, decimal_places=2)
    note = models.TextField(_("note"), blank=True)
    evidence = models.FileField(_("evidence"), upload_to="indicators/evidence/", blank=True)
    evidence_type = models.CharField(max_length=100, blank=True)
    evidence_sha256 = models.CharField(max_length=64, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(_("entered at"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("realisation")
        verbose_name_plural = _("realisations")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "quarter"], name="realisation_one_per_quarter"),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="realisation_quarter_1_4"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} TW{self.quarter}: {self.value}"


class ActionPlan(models.Model):
    """What is done to reach an indicator's target (SOP steps 4 and 11), e.g. for a quarter under target."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        DONE = "done", _("Done")

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="action_plans")
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    action = models.TextField(_("action"))
    owner = models.CharField(_("person responsible"), max_length=200)
    due_on = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["quarter", "due_on", "id"]

    def __str__(self) -> str:
        return self.action[:80]


class Report(models.Model):
    """The performance report (laporan kinerja) of a period of a year (SOP steps 13–17), with its approval."""

    class Status(models.TextChoices):
        DRAFTED = "drafted", _("Drafted")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned for revision")

    class Period(models.TextChoices):
        Q1 = "q1", _("Quarter I")
        Q2 = "q2", _("Quarter II")
        Q3 = "q3", _("Quarter III")
        Q4 = "q4", _("Quarter IV")
        S1 = "s1", _("Semester I")
        S2 = "s2", _("Semester II")
        YEAR = "year", _("Year")

    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    period = models.CharField(_("period"), max_length=4, choices=Period.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFTED)
    analysis = models.TextField(_("analysis"), blank=True)
    recommendations = models.TextField(_("recommendations for improvement"), blank=True)
    decision_note = models.TextField(_("note of the Kepala UKPBJ"), blank=True)
    number = models.CharField(_("number"), max_length=100, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")  # fmt: skip
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")  # fmt: skip
    approved_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("performance report")
        verbose_name_plural = _("performance reports")
        ordering = ["-year", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year", "period"], name="indicator_report_one_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.get_period_display()} {self.year}"

    @property
    def quarters(self) -> tuple[int, ...]:
        return PERIOD_QUARTERS[self.period]


PERIOD_QUARTERS = {"q1": (1,), "q2": (2,), "q3": (3,), "q4": (4,), "s1": (1, 2), "s2": (3, 4), "year": QUARTERS}
