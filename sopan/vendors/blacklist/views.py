"""Screens of the blacklist register (Daftar Hitam): the entries, the import of the national list, the history of
imports. For the organisation's verifiers and administrators (`policies.can_import_blacklist`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sopan.core.forms import add_service_errors
from sopan.vendors import policies
from sopan.vendors.blacklist import selectors, services
from sopan.vendors.blacklist.forms import BlacklistImportForm, BlacklistSearchForm


def _require_access(user) -> None:
    if not policies.can_import_blacklist(user, user.organization):
        raise PermissionDenied


@login_required
def blacklist_list(request):
    _require_access(request.user)
    form = BlacklistSearchForm(request.GET or None)
    page = selectors.blacklist_entries_for(
        request.user, query=form.value("q"), state=form.value("state"), cursor=request.GET.get("cursor")
    )
    latest = selectors.blacklist_imports_for(request.user, size=1).items
    context = {"form": form, "page": page, "latest": latest[0] if latest else None, "section": "entries"}
    return render(request, "vendors/blacklist/list.html", context)


@login_required
def blacklist_import(request):
    _require_access(request.user)
    form = BlacklistImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            source = services.blacklist_import(
                organization=request.user.organization, uploaded=form.cleaned_data["file"], by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(count)s entries imported from %(file)s; they replace the previous register.")
                % {"count": source.rows, "file": source.file_name},
            )
            return redirect("vendors:blacklist-list")
    return render(request, "vendors/blacklist/import.html", {"form": form, "section": "import"})


@login_required
def blacklist_history(request):
    _require_access(request.user)
    page = selectors.blacklist_imports_for(request.user, cursor=request.GET.get("cursor"))
    return render(request, "vendors/blacklist/history.html", {"page": page, "section": "history"})
