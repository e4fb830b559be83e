"""The report pages' forms: only the shape of the input; the rules are the services' (their messages come back on the
form)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sopan.core.forms import BootstrapForm, DateInput


class VersionForm(BootstrapForm, forms.Form):
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class QuarterlyForm(BootstrapForm, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(label=_("Quarter"), coerce=int, choices=[(q, q) for q in (1, 2, 3, 4)])


class SpecialForm(BootstrapForm, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    start = forms.DateField(label=_("From"), widget=DateInput)
    end = forms.DateField(label=_("To"), widget=DateInput)


class NarrativeForm(VersionForm):
    introduction = forms.CharField(label=_("Introduction"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    conclusion = forms.CharField(
        label=_("Conclusion and recommendations"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, sections=(), commentary=None, **kwargs):
        super().__init__(*args, **kwargs)
        commentary = commentary or {}
        for section in sections:
            self.fields[f"comment_{section.key}"] = forms.CharField(
                label=_("Commentary: %(title)s") % {"title": section.title}, required=False,
                initial=commentary.get(section.key, ""), widget=forms.Textarea(attrs={"rows": 3}),
            )  # fmt: skip
        self.section_keys = [section.key for section in sections]

    def commentary(self) -> dict:
        return {key: self.cleaned_data.get(f"comment_{key}", "") for key in self.section_keys}


class NoteForm(VersionForm):
    note = forms.CharField(label=_("What must be revised"), widget=forms.Textarea(attrs={"rows": 3}))


class SendForm(VersionForm):
    sent_on = forms.DateField(label=_("Date submitted to the Wali Kota"), widget=DateInput)
