"""The SPSE import page (issue 17 §1): upload → preview → confirm, as the RUP import page (views.py), whose pieces
it reuses: the uploaded bytes wait on the server (cache) under a random key, the page carries only a token signed
for the person, the organisation and this import. The confirmation reads the kept bytes again and imports them with
`spse_import(commit=True)`, which runs every row again: what changed in the meantime is never imported unseen."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_http_methods

from sopan.core.forms import add_service_errors
from sopan.procurement import policies
from sopan.procurement.forms import RupUploadForm
from sopan.procurement.spse_import import spse_import
from sopan.procurement.views import SHOWN_CODES, _keep, _kept, _require

WHAT = "spse"


class SpseUploadForm(RupUploadForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = _l("SPSE export")
        self.fields["file"].help_text = _l(
            "An XLSX, CSV or JSON file with SPSE's own column names (kd_rup, kd_tender, tgl_pengumuman_tender, …)."
        )


def _preview(request, form) -> dict:
    upload = form.cleaned_data["file"]
    try:
        result = spse_import(organization=request.user.organization, upload=upload, by=request.user, commit=False)
    except ValidationError as error:
        add_service_errors(form, error)
        return {}
    context = {"result": result, "shown": SHOWN_CODES}
    if result.ok:
        upload.seek(0)
        context["token"] = _keep(request, result.file_name or upload.name, upload.read(), WHAT)
    return context


def _confirm(request) -> dict | None:
    """Import the kept file: None when done (the message is set), else what to show."""
    kept = _kept(request, WHAT)
    if kept is None:
        return {"expired": True}
    key, upload = kept
    try:
        result = spse_import(organization=request.user.organization, upload=upload, by=request.user, commit=True)
    except ValidationError as error:
        return {"problems": error.messages}
    if not result.committed:
        return {"result": result, "shown": SHOWN_CODES}
    cache.delete(key)
    messages.success(
        request,
        _("SPSE imported: %(recorded)s milestone(s) recorded, %(unchanged)s package(s) unchanged.")
        % {"recorded": len(result.recorded), "unchanged": len(result.unchanged)},
    )
    return None


@login_required
@require_http_methods(["GET", "POST"])
def spse_import_page(request):
    """The UKPBJ brings SPSE's tender milestones into its packages (Persiapan Pemilihan 8–9, Proses Utama 5–8)."""
    user = request.user
    _require(policies.can_import_spse(user, user.organization))
    confirming = request.method == "POST" and "token" in request.POST
    form = SpseUploadForm(None if confirming else request.POST or None, request.FILES or None)
    context: dict = {}
    status = 200
    if confirming:
        context = _confirm(request)
        if context is None:
            return redirect("procurement:package-list")
        status = 400
    elif request.method == "POST":
        context = _preview(request, form) if form.is_valid() else {}
        if not context.get("token"):
            status = 400
    return render(request, "procurement/spse_import.html", {"form": form, **context}, status=status)
