"""The LPSE's registration settings: expiry, retention, the two-person rule and the upload limit; the required documents
per kind of applicant; the verification appointments (one, or a weekly series)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from sopan.accounts.policies import require
from sopan.core.forms import add_service_errors
from sopan.vendors import policies, selectors
from sopan.vendors.models import ApplicantKind
from sopan.vendors.registration.forms_lpse import RequiredDocumentForm, SlotForm, SlotSeriesForm, VendorSettingsForm
from sopan.vendors.registration.services import configuration
from sopan.vendors.registration.views_lpse.common import render


def _require_manager(request) -> None:
    require(policies.can_manage_settings(request.user, request.user.organization))


def _page(request, *, settings_form=None, slot_form=None, series_form=None, status: int = 200):
    user = request.user
    requirements = selectors.required_documents_for(user)
    context = {
        "settings_form": settings_form or VendorSettingsForm(instance=selectors.settings_for(user.organization)),
        "requirement_groups": [
            (label, [r for r in requirements if r.applicant_kind == kind]) for kind, label in ApplicantKind.choices
        ],
        "slots": selectors.slots_for(user),
        "slot_form": slot_form or SlotForm(),
        "series_form": series_form or SlotSeriesForm(),
    }
    return render(request, "vendors/lpse/settings.html", context, status=status)


@login_required
def settings_page(request):
    _require_manager(request)
    if request.method != "POST":
        return _page(request)
    organization = request.user.organization
    form = VendorSettingsForm(request.POST, instance=selectors.settings_for(organization))
    if form.is_valid():
        try:
            configuration.vendor_settings_update(organization=organization, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The registration settings are saved."))
            return redirect("vendors:settings")
    return _page(request, settings_form=form, status=400)


def _requirement_page(request, form, requirement=None):
    context = {"form": form, "requirement": requirement}
    return render(request, "vendors/lpse/requirement_form.html", context, status=400 if form.errors else 200)


@login_required
def requirement_create(request):
    _require_manager(request)
    initial = {"applicant_kind": request.GET.get("jenis")} if request.GET.get("jenis") in ApplicantKind.values else {}
    form = RequiredDocumentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            requirement = configuration.required_document_create(
                organization=request.user.organization,
                applicant_kind=data["applicant_kind"],
                code=data["code"],
                label=data["label"],
                help_text=data["help_text"],
                legal_forms=data["legal_forms"],
                is_identity=data["is_identity"],
                is_required=data["is_required"],
                position=data["position"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(document)s is added to the list.") % {"document": requirement.label})
            return redirect(reverse("vendors:settings") + "#documents")
    return _requirement_page(request, form)


@login_required
def requirement_edit(request, pk: int):
    requirement = selectors.required_document_get_for(request.user, pk)
    _require_manager(request)
    form = RequiredDocumentForm(request.POST or None, instance=requirement)
    if request.method == "POST" and form.is_valid():
        try:
            configuration.required_document_update(requirement=requirement, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(document)s is saved.") % {"document": form.cleaned_data["label"]})
            return redirect(reverse("vendors:settings") + "#documents")
    return _requirement_page(request, form, requirement)


@login_required
@require_POST
def slot_create(request):
    _require_manager(request)
    form = SlotForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            configuration.slot_create(
                organization=request.user.organization,
                starts_at=data["starts_at"],
                ends_at=data["starts_at"] + datetime.timedelta(minutes=data["duration_minutes"]),
                capacity=data["capacity"],
                mode=data["mode"],
                location=data["location"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The appointment is open for booking."))
            return redirect(reverse("vendors:settings") + "#slots")
    return _page(request, slot_form=form, status=400)


@login_required
@require_POST
def slot_series(request):
    _require_manager(request)
    form = SlotSeriesForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            created, existing = configuration.slots_create_series(
                organization=request.user.organization,
                first_day=data["first_day"],
                weeks=data["weeks"],
                weekdays=data["weekdays"],
                start=data["start"],
                duration_minutes=data["duration_minutes"],
                capacity=data["capacity"],
                mode=data["mode"],
                location=data["location"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            count = len(created)
            text = ngettext(
                "%(count)s appointment is open for booking.", "%(count)s appointments are open for booking.", count
            ) % {"count": count}
            if existing:
                text += " " + ngettext(
                    "%(count)s already existed and was left as it is.",
                    "%(count)s already existed and were left as they are.",
                    existing,
                ) % {"count": existing}
            messages.success(request, text)
            return redirect(reverse("vendors:settings") + "#slots")
    return _page(request, series_form=form, status=400)


@login_required
@require_POST
def slot_delete(request, pk: int):
    slot = selectors.slot_get_for(request.user, pk)
    _require_manager(request)
    try:
        configuration.slot_delete(slot=slot, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The appointment is deleted."))
    return redirect(reverse("vendors:settings") + "#slots")
