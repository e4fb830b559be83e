"""Blacklist sanction proposals (usulan sanksi daftar hitam, issue 18 §3).

A proposal starts from a poor (Buruk) assessment of a contract (its PPK: SOP Pencatatan Kinerja Penyedia step 5) or
from a finding (the facts: the contract's PPK, or a member of the package's Pokja Pemilihan for an act in the
selection). The UKPBJ reviews it (or returns it to the proposer with a note), the PA/KPA of the agency decides: imposes
it by an SK (step 6; numbered, with the period from the rule in force on the SK's date, rules_sanctions.py) or rejects
it with a reason; the imposed sanction is then reported to LKPP (date and reference). The national list itself comes
back through the blacklist import (vendors.BlacklistEntry): nothing here copies it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sopan.performance import rules_sanctions


class SanctionProposal(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        RETURNED = "returned", _("Returned to the proposer")
        REVIEWED = "reviewed", _("Reviewed by the UKPBJ")
        IMPOSED = "imposed", _("Imposed")
        REJECTED = "rejected", _("Rejected")
        REPORTED = "reported", _("Reported to LKPP")

    class Proposer(models.TextChoices):
        PPK = "ppk", _("Commitment officer (PPK)")
        POKJA = "pokja", _("Selection working group (Pokja Pemilihan)")

    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT, related_name="+")
    company = models.ForeignKey("vendors.Company", on_delete=models.PROTECT, related_name="sanction_proposals",
                                verbose_name=_("provider"))  # fmt: skip
    contract = models.ForeignKey("performance.Contract", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="sanction_proposals")  # fmt: skip
    assessment = models.ForeignKey("performance.Assessment", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="sanction_proposals")  # fmt: skip
    package = models.ForeignKey("procurement.Package", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="sanction_proposals")  # fmt: skip
    # The agency whose PA/KPA decides: the contract's or the package's.
    agency = models.ForeignKey("accounts.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("agency"))
    ground = models.CharField(_("ground"), max_length=40, choices=rules_sanctions.LABELS)
    finding = models.TextField(_("finding"), blank=True)
    proposer_role = models.CharField(_("proposed as"), max_length=10, choices=Proposer.choices)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(_("proposed at"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED)
    review_note = models.TextField(_("review note"), blank=True)  # the UKPBJ's note (why it was returned)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")  # fmt: skip
    reviewed_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")  # fmt: skip
    decided_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.TextField(_("reason for the rejection"), blank=True)
    # The SK Penetapan Sanksi Daftar Hitam: numbered when imposed, printed the same every time.
    sk_number = models.CharField(_("SK number"), max_length=100, blank=True)
    sk_value = models.PositiveIntegerField(null=True, blank=True)
    sk_dated_on = models.DateField(_("SK date"), null=True, blank=True)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)
    years = models.PositiveSmallIntegerField(_("duration (years)"), null=True, blank=True)
    rule_source = models.CharField(_("legal source"), max_length=300, blank=True)
    reported_on = models.DateField(_("reported to LKPP on"), null=True, blank=True)
    lkpp_reference = models.CharField(_("LKPP reference"), max_length=100, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("sanction proposal")
        verbose_name_plural = _("sanction proposals")
        ordering = ["organization", "-id"]
        indexes = [
            models.Index(fields=["organization", "-id"], name="perf_sanction_org_keyset"),
            models.Index(fields=["organization", "agency", "-id"], name="perf_sanction_agency_keyset"),
            models.Index(fields=["organization", "company", "status"], name="perf_sanction_company"),
        ]
        constraints = [
            # One live proposal per assessment: a rejected one may be followed by another.
            models.UniqueConstraint(fields=["assessment"], name="perf_sanction_one_per_assessment",
                                    condition=Q(assessment__isnull=False) & ~Q(status="rejected")),
            models.CheckConstraint(condition=~Q(finding="") | Q(assessment__isnull=False),
                                   name="perf_sanction_grounds_given"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.pk}: {self.company_id} {self.ground}"

    @property
    def ground_row(self) -> rules_sanctions.Ground:
        return rules_sanctions.ground_on(self.ground, self.sk_dated_on or self.proposed_at.date())

    @property
    def decided(self) -> bool:
        return self.status in (self.Status.IMPOSED, self.Status.REJECTED, self.Status.REPORTED)
