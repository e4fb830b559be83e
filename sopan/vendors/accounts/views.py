"""Vendor account screens (issue 4 §3): the vendor's "Data perusahaan" with its change requests, and for the LPSE the
vendor list, a vendor's file (status, field history, registrations, account actions stage by stage) and the queue
of data change requests.

Views stay thin: fetch through the selectors (another organisation's object: 404), parse the form, call one service,
put the service's ValidationError back on the form.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sopan.core import workflow_views
from sopan.core.documents.serving import file_response
from sopan.core.forms import add_service_errors
from sopan.core.privacy import personal_data
from sopan.core.workflow import TransitionNotAllowed
from sopan.vendors import identifiers, policies, regions, selectors
from sopan.vendors.accounts import changes
from sopan.vendors.accounts import services as accounts
from sopan.vendors.accounts.forms import (
    STAGE_FORMS,
    AccountActionReportForm,
    ChangeDecisionForm,
    ChangeRequestForm,
    CompanyFilterForm,
)
from sopan.vendors.accounts.workflows import ACCOUNT_ACTION_FLOW, OPEN_STAGES
from sopan.vendors.models import AccountAction, BusinessScale, ChangeRequest, Company, LegalForm
from sopan.vendors.registration.forms_lpse import IdentityRevealForm

A = AccountAction.Stage


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


# --- showing values -------------------------------------------------------------------------------------------------
def _label(field: str) -> str:
    if field == "status":
        return _("account status")
    try:
        return str(Company._meta.get_field(field).verbose_name)
    except FieldDoesNotExist:  # a field of an older version of the model
        return field


def _shown(field: str, value, *, show_nik: bool) -> str:
    """A stored value as people read it: labels for codes, province names, masked NIK unless allowed."""
    if value in (None, "", []):
        return "—"
    if field == "admin_nik":
        return value if show_nik else identifiers.mask_nik(value)
    if field == "legal_form" and value in LegalForm.values:
        return str(LegalForm(value).label)
    if field == "business_scale" and value in BusinessScale.values:
        return str(BusinessScale(value).label)
    if field == "status" and value in Company.Status.values:
        return str(Company.Status(value).label)
    if field == "province":
        name = regions.province_name(value)
        return f"{name} ({value})" if name else value
    if field == "kbli" and isinstance(value, list):
        return ", ".join(value)
    return str(value)


def _change_rows(change_request: ChangeRequest, *, show_nik: bool) -> list[dict]:
    return [
        {
            "field": field,
            "label": _label(field),
            "old": _shown(field, old, show_nik=show_nik),
            "new": _shown(field, new, show_nik=show_nik),
        }
        for field, (old, new) in change_request.changes.items()
    ]


def _history_rows(company: Company, *, show_nik: bool) -> list[dict]:
    rows = []
    for change in selectors.field_history_for(company):
        rows.append(
            {
                "change": change,
                "field": change.field,
                "label": _label(change.field),
                "old": _shown(change.field, change.old_value, show_nik=show_nik),
                "new": _shown(change.field, change.new_value, show_nik=show_nik),
            }
        )
    return rows


def _company_rows(company: Company, *, show_nik: bool) -> list[dict]:
    return [
        {"field": f, "label": _label(f), "value": _shown(f, getattr(company, f), show_nik=show_nik)}
        for f in Company.CHANGEABLE
    ]


def _with_labels(requests):
    """Name the fields each request changes (for the lists of requests)."""
    for item in requests:
        item.field_labels = ", ".join(capfirst(_label(field)) for field in item.changes)
    return requests


def _reveal_nik(request, company: Company) -> tuple[bool, IdentityRevealForm]:
    """ "Show the NIK": a POST with a reason, never a link (a crawler or a browser's prefetch would follow a link and
    log a view nobody made). The service checks the role and logs the view with its reason; the NIK is then in this
    one response only, nothing is kept in the session. Returns whether to show it, and the form (with its errors)."""
    _require(accounts.can_view_identity(request.user, company))
    form = IdentityRevealForm(request.POST)
    if not form.is_valid():
        return False, form
    try:
        accounts.company_identity_viewed(
            company=company, by=request.user, purpose=form.cleaned_data["purpose"], note=form.cleaned_data["note"]
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return False, form
    return True, form


def _evidence(file_field, name_hint: str):
    if not file_field or not default_storage.exists(file_field.name):
        raise Http404
    filename = file_field.name.rsplit("/", 1)[-1] or name_hint
    return file_response(file_field, filename=filename, personal=True)


# --- the vendor: "Data perusahaan" ------------------------------------------------------------------------------
def _own_company(request) -> Company:
    company = selectors.company_of(request.user)
    if company is None or company.status in (Company.Status.REGISTERING, Company.Status.REFUSED):
        raise Http404
    return company


def _mine_context(request, company: Company, *, form=None) -> dict:
    requests = _with_labels(
        list(company.change_requests.select_related("decided_by").order_by("-submitted_at", "-id")[:20])
    )
    open_request = next((r for r in requests if r.status == ChangeRequest.Status.SUBMITTED), None)
    can_request = policies.can_request_change(request.user, company) and open_request is None
    if form is None and can_request:
        form = ChangeRequestForm(company=company)
    return {
        "company": company,
        "rows": _company_rows(company, show_nik=False),
        "history": _history_rows(company, show_nik=False),
        "open_request": open_request,
        "open_rows": _change_rows(open_request, show_nik=False) if open_request else [],
        "past_requests": [r for r in requests if r is not open_request],
        "form": form,
        "can_request": can_request,
    }


@login_required
@personal_data
def company_mine(request):
    company = _own_company(request)
    return render(request, "vendors/accounts/company_mine.html", _mine_context(request, company))


@login_required
@require_POST
@personal_data
def change_request(request):
    company = _own_company(request)
    _require(policies.can_request_change(request.user, company))
    form = ChangeRequestForm(request.POST, request.FILES, company=company)
    if form.is_valid():
        try:
            changes.change_request_submit(
                company=company,
                changes=form.changes(),
                reason=form.cleaned_data["reason"],
                evidence=form.cleaned_data.get("evidence"),
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your change request is sent. The LPSE verifies it before it takes effect."))
            return redirect("vendors:company-mine")
    context = _mine_context(request, company, form=form)
    return render(request, "vendors/accounts/company_mine.html", context, status=400)


@login_required
@require_POST
def change_withdraw(request, pk: int):
    found = selectors.change_request_get_for(request.user, pk)
    try:
        changes.change_request_withdraw(change_request=found, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The change request is withdrawn."))
    return redirect("vendors:company-mine")


# --- the LPSE: vendor list and file -------------------------------------------------------------------------------
@login_required
@personal_data
def company_list(request):
    _require(policies.can_view_vendors(request.user))
    form = CompanyFilterForm(request.GET or None)
    status, query = "", ""
    if form.is_valid():
        status, query = form.cleaned_data["status"], form.cleaned_data["q"].strip()
    page = selectors.company_list_for(request.user, status=status, query=query, cursor=request.GET.get("cursor"))
    context = {"page": page, "form": form, "can_verify": policies.can_verify(request.user)}
    return render(request, "vendors/accounts/company_list.html", context)


def _is_lpse_staff(user, company: Company) -> bool:
    return policies.can_work_desk(user, company) or policies.can_report_account(user, company)


# The page's step (its URL segment and form) of each transition of ACCOUNT_ACTION_FLOW.
STEP_OF = {
    "examined": "examine",
    "proposed": "propose",
    "decided": "decide",
    "informed": "inform",
    "archived": "archive",
    "dropped": "drop",
}
TRANSITION_OF = {step: name for name, step in STEP_OF.items()}


def _action_items(request, company: Company, *, failed: tuple | None = None) -> list[dict]:
    """Each account action with the forms of the steps this user may take now (ACCOUNT_ACTION_FLOW.available()), or
    the form that failed."""
    items = []
    for action in company.account_actions.select_related("reported_by", "decided_by").order_by("-reported_at", "-id"):
        forms = []
        for transition in ACCOUNT_ACTION_FLOW.available(action, request.user):
            step = STEP_OF[transition.name]
            if failed and failed[0] == action.pk and failed[1] == step:
                form = failed[2]
            else:
                form = STAGE_FORMS[step](prefix=f"a{action.pk}-{step}")
            forms.append({"step": step, "form": form})
        items.append({"action": action, "forms": forms})
    return items


def _detail_context(
    request, company: Company, *, report_form=None, failed=None, show_nik=False, reveal_form=None
) -> dict:
    can_report = policies.can_report_account(request.user, company)
    has_open = company.account_actions.filter(stage__in=OPEN_STAGES).exists()
    if report_form is None and can_report and not has_open and company.status != Company.Status.REFUSED:
        report_form = AccountActionReportForm(company=company, prefix="report")
    return {
        "company": company,
        "rows": _company_rows(company, show_nik=show_nik),
        "show_nik": show_nik,
        "can_view_identity": accounts.can_view_identity(request.user, company),
        "reveal_form": reveal_form or IdentityRevealForm(),
        "history": _history_rows(company, show_nik=show_nik),
        "registrations": list(company.registrations.select_related("user").order_by("-submitted_at", "-id")),
        "actions": _action_items(request, company, failed=failed),
        "report_form": report_form if can_report else None,
        "change_requests": _with_labels(
            list(
                company.change_requests.select_related("submitted_by", "decided_by").order_by("-submitted_at", "-id")[
                    :20
                ]
            )
        ),
        "can_verify": policies.can_verify(request.user, company),
    }


@login_required
@personal_data
def company_detail(request, pk: int):
    company = selectors.company_get_for(request.user, pk)
    if not _is_lpse_staff(request.user, company):
        return redirect("vendors:company-mine")  # the vendor's own company
    return render(request, "vendors/accounts/company_detail.html", _detail_context(request, company))


@login_required
@require_POST
@personal_data
def company_identity_reveal(request, pk: int):
    """The vendor's file with the administrator's NIK unmasked, once a reason is given."""
    company = selectors.company_get_for(request.user, pk)
    shown, form = _reveal_nik(request, company)
    context = _detail_context(request, company, show_nik=shown, reveal_form=form)
    return render(request, "vendors/accounts/company_detail.html", context, status=200 if shown else 400)


@login_required
@require_POST
@personal_data  # a refused form shows the vendor's file again
def account_action_report(request, pk: int):
    company = selectors.company_get_for(request.user, pk)
    _require(policies.can_report_account(request.user, company))
    form = AccountActionReportForm(request.POST, request.FILES, company=company, prefix="report")
    if form.is_valid():
        try:
            action = accounts.account_action_report(
                company=company,
                kind=form.cleaned_data["kind"],
                basis=form.cleaned_data["basis"],
                evidence=form.cleaned_data["evidence"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The %(kind)s is recorded; the Kepala LPSE examines it next.")
                % {"kind": action.get_kind_display().lower()},
            )
            return redirect("vendors:company-detail", pk=company.pk)
    context = _detail_context(request, company, report_form=form)
    return render(request, "vendors/accounts/company_detail.html", context, status=400)


# The service of each transition, called by the generic action view with the step's form data.
STEP_SERVICES = {
    "examined": lambda action, *, by, seen_version, data: accounts.account_action_examine(
        action=action, examination=data["examination"], by=by
    ),
    "proposed": lambda action, *, by, seen_version, data: accounts.account_action_propose(
        action=action, proposal=data["proposal"], by=by
    ),
    "decided": lambda action, *, by, seen_version, data: accounts.account_action_decide(
        action=action,
        outcome=data["outcome"],
        note=data["note"],
        external_reference=data.get("external_reference", ""),
        by=by,
    ),
    "informed": lambda action, *, by, seen_version, data: accounts.account_action_inform(action=action, by=by),
    "archived": lambda action, *, by, seen_version, data: accounts.account_action_archive(action=action, by=by),
    "dropped": lambda action, *, by, seen_version, data: accounts.account_action_drop(
        action=action, reason=data["reason"], by=by
    ),
}
STEP_DONE = {  # lazy: the page's language is the request's
    "examined": gettext_lazy("The examination is recorded."),
    "proposed": gettext_lazy("The proposal is recorded."),
    "decided": gettext_lazy("The decision is recorded. Inform the vendor next."),
    "informed": gettext_lazy("The vendor is informed by mail."),
    "archived": gettext_lazy("The file is archived."),
    "dropped": gettext_lazy("The action is dropped."),
}


@login_required
@require_POST
@personal_data  # a refused form shows the vendor's file again
def account_action_step(request, pk: int, step: str):
    """One step of an account action, through the generic action view: bad input comes back on its form (400); when
    someone moved the action on meanwhile, the fresh page says so."""
    if step not in TRANSITION_OF:
        raise Http404
    action = selectors.account_action_get_for(request.user, pk)
    name = TRANSITION_OF[step]
    _require(ACCOUNT_ACTION_FLOW.get(name).allowed(request.user, action))

    def render_page(request, *, forms_with_errors, status):
        company = selectors.company_get_for(request.user, action.company_id)
        context = _detail_context(request, company, failed=(action.pk, step, forms_with_errors[name]))
        return render(request, "vendors/accounts/company_detail.html", context, status=status)

    return workflow_views.transition_view(
        request,
        action,
        ACCOUNT_ACTION_FLOW,
        name=name,
        service_for=STEP_SERVICES,
        done=STEP_DONE,
        redirect_to=reverse("vendors:company-detail", kwargs={"pk": action.company_id}),
        forms={name: lambda data, files: STAGE_FORMS[step](data, prefix=f"a{action.pk}-{step}")},
        render_page=render_page,
        refused_on_page=lambda error: isinstance(error, TransitionNotAllowed),
    )


@login_required
@personal_data
def account_action_evidence(request, pk: int):
    action = selectors.account_action_get_for(request.user, pk)
    return _evidence(action.evidence, f"bukti-{action.pk}")


# --- the LPSE: data change requests -------------------------------------------------------------------------------
@login_required
def change_queue(request):
    _require(policies.can_verify(request.user))
    page = selectors.change_requests_for(request.user, cursor=request.GET.get("cursor"))
    _with_labels(page.items)
    return render(request, "vendors/accounts/change_queue.html", {"page": page})


def _decide_context(request, found: ChangeRequest, *, form=None, show_nik=False, reveal_form=None) -> dict:
    return {
        "change_request": found,
        "company": found.company,
        "rows": _change_rows(found, show_nik=show_nik),
        "conflicts": changes.change_conflicts(request.user, found.company),
        "form": form or ChangeDecisionForm(),
        "show_nik": show_nik,
        "has_nik": "admin_nik" in found.changes,
        "can_view_identity": accounts.can_view_identity(request.user, found.company),
        "reveal_form": reveal_form or IdentityRevealForm(),
    }


@login_required
@personal_data
def change_decide(request, pk: int):
    found = selectors.change_request_get_for(request.user, pk)
    if not policies.can_verify(request.user, found):
        return redirect("vendors:company-mine")  # the vendor's own request
    if request.method != "POST":
        return render(request, "vendors/accounts/change_decide.html", _decide_context(request, found))
    form = ChangeDecisionForm(request.POST)
    if form.is_valid():
        try:
            if form.cleaned_data["decision"] == "approve":
                changes.change_request_approve(change_request=found, note=form.cleaned_data["note"], by=request.user)
                done = _("The change is approved and applied; the vendor is told by mail.")
            else:
                changes.change_request_reject(change_request=found, note=form.cleaned_data["note"], by=request.user)
                done = _("The change is rejected; the vendor is told by mail.")
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("vendors:change-queue")
    context = _decide_context(request, found, form=form)
    return render(request, "vendors/accounts/change_decide.html", context, status=400)


@login_required
@require_POST
@personal_data
def change_identity_reveal(request, pk: int):
    """A data change request with the administrator's NIK (old and new) unmasked, once a reason is given."""
    found = selectors.change_request_get_for(request.user, pk)
    _require(policies.can_verify(request.user, found))
    if "admin_nik" not in found.changes:
        raise Http404  # this request changes no NIK: there is nothing to show
    shown, form = _reveal_nik(request, found.company)
    context = _decide_context(request, found, show_nik=shown, reveal_form=form)
    return render(request, "vendors/accounts/change_decide.html", context, status=200 if shown else 400)


@login_required
@personal_data
def change_evidence(request, pk: int):
    found = selectors.change_request_get_for(request.user, pk)
    return _evidence(found.evidence, f"perubahan-{found.pk}")
