"""Forms of the vendor performance pages. They only parse input; the rules (scale, PPK, one assessment per contract,
the response deadline) live in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sopan.core.forms import BootstrapForm, DateInput
from sopan.performance import rules
from sopan.performance.models import Contract
from sopan.procurement.models import Kind, Method


class ContractForm(BootstrapForm, forms.Form):
    """A contract the PPK records by hand (SOP Pencatatan Kinerja Penyedia step 1)."""

    package = forms.ModelChoiceField(
        label=_("Package under contract"), queryset=None, required=False,
        help_text=_("A package whose contract was stopped or terminated before its handover: its name, agency, type "
                    "and method are the package's. Leave empty for a contract Sopan does not follow as a package."),
    )  # fmt: skip
    name = forms.CharField(label=_("Contract name"), max_length=500, required=False)
    number = forms.CharField(label=_("Contract number"), max_length=100, required=False)
    company = forms.ModelChoiceField(label=_("Provider"), queryset=None)
    value = forms.DecimalField(label=_("Contract value"), required=False, min_value=0, max_digits=18, decimal_places=2)
    ended_on = forms.DateField(label=_("Ended on"), widget=DateInput)
    ending = forms.ChoiceField(label=_("Ending"), choices=Contract.Ending.choices)
    kind = forms.ChoiceField(label=_("Procurement type"), choices=[("", "—"), *Kind.choices], required=False)
    method = forms.ChoiceField(label=_("Method"), choices=[("", "—"), *Method.choices], required=False)

    def __init__(self, *args, companies, packages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = companies
        self.fields["package"].queryset = packages


class AssessmentForm(BootstrapForm, forms.Form):
    """Steps 3a (the four aspects) or 3b (the stars), 4 (the SIKaP reference), the evidence."""

    company = forms.ModelChoiceField(label=_("Provider"), queryset=None, required=False)
    stars = forms.CharField(label=_("E-purchasing rating (1–5 stars)"), required=False, max_length=2)
    evidence = forms.FileField(label=_("Evidence (PDF, JPG or PNG)"), required=False)
    sikap_reference = forms.CharField(label=_("SIKaP reference"), max_length=100, required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, contract: Contract, companies, **kwargs):
        super().__init__(*args, **kwargs)
        scheme = rules.scheme_on(contract.ended_on)
        self.aspect_keys = []
        if contract.company_id:
            del self.fields["company"]
        else:
            self.fields["company"].queryset = companies
        if contract.is_e_purchasing:
            return
        del self.fields["stars"]
        for aspect in scheme.aspects:
            name = f"score_{aspect.key}"
            self.aspect_keys.append((aspect.key, name))
            self.fields[name] = forms.CharField(
                label=f"{aspect.label} ({aspect.weight * 100:.0f}%)",
                max_length=3,
                help_text=_("One of %(scale)s") % {"scale": scheme.scale_text()},
            )
            self.fields[name].widget.attrs["class"] = "form-control"

    def scores(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(name, "") for key, name in self.aspect_keys}


class SettingForm(BootstrapForm, forms.Form):
    assessment_working_days = forms.IntegerField(label=_("Working days to assess a contract after it ended"),
                                                 min_value=1, max_value=60)  # fmt: skip
    response_working_days = forms.IntegerField(label=_("Working days for the vendor to respond"), min_value=1,
                                               max_value=60)  # fmt: skip


class ResponseForm(BootstrapForm, forms.Form):
    text = forms.CharField(label=_("Your response"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
