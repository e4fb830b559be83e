"""Reads of the service suppliers module, scoped to the user's organisation: another organisation's contract,
evaluation or proposal is 404; someone without the capability gets 403; the lists are keyset pages of a fixed number
of queries."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from sopan.core import ids
from sopan.core.pagination import Page, keyset_page
from sopan.suppliers import policies
from sopan.suppliers.models import Contract, ContractDocument, Evaluation, Proposal, Supplier

PAGE_SIZE = 50
WARN_DAYS = 90


def _require_view(user) -> None:
    if not policies.can_view(user):
        raise PermissionDenied


def _get(model, user, pk, *, related=()):
    _require_view(user)
    if not ids.fits(int(pk)):
        raise Http404
    found = model.objects.select_related(*related).filter(pk=pk, organization_id=user.organization_id).first()
    if found is None:
        raise Http404
    return found


def contract_list_for(user, *, state: str = "", cursor: str | None = None, size: int = PAGE_SIZE) -> Page:
    """The organisation's contracts by the end of their term (soonest first), with their supplier: one query."""
    _require_view(user)
    today = timezone.localdate()
    rows = Contract.objects.filter(organization_id=user.organization_id).select_related("supplier")
    if state == "active":
        rows = rows.filter(ends_on__gte=today)
    elif state == "ending":
        rows = rows.filter(ends_on__gte=today, ends_on__lte=today + datetime.timedelta(days=WARN_DAYS))
    elif state == "expired":
        rows = rows.filter(ends_on__lt=today)
    page = keyset_page(rows, order=("ends_on", "id"), cursor=cursor, size=size)
    for contract in page.items:
        contract.days_left = (contract.ends_on - today).days
    return page


def contract_get_for(user, pk) -> Contract:
    contract = _get(Contract, user, pk, related=("supplier", "created_by"))
    contract.days_left = (contract.ends_on - timezone.localdate()).days
    return contract


def documents_of(contract: Contract) -> list[ContractDocument]:
    return list(contract.documents.select_related("uploaded_by").order_by("kind", "id"))


def document_get_for(user, contract: Contract, pk) -> ContractDocument:
    found = ContractDocument.objects.filter(contract=contract, pk=pk).first()
    if found is None:
        raise Http404
    return found


def evaluations_of(contract: Contract) -> list[Evaluation]:
    return list(contract.evaluations.order_by("-id"))


def evaluation_list_for(user, *, cursor: str | None = None, size: int = PAGE_SIZE) -> Page:
    _require_view(user)
    rows = Evaluation.objects.filter(organization_id=user.organization_id).select_related("contract__supplier")
    return keyset_page(rows, order=("-id",), cursor=cursor, size=size)


def evaluation_get_for(user, pk) -> Evaluation:
    return _get(Evaluation, user, pk, related=("contract__supplier", "organization", "started_by", "decided_by"))


def rounds_of(evaluation: Evaluation) -> list:
    return list(evaluation.rounds.select_related("evaluated_by").order_by("number"))


def proposal_list_for(user, *, cursor: str | None = None, size: int = PAGE_SIZE) -> Page:
    _require_view(user)
    rows = Proposal.objects.filter(organization_id=user.organization_id).select_related("package")
    return keyset_page(rows, order=("-id",), cursor=cursor, size=size)


def proposal_get_for(user, pk) -> Proposal:
    return _get(Proposal, user, pk, related=("organization", "evaluation__contract", "package", "created_by"))


def supplier_choices_for(user) -> list[Supplier]:
    _require_view(user)
    return list(Supplier.objects.filter(organization_id=user.organization_id).order_by("name", "id")[:500])
