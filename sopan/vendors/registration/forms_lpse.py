"""Forms of the LPSE's side of registration: the front office, the verifier's checklist and decisions, the
registration settings and the staff's declared ties. The rules live in the services; these forms only parse input.
The desk's registration form is the public portal's form (forms_public), so both check the same fields the same way."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sopan.accounts.models import RoleAssignment, User, roles_in
from sopan.core.forms import bootstrap
from sopan.vendors.models import (
    AppointmentSlot,
    Document,
    LegalForm,
    Registration,
    RequiredDocument,
    StaffRelation,
    VendorSettings,
)
from sopan.vendors.personal_data import NOTE_MAX_LENGTH, RevealPurpose, reveal_reason
from sopan.vendors.registration.forms_public import NonVendorRegistrationForm, VendorRegistrationForm


class BootstrapForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)


# --- Front office ----------------------------------------------------------------------------------------------------
class LookupForm(BootstrapForm):
    q = forms.CharField(
        label=_("Registration number, company, NPWP/NIB, e-mail or user ID"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autofocus": True}),
    )


class ReceiveForm(BootstrapForm):
    brought_by = forms.CharField(
        label=_("Handed over by (the person's name)"),
        max_length=200,
        help_text=_(
            "The person at the desk: the administrator named in the registration is filled in; write another name "
            "when someone else brings the file with a Surat Kuasa."
        ),
        error_messages={"required": _("Write the name of the person who hands the file over.")},
    )


class _AtTheDesk:
    """Step 10 at the desk: the public form without the password (the applicant chooses it through the link mailed
    to the login e-mail), with that e-mail asked here instead of confirmed by a link."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["password"], self.fields["password_again"]
        login_email = forms.EmailField(
            label=_("Login e-mail"),
            max_length=254,
            help_text=_("The user ID and the link to choose a password are sent here."),
            widget=forms.EmailInput(attrs={"class": "form-control", "autocomplete": "off"}),
        )
        self.fields = {"login_email": login_email, **self.fields}

    def service_arguments(self) -> dict:
        self.cleaned_data["password"] = None  # the public form's arguments, without the password it does not ask
        arguments = super().service_arguments()
        del arguments["password"]
        return {**arguments, "email": self.cleaned_data["login_email"]}


class DeskVendorForm(_AtTheDesk, VendorRegistrationForm):
    LOGIN_FIELDS = ("login_email", "username")


class DeskNonVendorForm(_AtTheDesk, NonVendorRegistrationForm):
    LOGIN_FIELDS = ("login_email", "username")


# --- Verifier --------------------------------------------------------------------------------------------------------
class QueueFilterForm(BootstrapForm):
    STATUSES = (
        Registration.Status.RECEIVED,
        Registration.Status.IN_VERIFICATION,
        Registration.Status.COMPLETION_REQUESTED,
    )

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *[(s.value, s.label) for s in STATUSES]],
    )
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)
    q = forms.CharField(
        label=_("Search"), required=False, max_length=200, widget=forms.TextInput(attrs={"type": "search"})
    )


class CheckForm(BootstrapForm):
    verdict = forms.ChoiceField(
        label=_("Check"),
        choices=[c for c in Document.Verdict.choices if c[0] != Document.Verdict.PENDING],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note for the vendor"),
        required=False,
        max_length=500,
        widget=forms.TextInput(),
        help_text=_("Required when the document does not match or is incomplete."),
    )


class AcknowledgeForm(BootstrapForm):
    """The acknowledgement of one automatic finding; the service says when the note is missing (in the person's
    language, naming what to write)."""

    key = forms.CharField(widget=forms.HiddenInput, max_length=120)
    note = forms.CharField(
        label=_("What you found"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required: say what you checked and why the application may still be approved, or not."),
    )


class VersionedForm(BootstrapForm):
    """A decision made on what the verifier saw: the version they saw goes back to the service."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class CompletionForm(VersionedForm):
    note = forms.CharField(
        label=_("What the vendor must add"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The documents marked as not matching or incomplete are listed for the vendor by themselves."),
    )


class RejectForm(VersionedForm):
    reason = forms.ChoiceField(label=_("Reason"), choices=[("", "—"), *Registration.RejectionReason.choices])
    note = forms.CharField(
        label=_("Explanation for the applicant"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class IdentityRevealForm(BootstrapForm):
    """ "Show the NIK": why (UU 27/2022). The rule is `personal_data.reveal_reason`, which the services apply too;
    the prefix keeps the fields apart from the page's other forms."""

    purpose = forms.ChoiceField(
        label=_("Why do you need to see the NIK?"),
        choices=[("", "—"), *RevealPurpose.choices],
        required=False,  # the rule below says what is missing, in words fitting the NIK
    )
    note = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        help_text=_("Needed for a request from an authorised body (the letter's number) and for another reason."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "nik")
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if not self.errors:
            try:
                data.update(reveal_reason(purpose=data.get("purpose", ""), note=data.get("note", "")))
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    self.add_error(field, messages)
        return data


# --- Settings --------------------------------------------------------------------------------------------------------
class VendorSettingsForm(forms.ModelForm):
    class Meta:
        model = VendorSettings
        fields = ("expiry_days", "retention", "two_person_rule", "max_upload_mb")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)


class RequiredDocumentForm(forms.ModelForm):
    legal_forms = forms.MultipleChoiceField(
        label=_("Legal forms"),
        choices=LegalForm.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked when every applicant brings it."),
    )

    class Meta:
        model = RequiredDocument
        fields = (
            "applicant_kind",
            "code",
            "label",
            "help_text",
            "legal_forms",
            "is_identity",
            "is_required",
            "position",
            "is_active",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].required = False
        self.fields["code"].help_text = _("A short name without spaces, e.g. ktp; made from the label when empty.")
        if self.instance.pk:
            # Kind and code identify the document in uploads and mails: they stay.
            del self.fields["applicant_kind"]
            del self.fields["code"]
        else:
            del self.fields["is_active"]
            self.fields["position"].required = False
        bootstrap(self)

    def validate_unique(self):
        """The service checks the code per organisation (the form does not know the organisation)."""

    def _post_clean(self):
        """No model validation here: the service validates, so the rule lives once."""


class SlotForm(BootstrapForm):
    starts_at = forms.DateTimeField(
        label=_("Starts"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), initial=60, min_value=1, max_value=600)
    capacity = forms.IntegerField(label=_("Places"), initial=4)
    mode = forms.ChoiceField(label=_("Kind"), choices=AppointmentSlot.Mode.choices)
    location = forms.CharField(label=_("Place or meeting link"), required=False, max_length=300)


WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class SlotSeriesForm(BootstrapForm):
    first_day = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    weeks = forms.IntegerField(label=_("Number of weeks"), initial=4)
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Days of the week"), choices=WEEKDAYS, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    start = forms.TimeField(label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), initial=60)
    capacity = forms.IntegerField(label=_("Places"), initial=4)
    mode = forms.ChoiceField(label=_("Kind"), choices=AppointmentSlot.Mode.choices)
    location = forms.CharField(label=_("Place or meeting link"), required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"first_day": timezone.localdate(), "weekdays": [0, 1, 2, 3, 4]})
        super().__init__(*args, **kwargs)


# --- Staff ties ------------------------------------------------------------------------------------------------------
class RelationForm(BootstrapForm):
    company = forms.CharField(
        label=_("Company"),
        max_length=200,
        help_text=_("Its NPWP, NIB or registration number (or its name, when only one company bears it)."),
    )
    kind = forms.ChoiceField(label=_("Tie"), choices=StaffRelation.Kind.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args, user, everyone: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if everyone:
            # Perangkat LPSE: the catalogue's and the organisation's own roles flagged so
            personnel = [role.code for role in roles_in(user.organization_id) if role.lpse_personnel]
            staff = (
                User.objects.filter(
                    organization_id=user.organization_id,
                    is_active=True,
                    role_assignments__in=RoleAssignment.objects.active().filter(role__in=personnel),
                )
                .distinct()
                .order_by("full_name")
            )
            self.fields = {
                "person": forms.ModelChoiceField(label=_("Staff member"), queryset=staff, initial=user.pk),
                **self.fields,
            }
        bootstrap(self)

    def clean_company(self):
        from sopan.vendors.selectors import company_lookup_for

        found = company_lookup_for(self.user, self.cleaned_data["company"])
        if not found:
            raise ValidationError(_("No company of this organisation matches; try its NPWP or registration number."))
        if len(found) > 1:
            raise ValidationError(
                _("%(count)s companies match: %(names)s. Give the NPWP or the registration number.")
                % {"count": len(found), "names": ", ".join(c.name for c in found[:5])}
            )
        return found[0]

    def staff_member(self):
        return self.cleaned_data.get("person") or self.user
