"""The self-assessment of one LKPP standard by one organisation for one year: a level, notes, and the evidence it
rested on (the live evidence of the registers and of Sopan's own data, kept as it was when assessed)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sopan.standards.catalogue import CHOICES

# UNVERIFIED: the 0–5 scale of fulfilment levels; LKPP's own self-assessment scale was not at hand.
MAX_LEVEL = 5


class Assessment(models.Model):
    class Level(models.IntegerChoices):
        NONE = 0, _("0 – not in place")
        INITIAL = 1, _("1 – initial")
        REPEATABLE = 2, _("2 – repeatable")
        DEFINED = 3, _("3 – defined")
        MANAGED = 4, _("4 – managed")
        OPTIMISED = 5, _("5 – optimised")

    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT, related_name="+")
    standard = models.CharField(_("standard"), max_length=40, choices=CHOICES)
    year = models.PositiveSmallIntegerField(_("year"))
    level = models.PositiveSmallIntegerField(
        _("level"), choices=Level.choices, validators=[MinValueValidator(0), MaxValueValidator(MAX_LEVEL)]
    )
    notes = models.TextField(_("notes"))
    evidence = models.JSONField(_("evidence"), default=list, blank=True)  # [{"label", "value", "url"}]
    evidence_notes = models.TextField(_("other evidence"), blank=True)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assessed_at = models.DateTimeField(_("assessed at"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        constraints = [
            models.UniqueConstraint(fields=["organization", "standard", "year"], name="assessment_one_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.get_standard_display()} {self.year}"
