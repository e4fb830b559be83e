"""The coaching pages' forms. Only the shape of the input is checked here; what the SOP requires is the services' to
refuse, and their messages come back on the form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sopan.accounts import roles
from sopan.accounts.models import OrgUnit
from sopan.coaching import criteria
from sopan.coaching.models import Programme
from sopan.core.forms import BootstrapForm, DateInput

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class VersionForm(BootstrapForm, forms.Form):
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ProgrammeForm(VersionForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Programme.Kind.choices)
    audience = forms.ChoiceField(
        label=_("Participants"),
        choices=Programme.Audience.choices,
        help_text=_("Agency users: training of the SPSE users (Perwali Salatiga 41/2024 Pasal 8)."),
    )
    strategy = forms.CharField(
        label=_("Coaching strategy"), required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The strategy document of SOP step 3: the problems found, the aims, the method."),
    )  # fmt: skip
    target_notes = forms.CharField(label=_("Target group"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ApproveForm(VersionForm):
    direction = forms.CharField(label=_("Direction for the coaching team"), widget=forms.Textarea(attrs={"rows": 3}))


class NoteForm(VersionForm):
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}))


class CancelForm(VersionForm):
    note = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReportForm(VersionForm):
    report = forms.CharField(label=_("Report of the results"), widget=forms.Textarea(attrs={"rows": 5}))


class SessionForm(BootstrapForm, forms.Form):
    starts_at = forms.DateTimeField(label=_("Starts"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("Ends"), widget=DATETIME)
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    online_link = forms.URLField(label=_("Online link"), max_length=300, required=False, assume_scheme="https")


class MaterialForm(BootstrapForm, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("File"), help_text=_("PDF, Word, Excel, PowerPoint, JPG or PNG."))


class InviteForm(BootstrapForm, forms.Form):
    criterion = forms.ChoiceField(label=_("Criterion"))
    since = forms.DateField(label=_("Since"), required=False, widget=DateInput())
    kbli = forms.CharField(label=_("KBLI code"), max_length=5, required=False)
    role = forms.ChoiceField(label=_("Role"), required=False)
    unit = forms.TypedChoiceField(label=_("Unit"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion"].choices = [(c.key, c.label) for c in criteria.for_audience(programme.audience)]
        if programme.for_vendors:
            for name in ("role", "unit"):
                del self.fields[name]
        else:
            for name in ("since", "kbli"):
                del self.fields[name]
            self.fields["role"].choices = [("", "—")] + [(c, roles.get(c).label) for c in criteria.SPSE_USER_ROLES]
            units = OrgUnit.objects.filter(organization_id=programme.organization_id).order_by("name")
            self.fields["unit"].choices = [("", _("All units"))] + [(u.pk, u.name) for u in units]

    def params(self) -> criteria.Params:
        data = self.cleaned_data
        return criteria.Params(
            since=data.get("since"), kbli=(data.get("kbli") or "").strip(), role=data.get("role") or "",
            unit_id=data.get("unit"),
        )  # fmt: skip


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Check-in code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"class": "form-control form-control-lg text-uppercase", "autocomplete": "off",
                   "autocapitalize": "characters", "spellcheck": "false", "placeholder": "ABCD-EFGH"}
        ),
    )  # fmt: skip
