"""The compliance report's filters: SOP (of the user's organisation), lane role, period."""

from __future__ import annotations

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from sopan.accounts.models import roles_in
from sopan.sop.selectors_compliance import sop_choices_for


class ComplianceFilterForm(forms.Form):
    sop = forms.ModelChoiceField(
        label=_("SOP"),
        queryset=None,
        required=False,
        empty_label=_("All SOPs"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    role = forms.ChoiceField(
        label=_("Lane role"),
        required=False,
        choices=[],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=_("Until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sop"].queryset = sop_choices_for(user)
        # the catalogue's roles and the organisation's own (which may be SOP lanes)
        self.fields["role"].choices = [
            ("", _("All roles")),
            *((role.code, role.label) for role in roles_in(user.organization_id)),
        ]

    def clean(self):
        data = super().clean()
        date_from, date_to = data.get("date_from"), data.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error(
                "date_to",
                forms.ValidationError(
                    _("The end of the period (%(until)s) is before its start (%(from)s)."),
                    code="period_reversed",
                    params={
                        "from": formats.date_format(date_from, "SHORT_DATE_FORMAT"),
                        "until": formats.date_format(date_to, "SHORT_DATE_FORMAT"),
                    },
                ),
            )
        return data

    def filters(self) -> dict:
        """The selector's keyword arguments from a valid form (nothing filtered when it is not valid)."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "sop": data.get("sop"),
            "role": data.get("role") or "",
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
        }
