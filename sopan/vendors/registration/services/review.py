"""Steps 12–15 of the registration: the verifier takes the application, checks each document, asks for
completion, approves or rejects it, and the case is archived; identity documents shown are logged."""

from __future__ import annotations

import hashlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sopan.accounts.models import OrgUnit, User
from sopan.accounts.policies import require
from sopan.core import audit
from sopan.core.files import attach_on_commit
from sopan.sop import api as sop_api
from sopan.vendors import personal_data, policies
from sopan.vendors.accounts.services import company_move
from sopan.vendors.models import (
    ArchivedFile,
    Company,
    Document,
    FieldChange,
    Registration,
)
from sopan.vendors.registration.services.common import S, _check_conflicts, _check_version, _lock, _mail
from sopan.vendors.registration.services.verification import require_findings_acknowledged, require_identity_shown
from sopan.vendors.selectors import requirements_for
from sopan.vendors.workflows import ARCHIVE_STEPS, PROCEDURE, RECEIVED_ONLINE_STEPS, REGISTRATION_FLOW


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
    REGISTRATION_FLOW.apply(registration, "approve", by=by)
    lpse = OrgUnit.objects.filter(
        organization=registration.organization, kind=OrgUnit.Kind.LPSE, is_active=True
    ).first()
    from sopan.accounts.services import role_assign

    if registration.company_id:
        company = Company.objects.select_for_update().get(pk=registration.company_id)
        company.activated_at, company.admin_user = now, registration.user
        company_move(company=company, transition="activate", by=by)
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
    if registration.company_id:
        company = Company.objects.select_for_update().get(pk=registration.company_id)
        company_move(company=company, transition="refuse", reason=note, by=by)
    REGISTRATION_FLOW.apply(registration, "reject", by=by)
    _archive(registration, by=by, record_step=False)
    _mail(registration, "rejected")
    return registration


def _archive(registration: Registration, *, by: User | None, record_step: bool = True) -> list[ArchivedFile]:
    """Step 15: copy the current documents and the generated forms into the archive, each with its SHA-256."""
    from sopan.vendors.registration import printing

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
