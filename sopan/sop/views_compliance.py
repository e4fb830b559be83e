"""The SOP compliance report: the page, and the same figures as an XLSX workbook or a printable PDF.

Views stay thin: the form parses the filters, `selectors_compliance.compliance_report_for` computes, the functions
below only lay the result out as a workbook or a PDF.
"""

from __future__ import annotations

import io
import zoneinfo

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.template.defaultfilters import floatformat, linebreaksbr
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from sopan.accounts import roles
from sopan.accounts.models import OrgUnit
from sopan.accounts.policies import require
from sopan.core.calendar import start_of_minute
from sopan.core.documents import office
from sopan.core.documents.pdf import html_to_pdf
from sopan.core.documents.serving import file_response
from sopan.core.listing import RowFormat
from sopan.core.templatetags.sopan import local_datetimes
from sopan.sop import policies
from sopan.sop.forms_compliance import ComplianceFilterForm
from sopan.sop.selectors_compliance import Report, compliance_report_for

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PRINT_CSS = ("sop/compliance.css", "sopan/documents.css")  # the report's own, then the kop surat's
PAGE_DEVIATIONS = 100  # the page lists the latest deviations; the XLSX and the PDF list them all


@login_required
@require_GET
def report(request):
    """SOP compliance per SOP and step, with deviations; `?format=xlsx` or `?format=pdf` downloads the same."""
    require(policies.can_view_compliance(request.user))
    form = ComplianceFilterForm(request.GET or None, user=request.user)
    valid = not form.is_bound or form.is_valid()
    export = request.GET.get("format", "")
    limit = None if export in ("xlsx", "pdf") else PAGE_DEVIATIONS
    result = compliance_report_for(request.user, **form.filters(), deviations_limit=limit) if valid else None
    if result is not None and export == "xlsx":
        return file_response(report_xlsx(result), filename=_filename(result, "xlsx"))
    if result is not None and export == "pdf":
        html = render_to_string("sop/compliance_print.html", _context(request, result), request=request)
        return file_response(report_pdf(html), filename=_filename(result, "pdf"))
    params = request.GET.copy()
    params.pop("format", None)
    context = {**_context(request, result), "form": form, "params": params.urlencode()}
    if result is not None:
        context["sections"] = [(section, section_rows(section)) for section in result.sections]
        context["deviation_rows"] = deviation_rows(result.deviations)
    return render(request, "sop/compliance_report.html", context, status=200 if valid else 400)


# --- the page's rows -------------------------------------------------------------------------------------------------
# Written by Python (core.listing.RowFormat): a report of every SOP has a few hundred rows of eleven cells, which cost
# the template engine most of the page. test_compliance_rows.py checks them against the template they replace.
STEP_ROW = RowFormat(
    '<tr><td>{number}</td><td>{label}</td><td class="small">{lane}</td>'
    '<td class="text-end">{cases}</td><td class="text-end">{done}</td>'
    '<td class="text-end">{on_time}</td><td class="text-end">{rate}</td>'
    '<td class="text-nowrap">{standard}</td><td class="text-nowrap">{median}</td>'
    '<td class="text-nowrap{p90_class}">{p90}</td><td class="text-end">{deviations}</td></tr>'
)
NONE = SafeString('<span class="text-muted">—</span>')


def section_rows(section) -> SafeString:
    """The rows of one SOP's table on the page."""
    over = _("over the standard")
    return SafeString(
        "".join(
            STEP_ROW(
                number=row.number,
                label=row.label,
                lane=row.lane,
                cases=localize(row.cases),
                done=localize(row.done),
                on_time=f"{localize(row.on_time)} / {localize(row.with_standard)}" if row.with_standard else NONE,
                rate=f"{floatformat(row.on_time_percent, '-1')}%" if row.on_time_percent is not None else NONE,
                standard=row.standard or "—",
                median=row.median_text or "—",
                p90_class=" text-danger fw-semibold" if row.p90_over_standard else "",
                p90=SafeString(
                    escape(row.p90_text or "—")
                    + (f' <span class="visually-hidden">({escape(over)})</span>' if row.p90_over_standard else "")
                ),
                deviations=SafeString(f'<span class="badge text-bg-warning">{localize(row.deviations)}</span>')
                if row.deviations
                else "0",
            )
            for row in section.rows
        )
    )


def _context(request, result: Report | None) -> dict:
    return {
        "report": result,
        "organization": request.user.organization,
        "kop": office.kop_surat(request.user.organization, unit_kind=OrgUnit.Kind.UKPBJ),
        "role_label": roles.ROLES[result.role].label if result is not None and result.role in roles.ROLES else "",
        "generated_at": timezone.now(),
    }


def _filename(result: Report, extension: str) -> str:
    today = timezone.localdate(timezone=zoneinfo.ZoneInfo(result.timezone))
    return f"kepatuhan-sop-{today:%Y%m%d}.{extension}"


DEVIATION_ROW = RowFormat(
    '<tr><td><span class="fw-semibold text-nowrap">{reference}</span><div class="small text-muted">{title}</div></td>'
    '<td>{number} {label}<div class="small text-muted">{sop}</div></td><td>{by}</td>'
    '<td class="small text-nowrap">{completed}{late}</td><td class="small text-nowrap">{due}</td>'
    '<td class="text-break">{justification}</td></tr>'
)


def deviation_rows(deviations) -> SafeString:
    """The page's deviations (the latest hundred)."""
    late = SafeString(f' <span class="badge text-bg-danger">{escape(_("Late"))}</span>')
    local_datetime = local_datetimes()
    return SafeString(
        "".join(
            DEVIATION_ROW(
                reference=item.case_reference,
                title=item.case_title,
                number=item.step_number,
                label=item.step_label,
                sop=item.sop_title,
                by=item.completed_by or "—",
                completed=local_datetime(item.completed_at),
                late=late if item.late else "",
                due=local_datetime(item.due_at) or "—",
                justification=linebreaksbr(item.justification or "—", autoescape=True),
            )
            for item in deviations
        )
    )


# --- XLSX --------------------------------------------------------------------------------------------------------
def report_xlsx(result: Report) -> bytes:
    """Two sheets: "Kepatuhan" (one row per step, a total row per SOP) and "Penyimpangan" (the deviations).
    Durations as working seconds (numbers to compute with) and as text; times in the organisation's zone."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    bold = Font(bold=True)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Kepatuhan"
    _compliance_sheet(sheet, result, bold)
    deviations = workbook.create_sheet("Penyimpangan")
    _deviations_sheet(deviations, result)
    for ws in (sheet, deviations):
        for cell in ws[1]:
            cell.font = bold
        ws.freeze_panes = "A2"
    for column in ("G", "H"):
        for cell in deviations[column][1:]:
            cell.number_format = "dd-mm-yyyy hh:mm"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _compliance_header() -> list[str]:
    return [
        _("SOP"),
        _("No."),
        _("Step"),
        _("Lane"),
        _("Standard time"),
        _("Cases"),
        _("Steps done"),
        _("With a standard"),
        _("On time"),
        _("On-time rate"),
        _("Median"),
        _("Median (working seconds)"),
        _("90th percentile"),
        _("90th percentile (working seconds)"),
        _("Deviations"),
    ]


def _compliance_sheet(sheet, result: Report, bold) -> None:
    """One row per step, then a bold total row per SOP."""
    sheet.append(_compliance_header())
    for section in result.sections:
        for row in section.rows:
            sheet.append(
                [
                    section.title,
                    row.number,
                    row.label,
                    row.lane,
                    row.standard,
                    row.cases,
                    row.done,
                    row.with_standard,
                    row.on_time,
                    row.on_time_percent,
                    row.median_text,
                    row.median_seconds,
                    row.p90_text,
                    row.p90_seconds,
                    row.deviations,
                ]
            )
        sheet.append(
            [
                section.title,
                "",
                _("Total"),
                "",
                "",
                section.cases,
                section.done,
                section.with_standard,
                section.on_time,
                section.on_time_percent,
                "",
                None,
                "",
                None,
                section.deviations,
            ]
        )
        for cell in sheet[sheet.max_row]:
            cell.font = bold


def _deviations_sheet(deviations, result: Report) -> None:
    """One row per deviation, times as wall-clock times in the organisation's zone."""
    zone = zoneinfo.ZoneInfo(result.timezone)
    abbreviation = result.zone_abbreviation
    deviations.append(
        [
            _("Case"),
            _("Subject"),
            _("SOP"),
            _("No."),
            _("Step"),
            _("Completed by"),
            _("Completed (%(zone)s)") % {"zone": abbreviation},
            _("Due (%(zone)s)") % {"zone": abbreviation},
            _("Late"),
            _("Working time taken"),
            _("Justification"),
        ]
    )
    for item in result.deviations:
        deviations.append(
            [
                item.case_reference,
                item.case_title,
                item.sop_title,
                item.step_number,
                item.step_label,
                item.completed_by,
                _naive(item.completed_at, zone),
                _naive(item.due_at and start_of_minute(item.due_at), zone),  # to the minute, as pages show it
                _("yes") if item.late else _("no"),
                item.work_text,
                item.justification,
            ]
        )


def _naive(value, zone):
    """Spreadsheets have no time zones: the wall-clock time in the organisation's zone (named in the header)."""
    return value.astimezone(zone).replace(tzinfo=None) if value is not None else None


# --- PDF ---------------------------------------------------------------------------------------------------------
def report_pdf(html: str) -> bytes:
    """A4 landscape (the stylesheet sets it), printed the one way every document is: offline, static files only."""
    return html_to_pdf(html, stylesheets=list(PRINT_CSS))
