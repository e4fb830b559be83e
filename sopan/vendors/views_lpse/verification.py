"""The verifier (SOP Rekrutmen dan Registrasi Penyedia steps 12–15): the queue, the workspace with the entered data
beside each document, the checklist, the automatic findings, and the decisions. Personal data (NIK, identity scans) is
shown only on request, to the verifier and Kepala LPSE roles, and every view of it is logged (UU 27/2022)."""

from __future__ import annotations

from csp.constants import SELF
from csp.decorators import csp_replace
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from sopan.accounts.policies import require
from sopan.core.forms import add_service_errors
from sopan.core.listing import pk_url, shorten
from sopan.core.privacy import personal_data
from sopan.core.templatetags.sopan import local_datetime
from sopan.sop import selectors as sop_selectors
from sopan.vendors import identifiers, policies, selectors
from sopan.vendors.findings import findings_for
from sopan.vendors.forms_lpse import (
    CheckForm,
    CompletionForm,
    IdentityRevealForm,
    QueueFilterForm,
    RejectForm,
    VersionedForm,
)
from sopan.vendors.models import ApplicantKind, Document, LegalForm, Registration
from sopan.vendors.services import registrations as services
from sopan.vendors.views_lpse.common import render

S = Registration.Status
QUEUE_PAGE_SIZE = 50


# --- The queue ---------------------------------------------------------------------------------------------------
@login_required
@personal_data
def queue(request):
    """Files received and being verified, oldest first, with the due time of their open SOP step."""
    require(policies.can_verify(request.user))
    form = QueueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = selectors.verifier_queue_for(
        request.user,
        status=filters.get("status") or "",
        query=(filters.get("q") or "").strip(),
        mine=bool(filters.get("mine")),
        cursor=request.GET.get("cursor"),
        size=QUEUE_PAGE_SIZE,
    )
    now = timezone.now()
    url_of = pk_url("vendors:workspace")
    rows = [queue_row(registration, now, url_of) for registration in page.items]
    return render(request, "vendors/lpse/queue.html", {"form": form, "page": page, "rows": rows})


def queue_row(registration: Registration, now, url_of) -> dict:
    """One row of the queue with its texts made here: the queue draws fifty, and a dict's keys are what the template
    engine looks up fastest. Labels come from the enums (get_FOO_display translates every choice on each call);
    `url_of` is the workspace's URL by pk, resolved once for the page (core.listing.pk_url)."""
    company = registration.company if registration.company_id else None
    due = registration.due_at
    return {
        "number": registration.number,
        "url": url_of(registration.pk),
        "applicant": registration.applicant_name,
        "kind": LegalForm(company.legal_form).label if company else ApplicantKind(registration.applicant_kind).label,
        "received": local_datetime(registration.received_at),
        "status": registration.status,
        "status_label": S(registration.status).label,
        "verifier": registration.verifier.get_full_name() if registration.verifier_id else "",
        "step": shorten(registration.open_step, 60),
        "due": local_datetime(due) if due else "",
        "overdue": bool(due and due < now),
    }


# --- The workspace -----------------------------------------------------------------------------------------------
def _verifier_registration(request, pk: int) -> Registration:
    registration = selectors.registration_get_for(request.user, pk)
    require(policies.can_verify(request.user, registration))
    return registration


def _document_items(registration, *, may_check: bool, may_see_identity: bool, failed: dict) -> list[dict]:
    items = []
    for requirement, document in selectors.checklist_for(registration):
        item = {"requirement": requirement, "document": document}
        if document is not None:
            prefix = f"doc{document.pk}"
            item.update(
                url=reverse("vendors:document-view", kwargs={"pk": document.pk}),
                is_image=document.content_type.startswith("image/"),
                hidden=requirement.is_identity,
                may_view=may_see_identity or not requirement.is_identity,
                form=failed.get(prefix)
                or (
                    CheckForm(
                        prefix=prefix,
                        initial={
                            "verdict": "" if document.verdict == Document.Verdict.PENDING else document.verdict,
                            "note": document.verdict_note,
                        },
                    )
                    if may_check
                    else None
                ),
            )
        items.append(item)
    return items


def _workspace_context(
    request, registration: Registration, *, failed: dict | None = None, nik: str = "", reveal_form=None
) -> dict:
    """The page as the user may use it now; `failed` holds a form that came back with errors, by its name."""
    failed = failed or {}
    user = request.user
    conflicts = policies.conflicts(user, registration)
    mine = registration.verifier_id == user.pk
    status = registration.status
    decisions = {
        "take": status == S.RECEIVED,
        "request_completion": status == S.IN_VERIFICATION and mine,
        "approve": status == S.IN_VERIFICATION and mine,
        "reject": status in (S.IN_VERIFICATION, S.COMPLETION_REQUESTED) and mine,
    }
    version = {"version": registration.version}
    case = selectors.case_of(registration)
    return {
        "registration": registration,
        "company": registration.company,
        "nik_masked": identifiers.mask_nik(registration.identity_nik),
        "nik": nik,
        "may_see_identity": policies.can_view_identity(user, registration),
        "reveal_form": reveal_form or IdentityRevealForm(),
        "conflicts": conflicts,
        "decisions": decisions if not conflicts else {},
        "items": _document_items(
            registration,
            may_check=not conflicts and status == S.IN_VERIFICATION and mine,
            may_see_identity=policies.can_view_identity(user, registration),
            failed=failed,
        ),
        "findings": findings_for(registration),
        "case": case,
        "records": sop_selectors.case_steps(case) if case else [],
        "completion_form": failed.get("request-completion") or CompletionForm(initial=version),
        "approve_form": failed.get("approve") or VersionedForm(initial=version),
        "reject_form": failed.get("reject") or RejectForm(initial=version),
        "archived": list(registration.archived_files.all()),
        "now": timezone.now(),
    }


@login_required
@personal_data
def workspace(request, pk: int):
    registration = _verifier_registration(request, pk)
    return render(request, "vendors/lpse/workspace.html", _workspace_context(request, registration))


@login_required
@require_POST
@personal_data
def identity_reveal(request, pk: int):
    """ "Tampilkan NIK": the full NIK, logged with the reason given, for the roles that may see it (others: 403).
    The NIK is in this response only; nothing is kept in the session."""
    registration = _verifier_registration(request, pk)
    require(policies.can_view_identity(request.user, registration))  # before the form: no role, no 400 either
    form = IdentityRevealForm(request.POST)
    nik = ""
    if form.is_valid():
        try:
            services.identity_viewed(
                registration=registration,
                document=None,
                by=request.user,
                what="nik",
                purpose=form.cleaned_data["purpose"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            nik = registration.identity_nik
    if request.htmx:
        # htmx swaps only a 2xx answer: a refusal comes back as 200 so that its message replaces the form in place.
        context = {
            "registration": registration,
            "nik": nik,
            "nik_masked": identifiers.mask_nik(registration.identity_nik),
            "may_see_identity": True,
            "reveal_form": form,
        }
        return render(request, "vendors/lpse/workspace.html#nik", context)
    context = _workspace_context(request, registration, nik=nik, reveal_form=form)
    return render(request, "vendors/lpse/workspace.html", context, status=200 if nik else 400)


@login_required
@xframe_options_sameorigin
@csp_replace({"frame-ancestors": [SELF]})
def document_view(request, pk: int):
    """A document's file, inline, for the workspace's viewer (framed by our own pages only). Identity documents go
    only to the verifier and Kepala LPSE roles, and each serving is logged."""
    document = selectors.document_get_for(request.user, pk)
    registration = document.registration
    require(policies.can_work_desk(request.user, registration))
    if document.requirement.is_identity:
        services.identity_viewed(registration=registration, document=document, by=request.user, what="document")
    if not document.file.name or not default_storage.exists(document.file.name):
        raise Http404
    response = FileResponse(
        default_storage.open(document.file.name, "rb"), content_type=document.content_type, filename=document.name
    )
    response["Cache-Control"] = "private, no-store"
    return response


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
    response = FileResponse(
        default_storage.open(archived.file.name, "rb"),
        content_type=archived.content_type,
        as_attachment=True,
        filename=archived.name,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
@personal_data
def document_check(request, pk: int):
    """The checklist (step 12): sesuai / tidak sesuai / kurang, with a note the vendor reads."""
    document = selectors.document_get_for(request.user, pk)
    registration = document.registration
    require(policies.can_verify(request.user, registration))
    prefix = f"doc{document.pk}"
    form = CheckForm(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            services.document_check(
                document=document, verdict=form.cleaned_data["verdict"], note=form.cleaned_data["note"], by=request.user
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                messages.error(request, " ".join(error.messages))
                return redirect(_anchor(registration, document))
            add_service_errors(form, error)
        else:
            return redirect(_anchor(registration, document))
    context = _workspace_context(request, registration, failed={prefix: form})
    return render(request, "vendors/lpse/workspace.html", context, status=400)


def _anchor(registration, document) -> str:
    return reverse("vendors:workspace", kwargs={"pk": registration.pk}) + f"#doc-{document.pk}"


# --- Decisions ---------------------------------------------------------------------------------------------------
def _take(registration, data, by):
    return services.registration_take(registration=registration, by=by)


def _request_completion(registration, data, by):
    return services.registration_request_completion(
        registration=registration, note=data["note"], version=data["version"], by=by
    )


def _approve(registration, data, by):
    return services.registration_approve(registration=registration, version=data["version"], by=by)


def _reject(registration, data, by):
    return services.registration_reject(
        registration=registration, reason=data["reason"], note=data["note"], version=data["version"], by=by
    )


DECISIONS = {
    "take": (None, _take),
    "request-completion": (CompletionForm, _request_completion),
    "approve": (VersionedForm, _approve),
    "reject": (RejectForm, _reject),
}
DONE = {
    "take": _("You are verifying %(number)s now."),
    "request-completion": _("%(number)s is returned to the applicant with the list of what is missing."),
    "approve": _("%(number)s is approved: the account is active and the file archived."),
    "reject": _("%(number)s is rejected; the applicant is told why."),
}


@login_required
@require_POST
@personal_data
def decide(request, pk: int, action: str):
    """Take the file, ask for completion, approve or reject it. Each decision carries the version the verifier saw:
    when the file changed meanwhile, the service refuses and the page is shown again with what changed."""
    if action not in DECISIONS:
        raise Http404
    registration = _verifier_registration(request, pk)
    form_class, service = DECISIONS[action]
    form = form_class(request.POST) if form_class else None
    if form is not None and not form.is_valid():
        context = _workspace_context(request, registration, failed={action: form})
        return render(request, "vendors/lpse/workspace.html", context, status=400)
    try:
        service(registration, form.cleaned_data if form else {}, request.user)
    except ValidationError as error:
        if form is None or not hasattr(error, "error_dict"):
            # A stale view, a conflict, a status that moved on, a guard: said on top of the fresh page.
            messages.error(request, " ".join(error.messages))
            return redirect("vendors:workspace", pk=registration.pk)
        add_service_errors(form, error)
        context = _workspace_context(request, registration, failed={action: form})
        return render(request, "vendors/lpse/workspace.html", context, status=400)
    messages.success(request, DONE[action] % {"number": registration.number})
    return redirect("vendors:workspace", pk=registration.pk)
