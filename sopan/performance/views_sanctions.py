"""The pages of the blacklist sanction proposals, under /kinerja-penyedia/sanksi/ (issue 18 §3): the list, a proposal
from a poor assessment (the contract's page links here) or from a finding (a contract's PPK, a package's Pokja member),
a proposal's page with the actions its person may take now (the workflow's buttons, each with its small form), and the
SK Penetapan Sanksi Daftar Hitam. A vendor gets 403 here; another organisation's proposal 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sopan.core import workflow_views
from sopan.core.documents.serving import file_response
from sopan.core.forms import add_service_errors
from sopan.performance import policies_sanctions, printing_sanctions, selectors, selectors_sanctions
from sopan.performance import services_sanctions as services
from sopan.performance.forms_sanctions import ACTION_FORMS, ProposalForm
from sopan.performance.models import Band, Contract
from sopan.performance.workflows_sanctions import SANCTION_FLOW
from sopan.procurement.models import packages_of_pokja_member
from sopan.vendors.models import Company


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


@login_required
def sanction_list(request):
    user = request.user
    _require(policies_sanctions.can_view_sanctions(user))
    context = {
        "page": selectors_sanctions.proposal_list_for(user, cursor=request.GET.get("cursor")),
        "can_propose": policies_sanctions.may_propose(user),
    }
    return render(request, "performance/sanction_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def sanction_from_assessment(request, pk: int):
    """SOP Pencatatan Kinerja Penyedia step 5: the contract's PPK proposes the sanction from its poor assessment."""
    user = request.user
    contract = selectors.contract_get_for(user, pk, scoped=False)
    _require(policies_sanctions.can_propose_for_contract(user, contract))
    assessment = selectors.assessment_of(contract)
    if assessment is None or assessment.band != Band.POOR:
        raise Http404(_("Only a poor (Buruk) assessment leads to a sanction proposal."))
    form = ProposalForm(request.POST or None, selection=False)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.proposal_create(organization=user.organization, by=user, assessment=assessment,
                                                ground=form.cleaned_data["ground"],
                                                finding=form.cleaned_data["finding"])  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The sanction is proposed; the UKPBJ reviews it."))
            return redirect("performance:sanction-detail", pk=proposal.pk)
    context = {"form": form, "contract": contract, "assessment": assessment}
    status = 400 if request.method == "POST" else 200
    return render(request, "performance/sanction_form.html", context, status=status)


def _sources(user):
    """The contracts the user is the PPK of and the packages of the user's Pokja: (value, label) pairs."""
    contracts = [c for c in Contract.objects.filter(organization_id=user.organization_id).order_by("-id")[:200]
                 if policies_sanctions.can_propose_for_contract(user, c)]  # fmt: skip
    packages = packages_of_pokja_member(user).filter(organization_id=user.organization_id).order_by("-id")[:100]
    return [(f"c{c.pk}", _("Contract: %(name)s") % {"name": c.name}) for c in contracts] + [
        (f"p{p.pk}", _("Selection: %(name)s") % {"name": p.name}) for p in packages
    ]


def _source_objects(user, value: str):
    """The contract or the package picked: (contract, package); another organisation's: 404."""
    kind, pk = (value or " ")[:1], (value or "")[1:]
    if kind not in ("c", "p") or not pk.isdigit():
        return None, None
    if kind == "c":
        return selectors.contract_get_for(user, int(pk), scoped=False), None
    package = packages_of_pokja_member(user).filter(organization_id=user.organization_id, pk=int(pk)).first()
    if package is None:
        raise Http404
    return None, package


@login_required
@require_http_methods(["GET", "POST"])
def sanction_new(request):
    """A proposal from a finding: on a contract (its PPK) or on a package's selection (a member of its Pokja)."""
    user = request.user
    _require(policies_sanctions.may_propose(user))
    companies = Company.objects.filter(organization_id=user.organization_id).order_by("name", "id")
    form = ProposalForm(request.POST or None, sources=_sources(user), companies=companies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        contract, package = _source_objects(user, data["source"])
        try:
            proposal = services.proposal_create(organization=user.organization, by=user, contract=contract,
                                                package=package, company=data.get("company"), ground=data["ground"],
                                                finding=data["finding"])  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The sanction is proposed; the UKPBJ reviews it."))
            return redirect("performance:sanction-detail", pk=proposal.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "performance/sanction_form.html", {"form": form}, status=status)


def _proposal(request, pk: int):
    """A proposal the user may see: another organisation's 404, no such page at all 403 (a vendor), outside their
    scope 404."""
    proposal = selectors_sanctions.proposal_get_for(request.user, pk, scoped=False)
    _require(policies_sanctions.can_view_sanctions(request.user))
    if not policies_sanctions.can_view_proposal(request.user, proposal):
        raise Http404
    return proposal


def _page(request, proposal, *, forms_with_errors=None, status=200):
    user = request.user
    url = reverse("performance:sanction-action", kwargs={"pk": proposal.pk})
    actions = workflow_views.buttons(proposal, SANCTION_FLOW, user, url=url)
    forms = forms_with_errors or {}
    rows = [(b, forms.get(b.name) or ACTION_FORMS[b.name](prefix=b.name)) for b in actions["buttons"]]
    shown = {b.name for b in actions["buttons"]}
    # a refusal of an action no longer offered (the proposal moved on meanwhile): its reason on top of the page
    errors = [e for name, form in forms.items() if name not in shown for e in form.non_field_errors()]
    context = {"proposal": proposal, "actions": rows, "version": actions["version"], "ground": proposal.ground_row,
               "errors": errors}  # fmt: skip
    return render(request, "performance/sanction_detail.html", context, status=status)


@login_required
def sanction_detail(request, pk: int):
    return _page(request, _proposal(request, pk))


def _service(name):
    def call(obj, *, by, seen_version, data):
        extra = {key: value for key, value in data.items() if key != "version"}
        return getattr(services, f"proposal_{name}")(proposal=obj, by=by, seen_version=seen_version, **extra)

    return call


@login_required
@require_POST
def sanction_action(request, pk: int):
    proposal = _proposal(request, pk)
    name = request.POST.get("transition", "")
    done = {
        "review": _("The proposal is reviewed and sent to the PA/KPA."),
        "return": _("The proposal is returned to its proposer."),
        "resubmit": _("The proposal is sent again."),
        "impose": _("The sanction is imposed; the vendor is informed."),
        "reject": _("The proposal is rejected."),
        "report": _("The report to LKPP is recorded."),
    }
    return workflow_views.transition_view(
        request, proposal, SANCTION_FLOW, name=name,
        service_for={key: _service(key) for key in ACTION_FORMS},
        forms={key: (lambda data, files, key=key: ACTION_FORMS[key](data, files, prefix=key)) for key in ACTION_FORMS},
        done=done, redirect_to=reverse("performance:sanction-detail", kwargs={"pk": proposal.pk}),
        render_page=lambda req, forms_with_errors, status: _page(req, proposal, forms_with_errors=forms_with_errors,
                                                                 status=status),
    )  # fmt: skip


@login_required
def sanction_print(request, pk: int):
    """The SK Penetapan Sanksi Daftar Hitam (404 before the sanction is imposed)."""
    proposal = _proposal(request, pk)
    printed = printing_sanctions.sanction_decree(proposal)
    return file_response(printed.content, filename=printed.filename, inline=True)
