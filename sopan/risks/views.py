"""The risk register's pages under /risiko/ (issue 19 §1, §4): for risk owners, the Kepala UKPBJ (coordinator), PA/KPA
and the committee; a vendor or the helpdesk agent gets 403, another organisation's risk 404. Views stay thin: fetch
through the selectors, call one service, render. The files (XLSX, PDF, import, evidence) and the library are in
views_files.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sopan.core.forms import add_service_errors
from sopan.risks import forms as f
from sopan.risks import heatmap, policies, selectors, services
from sopan.risks.models import Risk, Treatment
from sopan.risks.workflows import flow_for
from sopan.sop import api as sop_api


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _detail(risk) -> str:
    return reverse("risks:risk-detail", kwargs={"pk": risk.pk})


def list_filters(request) -> dict:
    get = request.GET
    return {"status": get.get("status", ""), "scheme": get.get("scheme", ""), "mine": get.get("mine") == "1",
            "q": get.get("q", "")[:100]}  # fmt: skip


@login_required
@require_GET
def risk_list(request):
    filters = list_filters(request)
    page = selectors.risk_list_for(request.user, cursor=request.GET.get("cursor"), **filters)
    grids = selectors.heat_maps_for(request.user, rows=selectors.risk_queryset_for(request.user, **filters))
    query = request.GET.copy()
    query.pop("cursor", None)
    context = {
        "page": page,
        "filters": filters,
        "statuses": Risk.Status.choices[1:],
        "heat_maps": heatmap.heat_maps(grids),
        "can_create": policies.can_identify(request.user, request.user.organization),
        "can_import": policies.can_coordinate(request.user, request.user.organization),
        "export_query": query.urlencode(),
    }
    return render(request, "risks/risk_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def risk_create(request):
    user = request.user
    _require(policies.can_view_register(user) and policies.can_identify(user, user.organization))
    initial = {"owner": user.pk, "context": Risk.Context.TASK}
    if template_id := request.GET.get("pustaka"):
        template = selectors.template_get_for(user, template_id)
        initial |= {"title": template.title, "cause": template.cause, "consequence": template.consequence}
    form = f.RiskForm(request.POST or None, organization=user.organization, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            risk = services.risk_create(organization=user.organization, by=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The risk is identified."))
            return redirect(_detail(risk))
    return render(request, "risks/risk_form.html", {"form": form}, status=400 if form.is_bound else 200)


def render_detail(request, risk: Risk, *, errors=None, status: int = 200):
    user = request.user
    errors = errors or {}
    organization = risk.organization
    can_manage = policies.can_manage_risk(user, risk)
    moves = []
    for transition in flow_for(risk).available(risk, user):
        if transition.label:
            form = errors.get(transition.name) or f.MoveForm(initial={"transition": transition.name,
                                                                      "version": risk.version})  # fmt: skip
            moves.append({"transition": transition, "form": form})
    context = {
        "risk": risk,
        "can_manage": can_manage,
        "moves": moves,
        "treatments": selectors.treatments_of(risk),
        "monitoring": selectors.monitoring_of(risk),
        "escalations": selectors.escalations_of(risk),
        "analysis_form": errors.get("analysis") or f.AnalysisForm(initial={
            "version": risk.version, "inherent_likelihood": risk.inherent_likelihood,
            "inherent_impact": risk.inherent_impact, "controls": risk.controls}),
        "residual_form": errors.get("residual") or f.ResidualForm(initial={
            "version": risk.version, "residual_likelihood": risk.residual_likelihood,
            "residual_impact": risk.residual_impact}),
        "treatment_form": errors.get("treatment") or f.TreatmentForm(organization=organization),
        "evidence_form": errors.get("evidence") or f.EvidenceForm(),
        "monitoring_form": errors.get("monitoring") or f.MonitoringForm(),
        "plannable": can_manage and risk.status in services.treatments.PLANNABLE,
        "sop_progress": sop_api.progress_of(risk, user=user),
    }  # fmt: skip
    return render(request, "risks/risk_detail.html", context, status=status)


@login_required
@require_GET
def risk_detail(request, pk: int):
    return render_detail(request, selectors.risk_get_for(request.user, pk))


def _post(request, pk, form_key, form, call, done: str):
    """Run one service with a bound form; the page again with the form's errors (400, 409 when stale) or on."""
    risk = selectors.risk_get_for(request.user, pk)
    if form.is_valid():
        try:
            call(risk, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(_detail(risk))
    risk = selectors.risk_get_for(request.user, pk)
    return render_detail(request, risk, errors={form_key: form}, status=400)


@login_required
@require_POST
def risk_analyse(request, pk: int):
    form = f.AnalysisForm(request.POST)

    def call(risk, data):
        services.risk_analyse(risk=risk, inherent_likelihood=data["inherent_likelihood"],
                              inherent_impact=data["inherent_impact"], controls=data["controls"], by=request.user,
                              seen_version=data["version"])  # fmt: skip

    return _post(request, pk, "analysis", form, call, _("The analysis is recorded."))


@login_required
@require_POST
def risk_residual(request, pk: int):
    form = f.ResidualForm(request.POST)

    def call(risk, data):
        services.risk_rate_residual(risk=risk, residual_likelihood=data["residual_likelihood"],
                                    residual_impact=data["residual_impact"], by=request.user,
                                    seen_version=data["version"])  # fmt: skip

    return _post(request, pk, "residual", form, call, _("The residual rating is recorded."))


@login_required
@require_POST
def risk_transition(request, pk: int):
    form = f.MoveForm(request.POST)
    name = request.POST.get("transition", "")

    def call(risk, data):
        try:
            flow_for(risk).get(name)
        except KeyError:
            raise ValidationError(_("Unknown step.")) from None
        services.risk_move(risk=risk, name=name, note=data["note"], disposition=data["disposition"],
                           by=request.user, seen_version=data["version"])  # fmt: skip

    return _post(request, pk, name, form, call, _("Done."))


@login_required
@require_POST
def treatment_add(request, pk: int):
    risk = selectors.risk_get_for(request.user, pk)
    _require(policies.can_manage_risk(request.user, risk))
    form = f.TreatmentForm(request.POST, organization=risk.organization)

    def call(risk, data):
        services.treatment_add(risk=risk, action=data["action"], owner=data["owner"], due_on=data["due_on"],
                               by=request.user)  # fmt: skip

    return _post(request, pk, "treatment", form, call, _("The treatment is planned."))


@login_required
@require_POST
def treatment_done(request, pk: int, tid: int):
    risk = selectors.risk_get_for(request.user, pk)
    treatment = Treatment.objects.filter(pk=tid, risk=risk).select_related("risk").first()
    if treatment is None:
        from django.http import Http404

        raise Http404
    form = f.EvidenceForm(request.POST, request.FILES)

    def call(risk, data):
        services.treatment_complete(treatment=treatment, upload=data["evidence"], by=request.user)

    return _post(request, pk, "evidence", form, call, _("The treatment is recorded as done."))


@login_required
@require_POST
def monitoring_add(request, pk: int):
    form = f.MonitoringForm(request.POST)

    def call(risk, data):
        services.monitoring_add(risk=risk, note=data["note"], by=request.user)

    return _post(request, pk, "monitoring", form, call, _("The monitoring note is added."))
