"""Vendor performance's measure for the unit's performance indicators (sopan.core.measures): the assessments of
providers done in the period (SOP Pencatatan Kinerja Penyedia steps 3–5), by their local date `assessed_on`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sopan.core.measures import HIGHER, Measure
from sopan.performance.models import Assessment


def assessments_done(organization, start, end) -> int:
    return Assessment.objects.filter(organization=organization, assessed_on__gte=start, assessed_on__lte=end).count()


def measures() -> list[Measure]:
    return [Measure("performance.assessments_done", _("Vendor assessments done"), _("assessments"), HIGHER,
                    assessments_done)]  # fmt: skip
