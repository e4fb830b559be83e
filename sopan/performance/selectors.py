"""The reads of vendor performance: scoped to the user's organisation and role (policies.py), another organisation's
rows answer 404, lists are keyset pages with a fixed number of queries."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from sopan.core.pagination import Page, keyset_page
from sopan.performance import policies
from sopan.performance.models import Assessment, Band, Contract

FILTERS = ("awaiting", "overdue", "assessed")


def _scoped(user) -> QuerySet[Contract]:
    if not policies.can_view_performance(user):
        return Contract.objects.none()
    rows = Contract.objects.filter(organization_id=user.organization_id)
    if policies.sees_all(user):
        return rows
    return rows.filter(Q(agency_id__in=policies.agency_ids_of(user)) | _ppk_condition(user))


def _ppk_condition(user) -> Q:
    if not policies.may_assess(user):
        return Q(pk__in=[])
    unnamed = Q(commitment_officer__isnull=True, agency_id__in=policies.assessing_agency_ids(user))
    return Q(commitment_officer=user) | unnamed


def contract_list_for(user, *, show: str = "", cursor: str | None = None, size: int = 50) -> Page:
    """The contracts the user follows, newest first; `show`: "awaiting", "overdue" (awaiting past its due day) or
    "assessed". Three queries (the page, its related rows), whatever its length."""
    rows = _scoped(user).select_related("agency", "company", "commitment_officer", "assessment")
    today = timezone.localdate()
    if show == "awaiting":
        rows = rows.filter(status=Contract.Status.AWAITING)
    elif show == "overdue":
        rows = rows.filter(status=Contract.Status.AWAITING, assessment_due_on__lt=today)
    elif show == "assessed":
        rows = rows.filter(status=Contract.Status.ASSESSED)
    return keyset_page(rows, order=("-id",), cursor=cursor, size=size)


def overdue_list_for(user, *, limit: int = 50) -> list[Contract]:
    """The contracts handed over without an assessment by their due day, the longest overdue first (issue 18 §2)."""
    rows = _scoped(user).filter(status=Contract.Status.AWAITING, assessment_due_on__lt=timezone.localdate())
    return list(rows.select_related("agency", "commitment_officer").order_by("assessment_due_on", "id")[:limit])


def contract_get_for(user, pk: int, *, scoped: bool = True) -> Contract:
    """A contract the user may see; another organisation's, or (`scoped`) one outside the user's scope: 404."""
    found = (
        Contract.objects.select_related("agency", "company", "commitment_officer", "package", "organization")
        .filter(pk=pk, organization_id=user.organization_id)
        .first()
    )
    if found is None or (scoped and not policies.can_view_contract(user, found)):
        raise Http404
    return found


def assessment_of(contract: Contract) -> Assessment | None:
    return Assessment.objects.filter(contract=contract).select_related("company", "assessed_by").first()


def agency_report_for(user, year: int) -> list[dict]:
    """Per agency, the contracts that ended in `year`: ended, assessed, overdue and assessed by band (issue 18 §2).
    One query."""
    today = timezone.localdate()
    rows = _scoped(user).filter(ended_on__year=year)
    aggregates = {
        "ended": Count("id"),
        "assessed": Count("id", filter=Q(status=Contract.Status.ASSESSED)),
        "overdue": Count("id", filter=Q(status=Contract.Status.AWAITING, assessment_due_on__lt=today)),
        **{f"band_{band}": Count("id", filter=Q(assessment__band=band)) for band in Band.values},
    }
    return list(rows.values("agency_id", "agency__name").annotate(**aggregates).order_by("agency__name", "agency_id"))


def report_years() -> list[int]:
    this_year = timezone.localdate().year
    return [this_year - n for n in range(5)]


def assessments_of_vendor(user) -> list[Assessment]:
    """The vendor's own assessments (its company's), newest first; none for anyone else."""
    from sopan.vendors.selectors import company_of

    company = company_of(user)
    if company is None:
        return []
    return list(
        Assessment.objects.filter(company=company, organization_id=company.organization_id)
        .select_related("contract", "contract__agency")
        .order_by("-assessed_on", "-id")
    )


def vendor_assessment_get_for(user, pk: int) -> Assessment:
    from sopan.vendors.selectors import company_of

    company = company_of(user)
    found = Assessment.objects.filter(pk=pk).select_related("contract").first()
    if company is None or found is None or found.company_id != company.pk:
        raise Http404
    return found


def is_overdue(contract: Contract, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return contract.status == Contract.Status.AWAITING and contract.assessment_due_on < today
