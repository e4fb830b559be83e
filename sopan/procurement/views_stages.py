"""The stages on the package's page (issue 17 §2, §3, §6): the buttons and forms of the transitions the person may
take now, one POST view dispatching each to its `stages.package_*` service, and the package's timeline.

The buttons come from `PACKAGE_FLOW.available(package, user)` (permission, status and guard), so each persona sees
only what they may do. Every form carries the version the person saw: a form made on an outdated page is refused
("data sudah diubah orang lain", as the platform says it) and nothing is saved. A refusal of the service (e.g. each
Pokja rule broken, with its legal source) comes back on the page with what was typed.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from sopan.core import workflow_views
from sopan.core.listing import RowFormat
from sopan.core.templatetags.sopan import local_datetime
from sopan.procurement import forms_stages as f
from sopan.procurement import selectors, stages, views_assistance
from sopan.procurement.rules import PokjaMember
from sopan.procurement.selectors_stages import (
    RECORDS_SECONDS,
    pokja_candidates,
    selection_request_of,
    timeline,
    timeline_key,
    with_records,
)
from sopan.procurement.workflows import PACKAGE_FLOW

FORMS = {
    "request_selection": f.SelectionRequestForm,
    "assign_pokja": f.PokjaForm,
    "return_documents": f.FindingsForm,
    "complete_review": f.FindingsForm,
    "decide_methods": f.MethodsForm,
    "set_schedule": f.ScheduleForm,
    "start_selection": f.StartSelectionForm,
    "record_selection_result": f.MilestoneForm,
    "record_sppbj": f.MilestoneForm,
    "record_contract": f.MilestoneForm,
    "record_handover": f.HandoverForm,
    "cancel": f.CancelForm,
}


def _make_form(name, package):
    form_class = FORMS[name]

    def make(data, files=None):
        extra = {"candidates": pokja_candidates(package)} if name == "assign_pokja" else {}
        return form_class(data, files, package=package, prefix=name, **extra)

    return make


# --- the services, called as `service(package, by=, seen_version=, data=)` -------------------------------------------
def _plain(service):
    return lambda package, *, by, seen_version, data: service(package=package, by=by, seen_version=seen_version)


def _with(service, *fields):
    def call(package, *, by, seen_version, data):
        return service(package=package, by=by, seen_version=seen_version, **{k: data.get(k) for k in fields})

    return call


def _assign_pokja(package, *, by, seen_version, data):
    """The decree and the members, each with the competence they declare for the package's kind and in their words."""
    members = [
        PokjaMember(
            m["user"], frozenset({package.kind}) if m["competent"] else frozenset(), m["pact"], m["note"].strip()
        )
        for m in data["picked"]
    ]
    return stages.package_assign_pokja(
        package=package,
        by=by,
        seen_version=seen_version,
        decree_number=data["decree_number"],
        decree_date=data["decree_date"],
        members=members,
    )


SERVICE_FOR = {
    "submit_preparation": _plain(stages.package_submit_preparation),
    "approve_preparation": _plain(stages.package_approve_preparation),
    "request_selection": _with(stages.package_request_selection, "items"),
    "assign_pokja": _assign_pokja,
    "return_documents": _with(stages.package_return_documents, "findings"),
    "resubmit_documents": _plain(stages.package_resubmit_documents),
    "complete_review": _with(stages.package_complete_review, "findings"),
    "decide_methods": _with(
        stages.package_decide_methods,
        "selection_method",
        "qualification_method",
        "evaluation_method",
        "submission_method",
    ),
    "set_schedule": _with(
        stages.package_set_schedule, "announcement_on", "bid_deadline_on", "result_on", "contract_on"
    ),
    "start_selection": _with(stages.package_start_selection, "announced_on", "spse_code"),
    "record_selection_result": _with(stages.package_record_selection_result, "on", "reference", "value"),
    "record_sppbj": _with(stages.package_record_sppbj, "on", "reference", "value"),
    "record_contract": _with(stages.package_record_contract, "on", "reference", "value"),
    "record_handover": _with(stages.package_record_handover, "on", "reference"),
    "cancel": _with(stages.package_cancel, "reason"),
}
DONE = {
    "submit_preparation": _("The preparation is submitted to the PA/KPA."),
    "approve_preparation": _("The preparation is approved."),
    "request_selection": _("The selection is requested."),
    "assign_pokja": _("The selection working group is appointed."),
    "return_documents": _("The documents are returned to the PPK."),
    "resubmit_documents": _("The documents are handed to the selection working group again."),
    "complete_review": _("The preparation documents are complete."),
    "decide_methods": _("The methods are decided."),
    "set_schedule": _("The schedule is set."),
    "start_selection": _("The selection has started."),
    "record_selection_result": _("The selection result is recorded."),
    "record_sppbj": _("The SPPBJ is recorded."),
    "record_contract": _("The contract is recorded."),
    "record_handover": _("The handover is recorded."),
    "cancel": _("The package is cancelled."),
}


# The timeline's rows, written here (core.listing.RowFormat): a dozen entries cost the template engine about 1 ms.
TIMELINE_ROW = RowFormat(
    '<li class="mb-2" id="{html_id}"><span class="small text-muted">{at}</span> '
    '<span class="fw-semibold">{title}</span>{by}{detail}</li>'
)
BY = RowFormat(' <span class="small text-muted">({name})</span>')
DETAIL = RowFormat('<div class="small">{text}</div>')


def timeline_rows(package) -> SafeString:
    """The timeline's entries (`selectors_stages.timeline`) as the page's list items, "" when none is recorded: kept
    in the cache as the records are (per package version, `selectors_stages.RECORDS_SECONDS`), per language and zone."""
    with_records(package)  # which reads the rows kept beside the records in the same round trip
    key = timeline_key(package)
    read_as, rows = getattr(package, "_timeline_rows", (None, None))
    if read_as != key:  # another language or zone than the records were read in
        rows = cache.get(key)
    if rows is None:
        rows = str(_timeline_rows(package))
        cache.set(key, rows, RECORDS_SECONDS)
    package._timeline_rows = (key, rows)
    return SafeString(rows)


def _timeline_rows(package) -> SafeString:
    return SafeString("\n  ".join(
        TIMELINE_ROW(
            html_id=entry.html_id,
            at=local_datetime(entry.at),
            title=entry.title,
            by=BY(name=entry.by.get_full_name()) if entry.by else "",
            detail=DETAIL(text=linebreaksbr(entry.detail)) if entry.detail else "",
        )
        for entry in timeline(package)
    ))  # fmt: skip


def _action_url(package):
    return lambda name: reverse("procurement:package-action", kwargs={"pk": package.pk, "transition": name})


def stage_context(request, package, forms_with_errors=None, *, assistances=None) -> dict:
    """What the package's page shows of the stages: the plain buttons, the forms of the transitions with input the
    person may take now (the refused one as it was sent), the timeline and the SOP cases drawn on their flowcharts."""
    forms_with_errors = forms_with_errors or {}
    with_records(package)  # the permissions (the Pokja's members) and guards below read them, asking nothing more
    available = [t for t in PACKAGE_FLOW.available(package, request.user) if t.label]
    blocked = {t.name for t in available if t.guard is not None and t.guard(package) is not None}
    if selection_request_of(package) is not None:  # requested once (the service refuses a second)
        blocked.add("request_selection")
    available = [t for t in available if t.name not in blocked]
    stage_forms = []
    for transition in available:
        if transition.name not in FORMS:
            continue
        form = forms_with_errors.get(transition.name)
        if form is None:
            form = _make_form(transition.name, package)(None)
            form.initial = {"version": package.version}
        stage_forms.append({"name": transition.name, "label": transition.label, "form": form,
                            "url": _action_url(package)(transition.name)})  # fmt: skip
    shown = {stage["name"] for stage in stage_forms}
    refused = [  # a refused form whose transition is no longer open (the package moved on): its errors on top
        error
        for name, form in forms_with_errors.items()
        if name not in shown and not name.startswith(views_assistance.PREFIX)  # shown in their own section
        for error in form.non_field_errors()
    ]
    return {
        "refused": refused,
        "transitions": workflow_views.buttons(
            package, PACKAGE_FLOW, request.user, url=_action_url(package), exclude={*FORMS, *blocked}
        ),
        "stage_forms": stage_forms,
        "timeline": timeline_rows(package),
        "assistance": views_assistance.section(request, package, forms_with_errors, assistances),  # "Pendampingan"
    }


def _render_page(package):
    def render_page(request, *, forms_with_errors, status):
        from sopan.procurement.views import render_package_page

        return render_package_page(request, package, forms_with_errors=forms_with_errors, status=status)

    return render_page


@login_required
@require_POST
def package_action(request, pk: int, transition: str):
    """Take one transition of the package (`transition`: its name) with the version the person saw."""
    package = selectors.package_page_for(request.user, pk)
    try:
        allowed = PACKAGE_FLOW.get(transition).allowed
    except KeyError:
        raise Http404 from None
    if transition not in SERVICE_FOR:
        raise Http404
    if not allowed(request.user, package):  # before any input is read: who may not act gets 403, not a form error
        raise PermissionDenied
    return workflow_views.transition_view(
        request,
        package,
        PACKAGE_FLOW,
        name=transition,
        service_for=SERVICE_FOR,
        done=DONE,
        redirect_to=reverse("procurement:package-detail", kwargs={"pk": package.pk}),
        forms={name: _make_form(name, package) for name in FORMS},
        render_page=_render_page(package),
        require_version=True,
    )
