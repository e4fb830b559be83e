"""Writes of the registration procedure (SOP Rekrutmen dan Registrasi Penyedia, steps 1–16; Perwali Salatiga
41/2024 annex 2.4 d–e, 2.6.1). Each service runs in one transaction, locks the row it changes, checks permission
itself, writes its audit event and records its SOP steps through `workflows.REGISTRATION_FLOW`."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sopan.accounts.models import OrgUnit, User
from sopan.accounts.policies import require
from sopan.core import audit
from sopan.core.files import attach_on_commit
from sopan.core.uploads import check_upload
from sopan.sop import api as sop_api
from sopan.vendors import identifiers, personal_data, policies, tasks
from sopan.vendors.models import (
    NON_VENDOR_ROLES,
    ApplicantKind,
    AppointmentSlot,
    ArchivedFile,
    Company,
    Document,
    EmailConfirmation,
    FieldChange,
    Registration,
    RequiredDocument,
)
from sopan.vendors.selectors import requirements_for, settings_for
from sopan.vendors.services.verification import require_findings_acknowledged, require_identity_shown
from sopan.vendors.workflows import ARCHIVE_STEPS, PROCEDURE, RECEIVED_ONLINE_STEPS, REGISTRATION_FLOW

S = Registration.Status
LINK_LIFETIME = datetime.timedelta(hours=24)
MB = 1024 * 1024


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _mail(registration: Registration, template: str) -> None:
    transaction.on_commit(
        lambda: tasks.send_registration_mail.enqueue(registration_id=registration.pk, template=template)
    )


def _lock(registration: Registration) -> Registration:
    return (
        Registration.objects.select_for_update(of=("self",))
        .select_related("company", "organization")
        .get(pk=registration.pk)
    )


def _check_version(registration: Registration, version: int | None) -> None:
    if version is not None and int(version) != registration.version:
        raise ValidationError(
            _(
                "The application changed while you were looking at it (new documents or data, or another decision). "
                "Reload it and check again."
            ),
            code="stale",
        )


def _check_conflicts(registration: Registration, by: User) -> None:
    problems = policies.conflicts(by, registration)
    if problems:
        raise ValidationError(problems, code="conflict")


# --- Step 1: the e-mail address, confirmed by a single-use link ------------------------------------------------------
@transaction.atomic
def signup_request(*, organization, email: str, applicant_kind: str = ApplicantKind.VENDOR) -> EmailConfirmation:
    """Send a confirmation link valid for 24 hours. The answer is the same whether or not the address already has an
    account: the mail itself says so, only to its owner."""
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ValidationError(
            {"email": _("Enter a valid e-mail address, for example admin@perusahaan.co.id.")}
        ) from exc
    sop_api.version_for(organization=organization, procedure=PROCEDURE)  # registration is open here
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    confirmation = EmailConfirmation.objects.create(
        organization=organization,
        email=email,
        applicant_kind=applicant_kind,
        token_hash=_hash(token),
        created_at=now,
        expires_at=now + LINK_LIFETIME,
    )
    existing = User.objects.filter(organization=organization, email__iexact=email).exists()
    path = reverse("vendors:signup-form", kwargs={"token": token})
    transaction.on_commit(
        lambda: tasks.send_signup_link.enqueue(confirmation_id=confirmation.pk, path=path, existing_account=existing)
    )
    audit.record(action="vendors.signup.requested", by=None, target=organization, changes={"kind": applicant_kind})
    return confirmation


def confirmation_check(*, token: str, for_update: bool = False) -> EmailConfirmation:
    """The confirmation behind a link, or a precise refusal (unknown, used, expired)."""
    queryset = EmailConfirmation.objects.select_related("organization")
    if for_update:
        queryset = queryset.select_for_update(of=("self",))
    confirmation = queryset.filter(token_hash=_hash(token or "")).first()
    if confirmation is None:
        raise ValidationError(_("This link is not valid. Request a new one below."), code="unknown")
    if confirmation.used_at is not None:
        raise ValidationError(
            _(
                "This link has already been used. If you submitted the form, log in with the user ID we sent you; "
                "otherwise request a new link below."
            ),
            code="used",
        )
    if timezone.now() >= confirmation.expires_at:
        when = date_format(timezone.localtime(confirmation.expires_at), "DATETIME_FORMAT")
        raise ValidationError(
            _("This link expired on %(when)s (links are valid for 24 hours). Request a new one below.")
            % {"when": when},
            code="expired",
        )
    return confirmation


# --- Step 1 (and 10 at the desk): the online form ---------------------------------------------------------------
def _clean_company(data: dict) -> dict:
    errors = {}
    cleaned = dict(data)
    for field, check in (("npwp", identifiers.validate_npwp), ("nib", identifiers.validate_nib)):
        value = data.get(field) or ""
        if field == "nib" and not value:
            continue
        try:
            cleaned[field] = check(value)
        except ValidationError as exc:
            errors[field] = exc.messages
    try:
        cleaned["admin_nik"] = identifiers.validate_nik(data.get("admin_nik") or "")
    except ValidationError as exc:
        errors["admin_nik"] = exc.messages
    kbli = data.get("kbli") or []
    if isinstance(kbli, str):
        try:
            kbli = identifiers.parse_kbli_list(kbli)
        except ValidationError as exc:
            errors["kbli"] = exc.messages
    cleaned["kbli"] = kbli
    if errors:
        raise ValidationError(errors)
    return cleaned


def _create_registration(
    *,
    organization,
    applicant_kind: str,
    email: str,
    company: dict | None,
    person: dict,
    username: str,
    password: str | None,
    language: str,
    at_desk: bool,
    by: User | None,
) -> Registration:
    open_same = Registration.objects.filter(
        organization=organization, user__email__iexact=email, status__in=Registration.OPEN
    ).first()
    if open_same is not None:
        raise ValidationError(
            _("An application with this e-mail address is already in progress (%(number)s): log in to continue it.")
            % {"number": open_same.number},
            code="duplicate",
        )
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("The user ID %(username)s is already taken.") % {"username": username}})
    user = User(
        organization=organization,
        username=username,
        full_name=person["name"],
        email=email,
        phone=person.get("phone", ""),
        language=language or "id",
    )
    user.full_clean(exclude=["password"])
    if password:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise ValidationError({"password": exc.messages}) from exc
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()

    now = timezone.now()
    registration = Registration(
        organization=organization,
        number=f"tmp-{secrets.token_hex(6)}",
        applicant_kind=applicant_kind,
        user=user,
        submitted_at=now,
        registered_at_desk=at_desk,
    )
    if applicant_kind == ApplicantKind.VENDOR:
        cleaned = _clean_company({**company, "admin_nik": person["nik"]})
        record = Company(
            organization=organization,
            **{k: cleaned[k] for k in ("name", "legal_form", "npwp", "nib", "kbli", "address", "province", "regency")},
            postal_code=cleaned.get("postal_code", ""),
            phone=cleaned["phone"],
            email=cleaned.get("email") or email,
            admin_name=person["name"],
            admin_nik=cleaned["admin_nik"],
            admin_position=person.get("position", ""),
            admin_user=user,
        )
        record.full_clean(exclude=["admin_user"])
        record.save()
        registration.company = record
    else:
        if person.get("role") not in NON_VENDOR_ROLES:
            raise ValidationError({"requested_role": _("Choose the role you need in SPSE.")})
        unit = person.get("unit")
        if unit is None or unit.organization_id != organization.pk:
            raise ValidationError({"unit": _("Choose your unit.")})
        registration.person_name = person["name"]
        registration.person_nik = identifiers.validate_nik(person.get("nik") or "")
        registration.person_position = person.get("position", "")
        registration.agency_name = unit.name
        registration.unit = unit
        registration.requested_role = person["role"]
        registration.letter_number = person.get("letter_number", "")
    registration.save()
    registration.number = f"REG-{timezone.localtime(now):%Y}-{registration.pk:06d}"
    registration.save(update_fields=["number"])
    audit.record(
        action="vendors.registration.submitted",
        by=by or user,
        target=registration,
        changes={"number": registration.number, "kind": applicant_kind, "at_desk": at_desk},
    )
    # Step 1: "Melakukan Registrasi Online" (step 10 when done at the desk, recorded when the file is received).
    if not at_desk:
        sop_api.record_steps(
            subject=registration,
            organization=organization,
            procedure=PROCEDURE,
            steps=[sop_api.StepDone("registrasi-online")],
            by=user,
            title=str(registration),
        )
    return registration


@transaction.atomic
def registration_submit(
    *,
    token: str,
    company: dict | None,
    person: dict,
    username: str,
    password: str,
    language: str = "id",
) -> Registration:
    """The applicant submits the online form behind the confirmed link; the user ID is mailed (issue 4 §1)."""
    confirmation = confirmation_check(token=token, for_update=True)
    registration = _create_registration(
        organization=confirmation.organization,
        applicant_kind=confirmation.applicant_kind,
        email=confirmation.email,
        company=company,
        person=person,
        username=username,
        password=password,
        language=language,
        at_desk=False,
        by=None,
    )
    confirmation.used_at = timezone.now()
    confirmation.save(update_fields=["used_at"])
    _mail(registration, "submitted")
    return registration


@transaction.atomic
def registration_submit_at_desk(
    *, organization, email: str, company: dict | None, person: dict, username: str, by: User
) -> Registration:
    """Step 10: the front office registers a vendor who has not registered online, with them at the desk. The
    vendor chooses a password through the link mailed to them."""
    require(policies.can_work_desk(by, organization))
    email = (email or "").strip().lower()
    validate_email(email)
    registration = _create_registration(
        organization=organization,
        applicant_kind=ApplicantKind.VENDOR if company is not None else ApplicantKind.NON_VENDOR,
        email=email,
        company=company,
        person=person,
        username=username,
        password=None,
        language="id",
        at_desk=True,
        by=by,
    )
    from sopan.accounts.tasks import send_invitation

    transaction.on_commit(lambda: send_invitation.enqueue(user_id=registration.user_id))
    _mail(registration, "submitted")
    return registration


# --- Step 6: the berkas, uploaded; the appointment ----------------------------------------------------------------
EDITABLE = (S.SUBMITTED, S.READY, S.COMPLETION_REQUESTED)


@transaction.atomic
def document_upload(*, registration: Registration, requirement: RequiredDocument, uploaded, by: User) -> Document:
    """Upload (or replace) one required document, checked by its content; stored when the transaction commits."""
    registration = _lock(registration)
    require(policies.can_edit_documents(by, registration))
    if registration.status not in EDITABLE:
        raise ValidationError(
            _("Documents can no longer be changed: the application is %(status)s.")
            % {"status": registration.get_status_display().lower()}
        )
    if requirement.pk not in {r.pk for r in requirements_for(registration)}:
        raise ValidationError(_("This document is not asked of this application."))
    checked = check_upload(uploaded, max_bytes=settings_for(registration.organization).max_upload_mb * MB)
    previous = Document.objects.filter(registration=registration, requirement=requirement, is_current=True)
    replaced = list(previous.values_list("pk", flat=True))
    previous.update(is_current=False)
    document = Document(
        registration=registration,
        requirement=requirement,
        name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_at=timezone.now(),
        uploaded_by=by,
    )
    attach_on_commit(document, "file", checked.name, checked.content)
    document.save()
    registration.version += 1
    registration.save(update_fields=["version"])
    audit.record(
        action="vendors.document.uploaded",
        by=by,
        target=registration,
        changes={"document": requirement.code, "sha256": checked.sha256, "size": checked.size, "replaced": replaced},
    )
    return document


@transaction.atomic
def slot_book(*, registration: Registration, slot: AppointmentSlot, by: User) -> Registration:
    """Choose the verification appointment (at the desk or online); a full slot is refused even under a rush."""
    registration = _lock(registration)
    require(policies.can_edit_documents(by, registration))
    if registration.status not in (S.SUBMITTED, S.READY, S.COMPLETION_REQUESTED):
        raise ValidationError(_("The appointment can no longer be changed."))
    slot = (
        AppointmentSlot.objects.select_for_update().filter(pk=slot.pk, organization=registration.organization).first()
    )
    if slot is None:
        raise ValidationError({"slot": _("This appointment does not exist.")})
    if slot.starts_at <= timezone.now():
        raise ValidationError({"slot": _("This appointment has already begun; choose a later one.")})
    taken = slot.registrations.filter(status__in=Registration.OPEN).exclude(pk=registration.pk).count()
    if taken >= slot.capacity:
        raise ValidationError({"slot": _("This appointment is full; choose another one.")})
    before = registration.slot_id
    registration.slot = slot
    registration.save(update_fields=["slot"])
    audit.record(
        action="vendors.registration.slot_booked", by=by, target=registration, changes={"slot": [before, slot.pk]}
    )
    return registration


@transaction.atomic
def registration_prepare(*, registration: Registration, by: User) -> Registration:
    """The forms are filled and signed and the berkas uploaded (steps 2–6): ready to hand over at the appointment."""
    registration = _lock(registration)
    REGISTRATION_FLOW.apply(registration, "prepare", by=by, title=str(registration))
    _mail(registration, "ready")
    return registration


# --- Steps 7–11: the front office ---------------------------------------------------------------------------------
@transaction.atomic
def registration_receive(*, registration: Registration, brought_by: str, by: User) -> Registration:
    """The front office receives the berkas, asks whether the online registration was done, hands it to the
    verifiers (steps 7–11); the Formulir Tanda Terima Berkas is printed from the registration."""
    registration = _lock(registration)
    require(policies.can_work_desk(by, registration))
    registration.received_at = timezone.now()
    registration.received_by = by
    registration.brought_by = (brought_by or "").strip()[:200] or registration.applicant_name
    name = "receive_registered_at_desk" if registration.registered_at_desk else "receive"
    REGISTRATION_FLOW.apply(registration, name, by=by, title=str(registration))
    _mail(registration, "received")
    return registration


# --- Steps 12–15: the verifier ------------------------------------------------------------------------------------
@transaction.atomic
def registration_take(*, registration: Registration, by: User) -> Registration:
    """A verifier takes a received file from the queue; of two who press at once, one gets it."""
    registration = _lock(registration)
    require(policies.can_verify(by, registration))
    _check_conflicts(registration, by)
    registration.verifier = by
    REGISTRATION_FLOW.apply(registration, "take", by=by)
    return registration


@transaction.atomic
def document_check(*, document: Document, verdict: str, note: str = "", by: User) -> Document:
    """The verifier's checklist (step 12): the document matches the data (sesuai), does not, or is incomplete."""
    registration = _lock(document.registration)
    require(policies.can_verify(by, registration))
    _check_conflicts(registration, by)
    if registration.status != S.IN_VERIFICATION:
        raise ValidationError(_("Documents are checked while the application is being verified."))
    document = Document.objects.select_for_update().get(pk=document.pk)
    if not document.is_current:
        raise ValidationError(_("This document has been replaced by a newer upload; check the newer one."))
    if verdict not in Document.Verdict.values or verdict == Document.Verdict.PENDING:
        raise ValidationError({"verdict": _("Choose: matches, does not match, or incomplete.")})
    note = (note or "").strip()
    if verdict != Document.Verdict.MATCHES and not note:
        raise ValidationError({"note": _("Say what does not match or what is missing; the vendor will read it.")})
    require_identity_shown(document, by)  # whatever the verdict: one cannot judge a KTP one has not seen
    before = document.verdict
    document.verdict, document.verdict_note = verdict, note[:500]
    document.checked_at, document.checked_by = timezone.now(), by
    document.save(update_fields=["verdict", "verdict_note", "checked_at", "checked_by"])
    audit.record(
        action="vendors.document.checked",
        by=by,
        target=registration,
        changes={"document": document.requirement.code, "verdict": [before, verdict], "note": note},
    )
    return document


def _completion_items(registration: Registration) -> list[dict]:
    items = []
    documents = {d.requirement_id: d for d in registration.documents.filter(is_current=True)}
    for requirement in requirements_for(registration):
        document = documents.get(requirement.pk)
        if document is None and requirement.is_required:
            items.append({"code": requirement.code, "label": requirement.label, "problem": "missing", "note": ""})
        elif document is not None and document.verdict in (Document.Verdict.MISMATCH, Document.Verdict.INCOMPLETE):
            items.append(
                {
                    "code": requirement.code,
                    "label": requirement.label,
                    "problem": document.verdict,
                    "note": document.verdict_note,
                }
            )
    return items


@transaction.atomic
def registration_request_completion(
    *, registration: Registration, note: str = "", version: int | None = None, by: User
) -> Registration:
    """Step 12 "Tidak" → 13: list what is missing and return the file to the vendor, who is told by mail."""
    registration = _lock(registration)
    require(policies.can_verify(by, registration))
    _check_conflicts(registration, by)
    _check_version(registration, version)
    items = _completion_items(registration)
    note = (note or "").strip()
    if not items and not note:
        raise ValidationError(
            _("Nothing is marked as missing: mark the documents that do not match, or write what the vendor must add.")
        )
    registration.completion_items, registration.completion_note = items, note
    registration.verifier = by
    registration.version += 1
    REGISTRATION_FLOW.apply(registration, "request_completion", by=by)
    _mail(registration, "completion_requested")
    return registration


@transaction.atomic
def registration_resubmit(*, registration: Registration, by: User) -> Registration:
    """The vendor has completed the berkas (back to steps 6–7) and sends it again; it returns to the verifier."""
    registration = _lock(registration)
    flagged = registration.documents.filter(
        is_current=True, verdict__in=(Document.Verdict.MISMATCH, Document.Verdict.INCOMPLETE)
    ).select_related("requirement")
    if flagged:
        raise ValidationError(
            _("Replace these documents first: %(documents)s.")
            % {"documents": ", ".join(str(d.requirement.label) for d in flagged)}
        )
    registration.version += 1
    REGISTRATION_FLOW.apply(registration, "resubmit", by=by)
    # Received online: Sopan itself receives the completed berkas and hands it to the verifier (steps 8, 9, 11).
    sop_api.record_steps(
        subject=registration,
        organization=registration.organization,
        procedure=PROCEDURE,
        steps=RECEIVED_ONLINE_STEPS,
        by=None,
    )
    _mail(registration, "resubmitted")
    return registration


@transaction.atomic
def registration_approve(*, registration: Registration, version: int | None = None, by: User) -> Registration:
    """Step 12 "Ya" → 14 ("SETUJU") → 15: the account becomes active and the file is archived. Refused while an
    automatic finding has not been acknowledged (issue 13 §8)."""
    registration = _lock(registration)
    require(policies.can_verify(by, registration))
    _check_conflicts(registration, by)
    _check_version(registration, version)
    # Under the registration's lock: an acknowledgement (which takes the same lock) is either in or refused after us.
    require_findings_acknowledged(registration)
    now = timezone.now()
    registration.decided_at, registration.decided_by, registration.verifier = now, by, by
    registration.version += 1
    REGISTRATION_FLOW.apply(registration, "approve", by=by)
    lpse = OrgUnit.objects.filter(
        organization=registration.organization, kind=OrgUnit.Kind.LPSE, is_active=True
    ).first()
    from sopan.accounts.services import role_assign

    if registration.company_id:
        company = Company.objects.select_for_update().get(pk=registration.company_id)
        company.status, company.activated_at, company.admin_user = Company.Status.ACTIVE, now, registration.user
        try:
            with transaction.atomic():
                company.save(update_fields=["status", "activated_at", "admin_user"])
        except IntegrityError as exc:
            raise ValidationError(
                _(
                    "A company with this NPWP or NIB already has an account here: reject this application as a "
                    "duplicate."
                )
            ) from exc
        FieldChange.objects.bulk_create(
            FieldChange(
                company=company,
                field=field,
                old_value=None,
                new_value=getattr(company, field),
                changed_at=now,
                changed_by=by,
                registration=registration,
            )
            for field in Company.CHANGEABLE
        )
        if lpse is None:
            raise ValidationError(
                _("The organisation has no LPSE unit to register vendors in; an administrator must add it.")
            )
        role_assign(user=registration.user, role="vendor_admin", unit=lpse, valid_from=timezone.localdate(), by=None)
    else:
        role_assign(
            user=registration.user,
            role=registration.requested_role,
            unit=registration.unit,
            valid_from=timezone.localdate(),
            decree_number=registration.letter_number,
            by=None,
        )
    _archive(registration, by=by)
    _mail(registration, "approved")
    return registration


@transaction.atomic
def registration_reject(
    *, registration: Registration, reason: str, note: str, version: int | None = None, by: User
) -> Registration:
    """Refuse the application with its reason (false documents, blacklisted, not matching, incomplete after the
    deadline …); the vendor is told why, and the file is archived (step 15)."""
    registration = _lock(registration)
    require(policies.can_verify(by, registration))
    _check_conflicts(registration, by)
    _check_version(registration, version)
    if reason not in Registration.RejectionReason.values:
        raise ValidationError({"reason": _("Choose the reason for the rejection.")})
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Explain the rejection; the applicant will read it.")})
    registration.decided_at, registration.decided_by, registration.verifier = timezone.now(), by, by
    registration.rejection_reason, registration.decision_note = reason, note
    registration.version += 1
    if registration.company_id:
        Company.objects.filter(pk=registration.company_id).update(status=Company.Status.REFUSED, status_reason=note)
    REGISTRATION_FLOW.apply(registration, "reject", by=by)
    _archive(registration, by=by, record_step=False)
    _mail(registration, "rejected")
    return registration


def _archive(registration: Registration, *, by: User | None, record_step: bool = True) -> list[ArchivedFile]:
    """Step 15: copy the current documents and the generated forms into the archive, each with its SHA-256."""
    from sopan.vendors import printing

    now = timezone.now()
    archived = []
    for document in registration.documents.filter(is_current=True).select_related("requirement"):
        with document.file.open("rb") as handle:
            content = handle.read()
        if hashlib.sha256(content).hexdigest() != document.sha256:
            raise ValidationError(
                _("The stored file of %(document)s does not match its checksum; it cannot be archived.")
                % {"document": document.requirement.label}
            )
        archived.append(
            (
                ArchivedFile.Kind.DOCUMENT,
                str(document.requirement.label),
                document.requirement.is_identity,
                document.name,
                document.content_type,
                content,
            )
        )
    for label, name, content in printing.archive_forms(registration):
        archived.append((ArchivedFile.Kind.FORM, label, False, name, "application/pdf", content))
    rows = []
    for kind, label, is_identity, name, content_type, content in archived:
        row = ArchivedFile(
            registration=registration,
            kind=kind,
            label=label,
            is_identity=is_identity,
            name=name,
            content_type=content_type,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            archived_at=now,
            archived_by=by,
        )
        attach_on_commit(row, "file", name, content)
        row.save()
        rows.append(row)
    audit.record(
        action="vendors.registration.archived",
        by=by,
        target=registration,
        changes={"files": [[r.name, r.sha256] for r in rows]},
    )
    if record_step:
        sop_api.record_steps(
            subject=registration,
            organization=registration.organization,
            procedure=PROCEDURE,
            steps=ARCHIVE_STEPS,
            by=by,
            finish=True,
        )
    return rows


# --- Expiry -----------------------------------------------------------------------------------------------------
def registrations_expire(*, now: datetime.datetime | None = None) -> int:
    """Registrations not verified within the organisation's limit (30 days by default) expire; the applicant is
    told; per the retention rule the documents and NIK are removed or kept. One transaction per registration."""
    from sopan.accounts.models import Organization

    now = now or timezone.now()
    count = 0
    for organization in Organization.objects.all():
        limit = now - datetime.timedelta(days=settings_for(organization).expiry_days)
        stale = Registration.objects.filter(
            organization=organization,
            status__in=(S.SUBMITTED, S.READY, S.COMPLETION_REQUESTED),
            submitted_at__lte=limit,
        ).values_list("pk", flat=True)
        for pk in list(stale):
            if _expire_one(pk, limit):
                count += 1
    return count


@transaction.atomic
def _expire_one(pk: int, limit: datetime.datetime) -> bool:
    registration = Registration.objects.select_for_update(of=("self",)).select_related("organization").get(pk=pk)
    if registration.status not in (S.SUBMITTED, S.READY, S.COMPLETION_REQUESTED) or registration.submitted_at > limit:
        return False  # moved on meanwhile
    REGISTRATION_FLOW.apply(registration, "expire", by=None)
    sop_api.close_case(subject=registration, procedure=PROCEDURE, by=None, reason="expired")
    if registration.company_id:
        Company.objects.filter(pk=registration.company_id).update(status=Company.Status.REFUSED)
    User.objects.filter(pk=registration.user_id).update(is_active=False)
    if settings_for(registration.organization).retention == "remove":
        _remove_personal_data(registration)
    _mail(registration, "expired")
    return True


def _remove_personal_data(registration: Registration) -> None:
    documents = list(Document.objects.filter(registration=registration))
    paths = [d.file.name for d in documents if d.file.name]
    Document.objects.filter(registration=registration).delete()
    registration.person_nik = ""
    registration.data_removed_at = timezone.now()
    registration.save(update_fields=["person_nik", "data_removed_at"])
    if registration.company_id:
        Company.objects.filter(pk=registration.company_id).update(admin_nik="")
    audit.record(
        action="vendors.registration.data_removed", by=None, target=registration, changes={"documents": len(paths)}
    )

    def delete_files():
        from django.core.files.storage import default_storage

        for path in paths:
            default_storage.delete(path)

    transaction.on_commit(delete_files)


@transaction.atomic
def identity_viewed(
    *, registration: Registration, document: Document | None, by: User, what: str, purpose: str = "", note: str = ""
) -> None:
    """Log a view of personal data (NIK, an identity scan): who, when, which document (UU 27/2022).

    Unmasking the NIK is a deliberate act, so it needs a reason (`personal_data.reveal_reason`), kept in the event.
    A scan is shown while the verifier compares it with the form and is logged without one: asking on every page
    of a file would teach people to type anything."""
    if not policies.can_view_identity(by, registration):
        raise PermissionDenied
    changes = {"what": what, "document": document.requirement.code if document else None}
    if what == "nik":
        changes.update(personal_data.reveal_reason(purpose=purpose, note=note))
    audit.record(action="vendors.identity.viewed", by=by, target=registration, changes=changes)
