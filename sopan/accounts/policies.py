"""Who may do what: predicate rules scoped by organisation (`rules`), and the `can_*` helpers built on them.

A role grants a capability (roles.py); a rule adds the scope: the object must belong to the user's organisation.
Services enforce these themselves; views only use them to decide what to show.
"""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied

from sopan.accounts.roles import ADMINISTRATORS, AUDITORS, Capability
from sopan.core import modules

# What the accounts context lets a role do, and the catalogue roles that hold it by default (roles.capabilities_of).
CAPABILITIES: tuple[modules.Capability, ...] = (
    modules.Capability(Capability.MANAGE_ORGANIZATION.value, Capability.MANAGE_ORGANIZATION.label, ADMINISTRATORS),
    modules.Capability(Capability.VIEW_AUDIT.value, Capability.VIEW_AUDIT.label, (*ADMINISTRATORS, *AUDITORS)),
)


def organization_id_of(obj) -> int | None:
    """The organisation an object belongs to (the organisation itself for an Organization)."""
    if obj is None:
        return None
    if obj._meta.label == "accounts.Organization":
        return obj.pk
    return getattr(obj, "organization_id", None)


@rules.predicate
def in_same_organization(user, obj=None) -> bool:
    """True for no object (a general question, e.g. whether to show a menu) or an object of the user's organisation."""
    if obj is None:
        return user.organization_id is not None
    return user.organization_id is not None and organization_id_of(obj) == user.organization_id


def has_capability(capability: str):
    """A predicate: the user's active roles (catalogue or the organisation's own) grant this capability."""

    @rules.predicate(name=f"has_capability:{capability}")
    def predicate(user) -> bool:
        return bool(user is not None and user.is_authenticated and user.is_active and capability in user.capabilities)

    return predicate


is_authenticated = rules.is_authenticated


def may(perm: str, user, obj=None) -> bool:
    """The rule itself, without Django's superuser shortcut (a superuser holds no role here); no one who is not an
    active, signed-in user (the modules' `can_*` helpers ask this)."""
    if user is None or not (user.is_authenticated and user.is_active):
        return False
    return rules.has_perm(perm, user, obj)


rules.add_perm(
    "accounts.manage_organization",
    is_authenticated & has_capability(Capability.MANAGE_ORGANIZATION) & in_same_organization,
)
rules.add_perm("core.view_audit", is_authenticated & has_capability(Capability.VIEW_AUDIT) & in_same_organization)


def can_manage_organization(user, obj=None) -> bool:
    return user.has_perm("accounts.manage_organization", obj)


def can_view_audit(user, obj=None) -> bool:
    return user.has_perm("core.view_audit", obj)


def require(allowed: bool) -> None:
    """Services call this with a `can_*` answer; views map the error to 403 (or 404 for other organisations)."""
    if not allowed:
        raise PermissionDenied
