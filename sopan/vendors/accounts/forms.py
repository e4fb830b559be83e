"""Forms of the vendor account screens: the LPSE's vendor list filters, the account action at each stage, and the
vendor's data change request. Rules live in the services; these only parse input."""

from __future__ import annotations

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from sopan.core.forms import bootstrap
from sopan.vendors import regions
from sopan.vendors.accounts.workflows import SOURCE_STATUSES
from sopan.vendors.models import AccountAction, BusinessScale, Company, LegalForm

LISTED_STATUSES = [(v, label) for v, label in Company.Status.choices if v != Company.Status.REGISTERING]


class _Form(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)


class CompanyFilterForm(_Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *LISTED_STATUSES])
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_("Company name, e-mail, NPWP or NIB"),
    )


# --- account actions --------------------------------------------------------------------------------------------
class AccountActionReportForm(_Form):
    kind = forms.ChoiceField(label=_("Action"), choices=AccountAction.Kind.choices)
    basis = forms.CharField(
        label=_("Complaint or finding"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What happened, when, and who reported it."),
    )
    evidence = forms.FileField(
        label=_("Evidence"), help_text=_("The complaint letter, a report or the finding: PDF, JPG or PNG.")
    )

    def __init__(self, *args, company: Company, **kwargs):
        super().__init__(*args, **kwargs)
        # Offer only what the account's status allows; the service says why anything else is refused.
        self.fields["kind"].choices = [
            (value, label) for value, label in AccountAction.Kind.choices if company.status in SOURCE_STATUSES[value]
        ]


class ExamineForm(_Form):
    examination = forms.CharField(
        label=_("Examination"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the evidence shows, whom you heard, what you found."),
    )


class ProposeForm(_Form):
    proposal = forms.CharField(
        label=_("Proposal"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For a deactivation: the proposal sent to LKPP, with its letter number."),
    )


class DecideForm(_Form):
    outcome = forms.ChoiceField(label=_("Decision"), choices=AccountAction.Outcome.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Reasons"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The vendor will be told."),
    )
    external_reference = forms.CharField(
        label=_("LKPP reference"),
        required=False,
        max_length=200,
        help_text=_("Required to deactivate an account: the number of LKPP's letter or ticket."),
    )


class DropForm(_Form):
    reason = forms.CharField(label=_("Why is the action dropped?"), widget=forms.Textarea(attrs={"rows": 2}))


class EmptyForm(_Form):
    """Inform and archive need no input: the button is the decision."""


STAGE_FORMS = {
    "examine": ExamineForm,
    "propose": ProposeForm,
    "decide": DecideForm,
    "inform": EmptyForm,
    "archive": EmptyForm,
    "drop": DropForm,
}


# --- data change requests ---------------------------------------------------------------------------------------
class ChangeRequestForm(_Form):
    """Every changeable field, filled with the current value; only the fields the vendor edits are sent to the
    service. The administrator's NIK is left empty (it is personal data): typed in, it is a change."""

    name = forms.CharField(required=False, max_length=200)
    legal_form = forms.ChoiceField(required=False, choices=LegalForm.choices)
    npwp = forms.CharField(required=False, max_length=30)
    nib = forms.CharField(required=False, max_length=30)
    kbli = forms.CharField(required=False, max_length=500, help_text=_("Separated by commas, e.g. 41011, 43211"))
    business_scale = forms.ChoiceField(required=False, choices=[("", "—"), *BusinessScale.choices])
    address = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    province = forms.ChoiceField(required=False, choices=regions.PROVINCE_CHOICES)
    regency = forms.CharField(required=False, max_length=100)
    postal_code = forms.CharField(required=False, max_length=10)
    phone = forms.CharField(required=False, max_length=30)
    email = forms.CharField(required=False, max_length=254)
    admin_name = forms.CharField(required=False, max_length=200)
    admin_nik = forms.CharField(
        required=False,
        max_length=30,
        help_text=_("Leave empty to keep the current NIK."),
    )
    admin_position = forms.CharField(required=False, max_length=100)
    reason = forms.CharField(
        label=_("Reason for the change"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: a new deed, a move to a new address, a new administrator."),
    )
    evidence = forms.FileField(
        label=_("Supporting document"),
        required=False,
        help_text=_(
            "Required for a new name, legal form, NPWP, NIB or administrator: the deed, the card or the letter "
            "(PDF, JPG or PNG)."
        ),
    )

    def __init__(self, *args, company: Company, **kwargs):
        initial = {field: getattr(company, field) for field in Company.CHANGEABLE if field != "admin_nik"}
        initial["kbli"] = ", ".join(company.kbli or [])
        super().__init__(*args, initial=initial, **kwargs)
        for field in Company.CHANGEABLE:  # the model's names for the fields, as on the registration form
            self.fields[field].label = capfirst(Company._meta.get_field(field).verbose_name)

    def changes(self) -> dict[str, str]:
        """The fields the vendor edited, with what they typed (checked and normalised by the service). A field left
        out of the request is not a change; an empty NIK keeps the current one."""
        return {
            field: self.cleaned_data[field]
            for field in self.changed_data
            if field in Company.CHANGEABLE
            and field in self.data
            and not (field == "admin_nik" and not self.cleaned_data[field])
        }


class ChangeDecisionForm(_Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve: apply the new data")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note to the vendor"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when rejecting."),
    )
