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


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


def _time_field(label) -> forms.TimeField:
    return forms.TimeField(label=label, required=False, input_formats=TIME_INPUT_FORMATS, widget=TimeInput())


class WorkingHoursForm(forms.Form):
    """One row per weekday: worked or not, and its opening and closing time."""

    def __init__(self, *args, hours: dict[int, tuple[datetime.time, datetime.time]], **kwargs):
        super().__init__(*args, **kwargs)
        for day in Weekday:
            period = hours.get(day.value)
            worked = forms.BooleanField(label=_("%(day)s is a working day") % {"day": day.label}, required=False)
            worked.initial = period is not None
            opens = _time_field(_("%(day)s: opens") % {"day": day.label})
            closes = _time_field(_("%(day)s: closes") % {"day": day.label})
            if period is not None:
                opens.initial, closes.initial = period
            self.fields[f"worked_{day.value}"] = worked
            self.fields[f"opens_{day.value}"] = opens
            self.fields[f"closes_{day.value}"] = closes
        bootstrap(self)  # after the fields exist (BootstrapForm would style an empty form)

    def rows(self) -> list[dict]:
        """Per weekday its label and bound fields, in week order, for the table."""
        return [
            {
                "label": day.label,
                "worked": self[f"worked_{day.value}"],
                "times": [self[f"opens_{day.value}"], self[f"closes_{day.value}"]],
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
        return data

    def hours(self) -> dict[int, tuple[datetime.time, datetime.time] | None]:
        """The argument of `services.working_hours_set`: every weekday, None when not worked."""
        data = self.cleaned_data
        return {
            day.value: (data[f"opens_{day.value}"], data[f"closes_{day.value}"])
            if data.get(f"worked_{day.value}")
            else None
            for day in Weekday
        }


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
