"""Steps 6–11 of the registration: the berkas uploaded, the appointment booked, the application received at the
front office."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sopan.accounts.models import User
from sopan.accounts.policies import require
from sopan.core import audit
from sopan.core.files import attach_on_commit
from sopan.core.uploads import check_upload
from sopan.vendors import policies
from sopan.vendors.models import (
    AppointmentSlot,
    Document,
    Registration,
    RequiredDocument,
)
from sopan.vendors.registration.services.common import MB, S, _lock, _mail
from sopan.vendors.selectors import requirements_for, settings_for
from sopan.vendors.workflows import REGISTRATION_FLOW

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
