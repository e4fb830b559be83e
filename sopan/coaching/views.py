"""The coaching pages under /pembinaan/ (issue 18 §6): for the coaching team and the Kepala UKPBJ (a vendor gets
403, another organisation's programme 404). Views stay thin: fetch through the selectors, call one service, render.
The invitations, the check-in and the vendor's own invitations are in views_invitations.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sopan.coaching import criteria, policies, printing, selectors, services
from sopan.coaching import forms as f
from sopan.coaching.models import Programme
from sopan.coaching.services_invitations import CHECKING_IN, INVITING
from sopan.coaching.workflows import PROGRAMME_FLOW
from sopan.core import workflow_views
from sopan.core.documents.serving import file_response
from sopan.core.forms import add_service_errors
from sopan.core.workflow_views import moved_on
from sopan.sop import api as sop_api

WITH_FORMS = {"approve": f.ApproveForm, "return": f.NoteForm, "report": f.ReportForm, "cancel": f.CancelForm}


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _detail_url(programme) -> str:
    return reverse("coaching:programme-detail", kwargs={"pk": programme.pk})


@login_required
def programme_list(request):
    status = request.GET.get("status", "")
    page = selectors.programme_list_for(request.user, status=status, cursor=request.GET.get("cursor"))
    context = {
        "page": page,
        "status": status,
        "statuses": Programme.Status.choices,
        "can_create": policies.can_manage_programme(request.user, request.user.organization),
    }
    return render(request, "coaching/programme_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def programme_create(request):
    user = request.user
    _require(policies.can_view_programmes(user) and policies.can_manage_programme(user, user.organization))
    form = f.ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_create(organization=user.organization, by=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The programme is drafted."))
            return redirect(_detail_url(programme))
    status = 400 if form.is_bound else 200
    return render(request, "coaching/programme_form.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def programme_edit(request, pk: int):
    programme = selectors.programme_get_for(request.user, pk)
    _require(policies.can_manage_programme(request.user, programme))
    if programme.status != Programme.Status.DRAFT:
        messages.error(request, _("Only a draft programme can be changed."))
        return redirect(_detail_url(programme))
    initial = {name: getattr(programme, name) for name in services.EDITABLE} | {"version": programme.version}
    form = f.ProgrammeForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = dict(form.cleaned_data)
            seen = data.pop("version")
            try:
                services.programme_update(programme=programme, by=request.user, seen_version=seen, **data)
            except ValidationError as error:
                add_service_errors(form, error)
                status = 409 if moved_on(error) else 400
            else:
                messages.success(request, _("The programme is saved."))
                return redirect(_detail_url(programme))
    return render(request, "coaching/programme_form.html", {"form": form, "programme": programme}, status=status)


def render_detail(request, programme: Programme, *, forms_with_errors=None, status: int = 200, **extra):
    """The programme's page, the same whether shown plainly or again with a refused form."""
    user = request.user
    forms_with_errors = forms_with_errors or {}
    can_manage = policies.can_manage_programme(user, programme)
    url = reverse("coaching:programme-transition", kwargs={"pk": programme.pk})
    action_forms = []
    for transition in PROGRAMME_FLOW.available(programme, user):
        if transition.name in WITH_FORMS:
            form = forms_with_errors.get(transition.name) or WITH_FORMS[transition.name](
                initial={"version": programme.version}
            )
            action_forms.append({"name": transition.name, "label": transition.label, "form": form,
                                 "style": transition.style, "url": url})  # fmt: skip
    invitations = selectors.invitation_page(programme, cursor=request.GET.get("cursor"))
    context = {
        "programme": programme,
        "can_manage": can_manage,
        "transitions": workflow_views.buttons(programme, PROGRAMME_FLOW, user, url=url, exclude=WITH_FORMS),
        "action_forms": action_forms,
        "sessions": selectors.sessions_of(programme),
        "materials": selectors.materials_of(programme),
        "invitations": invitations,
        "attendance": selectors.attendance_by_criterion(programme),
        "schedulable": can_manage and programme.status in services.SCHEDULABLE,
        "inviting": can_manage and programme.status in INVITING,
        "checking_in": can_manage and programme.status in CHECKING_IN,
        "session_form": forms_with_errors.get("session") or f.SessionForm(),
        "material_form": forms_with_errors.get("material") or f.MaterialForm(),
        "checkin_form": forms_with_errors.get("check_in") or f.CheckInForm(),
        "sop_progress": sop_api.progress_of(programme, user=user),  # "Alur SOP": the case on its flowchart
        **extra,
    }
    if context["inviting"] and "invite_form" not in extra:
        context["invite_form"] = f.InviteForm(programme=programme)
    context["criteria"] = criteria.for_audience(programme.audience) if context["inviting"] else ()
    return render(request, "coaching/programme_detail.html", context, status=status)


@login_required
def programme_detail(request, pk: int):
    return render_detail(request, selectors.programme_get_for(request.user, pk))


SERVICES = {
    "propose": lambda p, *, by, seen_version, data: services.programme_propose(
        programme=p, by=by, seen_version=seen_version),
    "approve": lambda p, *, by, seen_version, data: services.programme_approve(
        programme=p, direction=data["direction"], by=by, seen_version=seen_version),
    "return": lambda p, *, by, seen_version, data: services.programme_return(
        programme=p, note=data["note"], by=by, seen_version=seen_version),
    "invite": lambda p, *, by, seen_version, data: services.programme_send_invitations(
        programme=p, by=by, seen_version=seen_version),
    "hold": lambda p, *, by, seen_version, data: services.programme_hold(
        programme=p, by=by, seen_version=seen_version),
    "report": lambda p, *, by, seen_version, data: services.programme_report(
        programme=p, report=data["report"], by=by, seen_version=seen_version),
    "cancel": lambda p, *, by, seen_version, data: services.programme_cancel(
        programme=p, note=data["note"], by=by, seen_version=seen_version),
}  # fmt: skip


def _done() -> dict:
    return {
        "propose": _("The programme is proposed to the Kepala UKPBJ."),
        "approve": _("The programme is approved."),
        "return": _("The proposal is returned for revision."),
        "invite": _("The invitations are sent."),
        "hold": _("The programme is marked as held."),
        "report": _("The results are reported."),
        "cancel": _("The programme is cancelled."),
    }


@login_required
@require_POST
def programme_transition(request, pk: int):
    programme = selectors.programme_get_for(request.user, pk)
    name = request.POST.get("transition", "")
    if name not in SERVICES:
        raise Http404
    _require(PROGRAMME_FLOW.get(name).allowed(request.user, programme))

    def page(req, *, forms_with_errors=None, status=200):
        return render_detail(req, programme, forms_with_errors=forms_with_errors, status=status)

    return workflow_views.transition_view(
        request, programme, PROGRAMME_FLOW, service_for=SERVICES, done=_done(), redirect_to=_detail_url(programme),
        forms={key: (lambda data, files, cls=form: cls(data)) for key, form in WITH_FORMS.items()},
        render_page=page,
    )  # fmt: skip


# --- the schedule, the materials, the report --------------------------------------------------------------------
def _managed(request, pk: int) -> Programme:
    programme = selectors.programme_get_for(request.user, pk)
    _require(policies.can_manage_programme(request.user, programme))
    return programme


def _answer(request, programme, key: str, form, call, done: str):
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(_detail_url(programme))
    return render_detail(request, programme, forms_with_errors={key: form}, status=400)


@login_required
@require_POST
def session_add(request, pk: int):
    programme = _managed(request, pk)
    form = f.SessionForm(request.POST)

    def call(data):
        services.session_add(programme=programme, by=request.user, **data)

    return _answer(request, programme, "session", form, call, _("The session is scheduled."))


@login_required
@require_POST
def session_remove(request, pk: int, sid: int):
    programme = _managed(request, pk)
    session = programme.sessions.filter(pk=sid).first()
    if session is None:
        raise Http404
    try:
        services.session_remove(session=session, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The session is removed."))
    return redirect(_detail_url(programme))


@login_required
@require_POST
def material_add(request, pk: int):
    programme = _managed(request, pk)
    form = f.MaterialForm(request.POST, request.FILES)

    def call(data):
        services.material_add(programme=programme, title=data["title"], upload=data["file"], by=request.user)

    return _answer(request, programme, "material", form, call, _("The material is added."))


@login_required
def material_download(request, pk: int, mid: int):
    programme = selectors.programme_get_for(request.user, pk)
    material = programme.materials.filter(pk=mid).first()
    if material is None:
        raise Http404
    return file_response(material.file, filename=material.file.name.rsplit("/", 1)[-1])


@login_required
def report_print(request, pk: int):
    programme = selectors.programme_get_for(request.user, pk)
    try:
        printed = printing.report(programme)
    except printing.NotAvailable as reason:
        return render(request, "coaching/unavailable.html", {"programme": programme, "reason": str(reason)}, status=404)
    return file_response(printed.content, filename=printed.filename, inline=True)
