"""Forms of the public registration portal (issue 4 §1): the sign-up, the online form of a vendor or of a non-vendor
SPSE user, the document upload and the appointment.

Fields check what a person typed with the identifiers validators, so each mistake is told next to its field; the
services check everything again (they are also called from the desk and the API) and own every rule about the data.
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sopan.accounts import roles
from sopan.accounts.models import OrgUnit
from sopan.core.antibot import ProofOfWorkField
from sopan.core.forms import bootstrap
from sopan.vendors import identifiers
from sopan.vendors.models import NON_VENDOR_ROLES, ApplicantKind, BusinessScale, LegalForm
from sopan.vendors.regions import PROVINCE_CHOICES

# The units a non-vendor SPSE user works in: their agency (PPK, Pejabat Pengadaan), the UKPBJ or procurement office
# (Pokja), the LPSE, or the oversight body (auditors).
APPLICANT_UNIT_KINDS = (
    OrgUnit.Kind.AGENCY,
    OrgUnit.Kind.UKPBJ,
    OrgUnit.Kind.PROCUREMENT_OFFICE,
    OrgUnit.Kind.LPSE,
    OrgUnit.Kind.OVERSIGHT,
)
ACCEPTED_FILES = ".pdf,.jpg,.jpeg,.png"


def _validated(check, value):
    """Run an identifiers validator and keep only its message (the code is for the services' callers)."""
    try:
        return check(value)
    except ValidationError as error:
        raise forms.ValidationError(error.messages) from error


class SignupForm(forms.Form):
    """Step one: the address that receives the confirmation link, the kind of applicant and the anti-bot check."""

    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("The confirmation link is sent here; it becomes the e-mail of your account."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    applicant_kind = forms.ChoiceField(
        label=_("I am registering as"),
        choices=ApplicantKind.choices,
        initial=ApplicantKind.VENDOR,
        widget=forms.RadioSelect,
    )
    altcha = ProofOfWorkField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)


class _LoginFields(forms.Form):
    """The user ID and password the applicant chooses, shared by both kinds of applicant."""

    username = forms.CharField(
        label=_("User ID"),
        max_length=150,
        help_text=_("Letters, digits and . @ + - _ only; you log in with it. We also send it to you by mail."),
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        help_text=_("At least 12 characters; a phrase of several words is easy to remember and hard to guess."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_again = forms.CharField(
        label=_("Password again"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean_username(self):
        return self.cleaned_data["username"].strip()

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password_again") and data["password"] != data["password_again"]:
            self.add_error("password_again", _("The two passwords are not the same."))
        return data


def _nik_field(label):
    return forms.CharField(
        label=label,
        max_length=30,
        help_text=_("16 digits, as on the KTP."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


def _phone_field(label, required=True):
    return forms.CharField(
        label=label,
        max_length=30,
        required=required,
        help_text=_("For example 0298 321000 or +62 812 3456 7890."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )


class VendorRegistrationForm(_LoginFields):
    """The online form of a vendor: the company, the person who will be its admin, and the login details. Field names
    are the company's, so the services' errors land on the right field."""

    field_order = (
        "name",
        "legal_form",
        "npwp",
        "nib",
        "kbli",
        "business_scale",
        "address",
        "province",
        "regency",
        "postal_code",
        "phone",
        "email",
        "admin_name",
        "admin_nik",
        "admin_position",
        "admin_phone",
        "username",
        "password",
        "password_again",
    )
    COMPANY_FIELDS = field_order[:12]
    ADMIN_FIELDS = field_order[12:16]
    LOGIN_FIELDS = field_order[16:]

    name = forms.CharField(
        label=_("Company name"), max_length=200, help_text=_("As written in the deed or on the NIB.")
    )
    legal_form = forms.ChoiceField(label=_("Legal form"), choices=[("", "—"), *LegalForm.choices])
    npwp = forms.CharField(
        label=_("NPWP"),
        max_length=30,
        help_text=_("The company's tax number: 15 digits (old format) or 16 digits."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    nib = forms.CharField(
        label=_("NIB"),
        max_length=30,
        required=False,
        help_text=_("Nomor Induk Berusaha from OSS: 13 digits."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    kbli = forms.CharField(
        label=_("KBLI codes"),
        max_length=500,
        help_text=_("The 5-digit KBLI 2020 codes of the business, separated by commas, e.g. 41011, 43211."),
    )
    business_scale = forms.ChoiceField(
        label=_("Business scale"),
        choices=[("", "—"), *BusinessScale.choices],
        required=False,
        help_text=_("As stated on the NIB (PP 7/2021): micro, small, medium or large. Leave empty if not known."),
    )
    address = forms.CharField(label=_("Address"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    province = forms.ChoiceField(label=_("Province"), choices=[("", "—"), *PROVINCE_CHOICES])
    regency = forms.CharField(label=_("Regency / city"), max_length=100)
    postal_code = forms.CharField(
        label=_("Postal code"), max_length=5, required=False, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    phone = _phone_field(_("Company phone"))
    email = forms.EmailField(
        label=_("Company e-mail"),
        max_length=254,
        required=False,
        help_text=_("Leave it empty if it is the address you confirmed."),
    )
    admin_name = forms.CharField(
        label=_("Administrator's name"),
        max_length=200,
        help_text=_("The person who will manage the company's SPSE account."),
    )
    admin_nik = _nik_field(_("Administrator's NIK"))
    admin_position = forms.CharField(
        label=_("Administrator's position"), max_length=100, help_text=_("For example Direktur or Staf Administrasi.")
    )
    admin_phone = _phone_field(_("Administrator's mobile phone"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)

    def clean_npwp(self):
        return _validated(identifiers.validate_npwp, self.cleaned_data["npwp"])

    def clean_nib(self):
        value = self.cleaned_data["nib"]
        return _validated(identifiers.validate_nib, value) if value else ""

    def clean_kbli(self):
        codes = _validated(identifiers.parse_kbli_list, self.cleaned_data["kbli"])
        if not codes:
            raise forms.ValidationError(_("Enter at least one KBLI code (5 digits)."))
        return codes

    def clean_postal_code(self):
        value = self.cleaned_data["postal_code"].strip()
        if value and not re.fullmatch(r"[0-9]{5}", value):
            raise forms.ValidationError(_("The postal code has 5 digits."))
        return value

    def clean_phone(self):
        return _validated(identifiers.validate_phone, self.cleaned_data["phone"])

    def clean_admin_nik(self):
        return _validated(identifiers.validate_nik, self.cleaned_data["admin_nik"])

    def clean_admin_phone(self):
        return _validated(identifiers.validate_phone, self.cleaned_data["admin_phone"])

    def fieldsets(self) -> list[tuple]:
        return [
            (_("The company"), [self[name] for name in self.COMPANY_FIELDS]),
            (_("The company's administrator"), [self[name] for name in self.ADMIN_FIELDS]),
            (_("Login details"), [self[name] for name in self.LOGIN_FIELDS]),
        ]

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "company": {name: data[name] for name in self.COMPANY_FIELDS},
            "person": {
                "name": data["admin_name"],
                "nik": data["admin_nik"],
                "position": data["admin_position"],
                "phone": data["admin_phone"],
            },
            "username": data["username"],
            "password": data["password"],
        }


class NonVendorRegistrationForm(_LoginFields):
    """The online form of a non-vendor SPSE user (annex 2.6.1 a): the person, the unit, the role asked for and the
    Surat Tugas / SK that proves it. Field names are the registration's, as the services name them."""

    field_order = (
        "person_name",
        "person_nik",
        "person_position",
        "person_phone",
        "unit",
        "requested_role",
        "letter_number",
        "username",
        "password",
        "password_again",
    )
    PERSON_FIELDS = field_order[:4]
    ROLE_FIELDS = field_order[4:7]
    LOGIN_FIELDS = field_order[7:]

    person_name = forms.CharField(label=_("Full name"), max_length=200, help_text=_("With titles, as on the SK."))
    person_nik = _nik_field(_("NIK"))
    person_position = forms.CharField(label=_("Position"), max_length=100)
    person_phone = _phone_field(_("Mobile phone"))
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none(), empty_label="—")
    requested_role = forms.ChoiceField(label=_("Role asked for in SPSE"))
    letter_number = forms.CharField(
        label=_("Number of the Surat Tugas / SK"),
        max_length=100,
        help_text=_("The letter that appoints you to this role; you upload it with the documents."),
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.filter(
            organization=organization, is_active=True, kind__in=APPLICANT_UNIT_KINDS
        ).order_by("name")
        self.fields["requested_role"].choices = [("", "—")] + [
            (code, roles.get(code).label) for code in NON_VENDOR_ROLES
        ]
        bootstrap(self)

    def clean_person_nik(self):
        return _validated(identifiers.validate_nik, self.cleaned_data["person_nik"])

    def clean_person_phone(self):
        return _validated(identifiers.validate_phone, self.cleaned_data["person_phone"])

    def fieldsets(self) -> list[tuple]:
        return [
            (_("You"), [self[name] for name in self.PERSON_FIELDS]),
            (_("Your unit and role"), [self[name] for name in self.ROLE_FIELDS]),
            (_("Login details"), [self[name] for name in self.LOGIN_FIELDS]),
        ]

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "company": None,
            "person": {
                "name": data["person_name"],
                "nik": data["person_nik"],
                "position": data["person_position"],
                "phone": data["person_phone"],
                "unit": data["unit"],
                "role": data["requested_role"],
                "letter_number": data["letter_number"],
            },
            "username": data["username"],
            "password": data["password"],
        }


class DocumentUploadForm(forms.Form):
    """One document of the checklist; its content is checked by the service (type, size, sanity)."""

    requirement = forms.IntegerField(widget=forms.HiddenInput)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, JPG or PNG."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED_FILES}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)


class SlotForm(forms.Form):
    slot = forms.IntegerField(widget=forms.HiddenInput)
