"""The archive pages under /standar-lpse/arsip/ (annex 2.6.5 b): what is due for destruction or transfer over the
registration and ticket archives, the decisions with their Berita Acara, and the retention rules (a declared register,
urls_archives.py). For the Koordinator LPSE, the Kepala LPSE and the Administrator Sistem; a vendor gets 403."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sopan.archives import forms as f
from sopan.archives import policies, printing, selectors, services_archives
from sopan.core.documents.serving import file_response
from sopan.core.forms import add_service_errors


@login_required
@require_GET
def overview(request):
    user = request.user
    context = {
        "summary": selectors.due_summary_for(user),
        "dispositions": selectors.disposition_list_for(user, cursor=request.GET.get("cursor")),
        "can_manage": policies.can_manage_archives(user, user.organization),
    }
    return render(request, "archives/overview.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def due_list(request, kind: str):
    user = request.user
    due, page = selectors.due_list_for(user, kind, cursor=request.GET.get("cursor"))
    can_manage = policies.can_manage_archives(user, user.organization)
    form = f.DispositionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                disposition = services_archives.disposition_record(
                    organization=user.organization, kind=kind, by=user, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Decision %(number)s is recorded.") % {"number": disposition.number})
                return redirect(reverse("archives:overview"))
        status = 400
    context = {"due": due, "page": page, "form": form, "can_manage": can_manage}
    return render(request, "archives/due_list.html", context, status=status)


@login_required
@require_GET
def disposition_print(request, pk: int):
    disposition = selectors.disposition_get_for(request.user, pk)
    printed = printing.berita_acara(disposition)
    return file_response(printed.content, filename=printed.filename, inline=True)
