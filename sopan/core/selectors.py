"""Reads of the audit trail, scoped to the asking user's organisation."""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from sopan.core import audit_display, ids
from sopan.core.calendar import DEFAULT_BREAKS, DEFAULT_HOURS, Season, WorkCalendar
from sopan.core.models import AuditEvent, CalendarDay, RamadanHours, RamadanPeriod, WorkingHours
from sopan.core.pagination import Page, keyset_page

ORDER = ("-created_at", "-id")


def _may_view_audit(user, obj=None) -> bool:
    """The rule "core.view_audit" is registered by the app that knows roles (accounts): the kernel only asks it."""
    return user.has_perm("core.view_audit", obj)


def _scoped(user) -> QuerySet[AuditEvent]:
    if not _may_view_audit(user):
        raise PermissionDenied
    return AuditEvent.objects.filter(organization_id=user.organization_id).select_related("target_type", "actor")


def audit_event_list_for(
    user,
    *,
    action: str = "",
    actor: str = "",
    target: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    cursor: str | None = None,
    size: int = 50,
) -> Page:
    events = _scoped(user)
    if action:  # one event by its code, or every event whose code starts so (e.g. "accounts.role_assignment")
        exact = audit_display.is_declared(action)
        events = events.filter(action=action) if exact else events.filter(action__startswith=action)
    if actor:
        events = events.filter(actor_repr__iexact=actor)
    if target:
        events = events.filter(target_repr__icontains=target)
    zone = timezone.get_current_timezone()
    if date_from:
        events = events.filter(created_at__gte=datetime.datetime.combine(date_from, datetime.time.min, zone))
    if date_to:
        end = datetime.datetime.combine(date_to + datetime.timedelta(days=1), datetime.time.min, zone)
        events = events.filter(created_at__lt=end)
    page = keyset_page(events, order=ORDER, cursor=cursor, size=size)
    audit_display.present(page.items)
    return page


def audit_history_for(user, *, model: str, pk: str, cursor: str | None = None, size: int = 50) -> Page:
    """An object's history, for those who may read the organisation's audit trail (403 for the others, before the
    path is even looked at). An object of another organisation, one that belongs to no organisation, an unknown model
    or a key its model cannot hold is simply not found (404)."""
    if not _may_view_audit(user):
        raise PermissionDenied
    try:
        app_label, model_name = model.split(".", 1)
        content_type = ContentType.objects.get_by_natural_key(app_label, model_name)
    except (ValueError, ContentType.DoesNotExist) as exc:
        raise Http404 from exc
    model_class = content_type.model_class()
    if model_class is None:
        raise Http404
    try:
        # the path is text; the model's key may be a number, a UUID, …: a value it cannot hold names nothing
        key = model_class._meta.pk.to_python(pk)
        if isinstance(key, int) and not ids.fits(key):
            raise Http404
        obj = model_class._default_manager.get(pk=key)
    except (model_class.DoesNotExist, ValidationError, ValueError, TypeError, OverflowError) as exc:
        raise Http404 from exc
    if not _may_view_audit(user, obj):
        raise Http404  # another organisation's, or no organisation's: do not confirm that it exists
    events = AuditEvent.objects.filter(target_type=content_type, target_id=str(obj.pk)).select_related(
        "target_type", "actor"
    )
    page = keyset_page(events, order=ORDER, cursor=cursor, size=size)
    audit_display.present(page.items)
    page.subject = obj  # type: ignore[attr-defined]
    return page


def calendar_for(organization) -> WorkCalendar:
    """The organisation's working-time calendar, the one every due time is computed on (SOP steps, the helpdesk's
    service levels): its office hours and breaks (or the Perpres 21/2023 defaults), national holidays and cuti
    bersama, its own days off and extra working days, and its Ramadan periods (the Umm al-Qura default for the years
    it did not set). Three queries."""
    rows = list(WorkingHours.objects.filter(organization=organization))
    if rows:
        hours = {row.weekday: row.times for row in rows}
        breaks = {row.weekday: row.pause for row in rows if row.pause}
    else:
        hours, breaks = dict(DEFAULT_HOURS), dict(DEFAULT_BREAKS)
    days = list(CalendarDay.objects.filter(organization=organization))
    periods: dict[int, RamadanPeriod] = {}
    ramadan_rows: dict[int, list[RamadanHours]] = {}
    for row in RamadanHours.objects.filter(period__organization=organization).select_related("period"):
        periods[row.period_id] = row.period
        ramadan_rows.setdefault(row.period_id, []).append(row)
    seasons = tuple(
        Season(
            first=period.starts_on,
            last=period.ends_on,
            hours={row.weekday: row.times for row in ramadan_rows[pk]},
            breaks={row.weekday: row.pause for row in ramadan_rows[pk] if row.pause},
            hijri_year=period.hijri_year,
        )
        for pk, period in sorted(periods.items(), key=lambda item: item[1].starts_on)
    )
    return WorkCalendar(
        timezone=organization.timezone,
        hours=hours,
        breaks=breaks,
        extra_days_off=frozenset(d.date for d in days if not d.is_working),
        extra_working_days={d.date: (d.starts_at, d.ends_at) for d in days if d.is_working},
        ramadan=seasons,
    )


def calendar_days_for(user) -> QuerySet[CalendarDay]:
    return CalendarDay.objects.filter(organization_id=user.organization_id).order_by("-date")
