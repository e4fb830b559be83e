"""Keyset pagination: every row exactly once, page after page, whatever the keys hold."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from sopan.core.models import CalendarDay
from sopan.core.pagination import keyset_page
from sopan.vendors.models import AppointmentSlot


@pytest.mark.django_db
def test_rows_whose_times_differ_below_a_millisecond_each_appear_exactly_once(organization):
    # Given slots whose start times differ by microseconds only (as timestamps of fast writes do)
    base = timezone.now().replace(microsecond=100)
    for i in range(7):
        start = base + datetime.timedelta(microseconds=i * 10)
        AppointmentSlot.objects.create(
            organization=organization, starts_at=start, ends_at=start + datetime.timedelta(hours=1)
        )
    seen, cursor = [], None
    # When they are read two by two
    for _page in range(10):  # bounded: a cursor that repeats a row would otherwise never end
        page = keyset_page(AppointmentSlot.objects.all(), order=("starts_at", "id"), cursor=cursor, size=2)
        seen += [slot.pk for slot in page.items]
        if not page.has_next:
            break
        cursor = page.next_cursor
    # Then each comes once, in order
    assert seen == list(AppointmentSlot.objects.order_by("starts_at", "id").values_list("pk", flat=True))


@pytest.mark.django_db
def test_a_mangled_cursor_shows_the_first_page(organization):
    CalendarDay.objects.create(organization=organization, date=datetime.date(2026, 7, 24), reason="Hari jadi")
    page = keyset_page(CalendarDay.objects.all(), order=("date", "id"), cursor="%%%not-base64", size=5)
    assert len(page.items) == 1
