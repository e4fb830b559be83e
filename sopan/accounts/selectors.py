"""Reads of the accounts context, already scoped to the asking user: another organisation's rows do not exist here."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from sopan.accounts.models import OrganizationRole, OrgUnit, RoleAssignment, User
from sopan.core.pagination import Page, keyset_page


def unit_list_for(user: User) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(organization_id=user.organization_id).select_related("parent").order_by("name")


def unit_get_for(user: User, pk: int) -> OrgUnit:
    return get_object_or_404(unit_list_for(user), pk=pk)


def unit_tree_for(user: User) -> list[tuple[OrgUnit, int]]:
    """The organisation's units as (unit, depth), parents before their children, for an indented list."""
    units = list(unit_list_for(user))
    children: dict[int | None, list[OrgUnit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    ordered: list[tuple[OrgUnit, int]] = []

    def walk(parent_id, depth):
        for unit in children.get(parent_id, []):
            ordered.append((unit, depth))
            walk(unit.pk, depth + 1)

    walk(None, 0)
    return ordered


def user_list_for(user: User, *, query: str = "", cursor: str | None = None, size: int = 50) -> Page:
    """One page of the organisation's users; each carries `current_assignments` (active today, with their unit),
    fetched in one query for the whole page rather than one per row."""
    current = RoleAssignment.objects.active().select_related("unit").order_by("role", "id")
    users = User.objects.filter(organization_id=user.organization_id).prefetch_related(
        Prefetch("role_assignments", queryset=current, to_attr="current_assignments")
    )
    if query:
        users = users.filter(Q(username__icontains=query) | Q(full_name__icontains=query) | Q(email__icontains=query))
    return keyset_page(users, order=("username",), cursor=cursor, size=size)


def user_get_for(user: User, pk: int) -> User:
    return get_object_or_404(User.objects.filter(organization_id=user.organization_id), pk=pk)


def assignments_of(person: User) -> QuerySet[RoleAssignment]:
    return person.role_assignments.select_related("unit", "created_by").order_by("-valid_from", "-id")


def assignment_get_for(user: User, pk: int) -> RoleAssignment:
    return get_object_or_404(
        RoleAssignment.objects.filter(organization_id=user.organization_id).select_related("user", "unit"), pk=pk
    )


def own_role_list_for(user: User) -> QuerySet[OrganizationRole]:
    """The organisation's own roles and teams, active ones first."""
    return OrganizationRole.objects.filter(organization_id=user.organization_id).order_by("-is_active", "name")


def own_role_get_for(user: User, pk: int) -> OrganizationRole:
    return get_object_or_404(own_role_list_for(user), pk=pk)
