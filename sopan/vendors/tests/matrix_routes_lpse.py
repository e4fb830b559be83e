"""Role matrix of the LPSE's registration screens (front office, verifier, settings, staff ties).

The objects are made on first use in the matrix's data (the demo organisation, Salatiga): the registration SOP bound,
the default document list, a vendor's application received at the desk by the Petugas Registrasi (its files written
to the storage), an unbooked appointment. POST bodies are harmless: decisions carry version 0, so the service refuses
them as stale after checking permission; a received file cannot be received again.

Desk pages: the front office, verifiers and the Kepala LPSE. Verifier pages: verifiers and the Kepala LPSE (the
Petugas Registrasi gets 403, also for identity documents). Settings: the organisation's administrators. Ties: LPSE
personnel and administrators. Objects of Salatiga are 404 for the outsider (Kepala LPSE of Batang) and for staff of
Salatiga who may not see registrations; the outsider reaches the list pages of their own organisation.
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from sopan.core.tests.matrix import ADMINS, Route

DESK = ("registration_officer", "verifier", "lpse_head")
VERIFIERS = ("verifier", "lpse_head")
PERSONNEL = ("registration_officer", "verifier", "lpse_head", "helpdesk_agent", "system_admin")


def _lpse(data: dict) -> dict:
    if "lpse" not in data:
        from sopan.vendors.defaults import ensure_required_documents
        from sopan.vendors.models import RequiredDocument
        from sopan.vendors.tests import factories

        organization = data["organization"]
        factories.bind_registration_sop(organization)
        ensure_required_documents(organization)
        officer = organization.users.get(username="petugas.registrasi")
        registration = factories.received_registration(organization, officer)
        for document in registration.documents.all():  # the files are written on commit, which tests never reach
            if not default_storage.exists(document.file.name):
                default_storage.save(document.file.name, ContentFile(factories.pdf_bytes(document.name)))
        data["lpse"] = {
            "registration": registration,
            "identity_document": registration.documents.get(requirement__code="ktp", is_current=True),
            "document": registration.documents.get(requirement__code="npwp", is_current=True),
            "requirement": RequiredDocument.objects.get(organization=organization, applicant_kind="vendor", code="nib"),
            "slot": factories.slot(organization, days=9),
        }
    return data["lpse"]


def _archived(data):
    """An archived copy of the identity document (as step 15 keeps it), with its file in the storage."""
    lpse = _lpse(data)
    if "archived" not in lpse:
        import hashlib

        from django.utils import timezone

        from sopan.vendors.models import ArchivedFile

        content = factories_pdf()
        name = default_storage.save("vendors/archive/matrix/ktp.pdf", ContentFile(content))
        lpse["archived"] = ArchivedFile.objects.create(
            registration=lpse["registration"],
            kind="document",
            label=str(lpse["identity_document"].requirement.label),
            is_identity=True,
            file=name,
            name="ktp.pdf",
            content_type="application/pdf",
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            archived_at=timezone.now(),
        )
    return lpse["archived"]


def factories_pdf() -> bytes:
    from sopan.vendors.tests import factories

    return factories.pdf_bytes("arsip")


def _registration(data):
    return {"pk": _lpse(data)["registration"].pk}


def _ok(roles, status=200, **extra) -> dict:
    return {"anonymous": 302, **dict.fromkeys(roles, status), **extra}


STALE = {"version": "0", "note": "x", "reason": "other"}

ROUTES = [
    # --- front office
    Route("vendors:desk", default=403, expect=_ok(DESK, outsider=200)),
    Route("vendors:desk-register", default=403, expect=_ok(DESK, outsider=200)),
    Route("vendors:desk-detail", default=404, kwargs=_registration, expect=_ok(DESK)),
    Route("vendors:desk-receive", method="post", default=404, kwargs=_registration, expect=_ok(DESK, 302)),
    Route("vendors:desk-upload", method="post", default=404, kwargs=_registration, expect=_ok(DESK, 302)),
    Route("vendors:receipt-pdf", default=404, kwargs=_registration, expect=_ok(DESK)),
    # --- verifier
    Route("vendors:queue", default=403, expect=_ok(VERIFIERS, outsider=200)),
    Route("vendors:workspace", default=404, kwargs=_registration, expect=_ok(VERIFIERS, registration_officer=403)),
    # Showing the NIK needs a reason: the empty form is refused (400); the front office may not (403).
    Route(
        "vendors:identity-reveal",
        method="post",
        default=404,
        kwargs=_registration,
        expect=_ok(VERIFIERS, 400, registration_officer=403),
    ),
    *[
        Route(
            f"vendors:registration-{action}",
            method="post",
            default=404,
            kwargs=_registration,
            data=STALE,
            expect=_ok(VERIFIERS, 302, registration_officer=403),
        )
        for action in ("take", "request-completion", "approve", "reject")
    ],
    Route(
        "vendors:finding-acknowledge",
        method="post",
        default=404,
        kwargs=_registration,
        data={"key": "duplicate_npwp:company:0", "note": "x"},
        expect=_ok(VERIFIERS, 302, registration_officer=403),
    ),
    # The viewer: an identity document shown (POST, logged) to the verifier roles only (its veiled GET answers the
    # same, see test_views_lpse); a page image of another document for the desk's roles too (an identity document's
    # pages need a showing first).
    Route(
        "vendors:document-viewer",
        method="post",
        default=404,
        kwargs=lambda d: {"pk": _lpse(d)["identity_document"].pk},
        expect=_ok(VERIFIERS, registration_officer=403),
    ),
    Route(
        "vendors:document-page",
        default=404,
        kwargs=lambda d: {"pk": _lpse(d)["document"].pk, "number": 1},
        expect=_ok(DESK),
    ),
    Route(
        "vendors:document-download",
        default=404,
        kwargs=lambda d: {"pk": _lpse(d)["identity_document"].pk},
        expect=_ok(VERIFIERS, registration_officer=403),
    ),
    Route(
        "vendors:archive-file",
        default=404,
        kwargs=lambda d: {"pk": _archived(d).pk},
        expect=_ok(VERIFIERS, registration_officer=403),
    ),
    # An empty checklist form comes back with its errors.
    Route(
        "vendors:document-check",
        method="post",
        default=404,
        kwargs=lambda d: {"pk": _lpse(d)["identity_document"].pk},
        expect=_ok(VERIFIERS, 400, registration_officer=403),
    ),
    # --- settings
    Route("vendors:settings", default=403, expect=_ok(ADMINS, outsider=200)),
    Route("vendors:requirement-create", default=403, expect=_ok(ADMINS, outsider=200)),
    Route(
        "vendors:requirement-edit",
        default=403,
        kwargs=lambda d: {"pk": _lpse(d)["requirement"].pk},
        expect=_ok(ADMINS, outsider=404),
    ),
    Route("vendors:slot-create", method="post", default=403, expect=_ok(ADMINS, 400, outsider=400)),
    Route("vendors:slot-series", method="post", default=403, expect=_ok(ADMINS, 400, outsider=400)),
    Route(
        "vendors:slot-delete",
        method="post",
        default=403,
        kwargs=lambda d: {"pk": _lpse(d)["slot"].pk},
        expect=_ok(ADMINS, 302, outsider=404),
    ),
    # --- staff ties
    Route("vendors:relations", default=403, expect=_ok((*PERSONNEL, *ADMINS), outsider=200)),
]
