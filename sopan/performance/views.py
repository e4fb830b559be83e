"""The staff pages of vendor performance, under /kinerja-penyedia/ (issue 18 §6): the contracts and their assessments,
the overdue assessments, the per-agency report, a contract's page with the assessment form, the Berita Acara and the
evidence. For the PPK (their contracts), the PA/KPA (their agency's) and the UKPBJ (all); a vendor gets 403 here (its
own page is views_vendor.py). Views stay thin: who may see, the selectors, one service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sopan.core.documents.serving import file_response
from sopan.core.forms import add_service_errors
from sopan.core.listing import pk_url
from sopan.core.templatetags.sopan import local_date
from sopan.performance import policies, printing, rules, selectors, selectors_sanctions, services
from sopan.performance.forms import AssessmentForm, ContractForm, SettingForm
from sopan.performance.models import Band, Contract
from sopan.sop import api as sop_api


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


OVERDUE_SHOWN = 5


def list_row(contract: Contract, url_of, today) -> dict:
    """One row of the contract list with its texts made here (fifty a page; see core.listing)."""
    assessed = contract.status == Contract.Status.ASSESSED
    return {
        "pk": contract.pk,
        "url": url_of(contract.pk),
        "name": contract.name,
        "ending": Contract.Ending(contract.ending).label,
        "agency": contract.agency.name,
        "company": contract.company.name if contract.company_id else "—",
        "ended_on": local_date(contract.ended_on),
        "due_on": local_date(contract.assessment_due_on),
        "late": not assessed and contract.assessment_due_on < today,
        "assessed": assessed,
        "band": Band(contract.assessment.band).label if assessed else Contract.Status(contract.status).label,
    }


@login_required
def index(request):
    """The contracts (filtered: awaiting, overdue, assessed) and the overdue assessments. The sanction proposals
    (issue 18 §3) come next to them on this page."""
    user = request.user
    _require(policies.can_view_performance(user))
    show = request.GET.get("tampil", "")
    show = show if show in selectors.FILTERS else ""
    page = selectors.contract_list_for(user, show=show, cursor=request.GET.get("cursor"))
    overdue = selectors.overdue_list_for(user, limit=OVERDUE_SHOWN + 1)
    url_of, today = pk_url("performance:contract-detail"), timezone.localdate()
    context = {
        "page": page,
        "rows": [list_row(contract, url_of, today) for contract in page.items],
        # the longest overdue (issue 18 §2); all of them under the filter "Overdue"
        "overdue": overdue[:OVERDUE_SHOWN],
        "more_overdue": len(overdue) > OVERDUE_SHOWN,
        "show": show,
        "filters": (
            ("", _("All")),
            ("awaiting", _("Awaiting assessment")),
            ("overdue", _("Overdue")),
            ("assessed", _("Assessed")),
        ),
        "can_record": policies.can_record_contract(user, user.organization),
        "can_manage_settings": policies.can_manage_settings(user, user.organization),
        "sanctions": selectors_sanctions.proposal_list_for(user, size=10),  # issue 18 §3
    }
    return render(request, "performance/index.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def contract_new(request):
    """A contract the PPK records by hand: stopped for force majeure, terminated, or not followed as a package."""
    user = request.user
    _require(policies.can_record_contract(user, user.organization))
    form = ContractForm(
        request.POST or None,
        companies=services.company_choices(user.organization),
        packages=services.packages_under_contract(user),
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                contract = services.contract_record(organization=user.organization, by=user, **data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The contract is recorded; assess its provider by its due date."))
                return redirect("performance:contract-detail", pk=contract.pk)
        status = 400
    return render(request, "performance/contract_form.html", {"form": form}, status=status)


def _contract(request, pk: int):
    """A contract the user may see: another organisation's 404, no staff page at all 403 (a vendor), outside their
    scope 404."""
    contract = selectors.contract_get_for(request.user, pk, scoped=False)
    _require(policies.can_view_performance(request.user))
    if not policies.can_view_contract(request.user, contract):
        raise Http404
    return contract


def _contract_page(request, contract, form=None, *, status=200):
    user = request.user
    assessment = selectors.assessment_of(contract)
    if form is None and assessment is None and policies.can_assess(user, contract):
        form = AssessmentForm(contract=contract, companies=services.company_choices(contract.organization))
    context = {
        "contract": contract,
        "assessment": assessment,
        "form": form if assessment is None else None,
        # a form refused after all (e.g. sent from a page shown before the assessment was recorded): its reason on top
        "errors": form.non_field_errors() if form is not None and assessment is not None else [],
        "overdue": selectors.is_overdue(contract),
        "scheme": rules.scheme_on(contract.ended_on),
        "poor": Band.POOR,
        "sop_progress": sop_api.progress_of(contract, user=user),  # the contract's case on its SOP's flowchart
        # issue 18 §3: "Usulkan sanksi" from a poor assessment, and the proposals made for the contract
        **selectors_sanctions.contract_sanctions(contract, assessment, user),
    }
    return render(request, "performance/contract_detail.html", context, status=status)


@login_required
def contract_detail(request, pk: int):
    return _contract_page(request, _contract(request, pk))


@login_required
@require_POST
def contract_assess(request, pk: int):
    """SOP Pencatatan Kinerja Penyedia steps 3–5: the PPK records the assessment."""
    user = request.user
    contract = _contract(request, pk)
    _require(policies.can_assess(user, contract))
    form = AssessmentForm(request.POST, request.FILES, contract=contract,
                          companies=services.company_choices(contract.organization))  # fmt: skip
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.assessment_record(
                contract=contract, by=user, seen_version=request.POST.get("version"), company=data.get("company"),
                scores=form.scores(), stars=data.get("stars"), evidence=data.get("evidence"),
                sikap_reference=data.get("sikap_reference", ""), notes=data.get("notes", ""),
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The assessment is recorded and sent to the UKPBJ team."))
            return redirect("performance:contract-detail", pk=contract.pk)
    return _contract_page(request, contract, form, status=400)


@login_required
def print_assessment(request, pk: int):
    """The Berita Acara Penilaian Kinerja Penyedia of the contract's assessment (404 before it is assessed)."""
    contract = _contract(request, pk)
    assessment = selectors.assessment_of(contract)
    if assessment is None:
        raise Http404(_("This contract's provider is not assessed yet."))
    printed = printing.assessment_report(assessment)
    return file_response(printed.content, filename=printed.filename, inline=True)


@login_required
def evidence(request, pk: int):
    contract = _contract(request, pk)
    assessment = selectors.assessment_of(contract)
    if assessment is None or not assessment.evidence:
        raise Http404
    return file_response(assessment.evidence, filename=assessment.evidence.name.rsplit("/", 1)[-1])


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request):
    """The organisation's own deadlines (no regulation text at hand gives them: rules.py): the Kepala UKPBJ."""
    user = request.user
    _require(policies.can_manage_settings(user, user.organization))
    current = rules.settings_of(user.organization)
    initial = {"assessment_working_days": current.assessment_working_days,
               "response_working_days": current.response_working_days}  # fmt: skip
    form = SettingForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.setting_update(organization=user.organization, by=user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The deadlines are saved."))
                return redirect("performance:settings")
        return render(request, "performance/settings.html", {"form": form}, status=400)
    return render(request, "performance/settings.html", {"form": form})


@login_required
def report(request):
    """Per agency: the contracts ended in a year, assessed, overdue and by band (issue 18 §2)."""
    user = request.user
    _require(policies.can_view_performance(user))
    years = selectors.report_years()
    try:
        year = int(request.GET.get("tahun", years[0]))
    except ValueError:
        year = years[0]
    year = year if year in years else years[0]
    context = {"rows": selectors.agency_report_for(user, year), "year": year, "years": years, "bands": Band.choices}
    return render(request, "performance/report.html", context)
