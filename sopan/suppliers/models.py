"""Service suppliers (Pendukung Layanan: internet, hosting, maintenance…), issue 20 §1, after Salatiga's SOP
Pengelolaan Pendukung Layanan (000_729748c6379285cf.txt, 2020), whose three procedures this module runs:

- `Supplier`: a row of the supplier register (sopan.core.registers, registers.SUPPLIERS);
- `Contract`: one of a supplier's contracts, with its term, its value in Rupiah and its documents (`ContractDocument`:
  KAK, contract, NDA) — registering it runs "Prosedur Pengelolaan Pendukung Layanan" steps 1–4; `ExpiryAlert` says
  which of the 90/30/7-day alerts went out (once each);
- `Evaluation`: a run of "Prosedur Pemantauan Kinerja Pendukung Layanan" on a contract, with its `EvaluationRound`s
  (the Lembar Evaluasi: criteria scored, notes, recommendation). A request to evaluate again (step 4 → step 2) opens
  a new round on the same evaluation;
- `Proposal`: an Usulan Pengadaan ("Prosedur Usulan Pengadaan" steps 1–8), opened when an evaluation says replace, or
  on its own; when approved it can become a procurement package.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Supplier(models.Model):
    class Service(models.TextChoices):
        INTERNET = "internet", _("Internet")
        HOSTING = "hosting", _("Hosting / data centre")
        MAINTENANCE = "maintenance", _("Maintenance")
        SOFTWARE = "software", _("Software licence")
        OTHER = "other", _("Other")

    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    service = models.CharField(_("service"), max_length=20, choices=Service.choices)
    contact_person = models.CharField(_("contact person"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.TextField(_("address"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("service supplier")
        verbose_name_plural = _("service suppliers")
        indexes = [models.Index(fields=["organization", "name", "id"], name="suppliers_supplier_org_name")]

    def __str__(self) -> str:
        return self.name


class Contract(models.Model):
    class Outcome(models.TextChoices):
        NONE = "", _("Not evaluated yet")
        EXTEND = "extend", _("Extend")
        REPLACE = "replace", _("Replace")

    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT, related_name="+")
    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="contracts")
    number = models.CharField(_("contract number"), max_length=100)
    title = models.CharField(_("service provided"), max_length=300)
    starts_on = models.DateField(_("start of the term"))
    ends_on = models.DateField(_("end of the term"))
    value = models.DecimalField(_("value (Rupiah)"), max_digits=18, decimal_places=2)
    outcome = models.CharField(_("evaluation outcome"), max_length=10, choices=Outcome.choices, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="suppliers_contract_term"),
            models.CheckConstraint(condition=Q(value__gte=0), name="suppliers_contract_value"),
        ]
        indexes = [models.Index(fields=["organization", "ends_on", "id"], name="suppliers_contract_org_end")]

    def __str__(self) -> str:
        return f"{self.number} — {self.title}"


class ContractDocument(models.Model):
    """A document of the contract (SOP Pengelolaan step 4: "KAK, Kontrak, NDA, dsb"), checked by its content and
    stored when the transaction commits."""

    class Kind(models.TextChoices):
        KAK = "kak", _("Terms of reference (KAK)")
        CONTRACT = "contract", _("Contract")
        NDA = "nda", _("Non-disclosure agreement (NDA)")
        OTHER = "other", _("Other document")

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to="suppliers/contracts/%Y/", max_length=300)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("contract document")
        verbose_name_plural = _("contract documents")
        ordering = ["kind", "id"]

    def __str__(self) -> str:
        return self.name


class ExpiryAlert(models.Model):
    """One alert sent before a contract's end (90, 30 or 7 days): its row makes the alert go out once."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="alerts")
    days = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["contract", "days"], name="suppliers_alert_once")]

    def __str__(self) -> str:
        return f"{self.contract_id}: {self.days}"


class Evaluation(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Being evaluated")
        SUBMITTED = "submitted", _("Submitted to the Kepala LPSE")
        APPROVED = "approved", _("Approved by the Kepala LPSE")
        DOCUMENTED = "documented", _("Documented")

    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT, related_name="+")
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="evaluations")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Contract.Outcome.choices, blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("approved"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("supplier evaluation")
        verbose_name_plural = _("supplier evaluations")
        constraints = [
            models.UniqueConstraint(
                fields=["contract"], condition=Q(status__in=["draft", "submitted"]), name="suppliers_one_open_eval"
            )
        ]
        indexes = [models.Index(fields=["organization", "-id"], name="suppliers_eval_org_keyset")]

    def __str__(self) -> str:
        return f"{self.contract.supplier} ({self.started_at:%Y-%m-%d})" if self.started_at else str(self.pk)


class EvaluationRound(models.Model):
    """One Lembar Evaluasi Pendukung Layanan (SOP Pemantauan step 2); a new round after "evaluate again" (step 4)."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("round"))
    scores = models.JSONField(_("scores"), default=dict)  # criteria.CRITERIA key -> 1..5
    notes = models.TextField(_("notes"), blank=True)
    recommendation = models.CharField(_("recommendation"), max_length=10, choices=Contract.Outcome.choices, blank=True)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    return_note = models.TextField(_("reason to evaluate again"), blank=True)

    class Meta:
        ordering = ["evaluation", "number"]
        constraints = [models.UniqueConstraint(fields=["evaluation", "number"], name="suppliers_round_unique")]

    def __str__(self) -> str:
        return f"{self.evaluation_id}/{self.number}"


class Proposal(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Needs submitted")
        EXISTING = "existing", _("Met by what exists")
        KAK_DRAFTING = "kak_drafting", _("KAK being drafted")
        KAK_REVIEW = "kak_review", _("KAK under review")
        READY = "ready", _("KAK reviewed")
        PROPOSED = "proposed", _("Proposed")
        APPROVED = "approved", _("Approved")

    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT, related_name="+")
    evaluation = models.ForeignKey(
        Evaluation, null=True, blank=True, on_delete=models.PROTECT, related_name="proposals"
    )
    title = models.CharField(_("title"), max_length=300)
    needs = models.TextField(_("needs description (user requirements)"))
    asset_check = models.TextField(_("check of existing assets"), blank=True)
    budget = models.DecimalField(_("budget (Rupiah)"), max_digits=18, decimal_places=2, null=True, blank=True)
    budget_approved = models.BooleanField(_("budget approved"), default=False)
    kak = models.TextField(_("terms of reference (KAK)"), blank=True)
    kak_review = models.TextField(_("KAK review"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    package = models.ForeignKey(
        "procurement.Package", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("procurement proposal")
        verbose_name_plural = _("procurement proposals")
        constraints = [
            models.CheckConstraint(condition=Q(budget__isnull=True) | Q(budget__gte=0), name="suppliers_budget"),
        ]
        indexes = [models.Index(fields=["organization", "-id"], name="suppliers_proposal_org_keyset")]

    def __str__(self) -> str:
        return self.title
