"""Reads of the announcements of outages and maintenance: the LPSE's own list, one announcement for staff, and what
the public sees per organisation (the page /bantuan/<org>/pengumuman/ and its Atom feed).

Staff reads are scoped to the user's organisation: an announcement of another organisation, or one the user may not
manage, is 404. The public sees every announcement of the organisation (they are published by nature), but never who
wrote or closed it.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Case, QuerySet, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from sopan.accounts.models import Organization
from sopan.core.pagination import Page, keyset_page
from sopan.helpdesk import policies
from sopan.helpdesk.models import Announcement

ORDER = ("-started_at", "-id")
PUBLIC_ACTIVE_LIMIT = 50  # ongoing and planned at once: more would be a fault of the LPSE, not a page to scroll
PUBLIC_CLOSED_DAYS = 365  # ended announcements stay on the public page for a year (the feed keeps the latest only)
FEED_SIZE = 30
PUBLIC_FIELDS = (
    "id",
    "organization_id",
    "kind",
    "status",
    "title",
    "body",
    "services",
    "affected_tenders",
    "started_at",
    "expected_end_at",
    "ended_at",
    "cause",
    "report_number",
    "created_at",
    "updated_at",
)


def _with_upcoming(queryset: QuerySet[Announcement], now: datetime.datetime) -> QuerySet[Announcement]:
    """`is_upcoming`: planned work that has not started yet (shown as "scheduled", not "ongoing")."""
    return queryset.annotate(
        is_upcoming=Case(
            When(status=Announcement.Status.ACTIVE, started_at__gt=now, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


# --- staff -------------------------------------------------------------------------------------------------------
def announcement_list_for(user, *, status: str = "", kind: str = "", cursor: str | None = None, size: int = 50) -> Page:
    """The user's organisation's announcements, newest start first; by status and kind."""
    organization = user.organization if user.is_authenticated else None
    if organization is None or not policies.can_manage_announcements(user, organization):
        raise PermissionDenied
    queryset = Announcement.objects.filter(organization_id=organization.pk).select_related("created_by", "closed_by")
    if status in Announcement.Status.values:
        queryset = queryset.filter(status=status)
    if kind in Announcement.Kind.values:
        queryset = queryset.filter(kind=kind)
    return keyset_page(_with_upcoming(queryset, timezone.now()), order=ORDER, cursor=cursor, size=size)


def announcement_get_for(user, pk: int) -> Announcement:
    """One announcement of the user's organisation, for those who manage them; anything else is 404."""
    if not (user.is_authenticated and user.organization_id):
        raise Http404
    queryset = Announcement.objects.filter(organization_id=user.organization_id).select_related(
        "organization", "created_by", "closed_by"
    )
    announcement = get_object_or_404(_with_upcoming(queryset, timezone.now()), pk=pk)
    if not policies.can_manage_announcements(user, announcement):
        raise Http404
    return announcement


# --- public ------------------------------------------------------------------------------------------------------
def public_organization(slug: str) -> Organization:
    return get_object_or_404(Organization, slug=slug)


def _public(organization: Organization) -> QuerySet[Announcement]:
    return _with_upcoming(
        Announcement.objects.filter(organization_id=organization.pk).only(*PUBLIC_FIELDS), timezone.now()
    )


def public_active_announcements(organization: Organization) -> list[Announcement]:
    """What is going on now or planned: ongoing outages and maintenance first, then the scheduled ones."""
    queryset = _public(organization).filter(status=Announcement.Status.ACTIVE)
    return list(queryset.order_by("is_upcoming", "-started_at", "-id")[:PUBLIC_ACTIVE_LIMIT])


def public_closed_announcements(organization: Organization, *, cursor: str | None = None, size: int = 20) -> Page:
    """Ended announcements of the last year, newest start first, a page at a time."""
    since = timezone.now() - datetime.timedelta(days=PUBLIC_CLOSED_DAYS)
    queryset = _public(organization).filter(status=Announcement.Status.CLOSED, ended_at__gte=since)
    return keyset_page(queryset, order=ORDER, cursor=cursor, size=size)


def public_announcement_get(organization: Organization, pk: int) -> Announcement:
    return get_object_or_404(_public(organization), pk=pk)


def public_feed_announcements(organization: Organization) -> list[Announcement]:
    """The latest announcements for the Atom feed, the most recently changed first (a closing is news too)."""
    return list(_public(organization).order_by("-updated_at", "-id")[:FEED_SIZE])


def public_report_announcement(organization: Organization, pk: int) -> Announcement:
    """A closed announcement whose Berita Acara the public may download; any other is 404."""
    queryset = Announcement.objects.filter(organization_id=organization.pk, status=Announcement.Status.CLOSED)
    return get_object_or_404(queryset.select_related("organization"), pk=pk)
