"""Forms of the sanction proposal pages. They only parse input; the rules (a ground, a finding without an assessment,
a reason for a rejection, the SK's dates) live in services_sanctions.py, so the message is the service's."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sopan.core.forms import BootstrapForm, DateInput
from sopan.performance import rules_sanctions


class ProposalForm(BootstrapForm, forms.Form):
    """From an assessment (the finding is optional) or from a finding (on a contract or a package)."""

    ground = forms.ChoiceField(label=_("Ground (Perpres 16/2018 as amended, Pasal 78)"), required=False)
    finding = forms.CharField(label=_("Finding (the facts)"), required=False, max_length=8000,
                              widget=forms.Textarea(attrs={"rows": 4}))  # fmt: skip
    source = forms.ChoiceField(label=_("The finding is about"), required=False)
    company = forms.ModelChoiceField(label=_("Provider"), queryset=None, required=False)

    def __init__(self, *args, selection: bool | None = None, sources=None, companies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ground"].choices = [("", "—"), *rules_sanctions.choices(selection=selection)]
        if sources is None:
            del self.fields["source"]
        else:
            self.fields["source"].choices = [("", "—"), *sources]
        if companies is None:
            del self.fields["company"]
        else:
            self.fields["company"].queryset = companies


class ReturnForm(BootstrapForm, forms.Form):
    note = forms.CharField(label=_("Note to the proposer"), required=False, max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip


class ReviewForm(ReturnForm):
    pass


class ResubmitForm(BootstrapForm, forms.Form):
    finding = forms.CharField(label=_("Finding (the facts)"), required=False, max_length=8000,
                              widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip


class ImposeForm(BootstrapForm, forms.Form):
    sk_date = forms.DateField(label=_("SK date"), required=False, widget=DateInput)
    starts_on = forms.DateField(label=_("Sanction from"), required=False, widget=DateInput)


class RejectForm(BootstrapForm, forms.Form):
    reason = forms.CharField(label=_("Reason for the rejection"), required=False, max_length=4000,
                             widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip


class ReportForm(BootstrapForm, forms.Form):
    reported_on = forms.DateField(label=_("Reported to LKPP on"), required=False, widget=DateInput)
    reference = forms.CharField(label=_("Reference (e.g. the INAPROC/SIKaP ticket)"), required=False, max_length=100)


ACTION_FORMS = {
    "review": ReviewForm,
    "return": ReturnForm,
    "resubmit": ResubmitForm,
    "impose": ImposeForm,
    "reject": RejectForm,
    "report": ReportForm,
}
