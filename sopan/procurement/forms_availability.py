"""The forms of the availability analysis page (issue 17 §4). Only the shape of the input is checked here; the
criteria's rules (KBLI of 5 digits, a known province, 1–50 vendors) are the service's, and its messages come back on
the form (`add_service_errors`)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sopan.core.forms import BootstrapForm
from sopan.procurement.models import AvailabilityAnalysis, Method
from sopan.vendors.regions import PROVINCE_CHOICES

A = AvailabilityAnalysis


class _Versioned(BootstrapForm, forms.Form):
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class CriteriaForm(_Versioned):
    kbli = forms.CharField(
        label=_("KBLI codes"),
        max_length=500,
        help_text=_("The 5-digit KBLI 2020 codes the package needs, separated by commas, e.g. 41011, 43211."),
    )
    qualification = forms.ChoiceField(label=_("Qualification"), choices=A.Qualification.choices)
    province = forms.ChoiceField(label=_("Province"), choices=[("", "—"), *PROVINCE_CHOICES])
    regency = forms.CharField(
        label=_("Regency / city"), max_length=100, required=False, help_text=_("Leave empty for the whole province.")
    )
    minimum_vendors = forms.IntegerField(
        label=_("Vendors needed"),
        initial=3,
        help_text=_("How many qualified vendors the selection needs (the analyst's target)."),
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ConclusionForm(_Versioned):
    conclusion = forms.CharField(label=_("Conclusion"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ProposalForm(_Versioned):
    proposal_changes = forms.MultipleChoiceField(
        label=_("What to correct"), choices=A.Change.choices, widget=forms.CheckboxSelectMultiple
    )
    proposed_method = forms.ChoiceField(
        label=_("Suggested method"), choices=[("", "—"), *Method.choices], required=False
    )
    proposal_text = forms.CharField(
        label=_("Proposed correction"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the PA/KPA should change in the RUP or the other planning documents, and why."),
    )


class DiscussionForm(_Versioned):
    action_plan = forms.CharField(
        label=_("Action plan"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What was agreed with the PPK for similar procurements."),
    )


class ReanalyseForm(_Versioned):
    note = forms.CharField(
        label=_("What the RUP correction changed"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept as the notes of the new round, which starts from this round's criteria."),
    )
