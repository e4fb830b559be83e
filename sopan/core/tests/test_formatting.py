"""Indonesian conventions: Rupiah, dates and times with their zone (WIB/WITA/WIT), masked personal numbers."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from sopan.core.templatetags.sopan import local_datetime, mask, rupiah

INSTANT = datetime.datetime(2026, 8, 17, 3, 30, tzinfo=datetime.UTC)  # 10.30 WIB, 11.30 WITA, 12.30 WIT


@pytest.mark.parametrize(
    ("value", "shown"),
    [(1234567, "Rp1.234.567"), (Decimal("2500000.40"), "Rp2.500.000"), (0, "Rp0"), (-1000, "-Rp1.000"), (None, "")],
)
def test_rupiah(value, shown):
    assert rupiah(value) == shown


@pytest.mark.parametrize(
    ("zone", "shown"),
    [
        ("Asia/Jakarta", "17 Agustus 2026 10.30 WIB"),
        ("Asia/Makassar", "17 Agustus 2026 11.30 WITA"),
        ("Asia/Jayapura", "17 Agustus 2026 12.30 WIT"),
    ],
)
def test_times_are_shown_in_the_organisations_zone(zone, shown):
    with translation.override("id"), timezone.override(zone):
        assert local_datetime(INSTANT) == shown


def test_english_interface_keeps_day_month_order():
    with translation.override("en"), timezone.override("Asia/Jakarta"):
        assert local_datetime(INSTANT) == "17 August 2026 10:30 WIB"


def test_date_filter_uses_indonesian_month_names():
    with translation.override("id"):
        rendered = Template("{{ d|date }}").render(Context({"d": datetime.date(2026, 12, 25)}))
    assert rendered == "25 Desember 2026"


def test_mask_hides_all_but_the_last_digits():
    assert mask("3373014508900001") == "••••••••••••0001"
    assert mask("") == ""
