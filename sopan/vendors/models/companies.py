"""The vendor's master data (`Company`) and its legal forms."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from sopan.accounts.models import Organization


class LegalForm(models.TextChoices):
    PT = "pt", _("Limited company (PT)")
    CV = "cv", _("Limited partnership (CV)")
    FIRMA = "firma", _("Partnership (Firma)")
    KOPERASI = "koperasi", _("Cooperative (Koperasi)")
    PERORANGAN = "perorangan", _("Sole proprietor (Perorangan)")
    PERSEKUTUAN_PERDATA = "persekutuan_perdata", _("Civil partnership (Persekutuan Perdata)")
    YAYASAN = "yayasan", _("Foundation (Yayasan)")
    BUMN_BUMD = "bumn_bumd", _("State or regional enterprise (BUMN/BUMD)")
    OTHER = "other", _("Other")


class BusinessScale(models.TextChoices):
    """The business scale (skala usaha) per PP 7/2021 on UMKM (its criteria for micro, small and medium; a business
    above medium is large; the article was not verified here). Blank: not stated. For a tender's qualification,
    "kecil" is micro or small (and a koperasi), "non-kecil" medium or large (see `Company.qualifications`)."""

    MICRO = "micro", _("Micro (mikro)")
    SMALL = "small", _("Small (kecil)")
    MEDIUM = "medium", _("Medium (menengah)")
    LARGE = "large", _("Large (besar)")


# The tender qualification a scale gives: "small" (kualifikasi kecil) or "non_small" (non-kecil).
SMALL_SCALES = (BusinessScale.MICRO, BusinessScale.SMALL)
NON_SMALL_SCALES = (BusinessScale.MEDIUM, BusinessScale.LARGE)


class Company(models.Model):
    """A vendor (pelaku usaha) registered at the organisation's LPSE: its master data and account status."""

    class Status(models.TextChoices):
        REGISTERING = "registering", _("Registering")
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        DEACTIVATED = "deactivated", _("Deactivated")
        REFUSED = "refused", _("Not registered")

    # Fields a vendor may ask to change after approval (data change request); each change is kept in FieldChange.
    CHANGEABLE = (
        "name",
        "legal_form",
        "npwp",
        "nib",
        "kbli",
        "business_scale",
        "address",
        "province",
        "regency",
        "postal_code",
        "phone",
        "email",
        "admin_name",
        "admin_nik",
        "admin_position",
    )

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="companies")
    name = models.CharField(_("company name"), max_length=200)
    legal_form = models.CharField(_("legal form"), max_length=30, choices=LegalForm.choices)
    npwp = models.CharField(_("NPWP"), max_length=16)
    nib = models.CharField(_("NIB"), max_length=13, blank=True)
    kbli = models.JSONField(_("KBLI codes"), default=list, blank=True)
    # db_default: rows written outside the ORM (the benchmark generator's COPY) get "not stated".
    business_scale = models.CharField(
        _("business scale"), max_length=10, choices=BusinessScale.choices, blank=True, default="", db_default=""
    )
    address = models.TextField(_("address"))
    province = models.CharField(_("province"), max_length=2)
    regency = models.CharField(_("regency / city"), max_length=100)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    phone = models.CharField(_("phone"), max_length=20)
    email = models.EmailField(_("company e-mail"))
    admin_name = models.CharField(_("administrator's name"), max_length=200)
    admin_nik = models.CharField(_("administrator's NIK"), max_length=16)
    admin_position = models.CharField(_("administrator's position"), max_length=100)
    admin_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="companies_admin"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REGISTERING)
    status_reason = models.TextField(_("reason for the status"), blank=True)
    activated_at = models.DateTimeField(_("active since"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("vendor")
        verbose_name_plural = _("vendors")
        constraints = [
            # One registered company per NPWP and per NIB in an organisation; applications may duplicate (the
            # verifier sees it as a finding), an account may not.
            models.UniqueConstraint(
                fields=["organization", "npwp"],
                condition=Q(status__in=("active", "suspended")),
                name="company_one_account_per_npwp",
            ),
            models.UniqueConstraint(
                fields=["organization", "nib"],
                condition=Q(status__in=("active", "suspended")) & ~Q(nib=""),
                name="company_one_account_per_nib",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "npwp"], name="company_org_npwp"),
            models.Index(fields=["organization", "nib"], name="company_org_nib"),
            # The duplicate finding compares addresses whatever their case (registration.findings)
            models.Index("organization", Lower("email"), name="company_org_email_lower"),
            models.Index(fields=["organization", "admin_nik"], name="company_org_admin_nik"),
            models.Index(fields=["organization", "status", "name", "id"], name="company_org_status_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def qualifications(self) -> frozenset[str]:
        """The tender qualifications the company fits: "small" for a micro or small business or a cooperative
        (Perpres 16/2018 as amended by Perpres 12/2021, Pasal 65: usaha kecil dan/atau koperasi; not verified
        here), "non_small" for a medium or large one; none while the scale is not stated (a cooperative still fits
        "small")."""
        found = set()
        if self.business_scale in SMALL_SCALES or self.legal_form == LegalForm.KOPERASI:
            found.add("small")
        if self.business_scale in NON_SMALL_SCALES:
            found.add("non_small")
        return frozenset(found)
