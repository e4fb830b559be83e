"""The rows of the declared registers (sopan.standards.registers): assets, capacity readings, the continuity plan and
its exercises. No foreign key a person picks in their forms: the register's form would offer other organisations'
rows."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    """A class of confidentiality, integrity or availability (annex 2.5.2 a: kerahasiaan, integritas, ketersediaan)."""

    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class Asset(models.Model):
    """An asset of the LPSE's service (Standar Pengelolaan Aset Layanan; annex 2.4 c 3: pengelolaan kapasitas aset)."""

    class Kind(models.TextChoices):
        HARDWARE = "hardware", _("Hardware")
        SOFTWARE = "software", _("Software")
        NETWORK = "network", _("Network")
        DATA = "data", _("Data")
        FACILITY = "facility", _("Facility")
        PEOPLE = "people", _("People")

    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    location = models.CharField(_("location"), max_length=200, blank=True)
    owner = models.CharField(_("owner"), max_length=200)
    confidentiality = models.CharField(_("confidentiality"), max_length=10, choices=Level.choices)
    integrity = models.CharField(_("integrity"), max_length=10, choices=Level.choices)
    availability = models.CharField(_("availability"), max_length=10, choices=Level.choices)
    notes = models.TextField(_("notes"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("asset")
        verbose_name_plural = _("assets")
        indexes = [models.Index(fields=["organization", "name", "id"])]

    def __str__(self) -> str:
        return self.name


class CapacityReading(models.Model):
    """A reading of a resource against its threshold (annex 2.6.4 a: pemeliharaan kinerja dan kapasitas)."""

    class Over(models.IntegerChoices):  # stored, so the list filters and shows it
        NO = 0, _("Within the threshold")
        YES = 1, _("Over the threshold")

    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT, related_name="+")
    resource = models.CharField(_("resource"), max_length=200, help_text=_("e.g. Storage of the SPSE server"))
    measured_on = models.DateField(_("measured on"))
    value = models.DecimalField(_("reading"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)])
    threshold = models.DecimalField(_("threshold"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)])
    unit = models.CharField(_("unit"), max_length=20, help_text=_("e.g. %, GB, Mbps"))
    over_threshold = models.PositiveSmallIntegerField(_("against the threshold"), choices=Over.choices, default=0)
    notes = models.TextField(_("notes"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("capacity reading")
        verbose_name_plural = _("capacity readings")
        indexes = [models.Index(fields=["organization", "measured_on", "id"])]

    def __str__(self) -> str:
        return f"{self.resource} ({self.measured_on:%Y-%m-%d})"

    def save(self, *args, **kwargs):
        if self.value is not None and self.threshold is not None:
            self.over_threshold = int(self.value > self.threshold)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "over_threshold"}
        super().save(*args, **kwargs)


class ContinuityPlan(models.Model):
    """The plan that keeps the service going (Standar Pengelolaan Kelangsungan Layanan)."""

    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    document_number = models.CharField(_("document number"), max_length=100, blank=True)
    approved_on = models.DateField(_("approved on"))
    review_on = models.DateField(_("next review"), null=True, blank=True)
    scope = models.TextField(_("scope"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("continuity plan")
        verbose_name_plural = _("continuity plans")
        indexes = [models.Index(fields=["organization", "approved_on", "id"])]

    def __str__(self) -> str:
        return self.title


class ContinuityExercise(models.Model):
    """An exercise of the continuity plan: when, what scenario, with what result."""

    class Result(models.TextChoices):
        PASSED = "passed", _("Passed")
        PARTIAL = "partial", _("Partly passed")
        FAILED = "failed", _("Failed")

    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("held on"))
    scenario = models.CharField(_("scenario"), max_length=300)
    result = models.CharField(_("result"), max_length=10, choices=Result.choices)
    findings = models.TextField(_("findings and follow-up"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("continuity exercise")
        verbose_name_plural = _("continuity exercises")
        indexes = [models.Index(fields=["organization", "held_on", "id"])]

    def __str__(self) -> str:
        return self.scenario
