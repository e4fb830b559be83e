"""Every write of the accounts context (STYLE.md): `<noun>_<verb>(*, ..., by)`, one transaction each, audited.

Services check permission themselves (policies.py) and raise `ValidationError` with messages fit to show to the user,
so they behave the same from a view, the admin, a command or a test.
"""

from __future__ import annotations

import datetime
from typing import Any

from axes.utils import reset as axes_reset
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sopan.accounts import policies, roles, separation
from sopan.accounts.models import Organization, OrganizationRole, OrgUnit, RoleAssignment, User, role_of
from sopan.core import audit, modules
from sopan.core.files import attach_on_commit
from sopan.core.uploads import JPEG, PNG, check_upload

ORGANIZATION_FIELDS = (
    "name",
    "timezone",
    "address",
    "postal_code",
    "place",
    "letterhead",
    "logo",
    "phone",
    "helpdesk_phone",
    "whatsapp",
    "email",
    "website",
    "helpdesk_hours",
    "password_min_length",
)
LOGO_MAX_BYTES = 1024 * 1024
UNIT_FIELDS = ("name", "code", "kind", "parent", "is_active")
USER_FIELDS = ("full_name", "email", "nip", "phone", "is_active")


def _update(instance, fields: tuple[str, ...], values: dict[str, Any], *, action: str, by: User, validate=None):
    """Lock the row, set the fields, validate, save and audit — when anything changed. Returns the locked row."""
    instance = type(instance).objects.select_for_update().get(pk=instance.pk)
    changes = _apply(instance, fields, values)
    if validate is not None:
        validate(instance)
    if changes:
        instance.save()
        audit.record(action=action, by=by, target=instance, changes=changes)
    return instance


def _apply(instance, fields: tuple[str, ...], values: dict[str, Any]) -> dict[str, list[Any]]:
    """Set the given fields, validate the row, and return what changed (for the audit event)."""
    before = audit.snapshot(instance, fields)
    for name, value in values.items():
        if name not in fields:
            raise TypeError(f"{name} cannot be changed here")
        setattr(instance, name, value)
    instance.full_clean()
    return audit.changes_between(before, audit.snapshot(instance, fields))


# --- Organisation -----------------------------------------------------------------------------------------------
@transaction.atomic
def organization_update(*, organization: Organization, by: User, **values) -> Organization:
    """Change the organisation's settings: name, time zone, its identity on documents and public pages (address,
    place, letterhead, logo, telephone, WhatsApp, e-mail, website, helpdesk hours) and the password policy.

    `logo` is an uploaded PNG/JPEG (checked here by its content, and written to storage only when the transaction
    commits) or "" to remove it."""
    policies.require(policies.can_manage_organization(by, organization))
    logo = values.pop("logo", None)
    checked = None
    if logo:
        try:
            checked = check_upload(logo, allowed=(PNG, JPEG), max_bytes=LOGO_MAX_BYTES)
        except ValidationError as error:
            raise ValidationError({"logo": error.messages}) from error
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    before = audit.snapshot(organization, ORGANIZATION_FIELDS)
    for name, value in values.items():
        if name not in ORGANIZATION_FIELDS:
            raise TypeError(f"{name} cannot be changed here")
        setattr(organization, name, value)
    if checked is not None:
        # Named after the content, whatever the upload was called: a PNG named "logo.html" is never served as a page.
        extension = "png" if checked.content_type == PNG else "jpg"
        attach_on_commit(organization, "logo", f"logo.{extension}", checked.content)
    elif logo == "":
        organization.logo = ""
    organization.full_clean()
    changes = audit.changes_between(before, audit.snapshot(organization, ORGANIZATION_FIELDS))
    if changes:
        organization.save()
        audit.record(action="accounts.organization.updated", by=by, target=organization, changes=changes)
        if "timezone" in changes:  # due times and per-day figures follow the zone (e.g. the SOP engine's)
            modules.call("timezone_changed", organization=organization)
    return organization


# --- Units ------------------------------------------------------------------------------------------------------
def _check_parent(unit: OrgUnit, parent: OrgUnit | None) -> None:
    if parent is None:
        return
    if parent.organization_id != unit.organization_id:
        raise ValidationError({"parent": _("The parent unit must belong to the same organisation.")})
    if unit.pk and (parent.pk == unit.pk or unit.pk in {a.pk for a in parent.ancestors()}):
        raise ValidationError({"parent": _("A unit cannot be placed under itself or one of its own sub-units.")})


def _unique_code(unit: OrgUnit) -> None:
    clash = OrgUnit.objects.filter(organization_id=unit.organization_id, code__iexact=unit.code).exclude(pk=unit.pk)
    if clash.exists():
        raise ValidationError(
            {"code": _("Another unit of this organisation already uses the code %(code)s.") % {"code": unit.code}}
        )


@transaction.atomic
def unit_create(
    *, organization: Organization, name: str, code: str, kind: str, parent: OrgUnit | None = None, by: User
) -> OrgUnit:
    policies.require(policies.can_manage_organization(by, organization))
    unit = OrgUnit(organization=organization, name=name, code=code, kind=kind, parent=parent)
    _check_parent(unit, parent)
    unit.full_clean()
    _unique_code(unit)
    unit.save()
    audit.record(
        action="accounts.unit.created",
        by=by,
        target=unit,
        changes=audit.changes_between({}, audit.snapshot(unit, UNIT_FIELDS)),
    )
    return unit


@transaction.atomic
def unit_update(*, unit: OrgUnit, by: User, **values) -> OrgUnit:
    policies.require(policies.can_manage_organization(by, unit))
    if "parent" in values:
        _check_parent(unit, values["parent"])
    return _update(unit, UNIT_FIELDS, values, action="accounts.unit.updated", by=by, validate=_unique_code)


# --- Users ------------------------------------------------------------------------------------------------------
@transaction.atomic
def user_create(
    *,
    organization: Organization,
    username: str,
    full_name: str,
    email: str,
    nip: str = "",
    phone: str = "",
    password: str | None = None,
    by: User | None,
    send_invitation: bool = True,
) -> User:
    """Create a staff account. Without a password, the person receives a link by mail to choose one."""
    if by is not None:
        policies.require(policies.can_manage_organization(by, organization))
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("The user ID %(username)s is already taken.") % {"username": username}})
    user = User(organization=organization, username=username, full_name=full_name, email=email, nip=nip, phone=phone)
    user.full_clean(exclude=["password"])
    if password:
        validate_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    audit.record(
        action="accounts.user.created",
        by=by,
        target=user,
        changes=audit.changes_between({}, audit.snapshot(user, ("username", *USER_FIELDS))),
    )
    if send_invitation and not password:
        from sopan.accounts.tasks import send_invitation as task

        transaction.on_commit(lambda: task.enqueue(user_id=user.pk))
    return user


@transaction.atomic
def user_update(*, user: User, by: User, **values) -> User:
    policies.require(policies.can_manage_organization(by, user))
    if values.get("is_active") is False and user.pk == by.pk:
        raise ValidationError({"is_active": _("You cannot deactivate your own account.")})
    return _update(user, USER_FIELDS, values, action="accounts.user.updated", by=by)


@transaction.atomic
def user_unlock(*, user: User, by: User) -> int:
    """Lift a login lockout of this account (and of the addresses it failed from)."""
    policies.require(policies.can_manage_organization(by, user))
    removed = axes_reset(username=user.username)
    audit.record(action="accounts.user.unlocked", by=by, target=user, changes={"attempts_cleared": removed})
    return removed


@transaction.atomic
def user_set_language(*, user: User, language: str, by: User) -> User:
    if by.pk != user.pk:
        raise policies.PermissionDenied
    if language not in User.Language.values:
        raise ValidationError({"language": _("Unknown language.")})
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.language != language:
        audit.record(
            action="accounts.user.language_changed", by=by, target=user, changes={"language": [user.language, language]}
        )
        user.language = language
        user.save(update_fields=["language"])
    return user


@transaction.atomic
def user_password_changed(*, user: User, by: User, reset_by_mail: bool = False) -> None:
    """Record a password change (the form already saved it) and lift any lockout: a mailed reset is an unlock path."""
    axes_reset(username=user.username)
    audit.record(action="accounts.user.password_changed", by=by, target=user, changes={"by_mail_link": reset_by_mail})


def password_reset_request(*, email: str) -> None:
    """Queue a password-reset mail for whoever has this address (anyone may ask: the public form).

    Nothing is looked up or written here, on purpose: the task looks the person up, so that asking for a known and
    for an unknown address does the same work (issue 13 §2). The form's proof of work and the limits per address and
    per client (views.PasswordResetView) keep it from becoming a way to flood a mailbox.
    """
    from sopan.accounts.tasks import send_password_reset

    address = email.strip()
    transaction.on_commit(lambda: send_password_reset.enqueue(email=address))


@transaction.atomic
def user_logged_in(*, user: User) -> None:
    audit.record(action="accounts.user.logged_in", by=user, target=user)


# --- Roles ------------------------------------------------------------------------------------------------------
def _own_role_assignable(organization_id: int | None, code: str) -> bool:
    """An active role the person's organisation defined itself (own roles: services/own_roles.py)."""
    return OrganizationRole.objects.filter(organization_id=organization_id, code=code, is_active=True).exists()


@transaction.atomic
def role_assign(
    *,
    user: User,
    role: str,
    unit: OrgUnit,
    valid_from: datetime.date,
    valid_to: datetime.date | None = None,
    decree_number: str = "",
    decree_date: datetime.date | None = None,
    by: User | None,
) -> RoleAssignment:
    """Give a person a role in a unit by decree (SK), after the separation-of-duty rules (separation.py)."""
    if by is not None:
        policies.require(policies.can_manage_organization(by, user))
    if role not in roles.ROLES and not _own_role_assignable(user.organization_id, role):
        raise ValidationError({"role": _("Unknown role.")})
    if unit.organization_id != user.organization_id:
        raise ValidationError({"unit": _("The unit must belong to the person's organisation.")})
    # Lock the person: two administrators assigning clashing roles at once must not both succeed.
    user = User.objects.select_for_update().get(pk=user.pk)
    proposed = separation.ProposedAssignment(role=role, unit_id=unit.pk, valid_from=valid_from, valid_to=valid_to)
    if valid_to is not None and valid_to < valid_from:
        raise ValidationError({"valid_to": _("The end date cannot be before the start date.")})
    others = RoleAssignment.objects.filter(user=user).exclude(valid_to__lt=valid_from)
    organization_id = user.organization_id
    problems = separation.violations(proposed, others, lookup=lambda code: role_of(organization_id, code))
    if problems:
        raise ValidationError(problems)
    if valid_to is None and others.filter(role=role, unit=unit, valid_to__isnull=True).exists():
        raise ValidationError(_("This person already holds this role in this unit."))
    assignment = RoleAssignment(
        organization_id=user.organization_id,
        user=user,
        role=role,
        unit=unit,
        valid_from=valid_from,
        valid_to=valid_to,
        decree_number=decree_number,
        decree_date=decree_date,
        created_by=by,
    )
    # The constraints were checked above, with their own messages (the period's order, one open assignment per role
    # and unit), and the database keeps them: Django's check of them would ask the database twice more.
    assignment.full_clean(exclude=["created_by"], validate_constraints=False)
    try:
        with transaction.atomic():
            assignment.save()
    except IntegrityError as exc:  # the partial unique index, should a concurrent request slip past the lock
        raise ValidationError(_("This person already holds this role in this unit.")) from exc
    audit.record(
        action="accounts.role_assignment.created",
        by=by,
        target=assignment,
        changes={
            "user": user.username,
            "role": role,
            "unit": unit.code,
            "valid_from": valid_from,
            "valid_to": valid_to,
            "decree_number": decree_number,
            "decree_date": decree_date,
        },
    )
    return assignment


@transaction.atomic
def role_assignment_end(
    *, assignment: RoleAssignment, valid_to: datetime.date, reason: str, by: User
) -> RoleAssignment:
    """End an assignment on a date (kept as history, never deleted)."""
    policies.require(policies.can_manage_organization(by, assignment))
    assignment = RoleAssignment.objects.select_for_update().get(pk=assignment.pk)
    if not reason.strip():
        raise ValidationError({"end_reason": _("Give the reason for ending this assignment.")})
    if assignment.valid_to is not None and assignment.valid_to < timezone.localdate():
        raise ValidationError(_("This assignment has already ended."))
    if valid_to < assignment.valid_from:
        raise ValidationError({"valid_to": _("The end date cannot be before the start date.")})
    changes = {"valid_to": [assignment.valid_to, valid_to], "end_reason": [assignment.end_reason, reason]}
    assignment.valid_to, assignment.end_reason = valid_to, reason.strip()
    assignment.save(update_fields=["valid_to", "end_reason"])
    audit.record(action="accounts.role_assignment.ended", by=by, target=assignment, changes=changes)
    return assignment
