"""The risk pages' forms. Only the shape of the input is checked here; the criteria's ranges, the owners and what
the SOP requires are the services' to refuse, and their messages come back on the form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sopan.accounts.models import User
from sopan.core.forms import BootstrapForm, DateInput
from sopan.risks.models import Criteria, Escalation, Risk
from sopan.risks.services.criteria import LEVELS_MAX

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
    # The RUP code, resolved by the service within the organisation: no list of every package (2,000 a year)
    package_code = forms.CharField(
        label=_("RUP code of the package"),
        max_length=30,
        required=False,
        help_text=_("The package's RUP code (kd_rup), when the context is a package."),
    )
    cause = forms.CharField(label=_("Cause"), widget=forms.Textarea(attrs=TEXT), required=False)
    consequence = forms.CharField(label=_("Consequence"), widget=forms.Textarea(attrs=TEXT), required=False)
    event_on = forms.DateField(label=_("Date of the risk event"), required=False, widget=DateInput)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criteria"].queryset = Criteria.objects.filter(organization=organization).order_by("scheme")
        self.fields["owner"].queryset = _people(organization)


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


class CriteriaForm(VersionForm):
    """A criteria set's fields; its levels come in LevelFormSet. The service checks the ranges and the levels."""

    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    likelihood_labels = forms.CharField(
        label=_("Likelihood scale"), widget=forms.Textarea(attrs={"rows": 6}), required=False,
        help_text=_("One label a line, from 1 (lowest) upwards: the number of lines is the size of the scale."),
    )  # fmt: skip
    impact_labels = forms.CharField(
        label=_("Impact scale"), widget=forms.Textarea(attrs={"rows": 6}), required=False,
        help_text=_("One label a line, from 1 (lowest) upwards: the number of lines is the size of the scale."),
    )  # fmt: skip
    appetite = forms.IntegerField(label=_("Risk appetite (score)"), required=False)
    tolerance = forms.IntegerField(label=_("Risk tolerance (score)"), required=False)
    source = forms.CharField(label=_("Source"), max_length=300, required=False)

    @staticmethod
    def initial_of(criteria: Criteria) -> dict:
        return {"version": criteria.version, "name": criteria.name, "appetite": criteria.appetite,
                "tolerance": criteria.tolerance, "source": criteria.source,
                "likelihood_labels": "\n".join(criteria.likelihood_labels),
                "impact_labels": "\n".join(criteria.impact_labels)}  # fmt: skip


class LevelForm(BootstrapForm, forms.Form):
    label = forms.CharField(label=_("Level name"), max_length=100, required=False)
    minimum = forms.IntegerField(label=_("From score"), required=False)
    colour = forms.CharField(label=_("Colour"), max_length=7, required=False,
                             widget=forms.TextInput(attrs={"type": "color"}))  # fmt: skip

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not data.get("label") and data.get("minimum") is None


LevelFormSet = forms.formset_factory(LevelForm, extra=0, max_num=LEVELS_MAX, absolute_max=LEVELS_MAX)


def level_formset(criteria: Criteria, data=None):
    """The levels' rows: the set's levels, then blank rows up to ten (a blank row is no level)."""
    rows = [{"label": level.label, "minimum": level.minimum, "colour": level.colour} for level in criteria.level_list()]
    rows += [{"colour": "#9e9e9e"}] * (LEVELS_MAX - len(rows))
    return LevelFormSet(data, initial=rows, prefix="level")


def levels_of(formset) -> list[dict]:
    return [form.cleaned_data for form in formset.forms if not form.is_blank()]
