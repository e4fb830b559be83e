"""The reads of the blacklist sanction proposals: scoped to the user's organisation and role (policies_sanctions.py),
another organisation's proposal answers 404, the list is a keyset page with a fixed number of queries, and the
national blacklist (the imported vendors.BlacklistEntry rows, never copied) is read for the page's companies in one
query."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from sopan.core.pagination import Page, keyset_page
from sopan.performance import policies, policies_sanctions
from sopan.performance.models_sanctions import SanctionProposal

RELATED = ("company", "agency", "proposed_by", "contract", "package")
DECIDED = (SanctionProposal.Status.IMPOSED, SanctionProposal.Status.REJECTED, SanctionProposal.Status.REPORTED)


def _scoped(user) -> QuerySet[SanctionProposal]:
    if not policies_sanctions.can_view_sanctions(user):
        return SanctionProposal.objects.none()
    rows = SanctionProposal.objects.filter(organization_id=user.organization_id)
    if policies_sanctions.sees_every_proposal(user):
        return rows
    condition = Q(proposed_by=user) | Q(agency_id__in=policies_sanctions.agency_ids_seen(user))
    if policies.may_assess(user):
        condition |= Q(contract__commitment_officer=user)
    return rows.filter(condition)


def proposal_list_for(user, *, cursor: str | None = None, size: int = 50) -> Page:
    """The proposals the user follows, newest first, each with `listed` (the national list's entry in force for its
    company, or None). Three queries whatever the page's length: the page, the listing, (the cursor's none)."""
    rows = _scoped(user).select_related(*RELATED)
    page = keyset_page(rows, order=("-id",), cursor=cursor, size=size)
    listed = national_listing(user.organization_id, [p.company for p in page.items])
    for proposal in page.items:
        proposal.listed = listed.get(proposal.company_id)
    return page


def proposal_get_for(user, pk: int, *, scoped: bool = True) -> SanctionProposal:
    """A proposal the user may see; another organisation's, or (`scoped`) one outside the user's scope: 404."""
    found = (
        SanctionProposal.objects.select_related(*RELATED, "assessment", "organization", "reviewed_by", "decided_by")
        .filter(pk=pk, organization_id=user.organization_id)
        .first()
    )
    if found is None or (scoped and not policies_sanctions.can_view_proposal(user, found)):
        raise Http404
    found.listed = national_listing(found.organization_id, [found.company]).get(found.company_id)
    return found


def national_listing(organization_id: int, companies, *, today: datetime.date | None = None) -> dict:
    """{company id: the imported national blacklist's entry in force today} for these companies, matched as the
    availability analysis matches them (procurement.availability.blacklist_entries), the entry listing it since the
    longest. One query (none for no companies)."""
    from sopan.procurement.availability import blacklist_entries

    return blacklist_entries(companies, organization_id, today or timezone.localdate(), earliest=True)


def contract_sanctions(contract, assessment, user) -> dict:
    """The contract page's part (issue 18 §3): the proposals made for it, and whether the user may propose one now
    (its PPK, a poor assessment, no live proposal)."""
    from sopan.performance.models import Band

    proposals = list(SanctionProposal.objects.filter(contract=contract).order_by("-id"))
    live = any(p.assessment_id and p.status != SanctionProposal.Status.REJECTED for p in proposals)
    may = assessment is not None and assessment.band == Band.POOR and not live
    return {
        "sanction_proposals": proposals,
        "can_propose_sanction": may and policies_sanctions.can_propose_for_contract(user, contract),
    }


def decided_for_vendor(user) -> list[SanctionProposal]:
    """The decided proposals against the vendor's own company (imposed, reported or rejected), newest first."""
    from sopan.vendors.selectors import company_of

    company = company_of(user)
    if company is None:
        return []
    return list(
        SanctionProposal.objects.filter(company=company, organization_id=company.organization_id, status__in=DECIDED)
        .select_related("agency")
        .order_by("-decided_at", "-id")
    )
