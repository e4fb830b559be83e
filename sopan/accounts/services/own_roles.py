"""The organisation's own roles and teams, and its supervisor chain (issue 15 §4–5).

An own role is assigned by SK like a catalogue role (services.role_assign), grants the capabilities chosen from those
the installed apps declare, may be named as an SOP lane, and falls under the separation-of-duty rules by its flags.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sopan.accounts import policies, roles
from sopan.accounts.models import Organization, OrganizationRole, RoleSupervisor, User
from sopan.core import audit, modules

OWN_ROLE_FIELDS = ("name", "kind", "staff", "lpse_personnel", "capabilities", "is_active")


def capability_codes() -> frozenset[str]:
    """Every capability the installed apps declare: what an own role may be given."""
    return frozenset(capability.code for capability in modules.each("capabilities"))


def role_codes_of(organization: Organization | int) -> frozenset[str]:
    """The codes a supervisor or an SOP lane may name: the catalogue's and the organisation's own."""
    own = OrganizationRole.objects.filter(organization=organization).values_list("code", flat=True)
    return frozenset(roles.ROLES) | frozenset(own)


def _check(role: OrganizationRole) -> None:
    role.capabilities = sorted(set(role.capabilities))
    unknown = set(role.capabilities) - capability_codes()
    if unknown:
        raise ValidationError({"capabilities": _("Unknown capability: %(codes)s.") % {"codes": ", ".join(unknown)}})
    role.full_clean()


@transaction.atomic
def own_role_create(
    *,
    organization: Organization,
    code: str,
    name: str,
    kind: str = OrganizationRole.Kind.POSITION,
    staff: bool = True,
    lpse_personnel: bool = False,
    capabilities: list[str] | tuple[str, ...] = (),
    supervisor: str = "",
    by: User,
) -> OrganizationRole:
    """Define a position or team of the organisation. Its code is for ever: SOP lanes and assignments name it."""
    policies.require(policies.can_manage_organization(by, organization))
    code = code.strip()
    if code in roles.ROLES:
        raise ValidationError({"code": _("%(code)s is a role of the catalogue; choose another code.") % {"code": code}})
    if OrganizationRole.objects.filter(organization=organization, code=code).exists():
        raise ValidationError(
            {"code": _("Another role of this organisation already uses the code %(code)s.") % {"code": code}}
        )
    role = OrganizationRole(
        organization=organization,
        code=code,
        name=name,
        kind=kind,
        staff=staff,
        lpse_personnel=lpse_personnel,
        capabilities=list(capabilities),
    )
    _check(role)
    try:
        with transaction.atomic():
            role.save()
    except IntegrityError as exc:  # the unique constraint, should a concurrent request slip past the check
        raise ValidationError(
            {"code": _("Another role of this organisation already uses the code %(code)s.") % {"code": code}}
        ) from exc
    audit.record(
        action="accounts.role.created",
        by=by,
        target=role,
        changes=audit.changes_between({}, audit.snapshot(role, ("code", *OWN_ROLE_FIELDS))),
    )
    if supervisor:
        role_supervisor_set(organization=organization, role=role.code, supervisor=supervisor, by=by)
    return role


@transaction.atomic
def own_role_update(*, role: OrganizationRole, by: User, **values) -> OrganizationRole:
    """Change an own role (its code stays), and its supervisor when given. Switching `is_active` off is deactivating:
    see own_role_deactivate."""
    policies.require(policies.can_manage_organization(by, role))
    role = OrganizationRole.objects.select_for_update().select_related("organization").get(pk=role.pk)
    if "supervisor" in values:
        role_supervisor_set(organization=role.organization, role=role.code, supervisor=values.pop("supervisor"), by=by)
    before = audit.snapshot(role, OWN_ROLE_FIELDS)
    for name, value in values.items():
        if name not in OWN_ROLE_FIELDS:
            raise TypeError(f"{name} cannot be changed here")
        setattr(role, name, list(value) if name == "capabilities" else value)
    _check(role)
    changes = audit.changes_between(before, audit.snapshot(role, OWN_ROLE_FIELDS))
    if changes:
        role.save()
        action = "accounts.role.updated"
        if changes.get("is_active") and not role.is_active:
            action = "accounts.role.deactivated"
        audit.record(action=action, by=by, target=role, changes=changes)
    return role


def own_role_deactivate(*, role: OrganizationRole, by: User) -> OrganizationRole:
    """No new assignment, and its holders lose its capabilities; current assignments end by SK as usual."""
    return own_role_update(role=role, by=by, is_active=False)


def supervisor_of(organization: Organization, role: str) -> str:
    """The supervisor of a role in this organisation as set now ("" for none)."""
    row = RoleSupervisor.objects.filter(organization=organization, role=role).first()
    return row.supervisor if row is not None else roles.SUPERVISORS.get(role, "")


@transaction.atomic
def role_supervisor_set(*, organization: Organization, role: str, supervisor: str, by: User) -> None:
    """Set who is above a role (catalogue or own) in this organisation ("" for nobody). Without it, a catalogue role
    has the catalogue's default (roles.SUPERVISORS) and an own role none."""
    policies.require(policies.can_manage_organization(by, organization))
    if role not in role_codes_of(organization):
        raise ValidationError({"role": _("Unknown role.")})
    if supervisor and (supervisor == role or supervisor not in role_codes_of(organization)):
        raise ValidationError({"supervisor": _("Choose another role as supervisor.")})
    before = supervisor_of(organization, role)
    if before == supervisor:
        return
    RoleSupervisor.objects.update_or_create(organization=organization, role=role, defaults={"supervisor": supervisor})
    audit.record(
        action="accounts.role.supervisor_changed",
        by=by,
        target=organization,
        changes={"role": role, "supervisor": [before, supervisor]},
    )


@transaction.atomic
def role_supervisors_set(*, organization: Organization, chain: dict[str, str], by: User) -> None:
    """Set the supervisor of several roles at once (the supervisor chain page); each change is audited."""
    policies.require(policies.can_manage_organization(by, organization))
    for role, supervisor in chain.items():
        role_supervisor_set(organization=organization, role=role, supervisor=supervisor or "", by=by)
