"""Data change requests (issue 4 §3): after approval a vendor's data changes only through a request that a verifier
approves; every changed field is kept in the company's history (`FieldChange`).

The request records each field as `[old, new]`. A verifier who approves it applies the new values only if the
company still holds the old ones (else the vendor is asked to submit it again), never to their own company or one
they declared a tie to (separation of duties, as for registrations).
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sopan.accounts.models import User
from sopan.accounts.policies import require
from sopan.core import audit
from sopan.core.files import attach_on_commit
from sopan.core.uploads import check_upload
from sopan.core.workflow import stale_error
from sopan.vendors import identifiers, policies, regions, tasks
from sopan.vendors.accounts.workflows import CHANGE_REQUEST_FLOW
from sopan.vendors.models import BusinessScale, ChangeRequest, Company, FieldChange, LegalForm, StaffRelation
from sopan.vendors.selectors import settings_for

MB = 1024 * 1024
# Changes of these fields are checked against a document: the request must carry one (a new deed, the NPWP card, the
# NIB print-out, the new administrator's appointment letter).
DOCUMENTED = ("name", "legal_form", "npwp", "nib", "admin_name", "admin_nik")
# Kept masked in the audit trail: the administrator's NIK is personal data (UU 27/2022).
PERSONAL = ("admin_nik",)
_POSTAL_CODE = re.compile(r"^\d{5}$")


def _label(field: str) -> str:
    return str(Company._meta.get_field(field).verbose_name)


def _text(field: str, value) -> str:
    text = " ".join(str(value or "").split()) if field != "address" else str(value or "").strip()
    if not text:
        raise ValidationError(_("The %(field)s cannot be empty.") % {"field": _label(field)}, code="required")
    limit = Company._meta.get_field(field).max_length
    if limit and len(text) > limit:
        raise ValidationError(
            _("The %(field)s may have at most %(limit)s characters; this has %(count)s.")
            % {"field": _label(field), "limit": limit, "count": len(text)},
            code="too_long",
        )
    return text


def _kbli(value) -> list[str]:
    if isinstance(value, list | tuple):
        value = " ".join(str(v) for v in value)
    return identifiers.parse_kbli_list(value)


def _email(value) -> str:
    email = str(value or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ValidationError(_("Enter a valid e-mail address, for example kantor@perusahaan.co.id.")) from exc
    return email


def _province(value) -> str:
    code = str(value or "").strip()
    if regions.province_name(code) is None:
        raise ValidationError(_("Choose a province from the list."), code="province")
    return code


def _legal_form(value) -> str:
    if value not in LegalForm.values:
        raise ValidationError(_("Choose a legal form from the list."), code="legal_form")
    return value


def _business_scale(value) -> str:
    if value not in ("", *BusinessScale.values):
        raise ValidationError(_("Choose a business scale from the list."), code="business_scale")
    return value


def _postal_code(value) -> str:
    code = str(value or "").strip()
    if code and not _POSTAL_CODE.match(code):
        raise ValidationError(_("A postal code has 5 digits."), code="postal_code")
    return code


def _nib(value) -> str:
    return identifiers.validate_nib(value) if str(value or "").strip() else ""


# How each changeable field is checked and normalised: the same rules as at registration.
CLEAN = {
    "name": lambda v: _text("name", v),
    "legal_form": _legal_form,
    "npwp": identifiers.validate_npwp,
    "nib": _nib,
    "kbli": _kbli,
    "business_scale": _business_scale,
    "address": lambda v: _text("address", v),
    "province": _province,
    "regency": lambda v: _text("regency", v),
    "postal_code": _postal_code,
    "phone": identifiers.validate_phone,
    "email": _email,
    "admin_name": lambda v: _text("admin_name", v),
    "admin_nik": identifiers.validate_nik,
    "admin_position": lambda v: _text("admin_position", v),
}
assert set(CLEAN) == set(Company.CHANGEABLE), "every changeable field needs its check"


def _masked(changes: dict) -> dict:
    return {
        field: [identifiers.mask_nik(v) if v else v for v in pair] if field in PERSONAL else pair
        for field, pair in changes.items()
    }


def change_conflicts(user, company: Company) -> list[str]:
    """Why this person may not verify a change of this company's data (separation of duties), or an empty list."""
    found = []
    if company.admin_user_id == user.pk:
        found.append(_("You cannot verify a change of your own company's data."))
    for relation in StaffRelation.objects.filter(user=user, company=company):
        found.append(
            _("You declared a tie to this company (%(tie)s): another verifier must verify the change.")
            % {"tie": relation.get_kind_display()}
        )
    return found


def _lock(change_request: ChangeRequest) -> ChangeRequest:
    """The request and its company, both locked (always in this order)."""
    change_request = ChangeRequest.objects.select_for_update().get(pk=change_request.pk)
    change_request.company = Company.objects.select_for_update().get(pk=change_request.company_id)
    return change_request


def _mail(change_request: ChangeRequest, template: str) -> None:
    transaction.on_commit(
        lambda: tasks.send_company_mail.enqueue(
            company_id=change_request.company_id, template=template, request_id=change_request.pk
        )
    )


# --- the vendor -----------------------------------------------------------------------------------------------------
@transaction.atomic
def change_request_submit(*, company: Company, changes: dict, reason: str, evidence=None, by: User) -> ChangeRequest:
    """The company's administrator asks for its data to change; nothing changes until a verifier approves."""
    company = Company.objects.select_for_update().select_related("organization").get(pk=company.pk)
    require(policies.can_request_change(by, company))
    reason = (reason or "").strip()
    recorded = _recorded_changes(company, changes, reason=reason)
    checked = _checked_evidence(company, evidence, recorded=recorded)
    change_request = ChangeRequest(
        organization=company.organization,
        company=company,
        changes=recorded,
        reason=reason,
        evidence_sha256=checked.sha256 if checked else "",
        submitted_at=timezone.now(),
        submitted_by=by,
    )
    if checked:
        attach_on_commit(change_request, "evidence", checked.name, checked.content)
    try:
        with transaction.atomic():
            change_request.save()
    except IntegrityError as exc:
        raise ValidationError(
            _("A change request is already waiting for verification: withdraw it first to make another."),
            code="open_request",
        ) from exc
    audit.record(
        action="vendors.change_request.submitted",
        by=by,
        target=change_request,
        changes={"status": [None, ChangeRequest.Status.SUBMITTED], "fields": _masked(recorded)},
    )
    return change_request


def _recorded_changes(company: Company, changes: dict | None, *, reason: str) -> dict[str, list]:
    """{field: [old, new]} of the fields the request really changes, each value cleaned (every problem at once)."""
    errors: dict[str, list[str]] = {}
    recorded: dict[str, list] = {}
    for field, value in (changes or {}).items():
        if field not in Company.CHANGEABLE:
            errors.setdefault("__all__", []).append(
                _("“%(field)s” cannot be changed through a request.") % {"field": field}
            )
            continue
        try:
            new = CLEAN[field](value)
        except ValidationError as exc:
            errors[field] = exc.messages
            continue
        old = getattr(company, field)
        if new != old:
            recorded[field] = [old, new]
    if not reason:
        errors["reason"] = [_("Say why the data changes (for example: a new deed, a move to a new address).")]
    if errors:
        raise ValidationError(errors)
    if not recorded:
        raise ValidationError(_("Nothing would change."), code="no_change")
    return recorded


def _checked_evidence(company: Company, evidence, *, recorded: dict[str, list]):
    """The checked upload, or None; required when a documented field (deed, card …) changes."""
    if evidence is not None:
        try:
            return check_upload(evidence, max_bytes=settings_for(company.organization).max_upload_mb * MB)
        except ValidationError as exc:
            raise ValidationError({"evidence": exc.messages}) from exc
    if documented := [f for f in DOCUMENTED if f in recorded]:
        raise ValidationError(
            {
                "evidence": _("Attach the document that shows the new %(fields)s (for example the deed or the card).")
                % {"fields": ", ".join(_label(f) for f in documented)}
            }
        )
    return None


@transaction.atomic
def change_request_withdraw(*, change_request: ChangeRequest, by: User) -> ChangeRequest:
    """The vendor takes the request back before it is decided."""
    change_request = _lock(change_request)
    require(change_request.company.admin_user_id == by.pk)
    return CHANGE_REQUEST_FLOW.apply(change_request, "withdrawn", by=by)


# --- the verifier ---------------------------------------------------------------------------------------------------
def _check_verifier(change_request: ChangeRequest, by: User) -> None:
    require(policies.can_verify(by, change_request))
    problems = change_conflicts(by, change_request.company)
    if problems:
        raise ValidationError(problems, code="conflict")


@transaction.atomic
def change_request_approve(*, change_request: ChangeRequest, note: str = "", by: User) -> ChangeRequest:
    """Apply the requested values to the company, keep each field's change in its history and tell the vendor."""
    change_request = _lock(change_request)
    _check_verifier(change_request, by)
    company = change_request.company
    now = timezone.now()
    change_request.decided_at, change_request.decided_by = now, by
    change_request.decision_note = (note or "").strip()
    CHANGE_REQUEST_FLOW.apply(change_request, "approved", by=by)
    if company.status not in (Company.Status.ACTIVE, Company.Status.SUSPENDED):
        raise ValidationError(
            _("The account is %(status)s: its data can no longer be changed. Reject the request.")
            % {"status": company.get_status_display().lower()}
        )
    for field, (old, _new) in change_request.changes.items():
        if getattr(company, field) != old:
            raise stale_error(
                _("The %(field)s changed since the request was made; ask the vendor to submit it again.")
                % {"field": _label(field)}
            )
    for field, (_old, new) in change_request.changes.items():
        setattr(company, field, new)
    company.version += 1
    try:
        with transaction.atomic():
            company.save(update_fields=[*change_request.changes, "version"])
    except IntegrityError as exc:
        taken = "NPWP" if "npwp" in str(exc).lower() or "nib" not in change_request.changes else "NIB"
        raise ValidationError(
            _("Another registered company already uses this %(number)s.") % {"number": taken}, code="duplicate"
        ) from exc
    FieldChange.objects.bulk_create(
        FieldChange(
            company=company,
            field=field,
            old_value=old,
            new_value=new,
            changed_at=now,
            changed_by=by,
            change_request=change_request,
        )
        for field, (old, new) in change_request.changes.items()
    )
    audit.record(
        action="vendors.company.changed",
        by=by,
        target=company,
        changes={**_masked(change_request.changes), "change_request": change_request.pk},
    )
    _mail(change_request, "change_approved")
    return change_request


@transaction.atomic
def change_request_reject(*, change_request: ChangeRequest, note: str, by: User) -> ChangeRequest:
    """Refuse the request with a reason the vendor reads; the company's data stays as it is."""
    change_request = _lock(change_request)
    _check_verifier(change_request, by)
    note = (note or "").strip()
    if not note and change_request.status == ChangeRequest.Status.SUBMITTED:
        raise ValidationError({"note": _("Explain the rejection; the vendor will read it.")})
    change_request.decided_at, change_request.decided_by, change_request.decision_note = timezone.now(), by, note
    CHANGE_REQUEST_FLOW.apply(change_request, "rejected", by=by)
    _mail(change_request, "change_rejected")
    return change_request
