"""Role matrix of the public registration portal and the applicant's own pages (/daftar/).

The sign-up pages are public: everyone gets them (the demo organisation has not bound the registration procedure
unless another row made it, so its sign-up page says registration is not open; either way 200). A link nobody was
sent is 404 for everyone. The applicant's pages show only the applicant's own registration: no persona has one, so
everyone logged in gets 404 (also for the document of a real application made here), the anonymous visitor goes to
the login.
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from sopan.core.tests.matrix import Route

APPLICANT_ONLY = {"anonymous": 302}


def _application(data: dict) -> dict:
    """A vendor's application with its documents uploaded, in the demo organisation (made once per test)."""
    if "public_registration" not in data:
        from sopan.sop.models import ProcedureBinding
        from sopan.vendors.defaults import ensure_required_documents
        from sopan.vendors.tests import factories

        organization = data["organization"]
        if not ProcedureBinding.objects.filter(organization=organization, procedure="vendor_registration").exists():
            factories.bind_registration_sop(organization)
        ensure_required_documents(organization)
        registration = factories.submitted_registration(organization)
        factories.upload_all(registration)
        for document in registration.documents.all():  # the files are written on commit, which tests never reach
            if not default_storage.exists(document.file.name):
                default_storage.save(document.file.name, ContentFile(factories.pdf_bytes(document.name)))
        data["public_registration"] = registration
    return data["public_registration"]


def _document(data: dict) -> dict:
    return {"pk": _application(data).documents.get(requirement__code="ktp").pk}


ROUTES = [
    Route("vendors:signup-choose", default=200),
    Route("vendors:signup", default=200, kwargs=lambda d: {"org": d["organization"].slug}),
    Route("vendors:signup-form", default=404, kwargs=lambda d: {"token": "tautan-yang-tidak-pernah-dikirim"}),
    Route("vendors:registration-status", default=404, expect=APPLICANT_ONLY),
    Route("vendors:registration-prepare", method="post", default=404, expect=APPLICANT_ONLY),
    Route("vendors:registration-resubmit", method="post", default=404, expect=APPLICANT_ONLY),
    Route(
        "vendors:form-print",
        default=404,
        kwargs=lambda d: {"code": "formulir-pendaftaran"},
        expect=APPLICANT_ONLY,
    ),
    Route("vendors:receipt", default=404, expect=APPLICANT_ONLY),
    Route("vendors:documents", default=404, expect=APPLICANT_ONLY),
    Route("vendors:document-file", default=404, kwargs=_document, expect=APPLICANT_ONLY),
    Route("vendors:appointment", default=404, expect=APPLICANT_ONLY),
]
