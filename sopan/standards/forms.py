"""The forms of the standards pages: a change request, an access permit, a self-assessment."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sopan.accounts.models import User
from sopan.core.forms import bootstrap
from sopan.standards.models import AccessPermit, Assessment, ChangeRequest

DATE = {"type": "date"}


class ChangeForm(forms.ModelForm):
    class Meta:
        model = ChangeRequest
        fields = ("title", "description", "impact", "rollback_plan", "planned_on")
        widgets = {
            "planned_on": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
            "rollback_plan": forms.Textarea(attrs={"rows": 3}),
        }


class PermitForm(forms.Form):
    holder = forms.ModelChoiceField(label=_("holder"), queryset=User.objects.none())
    kind = forms.ChoiceField(label=_("kind"), choices=AccessPermit.Kind.choices)
    target = forms.CharField(label=_("server or room"), max_length=200)
    purpose = forms.CharField(label=_("purpose"), max_length=300, required=False)
    valid_from = forms.DateField(label=_("valid from"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    valid_to = forms.DateField(
        label=_("valid until"), required=False, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d")
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        users = User.objects.filter(organization=organization, is_active=True).order_by("full_name", "id")
        self.fields["holder"].queryset = users
        self.fields["holder"].label_from_instance = lambda user: user.get_full_name() or user.username


class AssessmentForm(forms.Form):
    level = forms.TypedChoiceField(label=_("level"), choices=Assessment.Level.choices, coerce=int)
    notes = forms.CharField(label=_("notes"), widget=forms.Textarea(attrs={"rows": 4}))
    evidence_notes = forms.CharField(
        label=_("other evidence"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Documents kept outside Sopan: SK, minutes, reports."),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


def bound(form):
    return bootstrap(form)
