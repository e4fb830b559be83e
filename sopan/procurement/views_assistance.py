"""The assistance on the package's page (issue 17 §2, section "Pendampingan"; services_assistance.py): the PPK's
request form, the Kepala UKPBJ's appointment form with the organisation's Jabfung PPBJ and their workload, the
appointed Jabfung's report form, the reports listed, the closing. One POST view per action; a refused form comes back
on the package's page with what was typed (400, or 409 when the assistance moved on meanwhile)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sopan.accounts.models import RoleAssignment, User
from sopan.core.forms import add_service_errors
from sopan.core.workflow_views import moved_on
from sopan.procurement import forms_stages as f
from sopan.procurement import policies, selectors
from sopan.procurement import services_assistance as services
from sopan.procurement.models import Assistance, AssistanceReport, Package
from sopan.procurement.workflows_assistance import ASSISTANCE_FLOW

PREFIX = "assistance:"  # the key of a refused assistance form among the page's forms_with_errors


@dataclass(frozen=True)
class Candidate:
    user: User
    open: int  # the assistances they are appointed to and that are not closed: their workload


def jabfung_candidates(organization_id: int) -> list[Candidate]:
    """The organisation's active Jabfung PPBJ with their number of open assistances, in one query."""
    holders = RoleAssignment.objects.active().filter(organization_id=organization_id, role=policies.JABFUNG_ROLE)
    rows = (
        User.objects.filter(is_active=True, pk__in=holders.values("user_id"))
        .annotate(open=Count("assistances", filter=Q(assistances__status=Assistance.Status.ASSIGNED)))
        .only("id", "full_name", "username")
        .order_by("full_name", "id")
    )
    return [Candidate(user, user.open) for user in rows]


def assistances_of(package: Package) -> list[Assistance]:
    """The package's assistances with their people, letter and reports: two queries whatever the number of reports."""
    reports = AssistanceReport.objects.select_related("reported_by").order_by("reported_at", "id")
    return list(
        Assistance.objects.filter(package=package)
        .select_related("requested_by", "jabfung", "assigned_by", "letter")
        .prefetch_related(Prefetch("reports", queryset=reports))
        .order_by("id")
    )


def _url(package, action: str, assistance=None) -> str:
    kwargs = {"pk": package.pk, "action": action}
    if assistance is not None:
        return reverse("procurement:assistance-action", kwargs={**kwargs, "aid": assistance.pk})
    return reverse("procurement:assistance-request", kwargs={"pk": package.pk})


def _form(action: str, data, package, *, candidates=None):
    if action == "request":
        stages = [(s.value, s.label) for s in Assistance.Stage if services.stage_closed(package, s) is None]
        return f.AssistanceRequestForm(data, package=package, prefix="assistance-request", stages=stages)
    if action == "appoint":
        if candidates is None:
            candidates = jabfung_candidates(package.organization_id)
        return f.AssistanceAppointForm(data, package=package, prefix="assistance-appoint", candidates=candidates)
    form_class = {"report": f.AssistanceReportForm, "close": f.AssistanceCloseForm}[action]
    return form_class(data, package=package, prefix=f"assistance-{action}")


def section(request, package: Package, forms_with_errors=None, assistances=None) -> dict | None:
    """What the section "Pendampingan" shows to the person, or None for who may not read it. `assistances`: the
    package's (`assistances_of`) when the caller has read them."""
    user = request.user
    if not policies.can_view_assistance(user, package):
        return None
    forms_with_errors = forms_with_errors or {}
    items, candidates = [], None
    for assistance in assistances_of(package) if assistances is None else assistances:
        assistance.package = package
        actions = []
        for name in ("appoint", "report", "close"):
            transition = ASSISTANCE_FLOW.get(name)
            if assistance.status not in transition.source or not transition.allowed(user, assistance):
                continue
            form = forms_with_errors.get(f"{PREFIX}{name}:{assistance.pk}")
            if form is None:
                if name == "appoint" and candidates is None:
                    candidates = jabfung_candidates(package.organization_id)
                form = _form(name, None, package, candidates=candidates)
                form.initial = {"version": assistance.version}
            actions.append({"name": f"assistance_{name}_{assistance.pk}", "label": transition.label, "form": form,
                            "url": _url(package, name, assistance)})  # fmt: skip
        items.append({"assistance": assistance, "actions": actions})
    request_form = None
    if policies.can_request_assistance(user, package):
        request_form = forms_with_errors.get(f"{PREFIX}request") or _form("request", None, package)
        request_form.initial = request_form.initial or {"version": package.version}
        if not request_form.fields["stage"].choices:
            request_form = None
    request_stage = request_form and {"name": "assistance_request", "label": _("Request assistance"),
                                      "form": request_form, "url": _url(package, "request")}  # fmt: skip
    print_url = None  # the Surat Tugas of an appointed Jabfung: the Kepala UKPBJ's letter (views_printing)
    if policies.can_appoint_jabfung(user, package):
        print_url = reverse("procurement:print-assistance", kwargs={"pk": package.pk})
    return {"items": items, "request_form": request_form, "request_stage": request_stage, "print_url": print_url}


def _package_for(request, pk: int) -> Package:
    return selectors.package_page_for(request.user, pk)


def _answer(request, package, key: str, form, call, done: str):
    from sopan.procurement.views import render_package_page

    if form.is_valid():
        try:
            call(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            status = 409 if moved_on(error) else 400
        else:
            messages.success(request, done)
            return redirect(reverse("procurement:package-detail", kwargs={"pk": package.pk}) + "#assistance")
    else:
        status = 400
    return render_package_page(request, package, forms_with_errors={key: form}, status=status)


@login_required
@require_POST
def assistance_request(request, pk: int):
    """The PPK's request (SOP Perencanaan Pengadaan 3 "a"; Persiapan Pengadaan 5 "a")."""
    package = _package_for(request, pk)
    if not policies.can_request_assistance(request.user, package):
        raise PermissionDenied
    form = _form("request", request.POST, package)

    def call(data):
        services.assistance_request(package=package, stage=data["stage"], text=data["text"], by=request.user)

    return _answer(request, package, f"{PREFIX}request", form, call, _("The assistance is requested."))


DONE = {
    "appoint": lambda: _("The Jabfung PPBJ is appointed."),
    "report": lambda: _("The report is recorded."),
    "close": lambda: _("The assistance is closed."),
}


@login_required
@require_POST
def assistance_action(request, pk: int, aid: int, action: str):
    """Appoint (Kepala UKPBJ), report (the appointed Jabfung), close (either) one assistance of the package."""
    package = _package_for(request, pk)
    assistance = Assistance.objects.filter(pk=aid, package=package).first()
    if assistance is None or action not in DONE:
        raise Http404
    assistance.package = package
    if not ASSISTANCE_FLOW.get(action).allowed(request.user, assistance):
        raise PermissionDenied
    form = _form(action, request.POST, package)
    by = request.user

    def call(data):
        seen = data["version"]
        if action == "appoint":
            jabfung = User.objects.filter(pk=data["jabfung"]).first()
            services.assistance_appoint(assistance=assistance, jabfung=jabfung, by=by, seen_version=seen)
        elif action == "report":
            services.assistance_report(assistance=assistance, period=data["period"], text=data["text"], by=by,
                                       seen_version=seen)  # fmt: skip
        else:
            services.assistance_close(assistance=assistance, note=data["note"], by=by, seen_version=seen)

    return _answer(request, package, f"{PREFIX}{action}:{assistance.pk}", form, call, DONE[action]())
