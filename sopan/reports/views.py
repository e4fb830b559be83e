"""The periodic report pages under /laporan/triwulan/ (Perwali Salatiga 41/2024 Pasal 11): for the Kepala LPSE and
the Kepala UKPBJ (a vendor and the helpdesk agent get 403, another organisation's report 404). Views stay thin."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sopan.core import workflow_views
from sopan.core.documents.serving import file_response
from sopan.core.forms import add_service_errors
from sopan.core.workflow_views import moved_on
from sopan.reports import forms as f
from sopan.reports import policies, printing, selectors, services
from sopan.reports.periods import Quarter
from sopan.reports.workflows import REPORT_FLOW

WITH_FORMS = {"return": f.NoteForm, "send": f.SendForm}


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _detail_url(report) -> str:
    return reverse("reports:report-detail", kwargs={"pk": report.pk})


def _list_page(request, *, quarterly=None, special=None, status=200):
    user = request.user
    page = selectors.report_list_for(user, cursor=request.GET.get("cursor"))
    can_prepare = policies.can_prepare_report(user, user.organization)
    today = selectors.today_of(user.organization)
    context = {
        "page": page,
        "can_prepare": can_prepare,
        "missing": selectors.missing_quarter(user) if can_prepare else None,
        "quarterly_form": quarterly or f.QuarterlyForm(initial={"year": today.year,
                                                                "quarter": Quarter.containing(today).quarter}),
        "special_form": special or f.SpecialForm(),
    }  # fmt: skip
    return render(request, "reports/report_list.html", context, status=status)


@login_required
def report_list(request):
    return _list_page(request)


@login_required
@require_POST
def report_create(request, kind: str):
    user = request.user
    _require(policies.can_view_reports(user) and policies.can_prepare_report(user, user.organization))
    form = (f.QuarterlyForm if kind == "quarterly" else f.SpecialForm)(request.POST)
    if form.is_valid():
        try:
            if kind == "quarterly":
                report = services.report_create_quarterly(organization=user.organization, by=user, **form.cleaned_data)
            else:
                report = services.report_create_special(organization=user.organization, by=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The report is generated from the current data."))
            return redirect(_detail_url(report))
    forms_ = {"quarterly": form} if kind == "quarterly" else {"special": form}
    return _list_page(request, **forms_, status=400)


def render_detail(request, report, *, forms_with_errors=None, narrative=None, status: int = 200):
    user = request.user
    forms_with_errors = forms_with_errors or {}
    sections = selectors.sections_of(report)
    url = reverse("reports:report-transition", kwargs={"pk": report.pk})
    action_forms = [
        {"name": t.name, "label": t.label, "style": t.style, "url": url,
         "form": forms_with_errors.get(t.name) or WITH_FORMS[t.name](initial={"version": report.version})}
        for t in REPORT_FLOW.available(report, user) if t.name in WITH_FORMS
    ]  # fmt: skip
    can_prepare = report.is_draft and policies.can_prepare_report(user, report)
    if narrative is None and can_prepare:
        narrative = f.NarrativeForm(sections=sections, commentary=report.commentary,
                                    initial={"introduction": report.introduction, "conclusion": report.conclusion,
                                             "version": report.version})  # fmt: skip
    context = {
        "report": report,
        "sections": [(s, (report.commentary or {}).get(s.key, "")) for s in sections],
        "transitions": workflow_views.buttons(report, REPORT_FLOW, user, url=url, exclude=WITH_FORMS),
        "action_forms": action_forms,
        "can_prepare": can_prepare,
        "narrative": narrative,
    }
    return render(request, "reports/report_detail.html", context, status=status)


@login_required
def report_detail(request, pk: int):
    return render_detail(request, selectors.report_get_for(request.user, pk))


@login_required
@require_POST
def narrative_save(request, pk: int):
    report = selectors.report_get_for(request.user, pk)
    _require(policies.can_prepare_report(request.user, report))
    form = f.NarrativeForm(request.POST, sections=selectors.sections_of(report))
    if form.is_valid():
        try:
            services.narrative_save(report=report, introduction=form.cleaned_data["introduction"],
                                    commentary=form.commentary(), conclusion=form.cleaned_data["conclusion"],
                                    by=request.user, seen_version=form.cleaned_data["version"])  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
            return render_detail(request, report, narrative=form, status=409 if moved_on(error) else 400)
        messages.success(request, _("The narrative is saved."))
        return redirect(_detail_url(report))
    return render_detail(request, report, narrative=form, status=400)


@login_required
@require_POST
def report_regenerate(request, pk: int):
    report = selectors.report_get_for(request.user, pk)
    _require(policies.can_prepare_report(request.user, report))
    try:
        services.report_regenerate(report=report, by=request.user, seen_version=request.POST.get("version"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The figures are taken again from the current data."))
    return redirect(_detail_url(report))


SERVICES = {
    "submit": lambda r, *, by, seen_version, data: services.report_submit(report=r, by=by, seen_version=seen_version),
    "approve": lambda r, *, by, seen_version, data: services.report_approve(report=r, by=by, seen_version=seen_version),
    "return": lambda r, *, by, seen_version, data: services.report_return(
        report=r, note=data["note"], by=by, seen_version=seen_version),
    "forward": lambda r, *, by, seen_version, data: services.report_forward(report=r, by=by, seen_version=seen_version),
    "send": lambda r, *, by, seen_version, data: services.report_send(
        report=r, sent_on=data["sent_on"], by=by, seen_version=seen_version),
}  # fmt: skip


def _done() -> dict:
    return {
        "submit": _("The report is submitted for approval; its figures are frozen."),
        "approve": _("The report is approved."),
        "return": _("The report is returned for revision."),
        "forward": _("The report is forwarded to the Wali Kota."),
        "send": _("The submission to the Wali Kota is recorded."),
    }


@login_required
@require_POST
def report_transition(request, pk: int):
    report = selectors.report_get_for(request.user, pk)
    name = request.POST.get("transition", "")
    if name not in SERVICES:
        raise Http404
    _require(REPORT_FLOW.get(name).allowed(request.user, report))

    def page(req, *, forms_with_errors=None, status=200):
        return render_detail(req, report, forms_with_errors=forms_with_errors, status=status)

    return workflow_views.transition_view(
        request, report, REPORT_FLOW, service_for=SERVICES, done=_done(), redirect_to=_detail_url(report),
        forms={key: (lambda data, files, cls=form: cls(data)) for key, form in WITH_FORMS.items()},
        render_page=page, refused_on_page=lambda error: not hasattr(error, "error_dict"),
    )  # fmt: skip


@login_required
def report_pdf(request, pk: int):
    report = selectors.report_get_for(request.user, pk)
    return file_response(printing.pdf(report), filename=printing.filename(report, "pdf"), inline=True)


@login_required
def report_docx(request, pk: int):
    report = selectors.report_get_for(request.user, pk)
    return file_response(printing.docx(report), filename=printing.filename(report, "docx"))
