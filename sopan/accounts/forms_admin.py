"""Forms of the organisation administration screens (views_admin.py).

Forms parse and present; the rules live in the models and the services, whose `ValidationError`s the views put back
on these forms. The one check made here is the logo's content, because only the uploaded bytes can tell.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sopan.accounts import roles, selectors
from sopan.accounts.models import WEBSITE_MESSAGE, Organization, OrganizationRole, OrgUnit, RoleAssignment, User
from sopan.accounts.services import LOGO_MAX_BYTES
from sopan.core.forms import BootstrapForm, DateInput, bootstrap
from sopan.core.uploads import human_size

LOGO_MAX_PIXELS = 4000  # per side: a logo is printed a few centimetres wide; larger only costs memory when rendered
LOGO_FORMATS = {"PNG": "png", "JPEG": "jpg"}  # Pillow's format name -> the extension the stored file gets


def _model_field(model, name: str, **kwargs) -> forms.Field:
    """A form field made from the model field, so label, help text, length and choices have one source."""
    return model._meta.get_field(name).formfield(**kwargs)


def unit_choices(units: list[tuple[OrgUnit, int]]) -> list[tuple[int, str]]:
    """(pk, label) in tree order, each label indented by its depth, for a select of units."""
    return [(unit.pk, f"{'— ' * depth}{unit.name} ({unit.code})") for unit, depth in units]


# --- Organisation ------------------------------------------------------------------------------------------------
class LogoField(forms.ImageField):
    """A logo judged by what it contains, not by its name: Pillow must read it as PNG or JPEG, of at most 1 MB."""

    default_validators = []  # Django's check of the file name's extension proves nothing; the content is checked
    default_error_messages = {
        "invalid_image": _("The logo must be a PNG or JPEG image. This file is not one, or it is damaged."),
        "too_large": _("The logo may be at most %(limit)s; this file has %(size)s."),
        "too_wide": _("The logo may be at most %(limit)s pixels wide and high; this one is %(width)s × %(height)s."),
    }

    def to_python(self, data):
        if data not in self.empty_values and data.size > LOGO_MAX_BYTES:
            # Before Pillow reads anything: a large file is refused without being parsed.
            raise ValidationError(
                self.error_messages["too_large"],
                code="too_large",
                params={"limit": human_size(LOGO_MAX_BYTES), "size": human_size(data.size)},
            )
        upload = super().to_python(data)  # Pillow opens and verifies it, or this raises "invalid_image"
        if upload is None:
            return None
        extension = LOGO_FORMATS.get(upload.image.format)
        if extension is None:
            raise ValidationError(self.error_messages["invalid_image"], code="invalid_image")
        width, height = upload.image.size
        if max(width, height) > LOGO_MAX_PIXELS:
            raise ValidationError(
                self.error_messages["too_wide"],
                code="too_wide",
                params={"limit": LOGO_MAX_PIXELS, "width": width, "height": height},
            )
        # Stored under a name that says what the file is, whatever it was called: a PNG named "logo.html" must not be
        # served as a web page.
        upload.name = f"logo.{extension}"
        return upload


class OrganizationForm(BootstrapForm, forms.ModelForm):
    """The organisation's settings; the identity fields are what its kop surat, signature blocks and public pages
    print. Their rules (Indonesian numbers, e-mail, web address) are the model's validators."""

    # A web address typed without its scheme ("lpse.salatiga.go.id") is taken as https.
    website = _model_field(Organization, "website", assume_scheme="https", error_messages={"invalid": WEBSITE_MESSAGE})
    remove_logo = forms.BooleanField(label=_("Remove the current logo"), required=False)

    class Meta:
        model = Organization
        fields = [
            "name",
            "timezone",
            "letterhead",
            "address",
            "postal_code",
            "place",
            "phone",
            "email",
            "website",
            "logo",
            "helpdesk_phone",
            "whatsapp",
            "helpdesk_hours",
            "password_min_length",
        ]
        field_classes = {"logo": LogoField}
        widgets = {
            "address": forms.Textarea(attrs={"rows": 2}),
            "letterhead": forms.Textarea(attrs={"rows": 4}),
            "logo": forms.FileInput(attrs={"accept": "image/png,image/jpeg"}),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
            "helpdesk_phone": forms.TextInput(attrs={"inputmode": "tel"}),
            "whatsapp": forms.TextInput(attrs={"inputmode": "tel"}),
            "postal_code": forms.TextInput(attrs={"inputmode": "numeric"}),
        }
        help_texts = {"logo": _("A PNG or JPEG image of at most 1 MB, printed at the top of documents.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        length = self.fields["password_min_length"]
        length.widget.attrs["min"] = max(v.limit_value for v in length.validators if isinstance(v, MinValueValidator))
        if not self.instance.logo:
            del self.fields["remove_logo"]

    def changed_values(self) -> dict:
        """The keyword arguments for `services.organization_update`: the logo only when it is replaced or removed."""
        values = {name: self.cleaned_data[name] for name in self._meta.fields if name != "logo"}
        if "logo" in self.changed_data and self.cleaned_data["logo"]:
            values["logo"] = self.cleaned_data["logo"]
        elif self.cleaned_data.get("remove_logo"):
            values["logo"] = ""
        return values


# --- Units -------------------------------------------------------------------------------------------------------
class UnitForm(BootstrapForm, forms.ModelForm):
    """A unit of the acting user's organisation; the parent is one of its other units (never itself or below it)."""

    class Meta:
        model = OrgUnit
        fields = ["name", "code", "kind", "parent", "is_active"]

    def __init__(self, *args, by: User, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            del self.fields["is_active"]  # a new unit is active; it is switched off by editing it
        tree = selectors.unit_tree_for(by)
        excluded = _self_and_below(tree, self.instance.pk) if self.instance.pk else set()
        parent = self.fields["parent"]
        parent.queryset = selectors.unit_list_for(by).exclude(pk__in=excluded)
        parent.choices = [
            ("", _("(none: a top-level unit)")),
            *unit_choices([(u, d) for u, d in tree if u.pk not in excluded]),
        ]


def _self_and_below(tree: list[tuple[OrgUnit, int]], pk: int) -> set[int]:
    """The unit and its sub-units: in tree order, the rows after it that are deeper than it."""
    found: set[int] = set()
    depth_of_unit = None
    for unit, depth in tree:
        if depth_of_unit is not None:
            if depth <= depth_of_unit:
                break
            found.add(unit.pk)
        elif unit.pk == pk:
            depth_of_unit = depth
            found.add(unit.pk)
    return found or {pk}


# --- Users -------------------------------------------------------------------------------------------------------
class UserSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.SearchInput(
            attrs={"class": "form-control", "autocomplete": "off", "placeholder": _("User ID, name or e-mail")}
        ),
    )


class UserCreateForm(BootstrapForm, forms.ModelForm):
    class Meta:
        model = User
        fields = ["username", "full_name", "email", "nip", "phone"]
        labels = {"username": _("User ID"), "email": _("E-mail")}
        help_texts = {
            "username": _("Used to log in. Letters, digits and @ . + - _ only."),
            "email": _("The invitation to choose a password is sent to this address."),
        }
        widgets = {"phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True  # without an address, the invitation cannot reach the person
        self.fields["nip"].widget.attrs["inputmode"] = "numeric"


class UserEditForm(BootstrapForm, forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "email", "nip", "phone", "is_active"]
        labels = {"email": _("E-mail"), "is_active": _("Active (may log in)")}
        help_texts = {"is_active": _("Switch off instead of deleting: the account and its history are kept.")}
        widgets = {"phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nip"].widget.attrs["inputmode"] = "numeric"


# --- Role assignments --------------------------------------------------------------------------------------------
def role_choices(by: User, *, blank: bool = True) -> list:
    """The catalogue's roles, then the organisation's own active roles (as a group of their own, when there are)."""
    choices = [("", "---------")] if blank else []
    choices += roles.CHOICES
    own = [(role.code, role.name) for role in selectors.own_role_list_for(by).filter(is_active=True)]
    if own:
        choices.append((_("The organisation's own roles"), own))
    return choices


class AssignmentForm(BootstrapForm, forms.Form):
    """Give a role by decree (SK). The separation-of-duty rules are the service's (separation.py)."""

    role = forms.ChoiceField(label=_("role"))
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none())
    decree_number = _model_field(RoleAssignment, "decree_number")
    decree_date = _model_field(RoleAssignment, "decree_date", widget=DateInput)
    valid_from = _model_field(RoleAssignment, "valid_from", widget=DateInput)
    valid_to = _model_field(
        RoleAssignment, "valid_to", widget=DateInput, help_text=_("Leave empty for an assignment without an end date.")
    )

    def __init__(self, *args, by: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = role_choices(by)
        self.fields["unit"].queryset = selectors.unit_list_for(by)
        self.fields["unit"].choices = [("", "---------"), *unit_choices(selectors.unit_tree_for(by))]
        self.fields["valid_from"].initial = timezone.localdate


class AssignmentEndForm(BootstrapForm, forms.Form):
    valid_to = forms.DateField(label=_("Last day of the assignment"), widget=DateInput, initial=timezone.localdate)
    end_reason = _model_field(
        RoleAssignment,
        "end_reason",
        required=True,
        # The service's own message (one msgid): the form only asks before the round trip.
        error_messages={"required": _("Give the reason for ending this assignment.")},
        help_text=_("For example: transferred to another unit, new decree, retired."),
    )


# --- The organisation's own roles and its supervisor chain -----------------------------------------------------------
class CapabilitiesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


class OwnRoleForm(BootstrapForm, forms.ModelForm):
    """Define or change one of the organisation's own roles; the rules (codes, capabilities) are the service's."""

    capabilities = CapabilitiesField(label=_("capabilities"), required=False)
    supervisor = forms.ChoiceField(
        label=_("supervisor"),
        required=False,
        help_text=_("The role told when a step of this role is overdue, and the next desk of a ticket at risk."),
    )

    class Meta:
        model = OrganizationRole
        fields = ["code", "name", "kind", "staff", "lpse_personnel", "capabilities", "is_active"]

    def __init__(self, *args, by: User, supervisor: str = "", **kwargs):
        from sopan.core import modules

        super().__init__(*args, **kwargs)
        self.fields["capabilities"].choices = [(c.code, c.label) for c in modules.each("capabilities")]
        self.fields["supervisor"].choices = [("", _("(none)")), *role_choices(by, blank=False)]
        self.fields["supervisor"].initial = supervisor
        if self.instance.pk:
            del self.fields["code"]  # SOP lanes and assignments name it: it stays
        else:
            del self.fields["is_active"]

    def _post_clean(self):
        pass  # the service validates the row (and says which code clashes), not the ModelForm


class SupervisorChainForm(BootstrapForm, forms.Form):
    """One select per role of the organisation: the role above it."""

    def __init__(self, *args, by: User, chain: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        options = [("", _("(none)")), *role_choices(by, blank=False)]
        for code, label in role_choices(by, blank=False)[: len(roles.CHOICES)]:
            self.fields[code] = forms.ChoiceField(label=label, choices=options, required=False, initial=chain.get(code))
        for role in selectors.own_role_list_for(by).filter(is_active=True):
            self.fields[role.code] = forms.ChoiceField(
                label=role.name, choices=options, required=False, initial=chain.get(role.code)
            )
        bootstrap(self)
