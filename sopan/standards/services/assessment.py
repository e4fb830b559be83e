"""The self-assessment of a standard: one per organisation, standard and year, saved again as often as needed on the
version the person saw. The evidence shown while assessing (the installed modules' answers to "standard_evidence")
is kept with it, as it was then."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sopan.accounts.policies import require
from sopan.core import audit
from sopan.core.workflow import check_version
from sopan.standards import policies
from sopan.standards.catalogue import TITLES
from sopan.standards.models import Assessment
from sopan.standards.selectors import live_evidence

FIELDS = ("level", "notes", "evidence_notes")


@transaction.atomic
def assessment_save(
    *, organization, standard: str, year: int, level: int, notes: str, evidence_notes: str = "", by, seen_version=None
) -> Assessment:
    require(policies.can(policies.ASSESS, by, organization) and by.organization_id == organization.pk)
    if standard not in TITLES:
        raise ValidationError({"standard": _("Choose one of LKPP's standards.")})
    if not notes.strip():
        raise ValidationError({"notes": _("Write what the level rests on.")})
    evidence = [
        {"label": str(item.label), "value": item.value, "url": item.url}
        for item in live_evidence(organization).get(standard, [])
    ]
    row = Assessment.objects.select_for_update().filter(organization=organization, standard=standard, year=year).first()
    if row is None:
        row = Assessment(organization=organization, standard=standard, year=year, assessed_by=by)
        before, action = {}, "standards.assessment.created"
    else:
        check_version(row, seen_version, required=True)
        before, action = audit.snapshot(row, FIELDS), "standards.assessment.updated"
        row.version += 1
    row.level, row.notes, row.evidence_notes = level, notes.strip(), evidence_notes.strip()
    row.evidence, row.assessed_by, row.assessed_at = evidence, by, timezone.now()
    row.full_clean(exclude=["organization", "assessed_by"])
    row.save()
    changes = audit.changes_between(before, audit.snapshot(row, FIELDS))
    audit.record(action=action, by=by, target=row, changes={**changes, "evidence_items": len(evidence)})
    return row
