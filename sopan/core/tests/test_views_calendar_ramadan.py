"""The calendar settings screen's breaks and Ramadan hours (issue 16 §8): the organisation's administrators set them,
bad input shows a message and changes nothing, and the due time of an open SOP step follows them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from sopan.accounts.models import User
from sopan.core import selectors
from sopan.core.models import AuditEvent, RamadanHours, RamadanPeriod, WorkingHours
from sopan.core.testing import login

T = dt.time
PAGE = "calendar:settings"


@pytest.fixture
def admin_client(client, lpse_head):
    User.objects.filter(pk=lpse_head.pk).update(language="en")
    login(client, lpse_head)
    with translation.override("en"):
        yield client


def ramadan_post(**change) -> dict:
    """The Ramadan 1447 H form as the page fills it, Monday–Friday 08.00–15.00 (Friday 15.30) with their breaks."""
    data = {"ramadan-hijri_year": "1447", "ramadan-starts_on": "2026-02-19", "ramadan-ends_on": "2026-03-19"}
    for day in range(5):
        data |= {f"ramadan-worked_{day}": "on", f"ramadan-opens_{day}": "08:00", f"ramadan-closes_{day}": "15:00"}
        data |= {f"ramadan-break_from_{day}": "12:00", f"ramadan-break_to_{day}": "12:30"}
    data |= {"ramadan-closes_4": "15:30", "ramadan-break_from_4": "11:30"}
    return {key: value for key, value in (data | change).items() if value != ""}


def test_the_page_shows_the_default_breaks_and_the_umm_al_qura_ramadan(admin_client):
    response = admin_client.get(reverse(PAGE), {"year": 2026})
    hours = response.context["hours_form"]
    assert hours["break_from_4"].value() == T(11, 30) and hours["break_to_4"].value() == T(13)
    (ramadan,) = response.context["ramadans"]
    assert ramadan["hijri_year"] == 1447 and not ramadan["own"]
    assert ramadan["form"]["starts_on"].value() == dt.date(2026, 2, 18)
    assert ramadan["form"]["closes_0"].value() == T(15)
    assert "Ramadan 1447 H" in response.content.decode()


def test_administrator_sets_a_break_for_the_week(admin_client, organization):
    data = {f"worked_{day}": "on" for day in range(5)}
    data |= {f"opens_{day}": "08:00" for day in range(5)} | {f"closes_{day}": "16:00" for day in range(5)}
    data |= {"break_from_0": "12:00", "break_to_0": "12:45"}
    assert admin_client.post(reverse("calendar:hours-set"), data).status_code == 302
    monday = WorkingHours.objects.get(organization=organization, weekday=0)
    assert (monday.break_starts, monday.break_ends) == (T(12), T(12, 45))
    assert not WorkingHours.objects.get(organization=organization, weekday=1).break_starts
    event = AuditEvent.objects.get(action="core.working_hours.updated")
    assert event.changes["monday"] == ["-", "08.00–16.00 (12.00–12.45)"]
    calendar = selectors.calendar_for(organization)
    assert calendar.working_time_on(dt.date(2026, 11, 23)) == dt.timedelta(hours=7, minutes=15)


def test_half_a_break_is_refused(admin_client, organization):
    data = {"worked_0": "on", "opens_0": "08:00", "closes_0": "16:00", "break_from_0": "12:00"}
    response = admin_client.post(reverse("calendar:hours-set"), data)
    assert response.status_code == 200
    assert "Give both ends of the break, or neither." in response.content.decode()
    assert not WorkingHours.objects.filter(organization=organization).exists()


def test_administrator_moves_ramadan_a_day_later_then_returns_to_the_default(admin_client, organization):
    response = admin_client.post(reverse("calendar:ramadan-set"), ramadan_post())
    assert response.status_code == 302 and response["Location"].endswith("?year=2026")
    period = RamadanPeriod.objects.get(organization=organization, hijri_year=1447)
    assert period.starts_on == dt.date(2026, 2, 19)
    assert RamadanHours.objects.get(period=period, weekday=4).ends_at == T(15, 30)
    calendar = selectors.calendar_for(organization)
    assert calendar.season_for(dt.date(2026, 2, 18)) is None
    assert AuditEvent.objects.filter(action="core.ramadan_period.updated").count() == 1
    page = admin_client.get(reverse(PAGE), {"year": 2026})
    assert page.context["ramadans"][0]["own"]

    response = admin_client.post(reverse("calendar:ramadan-reset"), {"hijri_year": "1447", "year": "2026"})
    assert response.status_code == 302
    assert not RamadanPeriod.objects.exists()
    assert selectors.calendar_for(organization).season_for(dt.date(2026, 2, 18)).hijri_year == 1447


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"ramadan-ends_on": "2026-02-01"}, "must not be before its first day"),
        ({"ramadan-break_from_2": "07:00", "ramadan-break_to_2": "07:30"}, "the break must start after opening"),
        ({"ramadan-break_to_3": ""}, "Give both ends of the break, or neither."),
        ({"ramadan-starts_on": ""}, "This field is required."),
    ],
)
def test_bad_ramadan_settings_show_the_message_and_change_nothing(admin_client, change, message):
    response = admin_client.post(reverse("calendar:ramadan-set"), ramadan_post(**change))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not RamadanPeriod.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="core.ramadan_period").exists()
