"""The verifier (SOP Rekrutmen dan Registrasi Penyedia steps 12–15): the queue, the workspace with the entered data
beside each document, the checklist, the automatic findings, and the decisions. Personal data (NIK, identity scans) is
shown only on request, to the verifier and Kepala LPSE roles, and every view of it is logged (UU 27/2022)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from sopan.accounts.policies import require
from sopan.core import workflow_views
from sopan.core.forms import add_service_errors
from sopan.core.listing import pk_url, shorten
from sopan.core.privacy import personal_data
from sopan.core.templatetags.sopan import local_datetimes
from sopan.vendors import identifiers, policies, selectors
from sopan.vendors.models import ApplicantKind, Document, LegalForm, Registration
from sopan.vendors.registration import services
from sopan.vendors.registration.forms_lpse import (
    AcknowledgeForm,
    CheckForm,
    CompletionForm,
    IdentityRevealForm,
    QueueFilterForm,
    RejectForm,
    VersionedForm,
)
from sopan.vendors.registration.services import verification
from sopan.vendors.registration.views_lpse.common import render
from sopan.vendors.registration.views_lpse.documents import viewer_context
from sopan.vendors.registration.views_lpse.panel import CHECKED_AGAINST, entered_data, selected_index
from sopan.vendors.registration.views_lpse.rows import queue_rows, status_badge, step_rows, verdict_badge
from sopan.vendors.workflows import REGISTRATION_FLOW

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
    received_at = local_datetimes()
    rows = [queue_row(registration, now, url_of, received_at) for registration in page.items]
    context = {"form": form, "page": page, "rows": rows, "table_rows": queue_rows(rows)}
    return render(request, "vendors/lpse/queue.html", context)


def queue_row(registration, now, url_of, local_datetime) -> dict:
    """One row of the queue from the columns the selector read (`selectors.QUEUE_COLUMNS`, a named tuple). Labels
    come from the enums; `url_of` is the workspace's URL by pk, resolved once for the page (core.listing.pk_url),
    `local_datetime` the formatter made once for the page (local_datetimes)."""
    due = registration.due_at
    if registration.company_id:
        kind = LegalForm(registration.company__legal_form).label
    else:
        kind = ApplicantKind(registration.applicant_kind).label
    return {
        "number": registration.number,
        "url": url_of(registration.id),
        "applicant": registration.company__name if registration.company_id else registration.person_name,
        "kind": kind,
        "received": local_datetime(registration.received_at),
        "status": registration.status,
        "status_label": S(registration.status).label,
        "verifier": (registration.verifier__full_name or registration.verifier__username)
        if registration.verifier_id
        else "",
        "step": shorten(registration.open_step, 60),
        "due": local_datetime(due) if due else "",
        "overdue": bool(due and due < now),
    }


# --- The workspace -----------------------------------------------------------------------------------------------
def _verifier_registration(request, pk: int) -> Registration:
    registration = selectors.registration_get_for(request.user, pk)
    require(policies.can_verify(request.user, registration))
    return registration


def _document_items(registration, user, *, may_see_identity: bool) -> list[dict]:
    """The checklist: each document with the link that opens it in the viewer. `must_show`: an identity document not
    shown to this user yet cannot be marked (its IdentityView read in the documents' query). The check form is drawn
    for the selected document only (`_check_form`)."""
    items = []
    viewer_url, download_url = pk_url("vendors:document-viewer"), pk_url("vendors:document-download")
    for requirement, document in selectors.checklist_for(registration, shown_to=user):
        item = {"requirement": requirement, "document": document}
        if document is not None:
            item.update(
                viewer_url=viewer_url(document.pk),
                download_url=download_url(document.pk),
                may_view=may_see_identity or not requirement.is_identity,
                must_show=requirement.is_identity and not document.shown,
                # _verdict.html's badge, written by Python (rows.verdict_badge): one include fewer per document
                verdict_badge=verdict_badge(document.verdict, Document.Verdict(document.verdict).label),
                form=None,
            )
        items.append(item)
    return items


def _check_form(document: Document, failed: dict) -> CheckForm:
    prefix = f"doc{document.pk}"
    return failed.get(prefix) or CheckForm(
        prefix=prefix,
        initial={
            "verdict": "" if document.verdict == Document.Verdict.PENDING else document.verdict,
            "note": document.verdict_note,
        },
    )


def _panel(request, items: list[dict], data: dict, wanted: str | None) -> dict:
    """One document at a time (issue 14 §7): the selected one, the data it is checked against, the previous and the
    next. Its viewer is in the page only when the verifier chose it; an identity document then comes veiled (showing
    it is a POST to the viewer, logged), so opening the workspace reads no file and logs nothing."""
    index, asked = selected_index(items, wanted)
    if index is None:
        return {"selected": None}
    uploaded = [i for i, item in enumerate(items) if item["document"] is not None]
    position = uploaded.index(index)
    item = items[index]
    keys = CHECKED_AGAINST.get(item["requirement"].code) or tuple(data)
    panel = {
        "selected": item,
        "checked_against": [data[key] for key in keys if key in data],
        "previous": items[uploaded[position - 1]]["document"] if position > 0 else None,
        "next": items[uploaded[position + 1]]["document"] if position + 1 < len(uploaded) else None,
        "position": position + 1,
        "count": len(uploaded),
        "viewer_html": "",
    }
    if asked and item["may_view"]:
        document = item["document"]
        context = viewer_context(request, document, veiled=item["requirement"].is_identity)
        panel["viewer_html"] = render_to_string("vendors/lpse/document.html#viewer", context, request=request)
    return panel


def _decisions(registration: Registration, user) -> dict[str, bool]:
    """The decision buttons the page shows: the verifier's transitions of REGISTRATION_FLOW the user may take now (by
    the registration's status and whose file it is)."""
    available = {t.name for t in REGISTRATION_FLOW.available(registration, user)}
    return {name: name in available for name in ("take", "request_completion", "approve", "reject")}


def _findings(registration: Registration, *, may_check: bool, failed: dict) -> list[dict]:
    """The automatic findings with their acknowledgements, and the form to acknowledge each one still open."""
    return [
        {
            "finding": finding,
            "acknowledgement": acknowledgement,
            "form": None
            if acknowledgement or not may_check
            else failed.get(f"ack:{finding.key}")
            or AcknowledgeForm(initial={"key": finding.key}, auto_id=f"id_ack{index}_%s"),
        }
        for index, (finding, acknowledgement) in enumerate(verification.findings_with_acknowledgements(registration))
    ]


def _workspace_context(
    request,
    registration: Registration,
    *,
    failed: dict | None = None,
    nik: str = "",
    reveal_form=None,
    document: str | None = None,
) -> dict:
    """The page as the user may use it now; `failed` holds a form that came back with errors, by its name;
    `document` the pk of the document to show (else the one asked for in ?dokumen=)."""
    failed = failed or {}
    user = request.user
    conflicts = policies.conflicts(user, registration)
    mine = registration.verifier_id == user.pk
    status = registration.status
    version = {"version": registration.version}
    case, records = selectors.case_steps_of(registration)
    may_check = not conflicts and status == S.IN_VERIFICATION and mine
    may_see_identity = policies.can_view_identity(user, registration)
    findings = _findings(registration, may_check=may_check, failed=failed)
    nik_masked = identifiers.mask_nik(registration.identity_nik)
    items = _document_items(registration, user, may_see_identity=may_see_identity)
    panel = _panel(request, items, entered_data(registration, nik_masked), document or request.GET.get("dokumen"))
    if may_check and panel["selected"] is not None:
        panel["selected"]["form"] = _check_form(panel["selected"]["document"], failed)
    now = timezone.now()
    return {
        **panel,
        "registration": registration,
        "status_badge": status_badge(status, S(status).label),
        "company": registration.company,
        "nik_masked": nik_masked,
        "nik": nik,
        "may_see_identity": may_see_identity,
        "reveal_form": reveal_form or IdentityRevealForm(),
        "conflicts": conflicts,
        "decisions": _decisions(registration, user) if not conflicts else {},
        "items": items,
        "findings": findings,
        "unacknowledged": sum(1 for f in findings if not f["acknowledgement"]),
        "case": case,
        "records": records,
        "step_rows": step_rows(records, now),
        "completion_form": failed.get("request-completion") or CompletionForm(initial=version),
        "approve_form": failed.get("approve") or VersionedForm(initial=version),
        "reject_form": failed.get("reject") or RejectForm(initial=version),
        # Step 15 archives only on a decision (approval or rejection, which set decided_at): none before, no query.
        "archived": list(registration.archived_files.all()) if registration.decided_at else [],
        "now": now,
    }


@login_required
@personal_data
def workspace(request, pk: int):
    registration = _verifier_registration(request, pk)
    context = _workspace_context(request, registration)
    # Choosing a document from the list swaps only the list and the panel (htmx); without script it is a link.
    template = "vendors/lpse/workspace.html#documents" if request.htmx else "vendors/lpse/workspace.html"
    return render(request, template, context)


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
    context = _workspace_context(request, registration, failed={prefix: form}, document=str(document.pk))
    return render(request, "vendors/lpse/workspace.html", context, status=400)


def _anchor(registration, document) -> str:
    """Back to the workspace on the next document still to be checked after this one (else on this one)."""
    documents = [d for _, d in selectors.checklist_for(registration) if d is not None]
    pks = [d.pk for d in documents]
    after = documents[pks.index(document.pk) + 1 :] if document.pk in pks else []
    following = next((d for d in after if d.verdict == Document.Verdict.PENDING), document)
    url = reverse("vendors:workspace", kwargs={"pk": registration.pk})
    return f"{url}?dokumen={following.pk}#document-panel"


@login_required
@require_POST
def finding_acknowledge(request, pk: int):
    """Acknowledge one automatic finding with a note (step 12; needed before approval, issue 13 §8)."""
    registration = _verifier_registration(request, pk)
    form = AcknowledgeForm(request.POST)
    if form.is_valid():
        key = form.cleaned_data["key"]
        try:
            verification.finding_acknowledge(
                registration=registration, key=key, note=form.cleaned_data["note"], by=request.user
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                messages.error(request, " ".join(error.messages))
                return redirect(reverse("vendors:workspace", kwargs={"pk": registration.pk}) + "#findings")
            add_service_errors(form, error)
        else:
            return redirect(reverse("vendors:workspace", kwargs={"pk": registration.pk}) + "#findings")
        index = next(
            (i for i, (f, _a) in enumerate(verification.findings_with_acknowledgements(registration)) if f.key == key),
            0,
        )
        form.auto_id = f"id_ack{index}_%s"
        failed = {f"ack:{key}": form}
    else:
        messages.error(request, _("The acknowledgement could not be read; reload the page and try again."))
        return redirect(reverse("vendors:workspace", kwargs={"pk": registration.pk}) + "#findings")
    context = _workspace_context(request, registration, failed=failed)
    return render(request, "vendors/lpse/workspace.html", context, status=400)


# --- Decisions ----------------------------------------------------------------------------------------------------
# The verifier's transitions of REGISTRATION_FLOW, each with its form (the page renders them itself) and its service.
def _take(registration, *, by, seen_version, data):
    return services.registration_take(registration=registration, by=by)


def _request_completion(registration, *, by, seen_version, data):
    return services.registration_request_completion(
        registration=registration, note=data["note"], version=seen_version, by=by
    )


def _approve(registration, *, by, seen_version, data):
    return services.registration_approve(registration=registration, version=seen_version, by=by)


def _reject(registration, *, by, seen_version, data):
    return services.registration_reject(
        registration=registration, reason=data["reason"], note=data["note"], version=seen_version, by=by
    )


# the URL's action (its segment name) → the transition
DECISIONS = {
    "take": "take",
    "request-completion": "request_completion",
    "approve": "approve",
    "reject": "reject",
}
SERVICES = {"take": _take, "request_completion": _request_completion, "approve": _approve, "reject": _reject}
FORMS = {"request_completion": CompletionForm, "approve": VersionedForm, "reject": RejectForm}
DONE = {
    "take": _("You are verifying %(number)s now."),
    "request_completion": _("%(number)s is returned to the applicant with the list of what is missing."),
    "approve": _("%(number)s is approved: the account is active and the file archived."),
    "reject": _("%(number)s is rejected; the applicant is told why."),
}


@login_required
@require_POST
@personal_data
def decide(request, pk: int, action: str):
    """Take the file, ask for completion, approve or reject it, through the generic action view. Each decision
    carries the version the verifier saw: when the file changed meanwhile (or a conflict, a status that moved on, a
    guard refuses it), the refusal is said on top of the fresh page; bad input comes back on its form (400)."""
    if action not in DECISIONS:
        raise Http404
    registration = _verifier_registration(request, pk)
    name = DECISIONS[action]

    def render_page(request, *, forms_with_errors, status):
        context = _workspace_context(request, registration, failed={action: forms_with_errors[name]})
        return render(request, "vendors/lpse/workspace.html", context, status=status)

    return workflow_views.transition_view(
        request,
        registration,
        REGISTRATION_FLOW,
        name=name,
        service_for=SERVICES,
        done={key: message % {"number": registration.number} for key, message in DONE.items()},
        redirect_to=reverse("vendors:workspace", kwargs={"pk": registration.pk}),
        forms=FORMS,
        render_page=render_page,
        refused_on_page=lambda error: not hasattr(error, "error_dict"),  # a field's error stays on its form
    )
