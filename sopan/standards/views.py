"""The /standar-lpse/ pages (issue 20 §2, §5): the overview of LKPP's standards with this year's self-assessment and
the live evidence, the assessment of one standard, the change requests and the access permits. The registers of
assets, capacity and continuity are sopan.core.registers' pages (urls.py). Views stay thin: the selectors refuse
(403) who may not see the standards and hide (404) another organisation's rows; the services check the rest."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sopan.core import workflow_views
from sopan.core.forms import add_service_errors, bootstrap
from sopan.standards import policies, selectors
from sopan.standards.catalogue import DUTIES, SOURCE, TITLES
from sopan.standards.forms import AssessmentForm, ChangeForm, PermitForm
from sopan.standards.models import AccessPermit, ChangeRequest
from sopan.standards.registers import REGISTERS
from sopan.standards.services import access, assessment, changes
from sopan.standards.workflows import CHANGE_FLOW

MIN_YEAR, MAX_YEAR = 2000, 2100


def _year(value) -> int:
    try:
        year = int(value or timezone.localdate().year)
    except (TypeError, ValueError):
        raise Http404 from None
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404
    return year


def _can(code, request) -> bool:
    return policies.can(code, request.user, request.user.organization)


@login_required
@require_GET
def overview(request):
    year = _year(request.GET.get("tahun"))
    lines = selectors.overview_for(request.user, year)
    registers = [(r.title, reverse(f"standards:{r.url_name('list')}")) for r in REGISTERS]
    context = {
        "lines": lines,
        "year": year,
        "duties": DUTIES,
        "source": SOURCE,
        "registers": registers,
        "can_assess": _can(policies.ASSESS, request),
    }
    return render(request, "standards/overview.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def assessment_page(request, standard: str, year: int):
    year = _year(year)
    saved = selectors.assessment_for(request.user, standard, year)
    can_assess = _can(policies.ASSESS, request)
    if request.method == "POST" and not can_assess:
        raise PermissionDenied
    initial = (
        {"level": saved.level, "notes": saved.notes, "evidence_notes": saved.evidence_notes, "version": saved.version}
        if saved
        else {}
    )
    form = bootstrap(AssessmentForm(request.POST or None, initial=initial))
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            assessment.assessment_save(
                organization=request.user.organization,
                standard=standard,
                year=year,
                level=form.cleaned_data["level"],
                notes=form.cleaned_data["notes"],
                evidence_notes=form.cleaned_data["evidence_notes"],
                by=request.user,
                seen_version=form.cleaned_data.get("version"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The self-assessment is saved."))
            return redirect("standards:assessment", standard=standard, year=year)
    if request.method == "POST":
        status = 400
    context = {
        "standard": standard,
        "number": TITLES[standard][0],
        "title": TITLES[standard][1],
        "year": year,
        "saved": saved,
        "form": form,
        "can_assess": can_assess,
        "live": selectors.live_evidence(request.user.organization).get(standard, []),
    }
    return render(request, "standards/assessment.html", context, status=status)


@login_required
@require_GET
def change_list(request):
    status = request.GET.get("status", "")
    if status not in ChangeRequest.Status.values:
        status = ""
    page = selectors.change_list_for(request.user, status=status, cursor=request.GET.get("cursor"))
    context = {
        "page": page,
        "status": status,
        "statuses": ChangeRequest.Status.choices,
        "can_request": _can(policies.REQUEST_CHANGE, request),
    }
    return render(request, "standards/change_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def change_create(request):
    if not _can(policies.REQUEST_CHANGE, request):
        raise PermissionDenied
    form = bootstrap(ChangeForm(request.POST or None))
    if request.method == "POST" and form.is_valid():
        try:
            change = changes.change_request(
                organization=request.user.organization, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The change is requested."))
            return redirect("standards:change-detail", pk=change.pk)
    return render(request, "standards/change_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_GET
def change_detail(request, pk: int):
    change = selectors.change_get_for(request.user, pk)
    url = reverse("standards:change-transition", kwargs={"pk": change.pk})
    transitions = workflow_views.buttons(change, CHANGE_FLOW, request.user, url=url, exclude=("reject", "roll_back"))
    names = {t.name for t in CHANGE_FLOW.available(change, request.user)}
    context = {
        "change": change,
        "transitions": transitions,
        "transition_url": url,
        "can_reject": "reject" in names,
        "can_roll_back": "roll_back" in names,
    }
    return render(request, "standards/change_detail.html", context)


@login_required
@require_POST
def change_transition(request, pk: int):
    change = selectors.change_get_for(request.user, pk)
    done = {
        "approve": _("The change is approved."),
        "reject": _("The change is rejected."),
        "implement": _("The change is marked implemented."),
        "roll_back": _("The change is rolled back."),
    }
    return workflow_views.transition_view(
        request,
        change,
        CHANGE_FLOW,
        service_for=changes.SERVICES,
        done=done,
        redirect_to=reverse("standards:change-detail", kwargs={"pk": pk}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def permit_list(request):
    kind = request.GET.get("kind", "")
    if kind not in AccessPermit.Kind.values:
        kind = ""
    page = selectors.permit_list_for(request.user, kind=kind, cursor=request.GET.get("cursor"))
    can_grant = _can(policies.MANAGE_ACCESS, request)
    if request.method == "POST" and not can_grant:
        raise PermissionDenied
    form = bootstrap(PermitForm(request.POST or None, organization=request.user.organization))
    if request.method == "POST" and form.is_valid():
        try:
            access.permit_grant(organization=request.user.organization, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The access permit is granted."))
            return redirect("standards:permit-list")
    context = {
        "page": page,
        "kind": kind,
        "kinds": AccessPermit.Kind.choices,
        "form": form,
        "can_grant": can_grant,
        "today": timezone.localdate(),
    }
    return render(request, "standards/permit_list.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def permit_revoke(request, pk: int):
    permit = selectors.permit_get_for(request.user, pk)
    try:
        access.permit_revoke(permit, by=request.user, seen_version=request.POST.get("version") or None)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The access permit is revoked."))
    return redirect("standards:permit-list")
