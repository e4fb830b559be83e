"""The availability analysis of a package (Analisa Ketersediaan Pelaku Usaha, issue 17 §4), after Pagar Alam's SOP
of that name (catalogue `analisa-ketersediaan-pelaku-usaha`): the Jabfung PPBJ reviews the RUP (step 1), gathers the
registered vendors (step 2), picks those that fit the qualification (step 3) and decides (step 4): (a) enough
qualified vendors, the shortlist is documented (step 8) and the follow-up discussed with the PPK (step 9); (b) too
few, the PPK proposes a correction of the RUP to the PA/KPA (step 5).

A package has one analysis per round (1, 2, …; unique per package): when branch (b) ends with the PPK's proposal and
the PA/KPA corrects the RUP, the Jabfung PPBJ analyses again in round n+1
(`services_availability.availability_reanalyse`), starting from the criteria of round n. The current analysis is the
highest round (`availability.current_analysis`); the earlier ones stay as they were, each with its own report and its
own SOP case (the round is the case's subject). Its status moves only through
`workflows_availability.AVAILABILITY_FLOW`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sopan.procurement.models import Method, Package

DEFAULT_MINIMUM_VENDORS = 3  # the analyst's own target (a practice, not a rule of the Perpres): editable per analysis


class AvailabilityAnalysis(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("In progress")
        QUALIFIED = "qualified", _("Enough qualified vendors")  # step 4 (a), documented (step 8)
        SHORT = "short", _("Too few vendors: to the PPK")  # step 4 (b)
        PROPOSED = "proposed", _("RUP correction proposed to the PA/KPA")  # step 5 (end of branch b)
        DISCUSSED = "discussed", _("Follow-up discussed with the PPK")  # step 9 (end of branch a)

    class Qualification(models.TextChoices):
        """The qualification of the vendors the package asks for (kualifikasi usaha)."""

        SMALL = "small", _("Small business (kecil)")
        NON_SMALL = "non_small", _("Non-small business (non-kecil)")
        ANY = "any", _("Any")

    class Change(models.TextChoices):
        """What the PPK proposes to correct in the RUP (SOP step 5)."""

        METHOD = "method", _("Method")
        QUALIFICATION = "qualification", _("Qualification")
        KBLI = "kbli", _("KBLI")
        REGION = "region", _("Region")
        VALUE = "value", _("Budget ceiling / HPS")
        OTHER = "other", _("Other planning documents")

    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT, related_name="+")
    package = models.ForeignKey(Package, on_delete=models.CASCADE, related_name="availability_analyses")
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    kbli = models.JSONField(_("KBLI codes"), default=list)
    qualification = models.CharField(_("qualification"), max_length=10, choices=Qualification.choices)
    province = models.CharField(_("province"), max_length=2)
    regency = models.CharField(_("regency / city"), max_length=100, blank=True)
    minimum_vendors = models.PositiveSmallIntegerField(
        _("vendors needed"),
        default=DEFAULT_MINIMUM_VENDORS,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    conclusion = models.TextField(_("conclusion"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    # the correction of the RUP the PPK proposes to the PA/KPA (branch b, step 5)
    proposal_changes = models.JSONField(_("what to correct"), default=list, blank=True)
    proposal_text = models.TextField(_("proposed correction"), blank=True)
    proposed_method = models.CharField(_("suggested method"), max_length=20, choices=Method.choices, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposed"), null=True, blank=True)
    # the discussion with the PPK and the action plan for similar procurements (branch a, step 9)
    action_plan = models.TextField(_("action plan"), blank=True)
    analysed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    concluded_at = models.DateTimeField(_("concluded"), null=True, blank=True)
    # the qualified vendors registered when the analysis was concluded: the report of an earlier round keeps it
    eligible_found = models.PositiveIntegerField(_("qualified vendors found"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("availability analysis")
        verbose_name_plural = _("availability analyses")
        indexes = [models.Index(fields=["organization", "status"], name="availability_org_status")]
        constraints = [models.UniqueConstraint(fields=["package", "round"], name="availability_one_per_round")]

    def __str__(self) -> str:
        return f"{self.package_id} #{self.round}: {self.status}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def proposal_change_labels(self) -> list[str]:
        return [str(self.Change(c).label) for c in self.proposal_changes if c in self.Change.values]


class AvailabilityShortlistEntry(models.Model):
    """A vendor the analyst picked as fitting the qualification (SOP step 3: "daftar pelaku usaha yang sesuai")."""

    analysis = models.ForeignKey(AvailabilityAnalysis, on_delete=models.CASCADE, related_name="shortlist")
    company = models.ForeignKey("vendors.Company", on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("note"), max_length=300, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["analysis", "id"]
        constraints = [models.UniqueConstraint(fields=["analysis", "company"], name="availability_shortlist_once")]

    def __str__(self) -> str:
        return f"{self.analysis_id}: {self.company_id}"
