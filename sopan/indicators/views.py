"""The pages of the unit's performance under /kinerja/ (issue 19 §4): for the Kepala UKPBJ, the Penanggung Jawab
Kinerja and the Tim Pengelolaan Kelembagaan; 403 for a vendor or the helpdesk agent, 404 for another organisation's
indicator or report. Views stay thin: fetch through the selectors, call one service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from sopan.core import workflow_views
from sopan.core.documents.serving import file_response
from sopan.core.forms import add_service_errors
from sopan.indicators import chart, policies, printing, selectors, services
from sopan.indicators import forms as f
from sopan.indicators.models import ActionPlan, Report
from sopan.indicators.workflows import REPORT_FLOW


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _year(request, user) -> int:
    try:
        return int(request.GET.get("tahun", ""))
    except ValueError:
        return selectors.today_of(user.organization).year


@login_required
@require_GET
def dashboard(request):
    user = request.user
    year = _year(request, user)
    page, rows = selectors.dashboard_for(user, year, cursor=request.GET.get("cursor"))
    context = {
        "year": year, "years": selectors.years_for(user), "page": page, "rows": rows,
        "charts": [(row, chart.chart_of(row)) for row in rows],
        "can_manage": policies.can_manage(user, user.organization),
    }  # fmt: skip
    return render(request, "indicators/dashboard.html", context)


def _detail_url(indicator) -> str:
    return reverse("indicators:indicator-detail", kwargs={"pk": indicator.pk})


def _render_detail(request, indicator, *, realisation_form=None, plan_form=None, status=200):
    user = request.user
    row = selectors.rows_of([indicator], user.organization, indicator.year)[0]
    context = {
        "indicator": indicator, "row": row, "chart": chart.chart_of(row),
        "can_manage": policies.can_manage(user, indicator),
        "realisation_form": realisation_form or f.RealisationForm(),
        "plan_form": plan_form or f.ActionPlanForm(),
    }  # fmt: skip
    return render(request, "indicators/indicator_detail.html", context, status=status)


@login_required
@require_GET
def indicator_detail(request, pk: int):
    return _render_detail(request, selectors.indicator_get_for(request.user, pk))


@login_required
@require_POST
def realisation_record(request, pk: int):
    indicator = selectors.indicator_get_for(request.user, pk)
    _require(policies.can_manage(request.user, indicator))
    form = f.RealisationForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.realisation_record(indicator=indicator, quarter=data["quarter"], value=data["value"],
                                        note=data["note"], evidence=data["evidence"], by=request.user)  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The realisation is recorded."))
            return redirect(_detail_url(indicator))
    return _render_detail(request, indicator, realisation_form=form, status=400)


@login_required
@require_GET
def evidence(request, pk: int, quarter: int):
    indicator = selectors.indicator_get_for(request.user, pk)
    found = next((r for r in indicator.realisations.all() if r.quarter == quarter and r.evidence), None)
    if found is None:
        raise Http404
    return file_response(found.evidence, filename=found.evidence.name.rsplit("/", 1)[-1])


@login_required
@require_POST
def action_plan_add(request, pk: int):
    indicator = selectors.indicator_get_for(request.user, pk)
    _require(policies.can_manage(request.user, indicator))
    form = f.ActionPlanForm(request.POST)
    if form.is_valid():
        try:
            services.action_plan_add(indicator=indicator, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The action plan is added."))
            return redirect(_detail_url(indicator))
    return _render_detail(request, indicator, plan_form=form, status=400)


@login_required
@require_POST
def action_plan_done(request, pk: int, plan: int):
    indicator = selectors.indicator_get_for(request.user, pk)
    found = ActionPlan.objects.filter(indicator=indicator, pk=plan).first()
    if found is None:
        raise Http404
    services.action_plan_done(plan=found, by=request.user)
    return redirect(_detail_url(indicator))


# --- the performance reports -------------------------------------------------------------------------------------
def _report_url(report) -> str:
    return reverse("indicators:report-detail", kwargs={"pk": report.pk})


def report_list(request):
    user = request.user
    reports = selectors.report_list_for(user)
    can_create = policies.can_manage(user, user.organization)
    form = f.ReportCreateForm(request.POST or None, initial={"year": selectors.today_of(user.organization).year})
    status = 200
    if request.method == "POST":
        _require(can_create)
        status = 400
        if form.is_valid():
            try:
                report = services.report_create(organization=user.organization, by=user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The report is drafted."))
                return redirect(_report_url(report))
    context = {"reports": reports, "form": form, "can_create": can_create}
    return render(request, "indicators/report_list.html", context, status=status)


report_list = login_required(report_list)


def _render_report(request, report, *, text_form=None, status=200):
    user = request.user
    editable = report.status in (Report.Status.DRAFTED, Report.Status.RETURNED) and policies.can_manage(user, report)
    url = reverse("indicators:report-transition", kwargs={"pk": report.pk})
    context = {
        "report": report, "rows": selectors.report_rows(report), "editable": editable,
        "text_form": text_form or f.ReportTextForm(initial={"analysis": report.analysis,
                                                             "recommendations": report.recommendations,
                                                             "version": report.version}),
        "transitions": workflow_views.buttons(report, REPORT_FLOW, user, url=url, exclude=("return",)),
        "can_return": any(t.name == "return" for t in REPORT_FLOW.available(report, user)),
    }  # fmt: skip
    return render(request, "indicators/report_detail.html", context, status=status)


@login_required
def report_detail(request, pk: int):
    report = selectors.report_get_for(request.user, pk)
    if request.method != "POST":
        return _render_report(request, report)
    _require(policies.can_manage(request.user, report))
    form = f.ReportTextForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.report_update(report=report, analysis=data["analysis"], recommendations=data["recommendations"],
                                   by=request.user, seen_version=data["version"])  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
            return _render_report(
                request, report, text_form=form, status=409 if workflow_views.moved_on(error) else 400
            )
        messages.success(request, _("The report is saved."))
        return redirect(_report_url(report))
    return _render_report(request, report, text_form=form, status=400)


SERVICES = {"submit": services.report_submit, "approve": services.report_approve, "return": services.report_return}
DONE = {
    "submit": gettext_lazy("The report is submitted to the Kepala UKPBJ."),
    "approve": gettext_lazy("The report is approved."),
    "return": gettext_lazy("The report is returned for revision."),
}


@login_required
@require_POST
def report_transition(request, pk: int):
    report = selectors.report_get_for(request.user, pk)
    name = request.POST.get("transition", "")
    if name not in SERVICES:
        raise Http404
    extra = {"note": request.POST.get("note", "")} if name in ("approve", "return") else {}
    try:
        seen = int(request.POST["version"]) if request.POST.get("version") else None
    except ValueError:
        seen = None
    try:
        SERVICES[name](report=report, by=request.user, seen_version=seen, **extra)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return _render_report(request, selectors.report_get_for(request.user, pk), status=400)
    messages.success(request, str(DONE[name]))
    return redirect(_report_url(report))


@login_required
@require_GET
def report_print(request, pk: int):
    report = selectors.report_get_for(request.user, pk)
    printed = printing.report_pdf(report)
    return file_response(printed.content, filename=printed.filename)
