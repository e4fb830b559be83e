"""The /pendukung-layanan/ pages: the contracts (home), a contract with its documents and evaluations, an evaluation
with its Lembar Evaluasi rounds, the procurement proposals. Views stay thin: one selector or service each; a refusal
is shown with its message (400) and nothing is saved."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sopan.accounts.models import OrgUnit
from sopan.core.documents.serving import file_response
from sopan.procurement.models import Kind, Method
from sopan.suppliers import criteria, policies, printing, selectors
from sopan.suppliers.models import Contract, ContractDocument, Evaluation, Proposal
from sopan.suppliers.services import contracts, evaluations, proposals
from sopan.suppliers.workflows import EVALUATION_FLOW, PROPOSAL_FLOW


def _date(value) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(str(value or ""))
    except ValueError:
        return None


def _messages(error: ValidationError) -> list[str]:
    return error.messages


def _version(request):
    return request.POST.get("version") or None


@login_required
@require_GET
def home(request):
    state = request.GET.get("state", "")
    page = selectors.contract_list_for(request.user, state=state, cursor=request.GET.get("cursor"))
    context = {
        "page": page,
        "state": state,
        "can_manage": policies.can_manage(request.user),
        "warn_days": selectors.WARN_DAYS,
    }
    return render(request, "suppliers/home.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def contract_create(request):
    if not policies.can_manage(request.user):
        raise PermissionDenied
    suppliers = selectors.supplier_choices_for(request.user)
    errors, status = [], 200
    if request.method == "POST":
        supplier = next((s for s in suppliers if str(s.pk) == request.POST.get("supplier")), None)
        try:
            if supplier is None:
                raise ValidationError({"supplier": [_("Choose a supplier of the register.")]})
            contract = contracts.contract_register(
                supplier=supplier,
                by=request.user,
                number=request.POST.get("number"),
                title=request.POST.get("title"),
                starts_on=_date(request.POST.get("starts_on")),
                ends_on=_date(request.POST.get("ends_on")),
                value=request.POST.get("value"),
                documents={kind: request.FILES.get(kind) for kind in ("kak", "contract", "nda")},
            )
        except ValidationError as error:
            errors, status = _messages(error), 400
        else:
            messages.success(request, _("Contract registered."))
            return redirect("suppliers:contract-detail", pk=contract.pk)
    context = {"suppliers": suppliers, "errors": errors, "values": request.POST}
    return render(request, "suppliers/contract_form.html", context, status=status)


@login_required
@require_GET
def contract_detail(request, pk):
    contract = selectors.contract_get_for(request.user, pk)
    context = {
        "contract": contract,
        "documents": selectors.documents_of(contract),
        "evaluations": selectors.evaluations_of(contract),
        "can_manage": policies.can_manage(request.user, contract),
        "expired": contract.ends_on < timezone.localdate(),
        "kinds": ContractDocument.Kind.choices,
    }
    return render(request, "suppliers/contract_detail.html", context)


@login_required
@require_GET
def contract_document(request, pk, document_pk):
    contract = selectors.contract_get_for(request.user, pk)
    document = selectors.document_get_for(request.user, contract, document_pk)
    return file_response(document.file, filename=document.name)


@login_required
@require_POST
def contract_document_add(request, pk):
    contract = selectors.contract_get_for(request.user, pk)
    try:
        contracts.document_add(
            contract=contract, kind=request.POST.get("kind", ""), upload=request.FILES.get("file"), by=request.user
        )
    except ValidationError as error:
        for message in _messages(error):
            messages.error(request, message)
    return redirect("suppliers:contract-detail", pk=contract.pk)


@login_required
@require_POST
def contract_evaluate(request, pk):
    contract = selectors.contract_get_for(request.user, pk)
    try:
        evaluation = evaluations.evaluation_start(contract=contract, by=request.user)
    except ValidationError as error:
        context = {
            "contract": contract,
            "documents": selectors.documents_of(contract),
            "evaluations": selectors.evaluations_of(contract),
            "errors": _messages(error),
            "can_manage": True,
            "expired": contract.ends_on < timezone.localdate(),
            "kinds": ContractDocument.Kind.choices,
        }
        return render(request, "suppliers/contract_detail.html", context, status=400)
    return redirect("suppliers:evaluation-detail", pk=evaluation.pk)


def _evaluation_action(request, evaluation: Evaluation):
    action, by, version = request.POST.get("action"), request.user, _version(request)
    if action == "submit":
        scores = {key: request.POST.get(f"score_{key}") for key in criteria.KEYS}
        return evaluations.evaluation_submit(
            evaluation=evaluation,
            scores=scores,
            notes=request.POST.get("notes"),
            recommendation=request.POST.get("recommendation"),
            by=by,
            seen_version=version,
        )
    if action == "approve":
        return evaluations.evaluation_approve(evaluation=evaluation, by=by, seen_version=version)
    if action == "evaluate_again":
        return evaluations.evaluation_return(
            evaluation=evaluation, note=request.POST.get("note"), by=by, seen_version=version
        )
    if action == "document":
        row, proposal = evaluations.evaluation_document(evaluation=evaluation, by=by, seen_version=version)
        if proposal is not None:
            messages.success(request, _("The replacement's procurement proposal is opened."))
            return proposal
        return row
    raise ValidationError(_("Unknown action."))


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_detail(request, pk):
    evaluation = selectors.evaluation_get_for(request.user, pk)
    errors, status = [], 200
    if request.method == "POST":
        try:
            result = _evaluation_action(request, evaluation)
        except ValidationError as error:
            errors, status = _messages(error), 400
            evaluation = selectors.evaluation_get_for(request.user, pk)
        else:
            if isinstance(result, Proposal):
                return redirect("suppliers:proposal-detail", pk=result.pk)
            return redirect("suppliers:evaluation-detail", pk=evaluation.pk)
    rounds = selectors.rounds_of(evaluation)
    for sheet in rounds:
        sheet.lines = [(label, sheet.scores.get(key)) for key, label in criteria.CRITERIA]
        sheet.average = criteria.average(sheet.scores)
    actions = {t.name for t in EVALUATION_FLOW.available(evaluation, request.user)}
    context = {
        "evaluation": evaluation,
        "contract": evaluation.contract,
        "rounds": rounds,
        "errors": errors,
        "actions": actions,
        "criteria": criteria.CRITERIA,
        "scale": criteria.SCALE,
        "outcomes": [Contract.Outcome.EXTEND, Contract.Outcome.REPLACE],
        "values": request.POST,
    }
    return render(request, "suppliers/evaluation_detail.html", context, status=status)


@login_required
@require_GET
def evaluation_print(request, pk):
    printed = printing.evaluation_sheet(selectors.evaluation_get_for(request.user, pk))
    return file_response(printed.content, filename=printed.filename, inline=True)


@login_required
@require_GET
def proposal_list(request):
    page = selectors.proposal_list_for(request.user, cursor=request.GET.get("cursor"))
    return render(
        request, "suppliers/proposal_list.html", {"page": page, "can_manage": policies.can_manage(request.user)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_create(request):
    if not policies.can_manage(request.user):
        raise PermissionDenied
    errors, status = [], 200
    if request.method == "POST":
        try:
            proposal = proposals.proposal_create(
                organization=request.user.organization,
                by=request.user,
                title=request.POST.get("title"),
                needs=request.POST.get("needs"),
            )
        except ValidationError as error:
            errors, status = _messages(error), 400
        else:
            return redirect("suppliers:proposal-detail", pk=proposal.pk)
    return render(request, "suppliers/proposal_form.html", {"errors": errors, "values": request.POST}, status=status)


def _proposal_fields(request) -> dict:
    names = ("title", "needs", "asset_check", "budget", "kak", "kak_review")
    fields = {name: request.POST[name] for name in names if name in request.POST}
    if "budget" in request.POST:
        fields["budget_approved"] = request.POST.get("budget_approved", "")
    return fields


def _package_fields(request) -> dict:
    agency = OrgUnit.objects.filter(
        organization_id=request.user.organization_id, kind=OrgUnit.Kind.AGENCY, pk=request.POST.get("agency") or 0
    ).first()
    try:
        year = int(request.POST.get("fiscal_year") or 0)
    except ValueError:
        year = 0
    return {
        "agency": agency,
        "kd_rup": request.POST.get("kd_rup"),
        "kind": request.POST.get("kind"),
        "method": request.POST.get("method"),
        "fiscal_year": year,
    }


@login_required
@require_http_methods(["GET", "POST"])
def proposal_detail(request, pk):
    proposal = selectors.proposal_get_for(request.user, pk)
    errors, status = [], 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "save":
                proposals.proposal_update(
                    proposal=proposal, by=request.user, seen_version=_version(request), **_proposal_fields(request)
                )
            elif action == "package":
                proposals.proposal_to_package(proposal=proposal, by=request.user, **_package_fields(request))
            else:
                if action not in {t.name for t in PROPOSAL_FLOW.transitions}:
                    raise ValidationError(_("Unknown action."))
                proposals.proposal_move(
                    proposal=proposal,
                    name=action,
                    by=request.user,
                    seen_version=_version(request),
                    **_proposal_fields(request),
                )
        except ValidationError as error:
            errors, status = _messages(error), 400
            proposal = selectors.proposal_get_for(request.user, pk)
        else:
            return redirect("suppliers:proposal-detail", pk=proposal.pk)
    context = {
        "proposal": proposal,
        "errors": errors,
        "editable": proposals.EDITABLE.get(proposal.status, ()),
        "actions": PROPOSAL_FLOW.available(proposal, request.user),
        "can_manage": policies.can_manage(request.user, proposal),
        "values": request.POST,
        "agencies": OrgUnit.objects.filter(organization_id=proposal.organization_id, kind=OrgUnit.Kind.AGENCY).order_by(
            "name"
        )[:300],
        "kinds": Kind.choices,
        "methods": Method.choices,
        "year": timezone.localdate().year,
    }
    return render(request, "suppliers/proposal_detail.html", context, status=status)


@login_required
@require_GET
def proposal_print(request, pk):
    printed = printing.proposal_document(selectors.proposal_get_for(request.user, pk))
    return file_response(printed.content, filename=printed.filename, inline=True)
