"""The helpdesk settings of the organisation, for its administrators (`policies.can_manage_helpdesk_settings`): the
closing rules, the Tabel Prioritas Penyelesaian Permasalahan (each priority's targets, the urgency × impact matrix)
and the IMAP mailbox. One page shows all; each form posts to its own URL, calls one service and redirects, or renders
the page again with the service's errors on that form (400)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sopan.accounts.policies import require
from sopan.core.forms import add_service_errors
from sopan.core.selectors import calendar_for
from sopan.helpdesk import defaults, policies
from sopan.helpdesk.configuration import services
from sopan.helpdesk.configuration.forms import HelpdeskSettingsForm, MailboxForm, PriorityLevelForm, PriorityMatrixForm
from sopan.helpdesk.configuration.services import working_day_hours
from sopan.helpdesk.models import Mailbox, PriorityLevel, PriorityRule


def _admin(request):
    require(policies.can_manage_helpdesk_settings(request.user, request.user.organization))
    return request.user.organization


def _levels(organization):
    return PriorityLevel.objects.filter(organization=organization).order_by("rank")


def _render(request, organization, *, settings_form=None, level_form=None, matrix_form=None, mailbox_form=None):
    defaults.ensure_priority_table(organization)
    levels = list(_levels(organization))
    mailbox = Mailbox.objects.filter(organization=organization).first()
    rules = PriorityRule.objects.filter(organization=organization)
    level_forms = [
        level_form if level_form is not None and level_form.level.pk == level.pk else PriorityLevelForm(level=level)
        for level in levels
    ]
    failed = any(form is not None for form in (settings_form, level_form, matrix_form, mailbox_form))
    context = {
        "organization": organization,
        "settings_form": settings_form or HelpdeskSettingsForm(settings=defaults.settings_for(organization)),
        "level_forms": level_forms,
        "matrix_form": matrix_form or PriorityMatrixForm(levels=_levels(organization), rules=rules),
        "mailbox_form": mailbox_form or MailboxForm(mailbox=mailbox),
        "mailbox": mailbox,
        "day_hours": working_day_hours(calendar_for(organization)),
    }
    return render(request, "helpdesk/settings/settings.html", context, status=400 if failed else 200)


@login_required
@require_GET
def settings_page(request):
    return _render(request, _admin(request))


@login_required
@require_POST
def settings_update(request):
    organization = _admin(request)
    form = HelpdeskSettingsForm(request.POST)
    if form.is_valid():
        try:
            services.settings_update(organization=organization, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The helpdesk settings are saved."))
            return redirect("helpdesk:settings")
    return _render(request, organization, settings_form=form)


@login_required
@require_POST
def priority_level_update(request, pk: int):
    organization = _admin(request)
    level = get_object_or_404(_levels(organization), pk=pk)  # another organisation's priority is not found
    form = PriorityLevelForm(request.POST, level=level)
    if form.is_valid():
        try:
            level = services.priority_level_update(level=level, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Priority %(priority)s is saved; new and reclassified tickets get its targets.")
                % {"priority": level.label},
            )
            return redirect("helpdesk:settings")
    return _render(request, organization, level_form=form)


@login_required
@require_POST
def priority_matrix_update(request):
    organization = _admin(request)
    defaults.ensure_priority_table(organization)
    rules = PriorityRule.objects.filter(organization=organization)
    form = PriorityMatrixForm(request.POST, levels=_levels(organization), rules=rules)
    if form.is_valid():
        try:
            services.priority_matrix_update(organization=organization, by=request.user, cells=form.cells())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The priority matrix is saved; new and reclassified tickets follow it."))
            return redirect("helpdesk:settings")
    return _render(request, organization, matrix_form=form)


@login_required
@require_POST
def mailbox_update(request):
    organization = _admin(request)
    mailbox = Mailbox.objects.filter(organization=organization).first()
    form = MailboxForm(request.POST, mailbox=mailbox)
    if form.is_valid():
        try:
            services.mailbox_update(organization=organization, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The mailbox is saved; it is read at the next poll."))
            return redirect("helpdesk:settings")
    return _render(request, organization, mailbox_form=form)
