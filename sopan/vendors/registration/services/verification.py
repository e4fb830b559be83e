"""The verifier's safeguards before a decision (SOP Rekrutmen dan Registrasi Penyedia step 12; issue 13 §8): an
identity document is shown before it is marked, and every automatic finding is acknowledged with a note before the
application is approved. `registrations.document_check` and `registrations.registration_approve` ask these."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sopan.accounts.models import User
from sopan.accounts.policies import require
from sopan.core import audit
from sopan.vendors import policies
from sopan.vendors.models import Document, FindingAcknowledgement, IdentityView, Registration
from sopan.vendors.registration.findings import Finding, findings_for

# Page images of an identity document are served for this long after it was shown (and logged); then the verifier
# shows it again, which is logged again. The session's idle limit: a page left open longer has logged out anyway.
IDENTITY_VIEW_WINDOW = datetime.timedelta(minutes=30)
NOTE_MAX = 1000


# --- Identity documents shown ------------------------------------------------------------------------------------
@transaction.atomic
def document_shown(*, document: Document, by: User) -> IdentityView:
    """Show an identity document (KTP/NIK scan) in the viewer: logged as `vendors.identity.viewed` (UU 27/2022), and
    remembered, so the verifier may mark it afterwards and its page images are served for a while. One event per
    showing, however many pages the document has."""
    registration = document.registration
    if not document.requirement.is_identity:
        raise ValueError("only identity documents are recorded as shown")
    if not policies.can_view_document(by, document):
        raise PermissionDenied
    now = timezone.now()
    view, created = IdentityView.objects.select_for_update().get_or_create(
        document=document, viewed_by=by, defaults={"first_viewed_at": now, "last_viewed_at": now}
    )
    if not created:
        view.last_viewed_at = now
        view.save(update_fields=["last_viewed_at"])
    audit.record(
        action="vendors.identity.viewed",
        by=by,
        target=registration,
        changes={"what": "document", "document": document.requirement.code},
    )
    return view


def identity_shown_recently(document: Document, user: User, *, now: datetime.datetime | None = None) -> bool:
    """Whether `user` showed this identity document within the window (its page images may be served to them)."""
    since = (now or timezone.now()) - IDENTITY_VIEW_WINDOW
    return IdentityView.objects.filter(document=document, viewed_by=user, last_viewed_at__gte=since).exists()


def require_identity_shown(document: Document, by: User) -> None:
    """Refuse to mark an identity document the person never had shown (issue 13 §8)."""
    if document.requirement.is_identity and not IdentityView.objects.filter(document=document, viewed_by=by).exists():
        raise ValidationError(
            _("Open this identity document (%(document)s) in the viewer before you mark it.")
            % {"document": document.requirement.label},
            code="identity_not_shown",
        )


# --- Findings acknowledged ---------------------------------------------------------------------------------------
@transaction.atomic
def finding_acknowledge(*, registration: Registration, key: str, note: str, by: User) -> FindingAcknowledgement:
    """The verifier has read an automatic finding and says, in a note, what they made of it (step 12). The finding's
    text is kept as it was read, since findings are computed from data that may change."""
    registration = (
        Registration.objects.select_for_update(of=("self",)).select_related("company").get(pk=registration.pk)
    )
    require(policies.can_verify(by, registration))
    problems = policies.conflicts(by, registration)
    if problems:
        raise ValidationError(problems, code="conflict")
    if registration.status != Registration.Status.IN_VERIFICATION:
        raise ValidationError(_("Findings are acknowledged while the application is being verified."))
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Write what you found when you looked into this finding.")})
    if len(note) > NOTE_MAX:
        raise ValidationError(
            {
                "note": _("Keep the note to %(limit)s characters; it has %(length)s.")
                % {"limit": NOTE_MAX, "length": len(note)}
            }
        )
    finding = next((f for f in findings_for(registration) if f.key == key), None)
    if finding is None:
        raise ValidationError(_("This finding is no longer there (the data changed); reload the page."))
    try:
        with transaction.atomic():
            acknowledgement = FindingAcknowledgement.objects.create(
                organization_id=registration.organization_id,
                registration=registration,
                key=key,
                code=finding.code,
                message=finding.message,
                note=note,
                acknowledged_by=by,
                acknowledged_at=timezone.now(),
            )
    except IntegrityError as error:
        raise ValidationError(_("This finding is already acknowledged.")) from error
    audit.record(
        action="vendors.finding.acknowledged",
        by=by,
        target=registration,
        changes={"finding": finding.code, "key": key, "note": note},
    )
    return acknowledgement


def findings_with_acknowledgements(registration: Registration) -> list[tuple[Finding, FindingAcknowledgement | None]]:
    """The registration's findings, each with its acknowledgement if it has one: one query beyond the findings', the
    same with one or many, none without findings (acknowledgements of findings that went away with the data are simply
    not matched)."""
    found = findings_for(registration)
    if not found:
        return []  # nothing to match: no query for the acknowledgements
    acknowledged = {a.key: a for a in registration.acknowledgements.select_related("acknowledged_by")}
    return [(finding, acknowledged.get(finding.key)) for finding in found]


def require_findings_acknowledged(registration: Registration) -> None:
    """Refuse an approval while a finding has no acknowledgement, naming those findings (issue 13 §8)."""
    pending = [
        finding for finding, acknowledgement in findings_with_acknowledgements(registration) if not acknowledgement
    ]
    if pending:
        raise ValidationError(
            _("Acknowledge each automatic finding with a note before approving: %(findings)s")
            % {"findings": " ".join(f.message for f in pending)},
            code="findings_unacknowledged",
        )
