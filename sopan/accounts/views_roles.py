"""The organisation's own roles and teams, and its supervisor chain: for holders of MANAGE_ORGANIZATION.

Thin like views_admin: check the capability (403), fetch through the selectors (another organisation's role: 404),
parse the form, call one service, put its `ValidationError` back on the form.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sopan.accounts import roles, selectors, supervisors
from sopan.accounts.forms_admin import OwnRoleForm, SupervisorChainForm
from sopan.accounts.services import own_roles as services
from sopan.accounts.views_admin import organization_admin
from sopan.core.forms import add_service_errors


@login_required
@organization_admin
def own_role_list(request):
    own = list(selectors.own_role_list_for(request.user))
    chain = supervisors.chain_for(request.user.organization_id)
    names = {**dict(roles.CHOICES), **{role.code: role.name for role in own}}
    rows = [(role, names.get(chain.get(role.code, ""), "")) for role in own]
    return render(request, "accounts/admin/own_role_list.html", {"rows": rows})


@login_required
@organization_admin
def own_role_create(request):
    form = OwnRoleForm(request.POST or None, by=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            role = services.own_role_create(
                organization=request.user.organization, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Role %(name)s created.") % {"name": role.name})
            return redirect("accounts:own-role-list")
    return render(request, "accounts/admin/own_role_form.html", {"form": form, "role": None})


@login_required
@organization_admin
def own_role_edit(request, pk: int):
    role = selectors.own_role_get_for(request.user, pk)
    saved_name = role.name
    supervisor = services.supervisor_of(request.user.organization, role.code)
    form = OwnRoleForm(request.POST or None, instance=role, by=request.user, supervisor=supervisor)
    if request.method == "POST" and form.is_valid():
        try:
            role = services.own_role_update(role=role, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Role %(name)s saved.") % {"name": role.name})
            return redirect("accounts:own-role-list")
    return render(request, "accounts/admin/own_role_form.html", {"form": form, "role": role, "saved_name": saved_name})


@login_required
@require_POST
@organization_admin
def own_role_deactivate(request, pk: int):
    role = selectors.own_role_get_for(request.user, pk)
    services.own_role_deactivate(role=role, by=request.user)
    messages.success(
        request,
        _("Role %(name)s is deactivated: it can no longer be assigned. End its current assignments by decree.")
        % {"name": role.name},
    )
    return redirect("accounts:own-role-list")


@login_required
@organization_admin
def supervisor_chain(request):
    organization = request.user.organization
    chain = supervisors.chain_for(organization.pk)
    form = SupervisorChainForm(request.POST or None, by=request.user, chain=chain)
    if request.method == "POST" and form.is_valid():
        try:
            services.role_supervisors_set(organization=organization, chain=form.cleaned_data, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The supervisor chain is saved."))
            return redirect("accounts:supervisor-chain")
    return render(request, "accounts/admin/supervisor_chain.html", {"form": form})
