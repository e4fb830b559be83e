"""The vendor's side of registration (issue 4 §1; SOP Rekrutmen dan Registrasi Penyedia steps 1–6): the public
sign-up per organisation, the online form behind the mailed link, and the applicant's own pages — status, documents,
appointment, printable forms.

Views stay thin: fetch through the selectors, parse the form, call one service, put the service's ValidationError back
on the form. The applicant's pages show only the applicant's own registration (anyone else: 404).
"""

from __future__ import annotations

import itertools

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sopan.accounts.models import Organization
from sopan.core.documents.serving import file_response
from sopan.core.forms import add_service_errors
from sopan.core.privacy import personal_data
from sopan.core.ratelimits import public_rate_limit
from sopan.sop import api as sop_api
from sopan.vendors import selectors
from sopan.vendors.models import ApplicantKind, AppointmentSlot, Document, Registration
from sopan.vendors.registration import printing, services
from sopan.vendors.registration.forms_public import (
    DocumentUploadForm,
    NonVendorRegistrationForm,
    SignupForm,
    SlotForm,
    VendorRegistrationForm,
)
from sopan.vendors.workflows import PROCEDURE

S = Registration.Status
LOGIN_BACKEND = "sopan.accounts.backends.ModelBackend"


def _registration_open(organization) -> bool:
    try:
        sop_api.version_for(organization=organization, procedure=PROCEDURE)
    except sop_api.ProcedureNotReady:
        return False
    return True


def _own_registration(request) -> Registration:
    registration = selectors.registration_of(request.user)
    if registration is None:
        raise Http404
    return registration


# --- Step 1: the e-mail address --------------------------------------------------------------------------------
def signup_choose(request):
    """/daftar/: the organisations whose LPSE registers applicants here."""
    organizations = [o for o in Organization.objects.order_by("name") if _registration_open(o)]
    return render(request, "vendors/public/signup_choose.html", {"organizations": organizations})


@public_rate_limit("signup", "10/h")
def signup(request, org: str):
    """Ask for the confirmation link. The answer is the same whether or not the address has an account."""
    organization = get_object_or_404(Organization, slug=org)
    if not _registration_open(organization):
        return render(request, "vendors/public/signup.html", {"organization": organization, "not_ready": True})
    initial = {"applicant_kind": request.GET.get("jenis")} if request.GET.get("jenis") in ApplicantKind.values else {}
    form = SignupForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.signup_request(
                organization=organization,
                email=form.cleaned_data["email"],
                applicant_kind=form.cleaned_data["applicant_kind"],
            )
        except sop_api.ProcedureNotReady:
            return render(request, "vendors/public/signup.html", {"organization": organization, "not_ready": True})
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return render(
                request,
                "vendors/public/signup_sent.html",
                {"organization": organization, "email": form.cleaned_data["email"]},
            )
    return render(request, "vendors/public/signup.html", {"organization": organization, "form": form})


# --- Step 1: the online form behind the link -------------------------------------------------------------------
def _link_problem(request, token: str, error: ValidationError):
    """The link is unknown, used or expired: say which, and offer a new link for the same organisation."""
    confirmation = selectors.confirmation_of_link(token)
    context = {"problem": " ".join(error.messages), "code": getattr(error, "code", "") or "unknown"}
    if confirmation is not None:
        context["organization"] = confirmation.organization
        context["form"] = SignupForm(initial={"applicant_kind": confirmation.applicant_kind})
    return render(request, "vendors/public/link_problem.html", context, status=410 if confirmation else 404)


@personal_data
def signup_form(request, token: str):
    """The online form (company or person, admin, login details); the user ID is mailed on submit."""
    confirmation = selectors.confirmation_of_link(token)
    zone = confirmation.organization.timezone if confirmation else None
    with timezone.override(zone):
        try:
            confirmation = services.confirmation_check(token=token)
        except ValidationError as error:
            return _link_problem(request, token, error)
    organization = confirmation.organization
    vendor = confirmation.applicant_kind == ApplicantKind.VENDOR
    if vendor:
        form = VendorRegistrationForm(request.POST or None)
    else:
        form = NonVendorRegistrationForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        try:
            with timezone.override(organization.timezone):
                registration = services.registration_submit(
                    token=token, language=request.LANGUAGE_CODE, **form.service_arguments()
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            login(request, registration.user, backend=LOGIN_BACKEND)
            messages.success(
                request,
                _(
                    "Your application %(number)s is submitted. We have sent your user ID %(username)s to %(email)s. "
                    "Next: print and sign the forms, upload the documents and choose an appointment."
                )
                % {
                    "number": registration.number,
                    "username": registration.user.username,
                    "email": registration.user.email,
                },
            )
            return redirect("vendors:registration-status")
    context = {"form": form, "organization": organization, "confirmation": confirmation, "vendor": vendor}
    return render(request, "vendors/public/registration_form.html", context)


# --- The applicant's pages --------------------------------------------------------------------------------------
def _stages(registration: Registration, missing: list) -> list[dict]:
    """The progress strip: form → documents → appointment → file received → verification → decision."""
    status = registration.status
    received = status in (S.RECEIVED, S.IN_VERIFICATION, S.COMPLETION_REQUESTED, S.APPROVED, S.REJECTED)
    decided = status in (S.APPROVED, S.REJECTED)
    done = [
        True,
        not missing and status != S.COMPLETION_REQUESTED,
        registration.slot_id is not None or received,
        received,
        decided,
        decided,
    ]
    labels = [
        _("Online form"),
        _("Documents"),
        _("Appointment"),
        _("File received"),
        _("Verification"),
        _("Decision"),
    ]
    current = next((i for i, flag in enumerate(done) if not flag), None)
    if status == S.EXPIRED:
        current = None
    return [
        {"label": label, "state": "done" if flag else ("current" if i == current else "todo")}
        for i, (label, flag) in enumerate(zip(labels, done, strict=True))
    ]


@login_required
@personal_data
def registration_status(request):
    """Where the application stands, what is missing, what to bring, the decision and its reason."""
    registration = _own_registration(request)
    missing = selectors.missing_requirements(registration)
    context = {
        "registration": registration,
        "progress": selectors.applicant_progress(registration, missing),
        "stages": _stages(registration, missing),
        "missing": missing,
        "forms": printing.forms_for(registration),
        "editable": registration.status in services.EDITABLE,
        "can_prepare": registration.status == S.SUBMITTED,
        "can_resubmit": registration.status == S.COMPLETION_REQUESTED,
    }
    return render(request, "vendors/public/status.html", context)


@login_required
@require_POST
def registration_prepare(request):
    """ "Kirim untuk verifikasi": the forms are signed, the berkas uploaded and the appointment booked (steps 2–6)."""
    registration = _own_registration(request)
    try:
        services.registration_prepare(registration=registration, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your file is ready for verification. Bring it to your appointment."))
    return redirect("vendors:registration-status")


@login_required
@require_POST
def registration_resubmit(request):
    """ "Kirim kelengkapan": the completed berkas goes back to the verifier (step 13 → 6–7)."""
    registration = _own_registration(request)
    try:
        services.registration_resubmit(registration=registration, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your completed file is sent back to the verifier."))
    return redirect("vendors:registration-status")


@login_required
@personal_data
def form_print(request, code: str):
    """One printable form (steps 2–5), prefilled from the online data, as a PDF."""
    registration = _own_registration(request)
    spec = next((s for s in printing.forms_for(registration) if s.code == code), None)
    if spec is None:
        raise Http404
    try:
        content = printing.render_form(code, registration)
    except KeyError as exc:
        raise Http404 from exc
    return file_response(content, filename=spec.filename(registration), personal=True)


@login_required
@personal_data
def receipt(request):
    """The Formulir Tanda Terima Berkas of the applicant's own file, once the front office has received it (step 8)."""
    registration = _own_registration(request)
    if registration.received_at is None:
        raise Http404
    return file_response(
        printing.receipt_pdf(registration), filename=printing.RECEIPT.filename(registration), personal=True
    )


def _document_rows(registration, *, posted: DocumentUploadForm | None = None) -> list[dict]:
    rows = []
    for requirement, document in selectors.checklist_for(registration):
        if posted is not None and posted.data.get("requirement") == str(requirement.pk):
            form = posted
        else:
            form = DocumentUploadForm(initial={"requirement": requirement.pk}, auto_id=f"id_doc{requirement.pk}_%s")
        rows.append({"requirement": requirement, "document": document, "form": form})
    return rows


@login_required
@personal_data
def documents(request):
    """The checklist of documents with each one's status, and an upload per row (step 6). With HTMX, only the row."""
    registration = _own_registration(request)
    context = {"registration": registration, "editable": registration.status in services.EDITABLE}
    if request.method != "POST":
        context["progress"] = selectors.applicant_progress(registration, selectors.missing_requirements(registration))
        return render(request, "vendors/public/documents.html", {**context, "rows": _document_rows(registration)})
    posted = DocumentUploadForm(request.POST, request.FILES, auto_id=f"id_doc{request.POST.get('requirement', '')}_%s")
    requirement = None
    if posted.is_valid():
        wanted = posted.cleaned_data["requirement"]
        requirement = next((r for r, _d in selectors.checklist_for(registration) if r.pk == wanted), None)
        if requirement is None:
            raise Http404
        try:
            services.document_upload(
                registration=registration,
                requirement=requirement,
                uploaded=posted.cleaned_data["file"],
                by=request.user,
            )
        except ValidationError as error:
            # The content check names no field: its message belongs next to the file it is about.
            if hasattr(error, "error_dict"):
                add_service_errors(posted, error)
            else:
                posted.add_error("file", error)
        else:
            if not request.htmx:
                messages.success(request, _("%(document)s is uploaded.") % {"document": requirement.label})
                return redirect("vendors:documents")
            posted = None
    rows = _document_rows(registration, posted=posted)
    # The badge follows the upload at once, in the htmx answer too (swapped out of band).
    context["progress"] = selectors.applicant_progress(registration, selectors.missing_requirements(registration))
    if request.htmx and requirement is not None:
        row = next(r for r in rows if r["requirement"].pk == requirement.pk)
        row["saved"] = posted is None
        return render(request, "vendors/public/documents.html#row-and-badge", {**context, "row": row})
    return render(request, "vendors/public/documents.html", {**context, "rows": rows}, status=400)


@login_required
@personal_data
def document_file(request, pk: int):
    """The applicant's own uploaded file; a view of an identity document is logged (UU 27/2022)."""
    registration = _own_registration(request)
    document = Document.objects.select_related("requirement").filter(pk=pk, registration=registration).first()
    if document is None or not document.file:
        raise Http404
    response = file_response(document.file, filename=document.name, personal=True)
    if document.requirement.is_identity:
        services.identity_viewed(registration=registration, document=document, by=request.user, what="document")
    return response


@login_required
@personal_data
def appointment(request):
    """The verification appointment: a slot at the LPSE office or an online session (step 6–7)."""
    registration = _own_registration(request)
    form = SlotForm(request.POST or None)
    error = None
    if request.method == "POST":
        slot = AppointmentSlot.objects.filter(pk=form.cleaned_data["slot"]).first() if form.is_valid() else None
        if slot is None:
            error = _("This appointment does not exist.")
        else:
            try:
                services.slot_book(registration=registration, slot=slot, by=request.user)
            except ValidationError as exc:
                error = " ".join(exc.messages)
            else:
                messages.success(request, _("Your appointment is booked."))
                return redirect("vendors:registration-status")
    slots = selectors.open_slots_for(registration)
    for slot in slots:
        slot.free = slot.capacity - slot.booked
    days = [
        (day, list(group))
        for day, group in itertools.groupby(slots, key=lambda s: timezone.localtime(s.starts_at).date())
    ]
    context = {
        "registration": registration,
        "progress": selectors.applicant_progress(registration, selectors.missing_requirements(registration)),
        "days": days,
        "error": error,
        "editable": registration.status in (S.SUBMITTED, S.READY, S.COMPLETION_REQUESTED),
    }
    return render(request, "vendors/public/appointment.html", context, status=400 if error else 200)
