"""Forms of the calendar settings screen (views_calendar.py): the week's office hours, the organisation's own days,
and the year whose national holidays are shown.

Forms parse and present; the rules (closing after opening, at least one working weekday, a reason, one entry per
date) live in `accounts.services.calendar`, whose `ValidationError`s the views put back on these forms.
"""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from sopan.core.forms import BootstrapForm, DateInput, bootstrap
from sopan.core.models import CalendarDay, Weekday

# The browser's time picker sends 07:30; people typing keep the Indonesian 07.30.
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%H.%M"]
YEARS = (2000, 2100)
Period = tuple[datetime.time, datetime.time]


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


def _time_field(label) -> forms.TimeField:
    return forms.TimeField(label=label, required=False, input_formats=TIME_INPUT_FORMATS, widget=TimeInput())


class WorkingHoursForm(forms.Form):
    """One row per weekday: worked or not, its opening and closing time and its break (both ends or neither)."""

    def __init__(self, *args, hours: dict[int, Period], breaks: dict[int, Period] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        breaks = breaks or {}
        for day in Weekday:
            period, pause = hours.get(day.value), breaks.get(day.value)
            worked = forms.BooleanField(label=_("%(day)s is a working day") % {"day": day.label}, required=False)
            worked.initial = period is not None
            self.fields[f"worked_{day.value}"] = worked
            for name, label, initial in (
                ("opens", _("%(day)s: opens"), period and period[0]),
                ("closes", _("%(day)s: closes"), period and period[1]),
                ("break_from", _("%(day)s: break from"), pause and pause[0]),
                ("break_to", _("%(day)s: break until"), pause and pause[1]),
            ):
                self.fields[f"{name}_{day.value}"] = _time_field(label % {"day": day.label})
                self.fields[f"{name}_{day.value}"].initial = initial
        bootstrap(self)  # after the fields exist (BootstrapForm would style an empty form)

    def rows(self) -> list[dict]:
        """Per weekday its label and bound fields, in week order, for the table."""
        return [
            {
                "label": day.label,
                "worked": self[f"worked_{day.value}"],
                "times": [self[f"{name}_{day.value}"] for name in ("opens", "closes", "break_from", "break_to")],
            }
            for day in Weekday
        ]

    def clean(self):
        data = super().clean()
        for day in Weekday:
            if not data.get(f"worked_{day.value}"):
                continue
            for name in (f"opens_{day.value}", f"closes_{day.value}"):
                if name in data and data[name] is None:
                    self.add_error(name, _("Give the opening and closing time of a working day."))
            ends = (data.get(f"break_from_{day.value}"), data.get(f"break_to_{day.value}"))
            if (ends[0] is None) != (ends[1] is None):
                self.add_error(f"break_from_{day.value}", _("Give both ends of the break, or neither."))
        return data

    def hours(self) -> dict[int, Period | None]:
        """The argument of `services.working_hours_set`: every weekday, None when not worked."""
        data = self.cleaned_data
        return {
            day.value: (data[f"opens_{day.value}"], data[f"closes_{day.value}"])
            if data.get(f"worked_{day.value}")
            else None
            for day in Weekday
        }

    def breaks(self) -> dict[int, Period]:
        """The breaks of the worked weekdays that have one."""
        data = self.cleaned_data
        found = {}
        for day in Weekday:
            ends = (data.get(f"break_from_{day.value}"), data.get(f"break_to_{day.value}"))
            if data.get(f"worked_{day.value}") and None not in ends:
                found[day.value] = ends
        return found

    def days(self) -> dict[int, tuple[Period, Period | None] | None]:
        """Every weekday's hours and break (None when not worked), as `services.ramadan_period_set` takes them."""
        breaks = self.breaks()
        return {day: None if period is None else (period, breaks.get(day)) for day, period in self.hours().items()}


class RamadanForm(WorkingHoursForm):
    """A year's Ramadan: its first and last day and the hours of each weekday then ("worked": has Ramadan hours;
    a weekday without them keeps the week's hours)."""

    prefix = "ramadan"

    def __init__(self, *args, hijri_year: int | None = None, starts_on=None, ends_on=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hijri_year"] = forms.IntegerField(widget=forms.HiddenInput, initial=hijri_year, min_value=1)
        self.fields["starts_on"] = forms.DateField(label=_("First day of Ramadan"), widget=DateInput())
        self.fields["ends_on"] = forms.DateField(label=_("Last day of Ramadan"), widget=DateInput())
        self.fields["starts_on"].initial, self.fields["ends_on"].initial = starts_on, ends_on
        for name in ("starts_on", "ends_on"):  # the weekday fields are styled already
            self.fields[name].widget.attrs["class"] = "form-control"


class CalendarDayForm(BootstrapForm, forms.Form):
    """An extra day off, or a working day on a weekend or holiday with its hours. Field names follow the model's, so
    the service's errors land on the field they name."""

    date = forms.DateField(label=_("Date"), widget=DateInput())
    is_working = forms.TypedChoiceField(
        label=_("Kind of day"),
        choices=[("0", _("Day off")), ("1", _("Working day"))],
        coerce=lambda value: value == "1",
        initial="0",
    )
    starts_at = _time_field(_("Opens"))
    ends_at = _time_field(_("Closes"))
    # Required by the service, which says what to give ("the decree or the occasion").
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=CalendarDay._meta.get_field("reason").max_length,
        help_text=_("E.g. the decree (SK) or the occasion."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        help_text = _("Only for a working day.")
        self.fields["starts_at"].help_text = self.fields["ends_at"].help_text = help_text

    def service_arguments(self) -> dict:
        """The keyword arguments of `services.calendar_day_add` (hours only for a working day with both times)."""
        data = self.cleaned_data
        hours = None
        if data["is_working"] and data.get("starts_at") and data.get("ends_at"):
            hours = (data["starts_at"], data["ends_at"])
        return {"date": data["date"], "is_working": data["is_working"], "reason": data["reason"], "hours": hours}


class YearForm(forms.Form):
    year = forms.IntegerField(
        label=_("Year"),
        min_value=YEARS[0],
        max_value=YEARS[1],
        widget=forms.NumberInput(attrs={"class": "form-control form-control-sm w-auto"}),
    )
