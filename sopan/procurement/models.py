"""The procurement package (paket): one line of the agency's RUP (Rencana Umum Pengadaan, published in SiRUP), followed
from planning to handover (issue 17 §1). Stages follow Pagar Alam's SOPs Perencanaan Pengadaan, Persiapan Pengadaan,
Persiapan Pemilihan Penyedia and Proses Utama PBJ (seed 001)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """Jenis pengadaan (Perpres 16/2018 Pasal 3 ayat 1)."""

    GOODS = "goods", _("Goods (barang)")
    CONSTRUCTION = "construction", _("Construction works (pekerjaan konstruksi)")
    CONSULTANCY = "consultancy", _("Consultancy services (jasa konsultansi)")
    OTHER_SERVICES = "other_services", _("Other services (jasa lainnya)")


class Method(models.TextChoices):
    """Cara/metode pengadaan as SiRUP publishes it (Perpres 16/2018 Pasal 38 and 41; swakelola Pasal 18)."""

    TENDER = "tender", _("Tender")
    SELECTION = "selection", _("Selection (seleksi)")
    QUICK_TENDER = "quick_tender", _("Quick tender (tender cepat)")
    DIRECT_PROCUREMENT = "direct_procurement", _("Direct procurement (pengadaan langsung)")
    DIRECT_APPOINTMENT = "direct_appointment", _("Direct appointment (penunjukan langsung)")
    E_PURCHASING = "e_purchasing", _("E-purchasing (katalog)")
    SELF_MANAGED = "self_managed", _("Self-managed (swakelola)")


class FundingSource(models.TextChoices):
    APBD = "apbd", _("APBD")
    APBDP = "apbdp", _("APBD-P (revised APBD)")
    APBN = "apbn", _("APBN")
    DAK = "dak", _("DAK")
    BLUD = "blud", _("BLUD")
    OTHER = "other", _("Other")


class Package(models.Model):
    """A procurement package of the organisation, identified by its RUP code (kd_rup) within the organisation."""

    class Status(models.TextChoices):
        PLANNING = "planning", _("Planning")
        PREPARATION = "preparation", _("Procurement preparation")
        SELECTION_PREPARATION = "selection_preparation", _("Selection preparation")
        SELECTION = "selection", _("Selection")
        CONTRACT = "contract", _("Contract")
        HANDED_OVER = "handed_over", _("Handed over")
        CANCELLED = "cancelled", _("Cancelled")

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="packages", verbose_name=_("organisation")
    )
    kd_rup = models.CharField(_("RUP code"), max_length=30)
    name = models.CharField(_("package name"), max_length=500)
    agency = models.ForeignKey(
        "accounts.OrgUnit",
        on_delete=models.PROTECT,
        related_name="packages",
        limit_choices_to={"kind": "agency"},
        verbose_name=_("agency"),
    )
    budget_holder_name = models.CharField(_("budget user / proxy (PA/KPA)"), max_length=200, blank=True)
    budget_holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("budget user / proxy (PA/KPA) account"),
    )
    commitment_officer_name = models.CharField(_("commitment officer (PPK)"), max_length=200, blank=True)
    commitment_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("commitment officer (PPK) account"),
    )
    kind = models.CharField(_("procurement type"), max_length=20, choices=Kind.choices)
    pagu = models.DecimalField(_("budget ceiling (pagu)"), max_digits=18, decimal_places=2)
    funding_source = models.CharField(_("funding source"), max_length=10, choices=FundingSource.choices)
    method = models.CharField(_("method"), max_length=20, choices=Method.choices)
    is_domestic = models.BooleanField(_("domestic products (PDN)"), default=False)
    is_small_business = models.BooleanField(_("small businesses (UKM)"), default=False)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    planned_selection_on = models.DateField(_("planned selection start"), null=True, blank=True)
    planned_contract_on = models.DateField(_("planned contract start"), null=True, blank=True)
    planned_use_on = models.DateField(_("planned start of use"), null=True, blank=True)
    hps = models.DecimalField(_("owner's estimate (HPS)"), max_digits=18, decimal_places=2, null=True, blank=True)
    spse_code = models.CharField(_("SPSE tender code"), max_length=30, blank=True)
    status = models.CharField(_("status"), max_length=30, choices=Status.choices, default=Status.PLANNING)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["organization", "-id"]
        verbose_name = _("procurement package")
        verbose_name_plural = _("procurement packages")
        constraints = [
            models.UniqueConstraint(fields=["organization", "kd_rup"], name="package_unique_kd_rup"),
            models.CheckConstraint(condition=Q(pagu__gte=0), name="package_pagu_not_negative"),
            models.CheckConstraint(condition=Q(hps__isnull=True) | Q(hps__gte=0), name="package_hps_not_negative"),
        ]
        indexes = [
            models.Index(fields=["organization", "fiscal_year", "status"], name="package_org_year_status"),
            models.Index(fields=["organization", "agency"], name="package_org_agency"),
            models.Index(fields=["organization", "-id"], name="package_org_keyset"),
        ]

    def __str__(self) -> str:
        return f"{self.kd_rup} {self.name}"
