"""The reads of the backups and archives pages, scoped to the user's organisation (403 without the capability, 404
for another organisation's row), each in a fixed number of queries.

What is due (annex 2.6.5 b): for each archive Sopan holds (`ARCHIVES`: the vendor registration files and the helpdesk
tickets), the documents dated after the previous decision's cutoff and up to today less the retention of the rule in
force. The list is keyset-paginated on the archive's own index (registrations: `registration_recent`; tickets:
`ticket_org_received`); the count on the summary is bounded (`COUNT_LIMIT`), never a COUNT(*) over the whole table.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from sopan.archives import policies
from sopan.archives.models import Backup, Disposition, DocumentKind, RestoreTest, RetentionRule
from sopan.archives.services_backups import settings_for
from sopan.core.pagination import Page, keyset_page

PAGE_SIZE = 25
COUNT_LIMIT = 1000  # the summary says "more than 1.000" past this
OLDEST_SHOWN = 3


def _require_view(user) -> None:
    if not policies.can_view(user):
        raise PermissionDenied


# --- backups ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class BackupStatus:
    last: Backup | None
    interval_hours: int
    overdue: bool
    due_at: datetime.datetime | None


def backup_status(organization) -> BackupStatus:
    """The last backup logged and whether the next is overdue (none logged counts as overdue): two queries."""
    interval = settings_for(organization).interval_hours
    last = Backup.objects.filter(organization=organization).order_by("-taken_at", "-id").first()
    due_at = last.taken_at + datetime.timedelta(hours=interval) if last else None
    return BackupStatus(last, interval, due_at is None or due_at < timezone.now(), due_at)


def backup_list_for(user, *, cursor: str | None = None, size: int = PAGE_SIZE) -> Page:
    _require_view(user)
    rows = Backup.objects.filter(organization_id=user.organization_id)
    return keyset_page(rows, order=("-taken_at", "-id"), cursor=cursor, size=size)


def restore_test_list_for(user, *, cursor: str | None = None, size: int = PAGE_SIZE) -> Page:
    _require_view(user)
    rows = RestoreTest.objects.filter(organization_id=user.organization_id).select_related("backup")
    return keyset_page(rows, order=("-tested_at", "-id"), cursor=cursor, size=size)


def restore_test_get_for(user, pk: int) -> RestoreTest:
    test = RestoreTest.objects.filter(pk=pk).first()
    if test is None or test.organization_id != user.organization_id:
        raise Http404
    _require_view(user)
    return test


def last_restore_test(organization, kind: str) -> RestoreTest | None:
    rows = RestoreTest.objects.filter(organization=organization, kind=kind)
    return rows.order_by("-tested_at", "-id").first()


def recent_backups(organization, limit: int = 50) -> list[Backup]:
    """The choices of "which backup was restored" on the restore test form."""
    return list(Backup.objects.filter(organization=organization).order_by("-taken_at", "-id")[:limit])


# --- archives ----------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Archive:
    """An archive Sopan holds: its rows of an organisation that are closed, and the field that dates them."""

    kind: str
    date_field: str

    def queryset(self, organization) -> QuerySet:
        if self.kind == DocumentKind.VENDOR_REGISTRATION:
            from sopan.vendors.models import Registration

            S = Registration.Status
            return Registration.objects.filter(
                organization=organization, status__in=(S.APPROVED, S.REJECTED, S.EXPIRED)
            ).select_related("company")
        from sopan.helpdesk.models import Ticket

        return Ticket.objects.filter(organization=organization, status=Ticket.Status.CLOSED)


ARCHIVES = {
    DocumentKind.VENDOR_REGISTRATION: Archive(DocumentKind.VENDOR_REGISTRATION, "submitted_at"),
    DocumentKind.HELPDESK_TICKET: Archive(DocumentKind.HELPDESK_TICKET, "received_at"),
}


def rule_in_force(organization, kind: str, on: datetime.date | None = None) -> RetentionRule | None:
    on = on or timezone.localdate()
    rows = RetentionRule.objects.filter(organization=organization, kind=kind, valid_from__lte=on)
    return rows.order_by("-valid_from", "-id").first()


def last_disposition(organization, kind: str) -> Disposition | None:
    return Disposition.objects.filter(organization=organization, kind=kind).order_by("-cutoff", "-id").first()


def cutoff_for(rule: RetentionRule, today: datetime.date | None = None) -> datetime.datetime:
    """The end of the day `retention_years` before today (29 February becomes 28): dated up to it is due."""
    today = today or timezone.localdate()
    try:
        day = today.replace(year=today.year - rule.retention_years)
    except ValueError:
        day = today.replace(year=today.year - rule.retention_years, day=28)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


@dataclass
class Due:
    kind: str
    label: str
    rule: RetentionRule | None
    after: datetime.datetime | None = None
    cutoff: datetime.datetime | None = None
    count: int = 0
    more: bool = False  # more than COUNT_LIMIT
    oldest: list = None


def due_rows(
    organization, kind: str, rule: RetentionRule
) -> tuple[QuerySet, datetime.datetime | None, datetime.datetime]:
    archive = ARCHIVES[kind]
    cutoff = cutoff_for(rule)
    previous = last_disposition(organization, kind)
    after = previous.cutoff if previous else None
    rows = archive.queryset(organization).filter(**{f"{archive.date_field}__lte": cutoff})
    if after is not None:
        rows = rows.filter(**{f"{archive.date_field}__gt": after})
    return rows, after, cutoff


def due_summary_for(user) -> list[Due]:
    """Per archive: the rule in force, the bounded count of what is due and its oldest items."""
    _require_view(user)
    organization = user.organization
    summary = []
    for kind, archive in ARCHIVES.items():
        rule = rule_in_force(organization, kind)
        due = Due(kind, DocumentKind(kind).label, rule, oldest=[])
        if rule is not None:
            rows, due.after, due.cutoff = due_rows(organization, kind, rule)
            counted = rows.order_by()[: COUNT_LIMIT + 1].count()
            due.count, due.more = min(counted, COUNT_LIMIT), counted > COUNT_LIMIT
            due.oldest = list(rows.order_by(archive.date_field, "id")[:OLDEST_SHOWN])
        summary.append(due)
    return summary


def due_list_for(user, kind: str, *, cursor: str | None = None, size: int = PAGE_SIZE) -> tuple[Due, Page]:
    _require_view(user)
    if kind not in ARCHIVES:
        raise Http404
    organization = user.organization
    rule = rule_in_force(organization, kind)
    due = Due(kind, DocumentKind(kind).label, rule)
    if rule is None:
        return due, Page([], None)
    rows, due.after, due.cutoff = due_rows(organization, kind, rule)
    return due, keyset_page(rows, order=(ARCHIVES[kind].date_field, "id"), cursor=cursor, size=size)


def disposition_list_for(user, *, cursor: str | None = None, size: int = PAGE_SIZE) -> Page:
    _require_view(user)
    rows = Disposition.objects.filter(organization_id=user.organization_id).select_related("decided_by", "rule")
    return keyset_page(rows, order=("-decided_at", "-id"), cursor=cursor, size=size)


def disposition_get_for(user, pk: int) -> Disposition:
    found = Disposition.objects.select_related("decided_by", "rule", "organization").filter(pk=pk).first()
    if found is None or found.organization_id != user.organization_id:
        raise Http404
    _require_view(user)
    return found
