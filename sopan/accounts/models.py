"""Organisations (tenants), their unit tree, users and role assignments."""

from __future__ import annotations

import datetime
import re

import phonenumbers
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator, URLValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from sopan.accounts import roles
from sopan.accounts.identity import IdentityQuerySet
from sopan.core.calendar import ZONE_ABBREVIATIONS


class TimeZoneChoice(models.TextChoices):
    WIB = "Asia/Jakarta", _("WIB (Asia/Jakarta)")
    WITA = "Asia/Makassar", _("WITA (Asia/Makassar)")
    WIT = "Asia/Jayapura", _("WIT (Asia/Jayapura)")


# What a telephone number may contain besides digits: "(0298) 326767", "0812-2600-1234", "+62 298 326 767".
_PHONE_PUNCTUATION = re.compile(r"[\s().\-]")
# Indonesian numbers: the trunk prefix 0 or the country code +62/62, then an area code or a mobile prefix and the
# subscriber number: 9 to 13 digits in the national form (ITU E.164 allows 12 after the 62).
_PHONE = re.compile(r"^(?:\+62|62|0)([1-9]\d{7,11})$")
# Mobile ranges (0811…, 0821…, 0899…) as phonenumbers' metadata knows them, kept up to date by that library.
_MOBILE_TYPES = frozenset({phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE})


def phone_digits_international(value: str, *, mobile: bool = False) -> str | None:
    """ "0812-2600-1234" -> "6281226001234" (for wa.me and tel: links); None when it is not an Indonesian number
    (or, with mobile, not a mobile one)."""
    match = _PHONE.match(_PHONE_PUNCTUATION.sub("", value or ""))
    if not match:
        return None
    number = phonenumbers.parse(f"+62{match.group(1)}", "ID")
    if mobile and phonenumbers.number_type(number) not in _MOBILE_TYPES:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164).removeprefix("+")


WEBSITE_MESSAGE = _("Write a web address such as https://lpse.salatiga.go.id.")


def validate_phone(value: str) -> None:
    if not re.fullmatch(r"[\d\s().+\-]+", value) or phone_digits_international(value) is None:
        raise ValidationError(
            _(
                "Write an Indonesian telephone number with its area code, e.g. (0298) 326767, 0812-2600-1234 or "
                "+62 298 326767."
            ),
            code="invalid_phone",
        )


def validate_mobile(value: str) -> None:
    if not re.fullmatch(r"[\d\s().+\-]+", value) or phone_digits_international(value, mobile=True) is None:
        raise ValidationError(
            _("WhatsApp needs an Indonesian mobile number starting with 08 or +62 8, e.g. 0812-2600-1234."),
            code="invalid_mobile",
        )


class OrganizationQuerySet(IdentityQuerySet):
    people = "users__pk"  # its people's cached identities hold the organisation (identity.py)


class Organization(models.Model):
    """An instansi (e.g. Pemerintah Kota Salatiga): the tenant every domain row belongs to."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    timezone = models.CharField(
        _("time zone"), max_length=32, choices=TimeZoneChoice.choices, default=TimeZoneChoice.WIB
    )
    address = models.TextField(_("address"), blank=True)
    letterhead = models.TextField(
        _("letterhead"),
        blank=True,
        help_text=_("The official header printed on documents, one line per row (e.g. PEMERINTAH KOTA SALATIGA)."),
    )
    logo = models.ImageField(_("logo"), upload_to="organizations/logos/", blank=True)
    # The office's identity, printed in the kop surat and signature blocks and shown on the public pages.
    place = models.CharField(
        _("place for dated letters"),
        max_length=60,
        blank=True,
        help_text=_(
            "The town written before the date above a signature, e.g. Salatiga for “Salatiga, 6 Desember 2026”."
        ),
    )
    postal_code = models.CharField(
        _("postal code"),
        max_length=5,
        blank=True,
        validators=[RegexValidator(r"^\d{5}$", _("An Indonesian postal code has exactly 5 digits."))],
    )
    phone = models.CharField(
        _("telephone"), max_length=30, blank=True, validators=[validate_phone], help_text=_("The office's number.")
    )
    helpdesk_phone = models.CharField(
        _("helpdesk telephone"),
        max_length=30,
        blank=True,
        validators=[validate_phone],
        help_text=_("Shown on the public pages; when empty, the office's number is shown."),
    )
    whatsapp = models.CharField(
        _("helpdesk WhatsApp"),
        max_length=30,
        blank=True,
        validators=[validate_mobile],
        help_text=_("A mobile number; the public pages link to it through wa.me."),
    )
    email = models.EmailField(_("e-mail"), max_length=120, blank=True)
    website = models.URLField(
        _("website"),
        max_length=200,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"], message=WEBSITE_MESSAGE, code="invalid_website")],
        error_messages={"invalid": WEBSITE_MESSAGE},
    )
    helpdesk_hours = models.CharField(
        _("helpdesk opening hours"),
        max_length=200,
        blank=True,
        help_text=_("As the public should read it, e.g. Senin–Jumat 08.00–16.00 WIB."),
    )
    password_min_length = models.PositiveSmallIntegerField(
        _("minimum password length"),
        default=12,
        validators=[MinValueValidator(12)],
        help_text=_("At least 12; the organisation may require longer passwords."),
    )
    is_demo = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [models.CheckConstraint(condition=Q(password_min_length__gte=12), name="org_password_min_12")]

    def __str__(self) -> str:
        return self.name

    @property
    def zone_abbreviation(self) -> str:
        return ZONE_ABBREVIATIONS.get(self.timezone, self.timezone)

    @property
    def letterhead_lines(self) -> list[str]:
        return [line.strip() for line in self.letterhead.splitlines() if line.strip()]

    @property
    def public_phone(self) -> str:
        """The number the public calls for help: the helpdesk's, else the office's."""
        return self.helpdesk_phone or self.phone

    @property
    def public_phone_link(self) -> str:
        digits = phone_digits_international(self.public_phone)
        return f"tel:+{digits}" if digits else ""

    @property
    def whatsapp_link(self) -> str:
        digits = phone_digits_international(self.whatsapp, mobile=True)
        return f"https://wa.me/{digits}" if digits else ""


class OrgUnit(models.Model):
    """A unit inside an organisation: UKPBJ, LPSE, Bagian PBJ, an OPD/satker. Forms a tree."""

    class Kind(models.TextChoices):
        UKPBJ = "ukpbj", _("UKPBJ")
        LPSE = "lpse", _("LPSE")
        PROCUREMENT_OFFICE = "procurement_office", _("Procurement office (Bagian PBJ)")
        AGENCY = "agency", _("Agency (OPD / satker)")
        OVERSIGHT = "oversight", _("Oversight")
        OTHER = "other", _("Other")

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="units")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("parent unit")
    )
    name = models.CharField(_("name"), max_length=200)
    code = models.CharField(
        _("code"),
        max_length=30,
        validators=[RegexValidator(r"^[A-Za-z0-9._-]+$", _("Use letters, digits, dot, dash or underscore only."))],
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["organization", "name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(fields=["organization", "code"], name="orgunit_unique_code"),
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="orgunit_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    def ancestors(self) -> list[OrgUnit]:
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain


class PeopleManager(UserManager.from_queryset(IdentityQuerySet)):
    """Django's user manager whose bulk updates forget the cached identities they change (identity.py)."""


class User(AbstractUser):
    """A person who logs in: staff of an organisation, or a vendor registered at it."""

    class Language(models.TextChoices):
        INDONESIAN = "id", _("Indonesian")
        ENGLISH = "en", _("English")

    organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        verbose_name=_("organisation"),
    )
    full_name = models.CharField(_("full name"), max_length=200)
    nip = models.CharField(
        _("NIP"),
        max_length=18,
        blank=True,
        validators=[RegexValidator(r"^\d{18}$", _("A NIP has exactly 18 digits."))],
        help_text=_("Employee number of civil servants (18 digits)."),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    language = models.CharField(_("language"), max_length=5, choices=Language.choices, default=Language.INDONESIAN)

    REQUIRED_FIELDS = ["email", "full_name"]

    objects = PeopleManager()

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = _("user")
        verbose_name_plural = _("users")
        indexes = [
            models.Index(fields=["organization", "username"], name="user_org_username"),
            # Case-insensitive look-ups (`__iexact` is UPPER(...) = UPPER(...)): a user ID is taken whatever its case,
            # and applications and duplicate findings match e-mail addresses so; without these, a full table scan.
            models.Index(Upper("username"), name="user_username_upper"),
            models.Index(Upper("email"), name="user_email_upper"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or self.username

    # --- roles, computed once per request (the user object lives for one request) ---------------------------------
    @cached_property
    def active_assignments(self) -> list[RoleAssignment]:
        if not self.pk or not self.is_active:
            return []
        return list(RoleAssignment.objects.active().filter(user=self).select_related("unit"))

    @cached_property
    def role_codes(self) -> frozenset[str]:
        return frozenset(a.role for a in self.active_assignments)

    @cached_property
    def roles(self) -> tuple[roles.Role, ...]:
        """The roles held now: the catalogue's and the organisation's own (one query, only when own ones are held)."""
        return tuple(roles_of(self.organization_id, self.role_codes).values())

    @cached_property
    def capabilities(self) -> frozenset[str]:
        """What the person may do: the union of the capabilities of their active roles."""
        return frozenset(cap for role in self.roles for cap in role.granted)

    def has_role(self, *codes: str) -> bool:
        return bool(self.role_codes.intersection(codes))

    @property
    def requires_two_factor(self) -> bool:
        """Staff must pass 2FA: anyone holding a staff role, and every Django staff/superuser account."""
        return self.is_staff or self.is_superuser or any(role.staff for role in self.roles)


class RoleAssignmentQuerySet(IdentityQuerySet):
    people = "user_id"

    def active(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.filter(valid_from__lte=on).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))


class RoleAssignment(models.Model):
    """A user holds a role in a unit, by decree (SK), for a period. Ending one keeps it as history."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="role_assignments")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="role_assignments")
    # A code of the catalogue (roles.py) or one of the organisation's own roles (OrganizationRole.code).
    role = models.CharField(_("role"), max_length=40)
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="role_assignments", verbose_name=_("unit"))
    decree_number = models.CharField(_("decree (SK) number"), max_length=100, blank=True)
    decree_date = models.DateField(_("decree (SK) date"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    end_reason = models.CharField(_("reason for ending"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["-valid_from", "-id"]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="roleassignment_period_order",
            ),
            # One open-ended assignment of the same role in the same unit per person.
            models.UniqueConstraint(
                fields=["user", "role", "unit"],
                condition=Q(valid_to__isnull=True),
                name="roleassignment_one_open_per_role_unit",
            ),
        ]
        indexes = [models.Index(fields=["user", "valid_from"], name="roleassignment_user_from")]

    def __str__(self) -> str:
        return f"{self.user} — {self.role_label} ({self.unit})"

    @property
    def role_label(self):
        return role_of(self.organization_id, self.role).label

    def is_active_on(self, on: datetime.date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or self.valid_to >= on)


OWN_CODE = RegexValidator(
    r"^[a-z][a-z0-9_]*$", _("Use lowercase letters, digits and underscores, starting with a letter.")
)


class OrganizationRole(models.Model):
    """A position or team the organisation defines itself ("Tim Tanggap Darurat", "Koordinator Helpdesk", the Pokja of
    a package), assigned by SK like a catalogue role and usable as an SOP lane. Deactivated, never deleted: its
    assignments and the SOP records that name it stay readable."""

    class Kind(models.TextChoices):
        POSITION = "position", _("Position")
        TEAM = "team", _("Team")

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="own_roles")
    code = models.CharField(
        _("code"),
        max_length=40,
        validators=[OWN_CODE],
        help_text=_("Used in SOP lanes, e.g. emergency_response_team. It cannot be changed later."),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.POSITION)
    staff = models.BooleanField(
        _("staff role"), default=True, help_text=_("Holders must pass two-factor authentication at every login.")
    )
    lpse_personnel = models.BooleanField(
        _("LPSE personnel"),
        default=False,
        help_text=_("Perangkat LPSE: holders may not also serve in vendor selection (Perwali 41/2024 Pasal 6)."),
    )
    capabilities = models.JSONField(_("capabilities"), default=list, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organization", "name"]
        verbose_name = _("organisation role")
        verbose_name_plural = _("organisation roles")
        constraints = [models.UniqueConstraint(fields=["organization", "code"], name="organizationrole_unique_code")]

    def __str__(self) -> str:
        return self.name

    def as_role(self) -> roles.Role:
        return roles.Role(
            self.code,
            self.name,
            roles.Side.LPSE if self.lpse_personnel else "",
            staff=self.staff,
            lpse_personnel=self.lpse_personnel,
            # A deactivated role grants nothing more; its assignments are ended one by one (by SK) as usual.
            capabilities=frozenset(self.capabilities) if self.is_active else frozenset(),
            own=True,
        )


class RoleSupervisor(models.Model):
    """The organisation's answer to "who is above this role" (accounts.supervisors): for a catalogue role it replaces
    the default (roles.SUPERVISORS; "" for nobody), for an own role it is the only answer."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="role_supervisors")
    role = models.CharField(_("role"), max_length=40)
    supervisor = models.CharField(_("supervisor"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("role supervisor")
        verbose_name_plural = _("role supervisors")
        constraints = [models.UniqueConstraint(fields=["organization", "role"], name="rolesupervisor_unique_role")]

    def __str__(self) -> str:
        return f"{self.role} → {self.supervisor or '—'}"


def roles_of(organization_id: int | None, codes) -> dict[str, roles.Role]:
    """The roles behind these codes in an organisation: catalogue first, then the organisation's own (active or
    not: an assignment made by SK stays what it was until it is ended)."""
    found = {code: roles.ROLES[code] for code in codes if code in roles.ROLES}
    rest = set(codes) - set(found)
    if rest and organization_id is not None:
        for own in OrganizationRole.objects.filter(organization_id=organization_id, code__in=rest):
            found[own.code] = own.as_role()
    return {code: found.get(code) or roles.get(code) for code in codes}  # unknown codes read as themselves


def role_of(organization_id: int | None, code: str) -> roles.Role:
    return roles_of(organization_id, [code])[code]


def roles_in(organization_id: int | None) -> list[roles.Role]:
    """Every role the organisation offers now, used like any role (issue 15 §5): the catalogue's, then its own active
    roles and teams by name (one query). Where a list of roles is offered or counted, take it from here."""
    if organization_id is None:
        return list(roles.CATALOGUE)
    own = OrganizationRole.objects.filter(organization_id=organization_id, is_active=True).order_by("name", "code")
    return [*roles.CATALOGUE, *(role.as_role() for role in own)]
