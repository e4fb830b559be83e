"""Risk criteria as data, per organisation (SOP Pengelolaan Risiko, Peralatan: "Kriteria dampak dan probabilitas";
step 3 "Risk tolerance"): the likelihood and impact scales with their labels, the appetite and the tolerance (as a
score, likelihood × impact), and the levels with their colours. An organisation may keep several sets: the UKPBJ's
procurement risks and the LPSE's service-risk scheme are two. The coordinator edits them (services/criteria.py).

A risk keeps its ratings as likelihood and impact; its score is their product and its level (and whether it is within
tolerance) is always read from its criteria as they are now. So changing the levels, the appetite or the tolerance
re-reads every risk at once; a scale may not shrink below a value a risk is rated with (the edit is refused, naming
how many risks use it)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy


@dataclass(frozen=True)
class Level:
    key: str
    label: str
    minimum: int  # the lowest score of the level (likelihood × impact), inclusive
    colour: str  # "#rrggbb"


class Criteria(models.Model):
    class Scheme(models.TextChoices):
        PROCUREMENT = "procurement", _lazy("Procurement risks (UKPBJ)")
        SERVICE = "service", _lazy("LPSE service risks")

    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE, related_name="+")
    scheme = models.CharField(_lazy("scheme"), max_length=20, choices=Scheme.choices)
    name = models.CharField(_lazy("name"), max_length=200)
    likelihood_labels = models.JSONField(_lazy("likelihood scale"))  # ["Hampir tidak terjadi", …], index 0 = 1
    impact_labels = models.JSONField(_lazy("impact scale"))
    appetite = models.PositiveSmallIntegerField(_lazy("risk appetite (score)"))
    tolerance = models.PositiveSmallIntegerField(_lazy("risk tolerance (score)"))
    levels = models.JSONField(_lazy("levels"))  # [{"key", "label", "minimum", "colour"}], ascending by minimum
    source = models.CharField(_lazy("source"), max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _lazy("risk criteria")
        verbose_name_plural = _lazy("risk criteria")
        constraints = [models.UniqueConstraint(fields=["organization", "scheme"], name="risks_one_criteria_per_scheme")]

    def __str__(self) -> str:
        return self.name

    @property
    def likelihood_max(self) -> int:
        return len(self.likelihood_labels)

    @property
    def impact_max(self) -> int:
        return len(self.impact_labels)

    def level_list(self) -> list[Level]:
        return sorted((Level(**item) for item in self.levels), key=lambda level: level.minimum)

    def level_of(self, score: int | None) -> Level | None:
        if not score:
            return None
        found = None
        for level in self.level_list():
            if score >= level.minimum:
                found = level
        return found

    def check_rating(self, likelihood, impact, *, field: str) -> None:
        """Refuse a rating outside the scales (ValidationError on `field`), naming the allowed range."""
        problems = []
        if likelihood is None or not 1 <= int(likelihood) <= self.likelihood_max:
            problems.append(
                _("The likelihood must be between 1 and %(max)s on the criteria “%(criteria)s”.")
                % {"max": self.likelihood_max, "criteria": self.name}
            )
        if impact is None or not 1 <= int(impact) <= self.impact_max:
            problems.append(
                _("The impact must be between 1 and %(max)s on the criteria “%(criteria)s”.")
                % {"max": self.impact_max, "criteria": self.name}
            )
        if problems:
            raise ValidationError({field: problems})

    def within_tolerance(self, score: int | None) -> bool:
        return score is not None and score <= self.tolerance
