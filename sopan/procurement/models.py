"""The procurement package (paket): one line of the agency's RUP (Rencana Umum Pengadaan, published in SiRUP), followed
from planning to handover (issue 17 §1). Stages follow Pagar Alam's SOPs Perencanaan Pengadaan, Persiapan Pengadaan,
Persiapan Pemilihan Penyedia and Proses Utama PBJ (seed 001)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
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
            # a PPK's or PA/KPA's list (their agency's packages, newest first) and the agency filter: keyset per agency
            models.Index(fields=["organization", "agency", "-id"], name="package_org_agency_keyset"),
            models.Index(fields=["organization", "-id"], name="package_org_keyset"),
            # the PPK filter's choices and the PPK filter (issue 17 §8: read from the index, not the packages)
            models.Index(fields=["organization", "commitment_officer"], name="package_org_ppk"),
            # the dashboard's cache key (selectors_dashboard.state_of): read from the index alone on PostgreSQL
            models.Index(
                fields=["organization", "fiscal_year"], include=["updated_at", "version"], name="package_org_state"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kd_rup} {self.name}"

    @property
    def pokja_members(self):
        """The users of the package's active Pokja Pemilihan (empty before the Kepala UKPBJ assigns one)."""
        from django.contrib.auth import get_user_model

        return get_user_model().objects.filter(
            pokja_memberships__assignment__package=self, pokja_memberships__assignment__is_active=True
        )

    @property
    def milestones(self) -> dict:
        """The dates the OCDS builder reads (`announced_on`, `awarded_on`, `contract_signed_on`, `handed_over_on`);
        a key is absent while its milestone is not recorded."""
        recorded = {m.kind: m.on for m in self.milestone_records.all()}
        return {key: recorded[kind] for kind, key in Milestone.OCDS_KEYS.items() if kind in recorded}

    def _milestone_value(self, *kinds):
        values = {m.kind: m.value for m in self.milestone_records.all() if m.value is not None}
        return next((values[k] for k in kinds if k in values), None)

    @property
    def award_value(self):
        """The value of the SPPBJ, else of the selection result (Berita Acara Hasil Pemilihan); None when unknown."""
        return self._milestone_value(Milestone.Kind.SPPBJ, Milestone.Kind.SELECTION_RESULT)

    @property
    def contract_value(self):
        return self._milestone_value(Milestone.Kind.CONTRACT)


# --- the stages (issue 17 §2): SOP Persiapan Pengadaan, Persiapan Pemilihan Penyedia, Proses Utama PBJ --------------
class PreparationDocument(models.Model):
    """One of the PPK's preparation documents (SOP Persiapan Pengadaan steps 3–9): its state only; the file itself is
    not kept here yet."""

    class Kind(models.TextChoices):
        SPECIFICATION = "specification", _("Technical specification / terms of reference (KAK)")
        HPS = "hps", _("Owner's estimate (HPS)")
        DRAFT_CONTRACT = "draft_contract", _("Draft contract")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        REVIEWED = "reviewed", _("Reviewed")
        APPROVED = "approved", _("Approved by the PA/KPA")

    package = models.ForeignKey(Package, on_delete=models.CASCADE, related_name="preparation_documents")
    kind = models.CharField(_("document"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    reference = models.CharField(_("document number"), max_length=100, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["package", "kind"], name="preparation_document_unique_kind")]

    def __str__(self) -> str:
        return f"{self.package_id}: {self.kind} ({self.status})"


class SelectionRequest(models.Model):
    """The PPK's request to start the selection (SOP Persiapan Pemilihan Penyedia step 2), with the items handed
    over."""

    class Item(models.TextChoices):
        PPK_DECREE = "ppk_decree", _("Decree appointing the PPK (SK Penetapan PPK)")
        PREPARATION_DOCUMENTS = "preparation_documents", _("Procurement preparation documents")
        BUDGET_DOCUMENT = "budget_document", _("Budget document (RKA-KL/Pemda)")
        RUP_ID = "rup_id", _("RUP package ID")
        USE_SCHEDULE = "use_schedule", _("Planned time of use of the goods/services")
        REQUEST_LETTER = "request_letter", _("Letter requesting the selection of a provider")

    package = models.OneToOneField(Package, on_delete=models.CASCADE, related_name="selection_request")
    items = models.JSONField(_("items provided"), default=list)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.package_id}: {len(self.items)} items"

    @property
    def missing(self) -> list[str]:
        return [item for item in self.Item.values if item not in self.items]


class PokjaAssignment(models.Model):
    """The Kepala UKPBJ's decree appointing the Pokja Pemilihan of a package (SOP Persiapan Pemilihan step 3)."""

    package = models.ForeignKey(Package, on_delete=models.CASCADE, related_name="pokja_assignments")
    decree_number = models.CharField(_("decree number"), max_length=100)
    decree_date = models.DateField(_("decree date"))
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["package"], condition=Q(is_active=True), name="pokja_assignment_one_active_per_package"
            )
        ]

    def __str__(self) -> str:
        return self.decree_number


class PokjaAssignmentMember(models.Model):
    assignment = models.ForeignKey(PokjaAssignment, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="pokja_memberships")
    declared_competence = models.BooleanField(_("declared competence"), default=False)
    competence_note = models.TextField(_("competence (as declared)"), blank=True)
    signed_integrity_pact = models.BooleanField(_("signed the integrity pact"), default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assignment", "user"], name="pokja_member_unique")]

    def __str__(self) -> str:
        return f"{self.assignment_id}: {self.user_id}"


def packages_of_pokja_member(user):
    """The packages whose active Pokja Pemilihan has `user` as a member (the pages' visibility for a Pokja member)."""
    if user is None or not user.is_authenticated:
        return Package.objects.none()
    return Package.objects.filter(
        pk__in=PokjaAssignmentMember.objects.filter(user=user, assignment__is_active=True).values(
            "assignment__package_id"
        )
    )


class Review(models.Model):
    """One round of the Pokja's review of the preparation documents (SOP Persiapan Pemilihan steps 4–5): returned to
    the PPK (then resubmitted, the next round) or complete."""

    class Outcome(models.TextChoices):
        COMPLETE = "complete", _("Complete")
        RETURNED = "returned", _("Returned to the PPK")

    package = models.ForeignKey(Package, on_delete=models.CASCADE, related_name="reviews")
    round = models.PositiveSmallIntegerField(_("round"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    findings = models.TextField(_("findings"), blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("reviewed"), auto_now_add=True)
    resubmitted_at = models.DateTimeField(_("resubmitted"), null=True, blank=True)

    class Meta:
        ordering = ["package", "round"]
        constraints = [models.UniqueConstraint(fields=["package", "round"], name="review_unique_round")]

    def __str__(self) -> str:
        return f"{self.package_id} #{self.round}: {self.outcome}"


class SelectionPlan(models.Model):
    """The methods (SOP Persiapan Pemilihan step 6) and the schedule (step 7) the Pokja decided."""

    class Qualification(models.TextChoices):
        PRE = "pre", _("Prequalification")
        POST = "post", _("Post-qualification")

    class Evaluation(models.TextChoices):
        """Perpres 16/2018 Pasal 39 ayat (1) (goods, works, other services) and Pasal 42 ayat (1) (consultancy)."""

        MERIT_POINT = "merit_point", _("Merit point system (sistem nilai)")
        LIFE_CYCLE_COST = "life_cycle_cost", _("Life-cycle cost")
        LOWEST_PRICE = "lowest_price", _("Lowest price")
        QUALITY_COST = "quality_cost", _("Quality and cost")
        QUALITY = "quality", _("Quality")
        FIXED_BUDGET = "fixed_budget", _("Fixed budget (pagu anggaran)")
        LEAST_COST = "least_cost", _("Least cost")

    class Submission(models.TextChoices):
        """Perpres 16/2018 Pasal 40 ayat (1): 1 file, 2 file or 2 tahap."""

        ONE_FILE = "one_file", _("One file")
        TWO_FILES = "two_files", _("Two files")
        TWO_STAGES = "two_stages", _("Two stages")

    package = models.OneToOneField(Package, on_delete=models.CASCADE, related_name="selection_plan")
    selection_method = models.CharField(_("selection method"), max_length=20, choices=Method.choices)
    qualification_method = models.CharField(_("qualification method"), max_length=10, choices=Qualification.choices)
    evaluation_method = models.CharField(_("evaluation method"), max_length=20, choices=Evaluation.choices)
    submission_method = models.CharField(_("bid submission method"), max_length=10, choices=Submission.choices)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("decided"), auto_now_add=True)
    announcement_on = models.DateField(_("announcement"), null=True, blank=True)
    bid_deadline_on = models.DateField(_("bid deadline"), null=True, blank=True)
    result_on = models.DateField(_("selection result"), null=True, blank=True)
    contract_on = models.DateField(_("contract signing"), null=True, blank=True)
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.package_id}: {self.selection_method}"

    @property
    def has_schedule(self) -> bool:
        return None not in (self.announcement_on, self.bid_deadline_on, self.result_on, self.contract_on)


class Milestone(models.Model):
    """A dated record of the main process (SOP Proses Utama PBJ steps 5–7), with its document number."""

    class Kind(models.TextChoices):
        ANNOUNCED = "announced", _("Announced in SPSE")
        SELECTION_RESULT = "selection_result", _("Selection result (Berita Acara Hasil Pemilihan)")
        SPPBJ = "sppbj", _("Letter of award (SPPBJ)")
        CONTRACT = "contract", _("Contract signed")
        HANDOVER = "handover", _("Handover (BAST)")

    # the OCDS builder's names (ocds/releases.py); the award is the SPPBJ
    OCDS_KEYS = {
        "announced": "announced_on",
        "sppbj": "awarded_on",
        "contract": "contract_signed_on",
        "handover": "handed_over_on",
    }

    package = models.ForeignKey(Package, on_delete=models.CASCADE, related_name="milestone_records")
    kind = models.CharField(_("milestone"), max_length=20, choices=Kind.choices)
    on = models.DateField(_("date"))
    reference = models.CharField(_("document number"), max_length=100, blank=True)
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=2, null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["package", "kind"], name="milestone_unique_kind"),
            models.CheckConstraint(condition=Q(value__isnull=True) | Q(value__gte=0), name="milestone_value_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.package_id}: {self.kind} {self.on}"


class OcdsPublisher(models.Model):
    """An organisation that publishes its packages as OCDS (issue 17 §7): the OCID prefix the Open Contracting
    Partnership issued to it. Without one, `export_ocds` asks for a prefix and the public endpoint answers 404."""

    organization = models.OneToOneField(
        "accounts.Organization", on_delete=models.CASCADE, related_name="ocds_publisher"
    )
    ocid_prefix = models.CharField(
        _("OCID prefix"),
        max_length=11,
        validators=[
            RegexValidator(r"^ocds-[a-z0-9]{6}$", _('An OCID prefix is "ocds-" and six lowercase letters or digits.'))
        ],
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("OCDS publisher")
        verbose_name_plural = _("OCDS publishers")

    def __str__(self) -> str:
        return f"{self.organization}: {self.ocid_prefix}"


class PackageLetter(models.Model):
    """A numbered letter of a package as issued (issue 17 §5): its number and date are drawn on the first print and
    kept, so a reprint is the same letter with the same number, and the number series has no gap."""

    class Kind(models.TextChoices):
        REQUEST = "request", _("Request for the selection of a provider (Surat Permohonan)")
        REVIEW = "review", _("Review report (Berita Acara Hasil Reviu)")
        ASSISTANCE = "assistance", _("Assistance assignment (Surat Tugas Pendampingan)")
        AVAILABILITY = "availability", _("Availability analysis report (Laporan Hasil Analisa Ketersediaan)")

    package = models.ForeignKey(Package, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # Which letter of its kind: the review round, the Jabfung assigned; empty for the request.
    key = models.CharField(max_length=40, blank=True)
    number = models.CharField(_("number"), max_length=100)
    value = models.PositiveIntegerField()
    dated_on = models.DateField(_("date"))
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)

    class Meta:
        verbose_name = _("package letter")
        verbose_name_plural = _("package letters")
        constraints = [models.UniqueConstraint(fields=["package", "kind", "key"], name="package_letter_once")]

    def __str__(self) -> str:
        return self.number


# The availability analysis (issue 17 §4) and the assistance of a package by a Jabfung PPBJ (issue 17 §2, planning
# and preparation) live in their own modules; imported here so Django finds their models.
from sopan.procurement.models_assistance import Assistance, AssistanceReport  # noqa: E402, F401
from sopan.procurement.models_availability import AvailabilityAnalysis, AvailabilityShortlistEntry  # noqa: E402, F401
