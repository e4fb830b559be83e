"""Reads of the periodic reports, scoped to the user's organisation: another organisation's report is 404, the list is
a keyset page (one query), each report says whether it is overdue (not yet submitted to the Wali Kota by its due
date, periods.due_on)."""

from __future__ import annotations

import datetime
import zoneinfo

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from sopan.core.pagination import Page, keyset_page
from sopan.core.report_sections import Section
from sopan.reports import policies, sections
from sopan.reports.models import Report
from sopan.reports.periods import Quarter

PAGE_SIZE = 50


def today_of(organization) -> datetime.date:
    return timezone.localdate(timezone=zoneinfo.ZoneInfo(organization.timezone))


def _mark_overdue(report: Report, today: datetime.date) -> Report:
    report.overdue = not report.is_sent and today > report.due_on
    return report


def report_list_for(user, *, cursor: str | None = None, size: int = PAGE_SIZE) -> Page:
    """The organisation's reports, latest period first: one query a page."""
    if not policies.can_view_reports(user):
        raise PermissionDenied
    rows = Report.objects.filter(organization_id=user.organization_id).defer("snapshot", "commentary")
    page = keyset_page(rows, order=("-period_end", "-id"), cursor=cursor, size=size)
    today = today_of(user.organization)
    for report in page.items:
        _mark_overdue(report, today)
    return page


def report_get_for(user, pk: int) -> Report:
    report = (
        Report.objects.select_related("organization", "created_by", "submitted_by", "approved_by", "forwarded_by",
                                      "sent_by").filter(pk=pk).first()
    )  # fmt: skip
    if report is None or report.organization_id != user.organization_id:
        raise Http404
    if not policies.can_view_reports(user, report):
        raise PermissionDenied
    return _mark_overdue(report, today_of(report.organization))


def missing_quarter(user) -> Quarter | None:
    """The last ended quarter when it has no report yet (the page offers to generate it)."""
    last = Quarter.containing(today_of(user.organization)).previous()
    exists = Report.objects.filter(organization_id=user.organization_id, kind=Report.Kind.QUARTERLY,
                                   year=last.year, quarter=last.quarter).exists()  # fmt: skip
    return None if exists else last


def sections_of(report: Report) -> list[Section]:
    """The sections as generated last (a draft) or as submitted (frozen)."""
    return sections.from_json(report.snapshot or [])
