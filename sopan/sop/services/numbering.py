"""Writes of the organisation's SOP numbering scheme, and giving an SOP its number from it (numbering.py)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sopan.accounts.policies import require
from sopan.core import audit
from sopan.sop import numbering, policies
from sopan.sop.models import SopNumbering, SopVersion

MAX_TRIES = 10_000


def scheme_for(organization) -> SopNumbering:
    """The organisation's scheme, or the default one (not saved) when its administrators have set none."""
    found = SopNumbering.objects.filter(organization=organization).first()
    return found or SopNumbering(
        organization=organization,
        pattern=numbering.DEFAULT_PATTERN,
        unit_code=numbering.DEFAULT_UNIT_CODE,
        organization_code=numbering.default_organization_code(organization),
    )


def preview(scheme: SopNumbering, *, sequence: int | None = None) -> str:
    return numbering.format_number(
        scheme.pattern,
        sequence=sequence or scheme.next_sequence,
        unit=scheme.unit_code,
        org=scheme.organization_code,
        year=timezone.localdate().year,
    )


@transaction.atomic
def numbering_update(
    *, organization, pattern: str, unit_code: str, organization_code: str, next_sequence: int, by
) -> SopNumbering:
    """Set the organisation's numbering scheme (its SOP administrators). Numbers already given stay as they are."""
    if by is not None:
        require(policies.can_manage_sops(by, organization))
    pattern = pattern.strip()
    errors: dict[str, list[str]] = {}
    if problems := numbering.pattern_problems(pattern):
        errors["pattern"] = problems
    for name, value in (("unit_code", unit_code), ("organization_code", organization_code)):
        if problems := numbering.code_problems(value.strip()):
            errors[name] = problems
    for name, placeholder, value in (
        ("unit_code", "{unit}", unit_code),
        ("organization_code", "{org}", organization_code),
    ):
        if placeholder in pattern and not value.strip():
            errors.setdefault(name, []).append(
                _("The pattern uses %(placeholder)s: write the code it stands for.") % {"placeholder": placeholder}
            )
    if not 1 <= next_sequence <= 999_999:
        errors["next_sequence"] = [_("A whole number from 1 to 999999.")]
    if errors:
        raise ValidationError(errors)
    scheme = SopNumbering.objects.select_for_update().filter(organization=organization).first()
    before = {}
    if scheme is None:
        scheme = SopNumbering(organization=organization)
    else:
        before = {"pattern": scheme.pattern, "next_sequence": scheme.next_sequence}
    scheme.pattern = pattern
    scheme.unit_code = unit_code.strip()
    scheme.organization_code = organization_code.strip()
    scheme.next_sequence = next_sequence
    scheme.save()
    audit.record(
        action="sop.numbering.updated",
        by=by,
        target=scheme,
        changes={"before": before, "pattern": pattern, "next_sequence": next_sequence},
    )
    return scheme


def number_assign(organization_id: int) -> str:
    """The next number of the organisation's scheme, skipping any its SOPs already hold; the sequence moves on.
    Called inside the transaction that stores the number (the scheme's row is locked until it commits)."""
    scheme = SopNumbering.objects.select_for_update().filter(organization_id=organization_id).first()
    if scheme is None:
        from sopan.accounts.models import Organization

        default = scheme_for(Organization.objects.get(pk=organization_id))
        SopNumbering.objects.get_or_create(
            organization_id=organization_id,
            defaults={
                "pattern": default.pattern,
                "unit_code": default.unit_code,
                "organization_code": default.organization_code,
            },
        )
        scheme = SopNumbering.objects.select_for_update().get(organization_id=organization_id)
    used = set(
        SopVersion.objects.filter(organization_id=organization_id).exclude(number="").values_list("number", flat=True)
    )
    sequence = scheme.next_sequence
    for _try in range(MAX_TRIES):
        number = preview(scheme, sequence=sequence)
        sequence += 1
        if number not in used:
            break
    scheme.next_sequence = sequence
    scheme.save(update_fields=["next_sequence", "updated_at"])
    return number
