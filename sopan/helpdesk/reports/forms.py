"""The period of the helpdesk report: a quarter of a year (the LPSE's quarterly report, Perwali Salatiga 41/2024
Pasal 11) or a range of dates of at most a year."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sopan.core.forms import bootstrap
from sopan.helpdesk.reports.selectors import MAX_DAYS, ROMAN, Period

QUARTER, RANGE = "quarter", "range"


class ReportPeriodForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("Period"),
        choices=((QUARTER, _("A quarter")), (RANGE, _("From … to …"))),
        initial=QUARTER,
        widget=forms.RadioSelect,
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        choices=(),  # made per request in __init__, in the person's language
        coerce=int,
        required=False,
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, data=None, *, default: Period):
        if data is not None and not any(data.get(name) for name in ("mode", "year", "date_from", "date_to")):
            data = None  # no choice made: the current quarter
        initial = {"mode": QUARTER, "year": default.year, "quarter": default.quarter}
        super().__init__(data, initial=initial)
        self.fields["quarter"].choices = [
            (n, _("Quarter %(quarter)s") % {"quarter": roman}) for n, roman in ROMAN.items()
        ]
        self.default = default
        bootstrap(self)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if data.get("mode") == RANGE:
            first, last = data.get("date_from"), data.get("date_to")
            if first is None:
                self.add_error("date_from", _("Give the first day of the period."))
            if last is None:
                self.add_error("date_to", _("Give the last day of the period."))
            if first is None or last is None:
                return data
            if first > last:
                raise forms.ValidationError(_("The first day is after the last day."), code="order")
            if (last - first).days + 1 > MAX_DAYS:
                raise forms.ValidationError(
                    _("A report covers at most %(days)s days; choose a shorter period.") % {"days": MAX_DAYS},
                    code="too_long",
                )
            data["period"] = Period(first, last)
        else:
            if data.get("year") is None:
                self.add_error("year", _("Give the year."))
            if not data.get("quarter"):
                self.add_error("quarter", _("Choose the quarter."))
            if self.errors:
                return data
            data["period"] = Period.of_quarter(data["year"], data["quarter"])
        return data

    @property
    def period(self) -> Period:
        """The chosen period (the default before the form is sent); only after `is_valid()`."""
        if not self.is_bound:
            return self.default
        return self.cleaned_data["period"]
