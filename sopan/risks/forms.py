"""The risk pages' forms. Only the shape of the input is checked here; the criteria's ranges, the owners and what
the SOP requires are the services' to refuse, and their messages come back on the form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sopan.accounts.models import User
from sopan.core.forms import BootstrapForm, DateInput
from sopan.risks.models import Criteria, Escalation, Risk

TEXT = {"rows": 3}


def _people(organization):
    return User.objects.filter(organization=organization, is_active=True).order_by("full_name", "username")


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name()


class VersionForm(BootstrapForm, forms.Form):
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class RiskForm(BootstrapForm, forms.Form):
    title = forms.CharField(label=_("Risk"), max_length=300)
    criteria = forms.ModelChoiceField(label=_("Criteria"), queryset=Criteria.objects.none(), empty_label=None)
    procedure = forms.ChoiceField(label=_("Procedure"), choices=Risk.Procedure.choices)
    owner = PersonChoice(label=_("Risk owner"), queryset=User.objects.none(), required=False)
    context = forms.ChoiceField(label=_("Context"), choices=[("", "—"), *Risk.Context.choices], required=False)
    context_text = forms.CharField(label=_("Target, task or service"), max_length=300, required=False)
    package = forms.ModelChoiceField(label=_("Procurement package"), queryset=None, required=False)
    cause = forms.CharField(label=_("Cause"), widget=forms.Textarea(attrs=TEXT), required=False)
    consequence = forms.CharField(label=_("Consequence"), widget=forms.Textarea(attrs=TEXT), required=False)
    event_on = forms.DateField(label=_("Date of the risk event"), required=False, widget=DateInput)

    def __init__(self, *args, organization, **kwargs):
        from sopan.procurement.models import Package

        super().__init__(*args, **kwargs)
        self.fields["criteria"].queryset = Criteria.objects.filter(organization=organization).order_by("scheme")
        self.fields["owner"].queryset = _people(organization)
        self.fields["package"].queryset = Package.objects.filter(organization=organization).order_by("-id")


class AnalysisForm(VersionForm):
    inherent_likelihood = forms.IntegerField(label=_("Likelihood"), required=False)
    inherent_impact = forms.IntegerField(label=_("Impact"), required=False)
    controls = forms.CharField(label=_("Existing controls"), widget=forms.Textarea(attrs=TEXT), required=False)


class ResidualForm(VersionForm):
    residual_likelihood = forms.IntegerField(label=_("Residual likelihood"), required=False)
    residual_impact = forms.IntegerField(label=_("Residual impact"), required=False)


class TreatmentForm(BootstrapForm, forms.Form):
    action = forms.CharField(label=_("Treatment"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    owner = PersonChoice(label=_("Treatment owner"), queryset=User.objects.none(), required=False)
    due_on = forms.DateField(label=_("Due date"), required=False, widget=DateInput)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _people(organization)


class EvidenceForm(BootstrapForm, forms.Form):
    evidence = forms.FileField(label=_("Evidence (PDF, image, Word or Excel)"), required=False)


class MonitoringForm(BootstrapForm, forms.Form):
    note = forms.CharField(label=_("Monitoring note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class MoveForm(VersionForm):
    transition = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    disposition = forms.ChoiceField(
        label=_("Decision"), required=False,
        choices=[("", "—"), (Escalation.Disposition.CONTINUE, _("Further handling by the risk owner")),
                 (Escalation.Disposition.TOLERABLE, _("Tolerable"))],
    )  # fmt: skip


class ImportForm(BootstrapForm, forms.Form):
    file = forms.FileField(label=_("Excel workbook (XLSX)"), required=False)
