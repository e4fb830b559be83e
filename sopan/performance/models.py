"""Vendor performance (issue 18 §1–§2): the contracts whose provider is assessed, and the assessment of each.

A `Contract` is made when a package is handed over (BAST: the procurement module's `contract_ended` hook,
services.contract_from_handover) or entered by hand by its PPK (a stop for force majeure, a termination for the
vendor's fault, a contract Sopan does not follow as a package). It is due for assessment a number of working days
after it ended (`assessment_due_on`, rules.py and `Setting`); one without an assessment after that day is overdue.

An `Assessment` is made once per contract (SOP Pencatatan Kinerja Penyedia steps 3–5, workflows.py): scores per aspect
of the scheme in force on the contract's end date (rules.SCHEMES), or the e-purchasing rating in stars; the total and
its band; the evidence and the SIKaP reference; the vendor's response within its deadline; the Berita Acara's number,
drawn on its first print and kept.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sopan.procurement.models import Kind, Method


class Band(models.TextChoices):
    """The band of an assessment (Peraturan LKPP 4/2021; rules.py for the thresholds)."""

    POOR = "poor", _("Poor")
    FAIR = "fair", _("Fair")
    GOOD = "good", _("Good")
    VERY_GOOD = "very_good", _("Very good")


class Contract(models.Model):
    class Ending(models.TextChoices):
        """Why the contract ended: the three triggers of the assessment (SOP Pencatatan Kinerja Penyedia step 1)."""

        HANDOVER = "handover", _("Handover (BAST)")
        FORCE_MAJEURE = "force_majeure", _("Stopped for force majeure")
        TERMINATION = "termination", _("Terminated for the vendor's fault")

    class Status(models.TextChoices):
        AWAITING = "awaiting", _("Awaiting assessment")
        ASSESSED = "assessed", _("Assessed")

    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT, related_name="+")
    package = models.OneToOneField(
        "procurement.Package", null=True, blank=True, on_delete=models.PROTECT, related_name="performance_contract"
    )
    # The provider: unknown for a package at its handover (the PPK names it when assessing), given for a hand-entered
    # contract.
    company = models.ForeignKey(
        "vendors.Company", null=True, blank=True, on_delete=models.PROTECT, related_name="performance_contracts",
        verbose_name=_("provider"),
    )  # fmt: skip
    name = models.CharField(_("contract name"), max_length=500)
    number = models.CharField(_("contract number"), max_length=100, blank=True)
    value = models.DecimalField(_("contract value"), max_digits=18, decimal_places=2, null=True, blank=True)
    agency = models.ForeignKey("accounts.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("agency"))
    # The PPK who assesses; empty when the package names no PPK account (then any PPK of the agency may).
    commitment_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("commitment officer (PPK)"),
    )  # fmt: skip
    kind = models.CharField(_("procurement type"), max_length=20, choices=Kind.choices)
    method = models.CharField(_("method"), max_length=20, choices=Method.choices)
    ended_on = models.DateField(_("ended on"))
    ending = models.CharField(_("ending"), max_length=20, choices=Ending.choices)
    assessment_due_on = models.DateField(_("assessment due"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.AWAITING)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["organization", "-id"]
        indexes = [
            models.Index(fields=["organization", "-id"], name="perf_contract_org_keyset"),
            models.Index(fields=["organization", "agency", "-id"], name="perf_contract_agency_keyset"),
            models.Index(fields=["organization", "commitment_officer", "-id"], name="perf_contract_ppk_keyset"),
            models.Index(fields=["organization", "status", "assessment_due_on"], name="perf_contract_overdue"),
            models.Index(fields=["organization", "ended_on"], name="perf_contract_ended"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(value__isnull=True) | Q(value__gte=0), name="perf_contract_value_pos"),
        ]

    def __str__(self) -> str:
        return f"{self.number or self.pk} {self.name}"

    @property
    def is_e_purchasing(self) -> bool:
        """Assessed by its rating in stars (SOP step 3b) instead of the four aspects (step 3a)."""
        return self.method == Method.E_PURCHASING


class Assessment(models.Model):
    """The PPK's assessment of a contract's provider (SOP Pencatatan Kinerja Penyedia steps 3–5): one per contract."""

    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT, related_name="+")
    contract = models.OneToOneField(Contract, on_delete=models.PROTECT, related_name="assessment")
    company = models.ForeignKey(
        "vendors.Company", on_delete=models.PROTECT, related_name="performance_assessments", verbose_name=_("provider")
    )
    # The scheme applied (rules.SCHEMES): the one in force on the contract's end date.
    scheme_effective = models.DateField(_("scheme in force since"))
    scores = models.JSONField(_("scores"), default=dict, blank=True)  # {aspect key: score on the scheme's scale}
    stars = models.PositiveSmallIntegerField(_("rating (stars)"), null=True, blank=True)  # e-purchasing only
    total = models.DecimalField(_("total"), max_digits=5, decimal_places=2, null=True, blank=True)
    band = models.CharField(_("band"), max_length=20, choices=Band.choices)
    evidence = models.FileField(_("evidence"), upload_to="performance/evidence/", blank=True)
    evidence_type = models.CharField(max_length=100, blank=True)
    sikap_reference = models.CharField(_("SIKaP reference"), max_length=100, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assessed_at = models.DateTimeField(_("assessed at"))
    assessed_on = models.DateField(_("assessed on"))  # the organisation's local date of `assessed_at`
    response_due_on = models.DateField(_("response due"))
    response = models.TextField(_("vendor's response"), blank=True)
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The Berita Acara Penilaian Kinerja Penyedia: numbered on its first print, the same on every reprint.
    letter_number = models.CharField(_("number"), max_length=100, blank=True)
    letter_value = models.PositiveIntegerField(null=True, blank=True)
    letter_dated_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["organization", "-assessed_on", "-id"]
        indexes = [
            models.Index(fields=["organization", "company", "-assessed_on", "-id"], name="perf_assessment_latest"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(stars__isnull=True) | Q(stars__gte=1, stars__lte=5), name="perf_assessment_stars_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contract_id}: {self.band}"


class Setting(models.Model):
    """An organisation's own figures where no regulation gives one (rules.py: the defaults and why)."""

    organization = models.OneToOneField("accounts.Organization", on_delete=models.CASCADE, related_name="+")
    assessment_working_days = models.PositiveSmallIntegerField(_("working days to assess a contract"))
    response_working_days = models.PositiveSmallIntegerField(_("working days for the vendor to respond"))

    class Meta:
        verbose_name = _("vendor performance setting")
        verbose_name_plural = _("vendor performance settings")

    def __str__(self) -> str:
        return str(self.organization_id)


# The blacklist sanction proposals (issue 18 §3) live in their own module; imported here so Django finds the model.
from sopan.performance.models_sanctions import SanctionProposal  # noqa: E402, F401
