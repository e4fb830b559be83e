"""The calendar settings screen: office hours, the organisation's own days, the national holidays of a year, and the
due times of open SOP steps following every change."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from sopan.accounts.models import User
from sopan.accounts.services import calendar as services
from sopan.core import selectors
from sopan.core.models import AuditEvent, CalendarDay, WorkingHours
from sopan.core.testing import login
from sopan.sop.models import StepRecord
from sopan.sop.services import cases
from sopan.sop.tests import factories

T = dt.time
PAGE = "calendar:settings"

WEEK = {
    **{f"worked_{day}": "on" for day in range(5)},
    **{f"opens_{day}": "07:30" for day in range(7)},
    **{f"closes_{day}": "16:00" for day in range(7)},
    "closes_4": "11:30",
}


@pytest.fixture
def admin_client(client, lpse_head):
    """The Kepala LPSE, with the interface in English so that assertions read the msgids whatever is translated."""
    User.objects.filter(pk=lpse_head.pk).update(language="en")
    login(client, lpse_head)
    with translation.override("en"):  # also for lazy messages read from the response context after the request
        yield client


# --- the page ------------------------------------------------------------------------------------------------------
def test_administrator_sees_the_pemda_defaults_and_the_years_national_holidays(admin_client):
    response = admin_client.get(reverse(PAGE), {"year": 2026})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hari Kemerdekaan Republik Indonesia" in html
    assert "Cuti Bersama Hari Raya Natal" in html
    national = {row["date"]: row for row in response.context["national"]}
    assert national[dt.date(2026, 8, 17)]["hours"] is None  # not worked
    form = response.context["hours_form"]
    assert form["worked_4"].value() is True and form["opens_4"].value() == T(7, 30)
    assert form["worked_5"].value() is False
    assert response.context["default_hours"] is True
    assert 'style="' not in html and "<script>" not in html  # strict CSP: no inline code


def test_a_holiday_the_organisation_works_is_shown_as_worked(admin_client, organization, lpse_head):
    services.calendar_day_add(
        organization=organization,
        date=dt.date(2026, 8, 17),
        is_working=True,
        hours=(T(7), T(10)),
        reason="Upacara dan layanan darurat",
        by=lpse_head,
    )
    response = admin_client.get(reverse(PAGE), {"year": 2026})
    row = next(r for r in response.context["national"] if r["date"] == dt.date(2026, 8, 17))
    assert row["hours"] is not None and row["own"].reason == "Upacara dan layanan darurat"
    assert "Upacara dan layanan darurat" in response.content.decode()


def test_a_year_out_of_range_falls_back_to_this_year(admin_client):
    response = admin_client.get(reverse(PAGE), {"year": "tahun depan"})
    assert response.context["year"] == timezone.localdate().year


def test_the_page_costs_the_same_queries_however_many_days_it_lists(admin_client, organization, lpse_head):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(reverse(PAGE), {"year": 2027}).status_code == 200
        return len(captured)

    before = queries()
    for day in range(1, 6):
        services.calendar_day_add(
            organization=organization, date=dt.date(2027, 7, day), is_working=False, reason="Libur", by=lpse_head
        )
    assert queries() == before


# --- office hours --------------------------------------------------------------------------------------------------
def test_administrator_sets_the_week_with_a_day_not_worked(admin_client, organization):
    data = {**WEEK}
    del data["worked_3"]  # Thursday not worked
    response = admin_client.post(reverse("calendar:hours-set"), data)
    assert response.status_code == 302
    hours = dict(WorkingHours.objects.filter(organization=organization).values_list("weekday", "ends_at"))
    assert hours == {0: T(16), 1: T(16), 2: T(16), 4: T(11, 30)}
    assert AuditEvent.objects.filter(action="core.working_hours.updated").exists()
    page = admin_client.get(reverse(PAGE))
    assert page.context["hours_form"]["worked_3"].value() is False
    assert page.context["default_hours"] is False


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"opens_0": "16:00", "closes_0": "08:00"}, "the closing time must be after the opening time"),
        ({"opens_1": ""}, "Give the opening and closing time of a working day."),
        ({f"worked_{day}": "" for day in range(7)}, "At least one day of the week must be a working day."),
        ({"closes_2": "jam empat"}, "Enter a valid time."),
    ],
)
def test_bad_office_hours_show_the_message_and_change_nothing(admin_client, organization, change, message):
    data = {key: value for key, value in {**WEEK, **change}.items() if value != ""}
    response = admin_client.post(reverse("calendar:hours-set"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not WorkingHours.objects.filter(organization=organization).exists()
    assert not AuditEvent.objects.filter(action="core.working_hours.updated").exists()


# --- the organisation's own days ------------------------------------------------------------------------------------
def test_administrator_adds_a_day_off_and_a_working_saturday_then_removes_one(admin_client, organization):
    response = admin_client.post(
        reverse("calendar:day-add"), {"date": "2027-07-23", "is_working": "0", "reason": "Hari Jadi Kota Salatiga"}
    )
    assert response.status_code == 302 and response["Location"].endswith("?year=2027")
    response = admin_client.post(
        reverse("calendar:day-add"),
        {
            "date": "2027-11-27",
            "is_working": "1",
            "starts_at": "08:00",
            "ends_at": "12:00",
            "reason": "Layanan verifikasi akhir pekan",
        },
    )
    assert response.status_code == 302
    calendar = selectors.calendar_for(organization)
    assert not calendar.is_working_day(dt.date(2027, 7, 23))  # a Friday
    assert calendar.office_hours(dt.date(2027, 11, 27))[1].time() == T(12)  # a Saturday
    page = admin_client.get(reverse(PAGE), {"year": 2027})
    assert [d.reason for d in page.context["own_days"]] == ["Hari Jadi Kota Salatiga", "Layanan verifikasi akhir pekan"]

    saturday = CalendarDay.objects.get(organization=organization, date=dt.date(2027, 11, 27))
    response = admin_client.post(reverse("calendar:day-remove", kwargs={"pk": saturday.pk}))
    assert response.status_code == 302
    assert not CalendarDay.objects.filter(pk=saturday.pk).exists()
    assert not selectors.calendar_for(organization).is_working_day(dt.date(2027, 11, 27))
    assert AuditEvent.objects.filter(action="core.calendar_day.removed").count() == 1


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"date": "2027-11-27", "is_working": "1", "reason": "Sabtu kerja"}, "starts_at", "Give the office hours"),
        (
            {"date": "2027-11-27", "is_working": "1", "starts_at": "12:00", "ends_at": "08:00", "reason": "Sabtu"},
            None,
            "the closing time must be after the opening time",
        ),
        ({"date": "2027-07-23", "is_working": "0", "reason": "  "}, "reason", "Give the reason"),
        ({"date": "2027-07-23", "is_working": "0", "reason": "Lagi"}, "date", "This date already has an entry"),
        ({"date": "", "is_working": "0", "reason": "Tanpa tanggal"}, "date", "This field is required."),
    ],
)
def test_bad_days_show_the_message_and_change_nothing(admin_client, organization, lpse_head, data, field, message):
    existing = services.calendar_day_add(
        organization=organization, date=dt.date(2027, 7, 23), is_working=False, reason="Hari Jadi", by=lpse_head
    )
    events = AuditEvent.objects.count()
    response = admin_client.post(reverse("calendar:day-add"), data)
    assert response.status_code == 200
    form = response.context["day_form"]
    errors = form.errors.get(field or "__all__", [])
    assert any(message in error for error in errors), form.errors
    assert message in response.content.decode()
    assert list(CalendarDay.objects.filter(organization=organization)) == [existing]
    assert AuditEvent.objects.count() == events


# --- due times follow the calendar ----------------------------------------------------------------------------------
ONE_DAY = """
format: sopan-sop/1
key: uji-tenggat
identity:
  organization: PEMERINTAH KOTA SALATIGA
  unit: LPSE
  number: SOP-UJI-002
  title: SOP Uji Tenggat
  approved_by: {position: Kepala LPSE}
lanes:
- {key: verifikator, name: Verifikator, roles: [verifier]}
steps:
- {key: periksa, number: '1', text: Memeriksa berkas, symbol: start, lanes: [verifikator], time: 1 hari, next: selesai}
- {key: selesai, number: '2', text: Selesai, symbol: end, lanes: [verifikator], time: N/A}
"""


def test_declaring_the_due_date_a_day_off_moves_the_due_time_of_an_open_step(admin_client, organization, verifier):
    version = factories.effective_version(organization, ONE_DAY)
    case = cases.case_start(version=version, title="CV Maju Jaya", by=verifier)
    step = StepRecord.objects.get(case=case, status="open")
    due = step.due_at
    due_date = timezone.localtime(due, selectors.calendar_for(organization).zone).date()

    response = admin_client.post(
        reverse("calendar:day-add"), {"date": due_date.isoformat(), "is_working": "0", "reason": "Cuti bersama daerah"}
    )

    assert response.status_code == 302
    step.refresh_from_db()
    assert step.due_at > due
    assert timezone.localtime(step.due_at, selectors.calendar_for(organization).zone).date() > due_date
    # removing the day again gives the step its first due time back
    admin_client.post(reverse("calendar:day-remove", kwargs={"pk": CalendarDay.objects.get(date=due_date).pk}))
    step.refresh_from_db()
    assert step.due_at == due


def test_a_shorter_week_moves_due_times_too(organization, lpse_head, verifier):
    version = factories.effective_version(organization, ONE_DAY)
    case = cases.case_start(version=version, title="CV Maju Jaya", by=verifier)
    step = StepRecord.objects.get(case=case, status="open")
    due = step.due_at
    weekday = timezone.localtime(due, selectors.calendar_for(organization).zone).weekday()
    hours = {day: (T(7, 30), T(16)) if day < 5 and day != weekday else None for day in range(7)}
    services.working_hours_set(organization=organization, hours=hours, by=lpse_head)
    step.refresh_from_db()
    assert step.due_at > due


# --- permissions ---------------------------------------------------------------------------------------------------
def test_verifier_gets_403(client, verifier):
    login(client, verifier)
    assert client.get(reverse(PAGE)).status_code == 403
    assert client.post(reverse("calendar:day-add"), {"date": "2027-07-23", "reason": "x"}).status_code == 403
    assert not CalendarDay.objects.exists()


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse(PAGE))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_outsider_cannot_remove_a_salatiga_day_gets_404(client, organization, lpse_head, outsider):
    day = services.calendar_day_add(
        organization=organization, date=dt.date(2027, 7, 23), is_working=False, reason="Hari Jadi", by=lpse_head
    )
    login(client, outsider)
    assert client.post(reverse("calendar:day-remove", kwargs={"pk": day.pk})).status_code == 404
    assert CalendarDay.objects.filter(pk=day.pk).exists()
    # and their own page shows nothing of Salatiga's
    page = client.get(reverse(PAGE), {"year": 2027})
    assert page.status_code == 200 and page.context["own_days"] == []
