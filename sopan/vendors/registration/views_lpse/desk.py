"""The front office (Petugas Registrasi; SOP Rekrutmen dan Registrasi Penyedia steps 7–11): look the applicant up,
ask whether the online registration was done (step 9) and register them on the spot if not (step 10), take the
documents they bring, receive the file, print the receipt."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sopan.accounts.policies import require
from sopan.core.documents.serving import file_response
from sopan.core.forms import add_service_errors
from sopan.core.privacy import personal_data
from sopan.vendors import identifiers, policies, selectors
from sopan.vendors.models import ApplicantKind, Registration
from sopan.vendors.registration import printing, services
from sopan.vendors.registration.forms_lpse import DeskNonVendorForm, DeskVendorForm, LookupForm, ReceiveForm
from sopan.vendors.registration.forms_public import DocumentUploadForm
from sopan.vendors.registration.views_lpse.common import render

S = Registration.Status
RECEIVABLE = (S.SUBMITTED, S.READY)


@login_required
@personal_data
def desk(request):
    require(policies.can_work_desk(request.user))
    form = LookupForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    page = selectors.desk_lookup_for(request.user, query=query, cursor=request.GET.get("cursor"))
    context = {
        "form": form,
        "query": query,
        "page": page,
        "expected": selectors.desk_expected_for(request.user),
        "receivable": RECEIVABLE,
    }
    return render(request, "vendors/lpse/desk.html", context)


def _initial_from_lookup(query: str) -> dict:
    """What the officer already typed in the lookup goes into the form: an e-mail, or an NPWP."""
    query = (query or "").strip()
    if "@" in query:
        return {"login_email": query}
    digits = identifiers.normalize_digits(query)
    if len(digits) in (15, 16) and digits == query.replace(".", "").replace("-", ""):
        return {"npwp": digits}
    return {}


@login_required
@personal_data
def desk_register(request):
    """Step 9 "Belum" → step 10: the applicant has not registered online; the officer fills the form with them."""
    require(policies.can_work_desk(request.user))
    kind = request.GET.get("jenis", ApplicantKind.VENDOR)
    if kind not in ApplicantKind.values:
        kind = ApplicantKind.VENDOR
    organization = request.user.organization
    data = request.POST if request.method == "POST" else None
    initial = _initial_from_lookup(request.GET.get("q", ""))
    if kind == ApplicantKind.VENDOR:
        form = DeskVendorForm(data, initial=initial)
    else:
        form = DeskNonVendorForm(data, initial=initial, organization=organization)
    if data is not None and form.is_valid():
        arguments = form.service_arguments()
        try:
            registration = services.registration_submit_at_desk(
                organization=organization,
                email=arguments["email"],
                company=arguments["company"],
                person=arguments["person"],
                username=arguments["username"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Registered as %(number)s. The user ID and a link to choose a password are on their way to "
                    "%(email)s."
                )
                % {"number": registration.number, "email": registration.user.email},
            )
            return redirect("vendors:desk-detail", pk=registration.pk)
    context = {"form": form, "kind": kind, "kinds": ApplicantKind.choices}
    return render(request, "vendors/lpse/desk_register.html", context, status=400 if form.errors else 200)


def person_at_desk(registration: Registration) -> str:
    """Who is expected to hand the file over: a person, never the company (the administrator named in the
    registration, or the non-vendor applicant); the officer changes it for someone holding a Surat Kuasa."""
    return registration.company.admin_name if registration.company_id else registration.person_name


def _desk_registration(request, pk: int) -> Registration:
    registration = selectors.registration_get_for(request.user, pk)
    require(policies.can_work_desk(request.user, registration))
    return registration


@login_required
@personal_data
def desk_detail(request, pk: int):
    registration = _desk_registration(request, pk)
    checklist = selectors.checklist_for(registration)
    context = {
        "registration": registration,
        "checklist": checklist,
        "missing": [r for r, document in checklist if r.is_required and document is None],
        "nik": identifiers.mask_nik(registration.identity_nik),
        "can_upload": registration.status in services.EDITABLE,
        "can_receive": registration.status in RECEIVABLE,
        "receive_form": ReceiveForm(initial={"brought_by": person_at_desk(registration)}),
    }
    return render(request, "vendors/lpse/desk_detail.html", context)


@login_required
@require_POST
def desk_receive(request, pk: int):
    """Steps 7–11: the file is handed over and passed to the verifiers; the receipt is printed next."""
    registration = _desk_registration(request, pk)
    form = ReceiveForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["brought_by"]))
        return redirect("vendors:desk-detail", pk=registration.pk)
    try:
        services.registration_receive(
            registration=registration, brought_by=form.cleaned_data["brought_by"], by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("File %(number)s received and passed to the verifiers. Print the receipt for the applicant.")
            % {"number": registration.number},
        )
    return redirect("vendors:desk-detail", pk=registration.pk)


@login_required
@require_POST
@personal_data
def desk_upload(request, pk: int):
    """A walk-in applicant brings a document: the officer uploads it for them."""
    registration = _desk_registration(request, pk)
    form = DocumentUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose the document and its file."))
        return redirect("vendors:desk-detail", pk=registration.pk)
    requirement = next(
        (r for r in selectors.requirements_for(registration) if r.pk == form.cleaned_data["requirement"]), None
    )
    if requirement is None:
        messages.error(request, _("This document is not asked of this application."))
        return redirect("vendors:desk-detail", pk=registration.pk)
    try:
        services.document_upload(
            registration=registration, requirement=requirement, uploaded=form.cleaned_data["file"], by=request.user
        )
    except ValidationError as error:
        messages.error(
            request,
            _("%(document)s: %(problem)s") % {"document": requirement.label, "problem": " ".join(error.messages)},
        )
    else:
        messages.success(request, _("%(document)s is uploaded.") % {"document": requirement.label})
    return redirect("vendors:desk-detail", pk=registration.pk)


@login_required
@personal_data
def receipt_pdf(request, pk: int):
    """The Formulir Tanda Terima Berkas of a received file."""
    registration = _desk_registration(request, pk)
    if registration.received_at is None:
        raise Http404
    return file_response(
        printing.receipt_pdf(registration),
        filename=f"tanda-terima-{registration.number}.pdf",
        inline=True,
        personal=True,
    )
