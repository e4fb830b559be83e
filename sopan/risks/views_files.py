"""The register's files and library under /risiko/: the XLSX and PDF of the (filtered) register, the import of an
XLSX (every wrong row named, nothing imported then), a treatment's evidence, and the risk library (pustaka risiko)."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from sopan.core.documents.serving import file_response
from sopan.core.forms import add_service_errors
from sopan.risks import forms as f
from sopan.risks import policies, printing, selectors, spreadsheet
from sopan.risks.models import Criteria, Treatment
from sopan.risks.views import list_filters

MAX_EXPORT = 5000


def _rows(request):
    risks = list(selectors.risk_queryset_for(request.user, **list_filters(request)).order_by("id")[: MAX_EXPORT + 1])
    if len(risks) > MAX_EXPORT:
        return None, None
    treatments = defaultdict(list)
    for treatment in Treatment.objects.filter(risk__in=[r.pk for r in risks]).select_related("owner").order_by("id"):
        treatments[treatment.risk_id].append(treatment)
    return risks, treatments


def _too_many(request):
    messages.error(request, _("More than %(count)s risks match: filter the list further.") % {"count": MAX_EXPORT})
    return redirect("risks:risk-list")


@login_required
@require_GET
def register_xlsx(request):
    risks, treatments = _rows(request)
    if risks is None:
        return _too_many(request)
    title = f"Daftar Risiko — {request.user.organization.name}"
    response = file_response(spreadsheet.export(risks, treatments, title=title), filename="daftar-risiko.xlsx")
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def register_pdf(request):
    risks, treatments = _rows(request)
    if risks is None:
        return _too_many(request)
    content = printing.register_pdf(request.user.organization, risks, treatments)
    response = file_response(content, filename="daftar-risiko.pdf", inline=True)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def register_import(request):
    user = request.user
    if not (policies.can_view_register(user) and policies.can_coordinate(user, user.organization)):
        raise PermissionDenied
    form = f.ImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload is None:
                raise ValidationError({"file": [_("Choose the XLSX file.")]})
            scheme = request.POST.get("scheme") or Criteria.Scheme.PROCUREMENT
            made = spreadsheet.import_register(organization=user.organization, upload=upload, by=user, scheme=scheme)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                add_service_errors(form, error)
            else:
                problems = error.messages
        else:
            count = len(made)
            messages.success(request, ngettext("%(count)s risk imported.", "%(count)s risks imported.", count)
                             % {"count": count})  # fmt: skip
            return redirect("risks:risk-list")
    context = {"form": form, "problems": problems, "headers": spreadsheet.HEADERS,
               "criteria": selectors.criteria_for(user)}  # fmt: skip
    return render(request, "risks/import.html", context, status=400 if form.is_bound else 200)


@login_required
@require_GET
def treatment_evidence(request, pk: int, tid: int):
    risk = selectors.risk_get_for(request.user, pk)
    treatment = Treatment.objects.filter(pk=tid, risk=risk).first()
    if treatment is None or not treatment.evidence:
        raise Http404
    return file_response(treatment.evidence, filename=treatment.evidence_name or "bukti")


@login_required
@require_GET
def library(request):
    scheme = request.GET.get("scheme", "")
    context = {
        "templates": selectors.library_for(request.user, scheme=scheme),
        "scheme": scheme,
        "schemes": Criteria.Scheme.choices,
        "criteria": selectors.criteria_for(request.user),
        "can_create": policies.can_identify(request.user, request.user.organization),
        "can_coordinate": policies.can_coordinate(request.user, request.user.organization),
    }
    return render(request, "risks/library.html", context)
