"""Reads of the coaching module, scoped to the user's organisation: another organisation's programme is 404 (never
told apart from one that does not exist), the lists are keyset pages, each page a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404

from sopan.coaching import criteria, policies
from sopan.coaching.models import Invitation, Material, Programme, Session
from sopan.core.pagination import Page, keyset_page

PAGE_SIZE = 50
PREVIEW_SIZE = 20
COUNT_CAP = 1000  # a preview counts up to this many ("1000 or more"): the count stays bounded


def programme_list_for(user, *, status: str = "", cursor: str | None = None, size: int = PAGE_SIZE) -> Page:
    """The organisation's programmes, newest first, with their invited and attended counts: one query a page."""
    if not policies.can_view_programmes(user):
        raise PermissionDenied
    rows = Programme.objects.filter(organization_id=user.organization_id)
    if status in Programme.Status.values:
        rows = rows.filter(status=status)
    rows = rows.annotate(
        invited=Count("invitations"), attended=Count("invitations", filter=Q(invitations__attended_at__isnull=False))
    )
    return keyset_page(rows, order=("-id",), cursor=cursor, size=size)


def programme_get_for(user, pk: int) -> Programme:
    """The programme if it is of the user's organisation (else 404) and the user may see programmes (else 403)."""
    programme = Programme.objects.select_related("organization", "created_by", "approved_by").filter(pk=pk).first()
    if programme is None or programme.organization_id != user.organization_id:
        raise Http404
    if not policies.can_view_programmes(user, programme):
        raise PermissionDenied
    return programme


def sessions_of(programme: Programme) -> list[Session]:
    return list(programme.sessions.order_by("starts_at", "id"))


def materials_of(programme: Programme) -> list[Material]:
    return list(programme.materials.select_related("uploaded_by").order_by("uploaded_at", "id"))


def invitation_page(programme: Programme, *, cursor: str | None = None, size: int = PAGE_SIZE) -> Page:
    """The programme's invitations in the order added, with their invitee: one query a page."""
    rows = Invitation.objects.filter(programme=programme).select_related("company", "user", "checked_in_by")
    page = keyset_page(rows, order=("id",), cursor=cursor, size=size)
    for invitation in page.items:
        invitation.programme = programme
        invitation.criterion_label = criteria.label_of(invitation.criterion)
    return page


@dataclass(frozen=True)
class CriterionCount:
    key: str
    label: str
    invited: int
    attended: int


def attendance_by_criterion(programme: Programme) -> list[CriterionCount]:
    """Invited and attended per criterion (the report's first table): one query."""
    rows = (
        Invitation.objects.filter(programme=programme)
        .values("criterion")
        .annotate(invited=Count("id"), attended=Count("id", filter=Q(attended_at__isnull=False)))
        .order_by("criterion")
    )
    return [
        CriterionCount(r["criterion"], criteria.label_of(r["criterion"]), r["invited"], r["attended"]) for r in rows
    ]


def attendees_of(programme: Programme) -> list[Invitation]:
    return list(
        Invitation.objects.filter(programme=programme, attended_at__isnull=False)
        .select_related("company", "user")
        .order_by("attended_at", "id")
    )


@dataclass
class Preview:
    count: int  # counted up to COUNT_CAP
    capped: bool
    first: list  # the first PREVIEW_SIZE, by name


def invitees_preview(programme: Programme, criterion_key: str, params: criteria.Params) -> Preview:
    """Who the criterion would add (not yet invited): how many and the first of them, two queries."""
    from sopan.coaching.services_invitations import candidates

    found = candidates(programme, criterion_key, params)
    count = found.values("pk")[:COUNT_CAP].count()
    return Preview(count=count, capped=count >= COUNT_CAP, first=list(found[:PREVIEW_SIZE]))


def my_invitations_for(user) -> list[Invitation]:
    """The invitations of the companies the user administers and those to the user, once sent, newest first, with
    their programme, schedule and materials: three queries."""
    if not user.is_authenticated:
        return []
    mine = Q(company__admin_user=user) | Q(user=user)
    return list(
        Invitation.objects.filter(mine, sent_at__isnull=False)
        .exclude(programme__status=Programme.Status.CANCELLED)
        .select_related("programme", "company")
        .prefetch_related("programme__sessions", "programme__materials")
        .order_by("-sent_at", "-id")[:100]
    )


def invitation_get_for(user, programme: Programme, pk: int) -> Invitation:
    """An invitation of the programme (which the caller has scoped), or 404."""
    found = Invitation.objects.select_related("company", "user").filter(programme=programme, pk=pk).first()
    if found is None:
        raise Http404
    found.programme = programme
    return found


def own_invitation_get(user, pk: int) -> Invitation:
    """The user's own invitation (their company's or to them), sent: for the vendor's printed invitation; else 404."""
    found = (
        Invitation.objects.filter(Q(company__admin_user=user) | Q(user=user), pk=pk, sent_at__isnull=False)
        .select_related("programme__organization", "company", "user")
        .first()
    )
    if found is None:
        raise Http404
    return found
