"""The helpdesk report (issue 5 §6) for those who may see it (`policies.can_view_reports`), of their own
organisation: the page, the spreadsheet and the printed report of one period, the same tables in all three
(`reports/export.tables`). A quarter by default, ready to feed the LPSE's quarterly report (Perwali Pasal 11)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sopan.accounts.policies import require
from sopan.core.documents.serving import file_response
from sopan.helpdesk import policies
from sopan.helpdesk.reports import export as reports_export
from sopan.helpdesk.reports import selectors
from sopan.helpdesk.reports.forms import ReportPeriodForm


def _period_or_page(request):
    """(period, None) for a valid choice, else (None, the page with the form's errors)."""
    require(policies.can_view_reports(request.user, request.user.organization))
    form = ReportPeriodForm(request.GET, default=selectors.current_period(request.user.organization))
    if form.is_bound and not form.is_valid():
        return None, render(request, "helpdesk/reports/report.html", {"form": form, "report": None}, status=400)
    return (form, form.period), None


@login_required
@require_GET
def report(request):
    chosen, page = _period_or_page(request)
    if page is not None:
        return page
    form, period = chosen
    found = selectors.report_for(request.user, period)
    context = {"form": form, "report": found, "tables": reports_export.tables(found), "query": request.GET.urlencode()}
    return render(request, "helpdesk/reports/report.html", context)


@login_required
@require_GET
def report_xlsx(request):
    chosen, page = _period_or_page(request)
    if page is not None:
        return page
    found = selectors.report_for(request.user, chosen[1])
    content = reports_export.xlsx(found)
    return file_response(content, filename=reports_export.filename(found, "xlsx"))


@login_required
@require_GET
def report_pdf(request):
    chosen, page = _period_or_page(request)
    if page is not None:
        return page
    found = selectors.report_for(request.user, chosen[1])
    content = reports_export.pdf(found)
    return file_response(content, filename=reports_export.filename(found, "pdf"), inline=True)
