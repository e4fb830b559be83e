"""The LPSE's own registration rules: expiry and retention, the two-person rule, the upload limit, the required
documents per kind of applicant, the verification appointments, and the staff's declared ties to companies (used by
`policies.conflicts`, Perwali Salatiga 41/2024 Pasal 6: separation of duties).

Each service runs in one transaction, checks permission itself (`policies.can_manage_settings`) and writes its audit
event; a refusal says precisely what is wrong.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from sopan.accounts.models import User
from sopan.accounts.policies import require
from sopan.core import audit
from sopan.vendors import policies
from sopan.vendors.models import (
    ApplicantKind,
    AppointmentSlot,
    Company,
    LegalForm,
    RequiredDocument,
    StaffRelation,
    VendorSettings,
)

SETTINGS_FIELDS = ("expiry_days", "retention", "two_person_rule", "max_upload_mb")
REQUIREMENT_FIELDS = ("label", "help_text", "legal_forms", "is_identity", "is_required", "position", "is_active")
MAX_EXPIRY_DAYS = 365
MAX_UPLOAD_MB = 20
MAX_SERIES_WEEKS = 26
MAX_SLOT_CAPACITY = 200


# --- VendorSettings ------------------------------------------------------------------------------------------------
@transaction.atomic
def vendor_settings_update(*, organization, by: User, **values) -> VendorSettings:
    """Change the organisation's registration rules (created with the defaults on first change)."""
    require(policies.can_manage_settings(by, organization))
    unknown = set(values) - set(SETTINGS_FIELDS)
    if unknown:
        raise TypeError(f"unknown settings: {sorted(unknown)}")
    errors = {}
    if "expiry_days" in values and not 1 <= int(values["expiry_days"]) <= MAX_EXPIRY_DAYS:
        errors["expiry_days"] = _("Between 1 and %(max)s days.") % {"max": MAX_EXPIRY_DAYS}
    if "max_upload_mb" in values and not 1 <= int(values["max_upload_mb"]) <= MAX_UPLOAD_MB:
        errors["max_upload_mb"] = _("Between 1 and %(max)s MB.") % {"max": MAX_UPLOAD_MB}
    if "retention" in values and values["retention"] not in VendorSettings.Retention.values:
        errors["retention"] = _("Choose whether expired registrations are kept or removed.")
    if errors:
        raise ValidationError(errors)
    row, _created = VendorSettings.objects.select_for_update().get_or_create(organization=organization)
    before = audit.snapshot(row, SETTINGS_FIELDS)
    for name, value in values.items():
        setattr(row, name, value)
    row.full_clean()
    row.save()
    changes = audit.changes_between(before, audit.snapshot(row, SETTINGS_FIELDS))
    if changes:
        audit.record(action="vendors.settings.updated", by=by, target=organization, changes=changes)
    return row


# --- Required documents ----------------------------------------------------------------------------------------------
def _clean_requirement(values: dict) -> dict:
    errors = {}
    cleaned = dict(values)
    if "label" in values:
        cleaned["label"] = (values["label"] or "").strip()
        if not cleaned["label"]:
            errors["label"] = _("Name the document as applicants know it, e.g. “KTP direktur”.")
    if "legal_forms" in values:
        forms = list(dict.fromkeys(values["legal_forms"] or []))
        wrong = [f for f in forms if f not in LegalForm.values]
        if wrong:
            errors["legal_forms"] = _("Unknown legal form: %(forms)s.") % {"forms": ", ".join(wrong)}
        cleaned["legal_forms"] = forms
    if "help_text" in values:
        cleaned["help_text"] = (values["help_text"] or "").strip()
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def required_document_create(
    *,
    organization,
    applicant_kind: str,
    label: str,
    code: str = "",
    help_text: str = "",
    legal_forms: Iterable[str] = (),
    is_identity: bool = False,
    is_required: bool = True,
    position: int | None = None,
    by: User,
) -> RequiredDocument:
    """Add a document to the list applicants of this kind must bring (for some legal forms, or all)."""
    require(policies.can_manage_settings(by, organization))
    if applicant_kind not in ApplicantKind.values:
        raise ValidationError({"applicant_kind": _("Choose whether vendors or non-vendor users bring it.")})
    values = _clean_requirement({"label": label, "help_text": help_text, "legal_forms": legal_forms})
    code = slugify(code or values["label"])[:40].strip("-")
    if not code:
        raise ValidationError({"code": _("Give a short code of letters and digits, e.g. “ktp”.")})
    existing = RequiredDocument.objects.filter(organization=organization, applicant_kind=applicant_kind, code=code)
    if existing.exists():
        raise ValidationError(
            {
                "code": _(
                    "The list already has a document with the code %(code)s; choose another code, or edit that one."
                )
                % {"code": code}
            }
        )
    if position is None:
        last = RequiredDocument.objects.filter(organization=organization, applicant_kind=applicant_kind)
        position = max((r.position for r in last), default=0) + 1
    requirement = RequiredDocument(
        organization=organization,
        applicant_kind=applicant_kind,
        code=code,
        is_identity=bool(is_identity),
        is_required=bool(is_required),
        position=position,
        **values,
    )
    requirement.full_clean()
    requirement.save()
    audit.record(
        action="vendors.required_document.created",
        by=by,
        target=requirement,
        changes=audit.snapshot(requirement, ("applicant_kind", "code", *REQUIREMENT_FIELDS)),
    )
    return requirement


@transaction.atomic
def required_document_update(*, requirement: RequiredDocument, by: User, **values) -> RequiredDocument:
    """Change a document of the list; `is_active=False` takes it out of use (uploads made for it stay)."""
    require(policies.can_manage_settings(by, requirement.organization))
    unknown = set(values) - set(REQUIREMENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    requirement = RequiredDocument.objects.select_for_update().get(pk=requirement.pk)
    values = _clean_requirement(values)
    before = audit.snapshot(requirement, REQUIREMENT_FIELDS)
    for name, value in values.items():
        setattr(requirement, name, value)
    requirement.full_clean()
    requirement.save()
    changes = audit.changes_between(before, audit.snapshot(requirement, REQUIREMENT_FIELDS))
    if changes:
        audit.record(action="vendors.required_document.updated", by=by, target=requirement, changes=changes)
    return requirement


# --- Appointment slots -----------------------------------------------------------------------------------------------
def _when(organization, moment: datetime.datetime) -> str:
    return date_format(timezone.localtime(moment, zoneinfo.ZoneInfo(organization.timezone)), "DATETIME_FORMAT")


def _check_slot(organization, *, starts_at, ends_at, capacity: int, mode: str, now) -> None:
    errors = {}
    if ends_at <= starts_at:
        errors["ends_at"] = _("The appointment must end after it starts.")
    if starts_at <= now:
        errors["starts_at"] = _("%(when)s is already past: appointments are made for the future.") % {
            "when": _when(organization, starts_at)
        }
    if capacity is None or capacity < 1:
        errors["capacity"] = _("An appointment needs at least one place.")
    elif capacity > MAX_SLOT_CAPACITY:
        errors["capacity"] = _("At most %(max)s places per appointment.") % {"max": MAX_SLOT_CAPACITY}
    if mode not in AppointmentSlot.Mode.values:
        errors["mode"] = _("Choose at the LPSE office or online.")
    if errors:
        raise ValidationError(errors)


def _slot_changes(slot: AppointmentSlot) -> dict:
    return {
        "starts_at": slot.starts_at.isoformat(),
        "ends_at": slot.ends_at.isoformat(),
        "capacity": slot.capacity,
        "mode": slot.mode,
        "location": slot.location,
    }


@transaction.atomic
def slot_create(
    *,
    organization,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    capacity: int,
    mode: str = AppointmentSlot.Mode.DESK,
    location: str = "",
    by: User,
) -> AppointmentSlot:
    """Open one verification appointment (at the desk, or an online session)."""
    require(policies.can_manage_settings(by, organization))
    _check_slot(organization, starts_at=starts_at, ends_at=ends_at, capacity=capacity, mode=mode, now=timezone.now())
    slot = AppointmentSlot.objects.create(
        organization=organization,
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        mode=mode,
        location=(location or "").strip()[:300],
    )
    audit.record(action="vendors.slot.created", by=by, target=slot, changes=_slot_changes(slot))
    return slot


@transaction.atomic
def slots_create_series(
    *,
    organization,
    first_day: datetime.date,
    weeks: int,
    weekdays: Iterable[int],
    start: datetime.time,
    duration_minutes: int,
    capacity: int,
    mode: str = AppointmentSlot.Mode.DESK,
    location: str = "",
    by: User,
) -> tuple[list[AppointmentSlot], int]:
    """Open the same appointment on some weekdays (0 = Monday) for `weeks` weeks from `first_day`, in the
    organisation's time zone. Appointments that already exist at the same time are left as they are. Returns the new
    slots and how many already existed."""
    require(policies.can_manage_settings(by, organization))
    weekdays = sorted({int(d) for d in weekdays})
    _check_series(weekdays=weekdays, weeks=weeks, duration_minutes=duration_minutes)
    now = timezone.now()
    wanted = _series_times(
        first_day=first_day,
        weeks=weeks,
        weekdays=weekdays,
        start=start,
        duration=datetime.timedelta(minutes=duration_minutes),
        zone=zoneinfo.ZoneInfo(organization.timezone),
    )
    if not wanted:
        raise ValidationError({"weekdays": _("None of the chosen weekdays falls within these weeks.")})
    # The first one is the earliest: if it is past, say which one rather than skipping it quietly.
    _check_slot(organization, starts_at=wanted[0][0], ends_at=wanted[0][1], capacity=capacity, mode=mode, now=now)
    location = (location or "").strip()[:300]
    created = _new_slots(organization, wanted, capacity=capacity, mode=mode, location=location)
    audit.record(
        action="vendors.slot.series_created",
        by=by,
        target=organization,
        changes={
            "first_day": first_day.isoformat(),
            "weeks": weeks,
            "weekdays": weekdays,
            "start": start.isoformat(),
            "duration_minutes": duration_minutes,
            "capacity": capacity,
            "mode": mode,
            "location": location,
            "created": len(created),
            "existing": len(wanted) - len(created),
        },
    )
    return created, len(wanted) - len(created)


def _new_slots(organization, wanted, *, capacity: int, mode: str, location: str) -> list[AppointmentSlot]:
    """The series' appointments, but those that already exist at the same time."""
    existing = set(
        AppointmentSlot.objects.filter(
            organization=organization, mode=mode, starts_at__gte=wanted[0][0], starts_at__lte=wanted[-1][0]
        ).values_list("starts_at", flat=True)
    )
    created = [
        AppointmentSlot(
            organization=organization,
            starts_at=starts_at,
            ends_at=ends_at,
            capacity=capacity,
            mode=mode,
            location=location,
        )
        for starts_at, ends_at in wanted
        if starts_at not in existing
    ]
    return AppointmentSlot.objects.bulk_create(created)


def _check_series(*, weekdays: list[int], weeks: int, duration_minutes: int | None) -> None:
    errors = {}
    if not weekdays or any(d < 0 or d > 6 for d in weekdays):
        errors["weekdays"] = _("Choose at least one day of the week.")
    if not 1 <= weeks <= MAX_SERIES_WEEKS:
        errors["weeks"] = _("Between 1 and %(max)s weeks.") % {"max": MAX_SERIES_WEEKS}
    if duration_minutes is None or duration_minutes < 1:
        errors["duration_minutes"] = _("The appointment must end after it starts: give a duration in minutes.")
    if errors:
        raise ValidationError(errors)


def _series_times(
    *, first_day, weeks, weekdays, start, duration, zone
) -> list[tuple[datetime.datetime, datetime.datetime]]:
    """(start, end) of each appointment of the series, in order."""
    wanted = []
    for offset in range(weeks * 7):
        day = first_day + datetime.timedelta(days=offset)
        if day.weekday() in weekdays:
            starts_at = datetime.datetime.combine(day, start, tzinfo=zone)
            wanted.append((starts_at, starts_at + duration))
    return wanted


@transaction.atomic
def slot_delete(*, slot: AppointmentSlot, by: User) -> None:
    """Remove an appointment nobody has booked (a booked one stays: its applicants were told to come then)."""
    require(policies.can_manage_settings(by, slot.organization))
    slot = AppointmentSlot.objects.select_for_update().get(pk=slot.pk)
    booked = slot.registrations.count()
    if booked:
        raise ValidationError(
            _(
                "%(count)s applicant(s) booked the appointment of %(when)s: it cannot be deleted. Lower its places "
                "to stop new bookings, or ask the applicants to choose another time."
            )
            % {"count": booked, "when": _when(slot.organization, slot.starts_at)},
            code="booked",
        )
    changes = _slot_changes(slot)
    audit.record(action="vendors.slot.deleted", by=by, target=slot, changes=changes)
    slot.delete()


# --- Staff ties to companies (separation of duties) ------------------------------------------------------------------
@transaction.atomic
def staff_relation_declare(*, user: User, company: Company, kind: str, note: str = "", by: User) -> StaffRelation:
    """Record that a staff member is the admin, an owner or a relative of a company's owner or admin: they may then
    neither receive nor verify its applications (`policies.conflicts`)."""
    organization = company.organization
    require(policies.can_declare_relation(by, organization))
    if user.pk != by.pk:
        require(policies.can_manage_settings(by, organization))
    if user.organization_id != organization.pk:
        raise ValidationError({"user": _("Only staff of this organisation can declare a tie to its vendors.")})
    if kind not in StaffRelation.Kind.values:
        raise ValidationError({"kind": _("Choose the kind of tie.")})
    if StaffRelation.objects.filter(user=user, company=company, kind=kind).exists():
        raise ValidationError(
            _("%(person)s already declared this tie to %(company)s.")
            % {"person": user.get_full_name(), "company": company.name},
            code="duplicate",
        )
    try:
        with transaction.atomic():
            relation = StaffRelation.objects.create(
                organization=organization,
                user=user,
                company=company,
                kind=kind,
                note=(note or "").strip()[:300],
                declared_by=by,
            )
    except IntegrityError as exc:  # declared at the same moment in another tab
        raise ValidationError(
            _("%(person)s already declared this tie to %(company)s.")
            % {"person": user.get_full_name(), "company": company.name},
            code="duplicate",
        ) from exc
    audit.record(
        action="vendors.staff_relation.declared",
        by=by,
        target=company,
        changes={"user": user.get_username(), "kind": kind, "note": relation.note},
    )
    return relation
