"""The default helpdesk rules of a new organisation: the Tabel Prioritas Penyelesaian Permasalahan.

Perwali Salatiga 41/2024 Pasal 9 ayat 2: every report is followed up within 1 working day, so no priority's response
target exceeds one working day (the settings service refuses a longer one). The resolution targets grow with the
priority's rank. The labels are the organisation's data (printed in its documents), hence Indonesian.
"""

from __future__ import annotations

from django.db import transaction

from sopan.helpdesk.models import HelpdeskSettings, Level, PriorityLevel, PriorityRule, TargetUnit

H, D = TargetUnit.HOURS, TargetUnit.DAYS
# code, label, rank, response (amount, unit), resolution (amount, unit)
PRIORITIES = (
    ("kritis", "Kritis", 1, (1, H), (1, D)),
    ("tinggi", "Tinggi", 2, (2, H), (2, D)),
    ("sedang", "Sedang", 3, (4, H), (3, D)),
    ("rendah", "Rendah", 4, (1, D), (5, D)),
)
# (urgency, impact) -> priority code
MATRIX = {
    (Level.HIGH, Level.HIGH): "kritis",
    (Level.HIGH, Level.MEDIUM): "tinggi",
    (Level.MEDIUM, Level.HIGH): "tinggi",
    (Level.HIGH, Level.LOW): "sedang",
    (Level.MEDIUM, Level.MEDIUM): "sedang",
    (Level.LOW, Level.HIGH): "sedang",
    (Level.MEDIUM, Level.LOW): "rendah",
    (Level.LOW, Level.MEDIUM): "rendah",
    (Level.LOW, Level.LOW): "rendah",
}


@transaction.atomic
def ensure_priority_table(organization) -> None:
    """Create the default table where the organisation has none (idempotent; an edited table is kept)."""
    if PriorityLevel.objects.filter(organization=organization).exists():
        return
    levels = {}
    for code, label, rank, (r_amount, r_unit), (s_amount, s_unit) in PRIORITIES:
        levels[code] = PriorityLevel.objects.create(
            organization=organization,
            code=code,
            label=label,
            rank=rank,
            response_amount=r_amount,
            response_unit=r_unit,
            resolution_amount=s_amount,
            resolution_unit=s_unit,
        )
    PriorityRule.objects.bulk_create(
        PriorityRule(organization=organization, urgency=u, impact=i, priority=levels[code])
        for (u, i), code in MATRIX.items()
    )


def settings_for(organization) -> HelpdeskSettings:
    """The organisation's settings row, or the defaults (unsaved) when it has none."""
    found = HelpdeskSettings.objects.filter(organization=organization).first()
    return found or HelpdeskSettings(organization=organization)
