"""The organisation's working-time calendar, for holders of MANAGE_ORGANIZATION: office hours per weekday, its own
days off and working days, and the national holidays and cuti bersama of a year.

One page shows all three; each form posts to its own URL, calls one service (which also moves the due times of open
SOP steps) and redirects, or renders the page again with the service's errors on the form.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sopan.accounts.forms_calendar import CalendarDayForm, RamadanForm, WorkingHoursForm, YearForm
from sopan.accounts.services import calendar as services
from sopan.accounts.views_admin import organization_admin
from sopan.core import selectors
from sopan.core.calendar import DEFAULT_BREAKS, DEFAULT_HOURS, Season, national_days_off, ramadans_of_year
from sopan.core.forms import add_service_errors


def _settings_url(year: int) -> str:
    return f"{reverse('calendar:settings')}?year={year}"


def _ramadans(calendar, year: int, form: RamadanForm | None) -> list[dict]:
    """The Ramadan(s) touching a year: the organisation's own dates and hours, else the defaults, each with its form
    (the one posted, with its errors, in place of its year's)."""
    items = []
    for hijri_year, first, last in ramadans_of_year(year):
        own = next((season for season in calendar.ramadan if season.hijri_year == hijri_year), None)
        season = own or Season(first, last, calendar.ramadan_hours, calendar.ramadan_breaks, hijri_year)
        posted = form is not None and form.data.get(f"{form.prefix}-hijri_year") == str(hijri_year)
        items.append(
            {
                "hijri_year": hijri_year,
                "season": season,
                "own": own is not None,
                "form": form
                if posted
                else RamadanForm(
                    hours=dict(season.hours),
                    breaks=dict(season.breaks),
                    hijri_year=hijri_year,
                    starts_on=season.first,
                    ends_on=season.last,
                ),
            }
        )
    return items


def _render(request, *, year: int, hours_form=None, day_form=None, ramadan_form=None):
    organization = request.user.organization
    calendar = selectors.calendar_for(organization)
    own_days = list(selectors.calendar_days_for(request.user).filter(date__year=year).order_by("date"))
    declared = {day.date: day for day in own_days}
    national = [
        {"date": date, "name": name, "hours": calendar.office_hours(date), "own": declared.get(date)}
        for date, name in sorted(national_days_off(year).items())
    ]
    context = {
        "organization": organization,
        "hours_form": hours_form or WorkingHoursForm(hours=dict(calendar.hours), breaks=dict(calendar.breaks)),
        "default_hours": dict(calendar.hours) == DEFAULT_HOURS and dict(calendar.breaks) == DEFAULT_BREAKS,
        "ramadans": _ramadans(calendar, year, ramadan_form),
        "day_form": day_form or CalendarDayForm(),
        "own_days": own_days,
        "national": national,
        "year": year,
        "year_form": YearForm(initial={"year": year}),
    }
    return render(request, "accounts/admin/calendar.html", context)


@login_required
@require_GET
@organization_admin
def calendar_settings(request):
    form = YearForm(request.GET)
    year = form.cleaned_data["year"] if form.is_valid() else timezone.localdate().year
    return _render(request, year=year)


@login_required
@require_POST
@organization_admin
def hours_set(request):
    form = WorkingHoursForm(request.POST, hours={})
    if form.is_valid():
        try:
            services.working_hours_set(
                organization=request.user.organization, hours=form.hours(), breaks=form.breaks(), by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The office hours are saved; due times of open steps follow them."))
            return redirect("calendar:settings")
    return _render(request, year=timezone.localdate().year, hours_form=form)


@login_required
@require_POST
@organization_admin
def day_add(request):
    form = CalendarDayForm(request.POST)
    if form.is_valid():
        try:
            day = services.calendar_day_add(
                organization=request.user.organization, by=request.user, **form.service_arguments()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                (
                    _("%(date)s is a working day: %(reason)s")
                    if day.is_working
                    else _("%(date)s is a day off: %(reason)s")
                )
                % {"date": date_format(day.date), "reason": day.reason},
            )
            return redirect(_settings_url(day.date.year))
    year = form.cleaned_data["date"].year if form.cleaned_data.get("date") else timezone.localdate().year
    return _render(request, year=year, day_form=form)


@login_required
@require_POST
@organization_admin
def day_remove(request, pk: int):
    # Another organisation's day is simply not found.
    day = get_object_or_404(selectors.calendar_days_for(request.user), pk=pk)
    services.calendar_day_remove(day=day, by=request.user)
    messages.success(
        request,
        _("%(date)s (%(reason)s) is removed: the week and the national holidays apply again.")
        % {"date": date_format(day.date), "reason": day.reason},
    )
    return redirect(_settings_url(day.date.year))


@login_required
@require_POST
@organization_admin
def ramadan_set(request):
    """Save a year's Ramadan dates and hours (`services.ramadan_period_set`)."""
    form = RamadanForm(request.POST, hours={})
    year = timezone.localdate().year
    if form.is_valid():
        year = form.cleaned_data["starts_on"].year
        try:
            services.ramadan_period_set(
                organization=request.user.organization,
                hijri_year=form.cleaned_data["hijri_year"],
                starts_on=form.cleaned_data["starts_on"],
                ends_on=form.cleaned_data["ends_on"],
                hours=form.days(),
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The Ramadan hours of %(year)s H are saved; due times of open steps follow them.")
                % {"year": form.cleaned_data["hijri_year"]},
            )
            return redirect(_settings_url(year))
    elif form.cleaned_data.get("starts_on"):
        year = form.cleaned_data["starts_on"].year
    return _render(request, year=year, ramadan_form=form)


@login_required
@require_POST
@organization_admin
def ramadan_reset(request):
    """Return a year's Ramadan to the default dates (Umm al-Qura) and hours."""
    hijri_year = request.POST.get("hijri_year", "")
    if hijri_year.isdigit() and len(hijri_year) <= 4:
        services.ramadan_period_remove(
            organization=request.user.organization, hijri_year=int(hijri_year), by=request.user
        )
        messages.success(
            request, _("Ramadan %(year)s H follows the default dates and hours again.") % {"year": hijri_year}
        )
    form = YearForm(request.POST)
    return redirect(_settings_url(form.cleaned_data["year"] if form.is_valid() else timezone.localdate().year))
