"""Indonesian conventions: Rupiah, dates and times with their zone (WIB/WITA/WIT), masked personal numbers."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from sopan.core.templatetags.sopan import filesize, local_date, local_datetime, mask, rupiah

INSTANT = datetime.datetime(2026, 8, 17, 3, 30, tzinfo=datetime.UTC)  # 10.30 WIB, 11.30 WITA, 12.30 WIT


@pytest.mark.parametrize(
    ("value", "shown"),
    [(1234567, "Rp1.234.567"), (Decimal("2500000.40"), "Rp2.500.000"), (0, "Rp0"), (-1000, "-Rp1.000"), (None, "")],
)
def test_rupiah(value, shown):
    assert rupiah(value) == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [(Decimal("200000000.50"), "Rp200.000.000,50"), (Decimal("200000000"), "Rp200.000.000"),
     (Decimal("-1000.05"), "-Rp1.000,05"), (Decimal("0.40"), "Rp0,40")],
)  # fmt: skip
def test_rupiah_exact_keeps_the_sen(value, shown):
    assert rupiah(value, exact=True) == shown


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


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("name", ["DATETIME_FORMAT", "SHORT_DATETIME_FORMAT", "DATE_FORMAT", "SHORT_DATE_FORMAT"])
def test_the_quick_formatter_writes_what_django_writes(language, name):
    # Given the project's formats, which local_datetime writes without Django's dateformat; every month, single- and
    # double-digit days and hours, midnight and the last minute of the day
    from django.utils import formats
    from django.utils.dateformat import format as django_format

    moments = [
        datetime.datetime(2026, month, day, hour, minute, tzinfo=datetime.UTC)
        for month in range(1, 13)
        for day, hour, minute in ((1, 0, 0), (9, 7, 5), (28, 23, 59))
    ]
    with translation.override(language), timezone.override("Asia/Jakarta"):
        pattern = formats.get_format(name)
        for moment in moments:
            expected = f"{django_format(timezone.localtime(moment), pattern)} WIB"
            assert local_datetime(moment, name) == expected


@pytest.mark.parametrize("language", ["id", "en"])
def test_local_date_writes_what_the_date_filter_writes(language):
    days = [datetime.date(2026, month, day) for month in range(1, 13) for day in (1, 9, 28)]
    with translation.override(language):
        for day in days:
            assert local_date(day) == Template("{{ day|date }}").render(Context({"day": day}))
            assert local_date(day, "SHORT_DATE_FORMAT") == Template('{{ day|date:"SHORT_DATE_FORMAT" }}').render(
                Context({"day": day})
            )
    assert local_date(None) == ""


def test_a_format_the_quick_formatter_does_not_know_goes_to_django():
    from sopan.core.templatetags.sopan import _formatter

    assert _formatter("l, j F Y", "id") is None  # the weekday's name
    assert _formatter(r"j \d\e F", "id") is None  # escaped letters
    assert _formatter("j F Y H.i", "id")(datetime.datetime(2026, 3, 5, 8, 4)) == "5 Maret 2026 08.04"


def test_date_filter_uses_indonesian_month_names():
    with translation.override("id"):
        rendered = Template("{{ d|date }}").render(Context({"d": datetime.date(2026, 12, 25)}))
    assert rendered == "25 Desember 2026"


def test_mask_hides_all_but_the_last_digits():
    assert mask("3373014508900001") == "••••••••••••0001"
    assert mask("") == ""


@pytest.mark.parametrize(
    ("size", "indonesian", "english"),
    [
        (466, "466 B", "466 B"),
        (12800, "12,5 KB", "12.5 KB"),
        (3355443, "3,2 MB", "3.2 MB"),
        (2 * 1024 * 1024, "2 MB", "2 MB"),
        (150 * 1024, "150 KB", "150 KB"),
        (None, "", ""),
    ],
)
def test_file_sizes_are_written_with_the_languages_decimal_mark_and_no_translated_unit(size, indonesian, english):
    """Issue 14 §6: "466 bita" read as unfinished software; Indonesians write 12,5 KB."""
    with translation.override("id"):
        assert filesize(size) == indonesian
        assert Template("{{ size|filesize }}").render(Context({"size": size})) == indonesian
    with translation.override("en"):
        assert filesize(size) == english


def test_no_template_uses_djangos_filesizeformat():
    """One filter for every size shown (the helpdesk's attachments too): `filesizeformat` writes "466 bita"."""
    from pathlib import Path

    import sopan

    root = Path(sopan.__file__).parent
    offenders = [str(p) for p in root.rglob("*.html") if "filesizeformat" in p.read_text(encoding="utf-8")]
    assert offenders == []


@pytest.mark.django_db
def test_display_gives_the_choice_label_in_the_active_language_as_get_display_does(organization):
    from django.utils import translation

    from sopan.core.templatetags.sopan import display
    from sopan.procurement.models import Package

    package = Package(status=Package.Status.SELECTION_PREPARATION, kind="construction", method="tender")
    for language in ("id", "en", "id"):
        with translation.override(language):
            assert display(package, "status") == package.get_status_display()
            assert display(package, "kind") == package.get_kind_display()
    with translation.override("id"):
        assert display(package, "status") == "Persiapan pemilihan"
    package.status = "not-a-status"
    assert display(package, "status") == "not-a-status"
