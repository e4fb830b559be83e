"""The documents of a registration as the verifier opens them (issue 14 §7 shows one at a time): the viewer (an
identity scan veiled until shown on purpose, each view logged), its pages as images, the download, and the archived
copies (step 15)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from sopan.accounts.policies import require
from sopan.core import page_images
from sopan.core.documents.serving import file_response
from sopan.core.privacy import personal_data
from sopan.vendors import policies, selectors
from sopan.vendors.models import Document, Registration
from sopan.vendors.registration import services
from sopan.vendors.registration.services import verification
from sopan.vendors.registration.views_lpse.common import render

S = Registration.Status
QUEUE_PAGE_SIZE = 50


def viewer_context(request, document: Document, *, veiled: bool) -> dict:
    """What the viewer partial draws for one document: its pages as images, or the veil of an identity document."""
    context = {
        "document": document,
        "registration": document.registration,
        "veiled": veiled,
        "viewer_url": reverse("vendors:document-viewer", kwargs={"pk": document.pk}),
        "download_url": reverse("vendors:document-download", kwargs={"pk": document.pk}),
        "pages": [],
    }
    if not veiled:
        try:
            total = page_images.page_count(_stored_bytes(document), document.content_type)
        except page_images.Unreadable:
            context["unreadable"] = True
        else:
            offered = min(total, page_images.MAX_PAGES)
            context.update(
                pages=[
                    (n, reverse("vendors:document-page", kwargs={"pk": document.pk, "number": n}))
                    for n in range(1, offered + 1)
                ],
                total=total,
                more=total - offered,
            )
    return context


def _viewable_document(request, pk: int) -> Document:
    """A document of the user's organisation (else 404) for the desk's roles (else 403); an identity document only for
    the roles that may see personal data (else 403)."""
    document = selectors.document_get_for(request.user, pk)
    require(policies.can_view_document(request.user, document))
    return document


def _stored_bytes(document: Document) -> bytes:
    if not document.file.name or not default_storage.exists(document.file.name):
        raise Http404
    with default_storage.open(document.file.name, "rb") as handle:
        return handle.read()


@login_required
@require_http_methods(["GET", "POST"])
@personal_data
def document_viewer(request, pk: int):
    """One document in the viewer, as images of its pages drawn on the server: nothing the file contains runs in the
    browser (issue 13 §3). An identity document stays veiled until the verifier asks (a POST), which is logged once
    for the showing (`services.verification.document_shown`); its page images are then served to that person for a
    while without logging each image again."""
    document = _viewable_document(request, pk)
    identity = document.requirement.is_identity
    veiled = identity and request.method != "POST"
    if identity and not veiled:
        verification.document_shown(document=document, by=request.user)
    context = viewer_context(request, document, veiled=veiled)
    if policies.can_verify(request.user, document.registration):  # back on this document in the workspace
        workspace = reverse("vendors:workspace", kwargs={"pk": document.registration_id})
        context["back_url"] = f"{workspace}?dokumen={document.pk}#document-panel"
    else:
        context["back_url"] = reverse("vendors:desk-detail", kwargs={"pk": document.registration_id})
    template = "vendors/lpse/document.html#viewer" if request.htmx else "vendors/lpse/document.html"
    return render(request, template, context)


@login_required
def document_page(request, pk: int, number: int):
    """One page of a document as a PNG that Pillow encoded from pixels (no byte of the upload reaches the browser).
    An identity document's pages only within the window after it was shown to this person (and logged)."""
    document = _viewable_document(request, pk)
    identity = document.requirement.is_identity
    if identity and not verification.identity_shown_recently(document, request.user):
        raise PermissionDenied
    try:
        png = page_images.page_png(_stored_bytes(document), document.content_type, number)
    except (IndexError, page_images.Unreadable) as error:
        raise Http404 from error
    response = HttpResponse(png, content_type="image/png")
    # Personal data is not kept in any cache; other pages may stay in this browser's cache while the verifier works.
    response["Cache-Control"] = "no-store, private" if identity else "private, max-age=600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def document_download(request, pk: int):
    """The file as uploaded, only ever as a download (attachment), never shown inline: opened by the browser it could
    run what it contains. Identity documents go only to the verifier and Kepala LPSE roles, and each is logged."""
    document = _viewable_document(request, pk)
    registration = document.registration
    if document.requirement.is_identity:
        services.identity_viewed(registration=registration, document=document, by=request.user, what="download")
    if not document.file.name or not default_storage.exists(document.file.name):
        raise Http404
    return file_response(document.file, filename=document.name, personal=True)


@login_required
def archive_file(request, pk: int):
    """A file of the archive (step 15), as kept: for verifiers and the Kepala LPSE; identity documents are logged."""
    archived = selectors.archived_file_get_for(request.user, pk)
    registration = archived.registration
    require(policies.can_verify(request.user, registration))
    if archived.is_identity:
        services.identity_viewed(registration=registration, document=None, by=request.user, what="archive")
    if not default_storage.exists(archived.file.name):
        raise Http404
    return file_response(archived.file, filename=archived.name, personal=True)
