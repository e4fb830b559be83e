"""The forms of the unit's performance pages; the services check everything again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sopan.core.forms import bootstrap
from sopan.indicators.models import Report

QUARTER_CHOICES = [(1, _("Quarter I")), (2, _("Quarter II")), (3, _("Quarter III")), (4, _("Quarter IV"))]


class RealisationForm(forms.Form):
    quarter = forms.TypedChoiceField(label=_("Quarter"), choices=QUARTER_CHOICES, coerce=int)
    value = forms.CharField(label=_("Realisation"), max_length=30)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    evidence = forms.FileField(label=_("Evidence (PDF, image, XLSX or DOCX)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)


class ActionPlanForm(forms.Form):
    quarter = forms.TypedChoiceField(label=_("Quarter"), choices=QUARTER_CHOICES, coerce=int)
    action = forms.CharField(label=_("Action"), widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.CharField(label=_("Person responsible"), max_length=200)
    due_on = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)


class ReportCreateForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    period = forms.ChoiceField(label=_("Period"), choices=Report.Period.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)


class ReportTextForm(forms.Form):
    analysis = forms.CharField(
        label=_("Analysis of the achievements"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    recommendations = forms.CharField(
        label=_("Recommendations for improvement"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)
