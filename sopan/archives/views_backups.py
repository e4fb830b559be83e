"""The backup pages under /standar-lpse/cadangan/ (annex 2.6.5 a): the log of SPSE backups with the overdue alert,
the restore tests (of the SPSE, and Sopan's own drill) with their results and evidence, the interval setting. For the
Koordinator LPSE, the Kepala LPSE and the Administrator Sistem; a vendor gets 403. Views stay thin."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sopan.archives import forms as f
from sopan.archives import policies, selectors, services_backups
from sopan.archives.models import RestoreTest
from sopan.core.documents.serving import file_response
from sopan.core.forms import add_service_errors


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _page(request, *, settings_form=None, status: int = 200):
    user = request.user
    organization = user.organization
    current = services_backups.settings_for(organization)
    context = {
        "status": selectors.backup_status(organization),
        "backups": selectors.backup_list_for(user, cursor=request.GET.get("cursor")),
        "tests": selectors.restore_test_list_for(user, cursor=request.GET.get("tcursor")),
        "backup_settings": current,
        "can_record": policies.can_record_backups(user, organization),
        "can_manage": policies.can_manage_archives(user, organization),
        "settings_form": settings_form
        or f.SettingsForm(
            initial={"interval_hours": current.interval_hours, "source": current.source, "version": current.version}
        ),
    }
    return render(request, "archives/backups.html", context, status=status)


@login_required
@require_GET
def backups(request):
    return _page(request)


@login_required
@require_http_methods(["GET", "POST"])
def backup_create(request):
    user = request.user
    _require(policies.can_view(user) and policies.can_record_backups(user, user.organization))
    form = f.BackupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services_backups.backup_record(organization=user.organization, by=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The backup is logged."))
            return redirect("backups:backups")
    status = 400 if form.is_bound else 200
    return render(request, "archives/backup_form.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def restore_test_create(request):
    user = request.user
    organization = user.organization
    _require(policies.can_view(user) and policies.can_record_backups(user, organization))
    backups = selectors.recent_backups(organization)
    form = f.RestoreTestForm(request.POST or None, request.FILES or None, backups=backups)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        chosen = data.pop("backup")
        data["backup"] = next((b for b in backups if b.pk == chosen), None)
        try:
            services_backups.restore_test_record(organization=organization, by=user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The restore test is recorded."))
            return redirect("backups:backups")
    status = 400 if form.is_bound else 200
    return render(request, "archives/restore_test_form.html", {"form": form}, status=status)


@login_required
@require_GET
def restore_test_evidence(request, pk: int):
    test: RestoreTest = selectors.restore_test_get_for(request.user, pk)
    if not test.evidence:
        raise Http404
    return file_response(test.evidence, filename=test.evidence.name.rsplit("/", 1)[-1])


@login_required
@require_POST
def settings_update(request):
    user = request.user
    _require(policies.can_view(user) and policies.can_manage_archives(user, user.organization))
    form = f.SettingsForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services_backups.backup_settings_update(
                organization=user.organization, interval_hours=data["interval_hours"], source=data["source"],
                seen_version=data["version"], by=user,
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The backup interval is saved."))
            return redirect("backups:backups")
    return _page(request, settings_form=form, status=400)
