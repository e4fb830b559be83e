"""The procurement pages (issue 17 §1, §6): the package list, a package's page and the RUP import.

Views stay thin: check who may see the page, fetch through the selectors (another organisation's package: 404), call
one service, render.

The RUP import is upload → preview → confirm. The uploaded bytes wait for the confirmation on the server, in the
cache (shared by every worker, DESIGN.md §4) under a random key for PREVIEW_MAX_AGE; the page carries only a token
signed for the person and organisation that uploaded it (as the registers' import signs its preview). The file is
at most `rup.MAX_BYTES` (checked when it is read) and is kept only when its preview has no error. The confirmation
reads the kept bytes again and imports them with `rup_import(commit=True)`, which checks every row again: what changed
in the meantime is never imported unseen.
"""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sopan.core.forms import add_service_errors
from sopan.procurement import policies, selectors
from sopan.procurement.forms import PackageFilterForm, RupUploadForm
from sopan.procurement.models import Package
from sopan.procurement.rules import method_problems
from sopan.procurement.services import rup_import

PREVIEW_MAX_AGE = 60 * 60  # seconds a preview waits for its confirmation
SHOWN_CODES = 200  # RUP codes listed per group of a preview (the counts are always whole)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


@login_required
def package_list(request):
    user = request.user
    _require(policies.can_view_packages(user))
    form = PackageFilterForm(
        request.GET or None,
        agencies=selectors.agency_choices_for(user),
        officers=selectors.ppk_choices_for(user),
        pokja_members=selectors.pokja_choices_for(user),
    )
    page = selectors.package_list_for(user, form.filters(), cursor=request.GET.get("cursor"))
    context = {"form": form, "page": page, "can_import": policies.can_import_rup(user, user.organization)}
    return render(request, "procurement/package_list.html", context)


@login_required
def package_detail(request, pk: int):
    user = request.user
    if not Package.objects.filter(pk=pk, organization_id=user.organization_id).exists():
        raise Http404
    _require(policies.can_view_packages(user))
    package = selectors.package_get_for(user, pk)
    from sopan.procurement.views_availability import summary
    from sopan.procurement.views_printing import print_links
    from sopan.procurement.views_stages import stage_context

    on = package.planned_selection_on or timezone.localdate()
    context = {
        "package": package,
        "problems": method_problems(package.kind, package.method, package.pagu, on),
        "print_links": print_links(user, package),  # what the person may print now (views_printing)
        "availability": summary(user, package),  # the link to the availability analysis (views_availability)
    }
    context.update(stage_context(request, package))  # the stages: actions, forms, timeline (views_stages)
    return render(request, "procurement/package_detail.html", context)


# --- the RUP import ---------------------------------------------------------------------------------------------
def _salt(request, what: str = "rup") -> str:
    """A preview comes back only to the person and organisation it was made for, and to its own import (`what`:
    "rup", or "spse" for views_spse)."""
    return f"sopan.procurement.{what}-import:{request.user.pk}:{request.user.organization_id}"


def _keep(request, name: str, content: bytes, what: str = "rup") -> str:
    key = f"procurement:{what}-preview:{secrets.token_urlsafe(24)}"
    cache.set(key, {"name": name, "content": content}, PREVIEW_MAX_AGE)
    return signing.dumps({"key": key}, salt=_salt(request, what))


def _kept(request, what: str = "rup") -> tuple[str, SimpleUploadedFile] | None:
    try:
        key = signing.loads(request.POST.get("token", ""), salt=_salt(request, what), max_age=PREVIEW_MAX_AGE)["key"]
    except (signing.BadSignature, KeyError, TypeError):
        return None
    kept = cache.get(key)
    if not isinstance(kept, dict):
        return None
    return key, SimpleUploadedFile(kept["name"], kept["content"])


def _preview(request, form: RupUploadForm) -> dict:
    upload = form.cleaned_data["file"]
    try:
        result = rup_import(organization=request.user.organization, upload=upload, by=request.user, commit=False)
    except ValidationError as error:
        add_service_errors(form, error)
        return {}
    context = {"result": result, "shown": SHOWN_CODES}
    if result.ok:
        upload.seek(0)
        context["token"] = _keep(request, result.file_name or upload.name, upload.read())
    return context


def _confirm(request) -> dict | None:
    """Import the kept file: None when done (the message is set), else what to show."""
    kept = _kept(request)
    if kept is None:
        return {"expired": True}
    key, upload = kept
    try:
        result = rup_import(organization=request.user.organization, upload=upload, by=request.user, commit=True)
    except ValidationError as error:
        return {"problems": error.messages}
    if not result.committed:
        return {"result": result, "shown": SHOWN_CODES}
    cache.delete(key)
    messages.success(
        request,
        _("RUP imported: %(created)s package(s) created, %(updated)s updated, %(unchanged)s unchanged.")
        % {"created": len(result.created), "updated": len(result.updated), "unchanged": len(result.unchanged)},
    )
    return None


@login_required
@require_http_methods(["GET", "POST"])
def rup_import_page(request):
    """SOP Perencanaan Pengadaan: the UKPBJ brings the agencies' published RUP (SiRUP) into its package list."""
    user = request.user
    _require(policies.can_import_rup(user, user.organization))
    confirming = request.method == "POST" and "token" in request.POST
    form = RupUploadForm(None if confirming else request.POST or None, request.FILES or None)
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
    return render(request, "procurement/rup_import.html", {"form": form, **context}, status=status)
