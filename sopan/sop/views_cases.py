"""The generic case runner's screens: the organisation's cases, starting one, a case with its open steps (each
completed in its card), and a step's output files.

Views stay thin: fetch through the selectors (another organisation's object: 404), parse the form, call one service,
put the service's ValidationError back on the form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sopan.accounts.policies import require
from sopan.core import ids
from sopan.core.documents.serving import file_response
from sopan.core.forms import add_service_errors
from sopan.sop import policies, procedures, progress, selectors
from sopan.sop.forms import CaseStartForm, StepCompleteForm
from sopan.sop.models import Case, StepRecord
from sopan.sop.services import cases


# --- cases ---------------------------------------------------------------------------------------------------------
@login_required
def case_list(request):
    status = request.GET.get("status", "")
    if status not in Case.Status.values:
        status = ""
    sop = ids.parse_id(request.GET.get("sop"))
    page = selectors.case_list_for(request.user, status=status, sop=sop, cursor=request.GET.get("cursor"))
    return render(
        request,
        "sop/case_list.html",
        {
            "page": page,
            "status": status,
            "statuses": Case.Status.choices,
            "startable": [
                v for v in selectors.effective_versions_for(request.user) if policies.can_start_case(request.user, v)
            ],
        },
    )


@login_required
def case_start(request, pk: int):
    version = selectors.version_get_for(request.user, pk)
    if version.organization_id != request.user.organization_id:
        raise Http404
    require(policies.can_start_case(request.user, version))
    form = CaseStartForm(request.POST or None, version=version)
    if request.method == "POST" and form.is_valid():
        try:
            case = cases.case_start(
                version=version, title=form.cleaned_data["title"], participants=form.participants(), by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Case %(reference)s started.") % {"reference": case.reference})
            return redirect("sop:case-detail", pk=case.pk)
    return render(request, "sop/case_start.html", {"form": form, "version": version})


def _case_context(request, case: Case, *, failed_form=None, failed_pk: int | None = None) -> dict:
    """The case page: the flowchart with progress drawn on it, the steps so far, a form for each open step the user
    may complete (or the form that just failed, with its errors)."""
    records = selectors.case_steps(case)
    definition = case.version.parsed
    now = timezone.now()
    open_steps = []
    for record in records:
        if record.status != StepRecord.Status.OPEN:
            continue
        step = definition.step(record.step_key)
        recorded_by = procedures.recorded_by(case, record.step_key)
        if record.pk == failed_pk:
            form = failed_form
        elif policies.can_complete_step(request.user, record):
            form = StepCompleteForm(step=step, prefix=f"step{record.pk}")
        else:
            form = None
        late = bool(record.due_at and record.due_at < now)
        open_steps.append({"record": record, "step": step, "form": form, "late": late, "recorded_by": recorded_by})
    return {
        "case": case,
        "records": records,
        "open_steps": open_steps,
        "doc": progress.case_progress(case, records, now=now).doc,  # the same drawing as on the subject's page
        "definition": definition,
        "participants": case.participants.select_related("user"),
    }


@login_required
def case_detail(request, pk: int):
    case = selectors.case_get_for(request.user, pk)
    return render(request, "sop/case_detail.html", _case_context(request, case))


@login_required
@require_POST
def step_complete(request, pk: int):
    record = selectors.step_get_for(request.user, pk)
    case = record.case
    step = case.version.parsed.step(record.step_key)
    form = StepCompleteForm(request.POST, request.FILES, step=step, prefix=f"step{record.pk}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            cases.step_complete(
                record=record,
                by=request.user,
                exit_label=data.get("exit_label", ""),
                checklist=data.get("checklist", []),
                note=data.get("note", ""),
                justification=data.get("justification", ""),
                outputs=data.get("outputs", []),
            )
        except (cases.StepNotOpen, cases.StepOfAModule) as error:
            messages.error(request, " ".join(error.messages))
            return redirect("sop:case-detail", pk=case.pk)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Step %(step)s is done.") % {"step": record.step_number or record.label})
            return redirect("sop:case-detail", pk=case.pk)
    context = _case_context(request, case, failed_form=form, failed_pk=record.pk)
    return render(request, "sop/case_detail.html", context, status=400)


@login_required
def output_download(request, pk: int):
    output = selectors.output_get_for(request.user, pk)
    return file_response(output.file, filename=output.name)
