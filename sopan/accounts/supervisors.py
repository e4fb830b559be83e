"""One supervisor chain per organisation: who is the next role up from a role.

Used by the SOP engine (an overdue step is told to the supervisors of its roles, and they see its cases) and by the
helpdesk (a ticket at risk goes to the next desk up). The catalogue's default is `roles.SUPERVISORS`; an organisation
may change it for a catalogue role and sets it for its own roles (RoleSupervisor, one query for the whole chain).
"""

from __future__ import annotations

from collections.abc import Iterable

from sopan.accounts import roles
from sopan.accounts.models import RoleSupervisor


def chain_for(organization_id: int | None) -> dict[str, str]:
    """Role code → its supervisor's code, for one organisation (roles without a supervisor are left out)."""
    mapping = dict(roles.SUPERVISORS)
    if organization_id is not None:
        mapping.update(RoleSupervisor.objects.filter(organization_id=organization_id).values_list("role", "supervisor"))
    return {code: supervisor for code, supervisor in mapping.items() if supervisor}


def chains_for(organization_ids: Iterable[int]) -> dict[int, dict[str, str]]:
    return {pk: chain_for(pk) for pk in set(organization_ids)}


def supervisor_of(chain: dict[str, str], code: str) -> str:
    return chain.get(code, "")


def supervised(chain: dict[str, str], held: Iterable[str]) -> frozenset[str]:
    """The roles directly below any of `held`."""
    held = frozenset(held)
    return frozenset(code for code, supervisor in chain.items() if supervisor in held)


def upward(chain: dict[str, str], code: str) -> list[str]:
    """`code` and the roles above it, nearest first (a loop an organisation drew is cut where it closes)."""
    found = [code]
    while (code := chain.get(code, "")) and code not in found:
        found.append(code)
    return found
