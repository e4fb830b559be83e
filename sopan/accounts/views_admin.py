"""Organisation administration, for holders of MANAGE_ORGANIZATION (Kepala LPSE, Kepala UKPBJ, administrators):
the organisation's settings, its unit tree, its users and their role assignments (with SK).

Views stay thin: check the capability (403), fetch through the selectors (another organisation's object: 404),
parse the form, call one service, and put the service's `ValidationError` back on the form.
"""

from __future__ import annotations

import datetime
import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sopan.accounts import policies, selectors, services
from sopan.accounts.forms_admin import (
    AssignmentEndForm,
    AssignmentForm,
    OrganizationForm,
    UnitForm,
    UserCreateForm,
    UserEditForm,
    UserSearchForm,
)
from sopan.accounts.models import Organization, RoleAssignment
from sopan.accounts.services import two_factor
from sopan.core.documents import office
from sopan.core.forms import add_service_errors
from sopan.core.tasks import send_test_mail


def organization_admin(view):
    """Answer 403 to anyone whose roles do not grant MANAGE_ORGANIZATION (in their own organisation)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not policies.can_manage_organization(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


# --- Organisation ------------------------------------------------------------------------------------------------
@login_required
@organization_admin
def organization_settings(request):
    # The form edits its own copy: a rejected form must not show its values as saved elsewhere on the page.
    organization = Organization.objects.get(pk=request.user.organization_id)
    form = OrganizationForm(request.POST or None, request.FILES or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        try:
            services.organization_update(organization=organization, by=request.user, **form.changed_values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The organisation's settings are saved."))
            return redirect("accounts:organization-settings")
    saved = request.user.organization
    context = {
        "form": form,
        "organization": saved,
        "kop": office.kop_surat(saved),
        "place_date": office.place_and_date(saved, timezone.localdate()),
    }
    return render(request, "accounts/admin/organization_settings.html", context)


@login_required
@require_POST
@organization_admin
def organization_test_mail(request):
    """Send oneself a test message through the task queue: proves mail and the background worker both work."""
    user = request.user
    if not user.email:
        messages.error(
            request,
            _(
                "Your account has no e-mail address, so no test message can be sent. Add one "
                "to your account under Users and roles first."
            ),
        )
    else:
        user_id = user.pk
        transaction.on_commit(lambda: send_test_mail.enqueue(user_id=user_id))
        messages.success(
            request,
            _(
                "A test message is on its way to %(email)s. If it has not arrived within a few "
                "minutes, check the mail settings and that the background worker is running."
            )
            % {"email": user.email},
        )
    return redirect("accounts:organization-settings")


# --- Units -------------------------------------------------------------------------------------------------------
@login_required
@organization_admin
def unit_list(request):
    return render(request, "accounts/admin/unit_list.html", {"tree": selectors.unit_tree_for(request.user)})


@login_required
@organization_admin
def unit_create(request):
    form = UnitForm(request.POST or None, by=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            unit = services.unit_create(
                organization=request.user.organization,
                name=data["name"],
                code=data["code"],
                kind=data["kind"],
                parent=data["parent"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Unit %(name)s created.") % {"name": unit.name})
            return redirect("accounts:unit-list")
    return render(request, "accounts/admin/unit_form.html", {"form": form, "unit": None})


@login_required
@organization_admin
def unit_edit(request, pk: int):
    unit = selectors.unit_get_for(request.user, pk)
    saved_name = unit.name  # the form writes into `unit`; the heading keeps the saved name
    form = UnitForm(request.POST or None, instance=unit, by=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.unit_update(unit=unit, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Unit %(name)s saved.") % {"name": unit.name})
            return redirect("accounts:unit-list")
    return render(request, "accounts/admin/unit_form.html", {"form": form, "unit": unit, "saved_name": saved_name})


# --- Users -------------------------------------------------------------------------------------------------------
@login_required
@organization_admin
def user_list(request):
    form = UserSearchForm(request.GET)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    page = selectors.user_list_for(request.user, query=query, cursor=request.GET.get("cursor"))
    partial = request.htmx and not request.htmx.history_restore_request
    template = "accounts/admin/user_list.html#results" if partial else "accounts/admin/user_list.html"
    response = render(request, template, {"form": form, "page": page, "query": query})
    patch_vary_headers(response, ("HX-Request",))  # the same URL answers a page or a fragment; caches must tell
    return response


@login_required
@organization_admin
def user_create(request):
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.user_create(organization=request.user.organization, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Account %(username)s created. An invitation to choose a password is on its way to %(email)s.")
                % {"username": person.username, "email": person.email},
            )
            return redirect("accounts:user-detail", pk=person.pk)
    return render(request, "accounts/admin/user_form.html", {"form": form, "person": None})


def _split_assignments(assignments: list[RoleAssignment], today: datetime.date):
    """Current and upcoming assignments (may still be ended), and the ones already over (history)."""
    current = [a for a in assignments if a.valid_to is None or a.valid_to >= today]
    past = [a for a in assignments if a.valid_to is not None and a.valid_to < today]
    return current, past


@login_required
@organization_admin
def user_detail(request, pk: int):
    person = selectors.user_get_for(request.user, pk)
    today = timezone.localdate()
    current, past = _split_assignments(list(selectors.assignments_of(person)), today)
    return render(
        request, "accounts/admin/user_detail.html", {"person": person, "current": current, "past": past, "today": today}
    )


@login_required
@organization_admin
def user_edit(request, pk: int):
    person = selectors.user_get_for(request.user, pk)
    saved_name = str(person)
    form = UserEditForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.user_update(user=person, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("accounts:user-detail", pk=person.pk)
    return render(request, "accounts/admin/user_form.html", {"form": form, "person": person, "saved_name": saved_name})


@login_required
@require_POST
@organization_admin
def user_unlock(request, pk: int):
    person = selectors.user_get_for(request.user, pk)
    cleared = services.user_unlock(user=person, by=request.user)
    if cleared:
        messages.success(
            request,
            _("Logging in is unblocked for %(name)s; %(count)s records of failed attempts were cleared.")
            % {"name": person, "count": cleared},
        )
    else:
        messages.info(request, _("%(name)s had no failed logins on record; nothing was blocked.") % {"name": person})
    return redirect("accounts:user-detail", pk=person.pk)


@login_required
@require_POST
@organization_admin
def user_reset_two_factor(request, pk: int):
    person = selectors.user_get_for(request.user, pk)
    if person.pk == request.user.pk:
        # One's own authenticator changes only with a fresh code from it (My account), never by administrator rights.
        messages.error(request, _("Replace your own authenticator app in My account, with a code from it."))
        return redirect("accounts:user-detail", pk=person.pk)
    two_factor.two_factor_reset(user=person, by=request.user)
    messages.success(
        request,
        _(
            "Two-factor authentication of %(name)s is reset: they set up their authenticator "
            "app again at their next login."
        )
        % {"name": person},
    )
    return redirect("accounts:user-detail", pk=person.pk)


# --- Role assignments --------------------------------------------------------------------------------------------
@login_required
@organization_admin
def assignment_create(request, pk: int):
    person = selectors.user_get_for(request.user, pk)
    form = AssignmentForm(request.POST or None, by=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            assignment = services.role_assign(user=person, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s now holds the role %(role)s in %(unit)s.")
                % {"name": person, "role": assignment.role_label, "unit": assignment.unit},
            )
            return redirect("accounts:user-detail", pk=person.pk)
    return render(request, "accounts/admin/assignment_form.html", {"form": form, "person": person})


@login_required
@organization_admin
def assignment_end(request, pk: int):
    assignment = selectors.assignment_get_for(request.user, pk)
    form = AssignmentEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.role_assignment_end(
                assignment=assignment,
                valid_to=form.cleaned_data["valid_to"],
                reason=form.cleaned_data["end_reason"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The assignment of %(name)s as %(role)s ends on %(date)s.")
                % {
                    "name": assignment.user,
                    "role": assignment.role_label,
                    "date": date_format(form.cleaned_data["valid_to"]),
                },
            )
            return redirect("accounts:user-detail", pk=assignment.user_id)
    return render(request, "accounts/admin/assignment_end.html", {"form": form, "assignment": assignment})
