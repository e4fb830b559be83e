"""Separation of duties: rules checked whenever a role is assigned, before anything is saved.

A rule looks at the proposed assignment and the person's other assignments whose validity overlaps it, and returns
the violations it finds. The rules apply to the organisation's own roles as well: a rule may name a flag of the role
(`first_flag`), so an own role marked as LPSE personnel clashes like the catalogue's. New rules join `RULES` (e.g. "a
PPK may not sit in the Pokja of the same package" once packages exist: a rule whose `scope` compares the package the
two assignments are bound to).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sopan.accounts import roles


@dataclass(frozen=True)
class ProposedAssignment:
    role: str
    unit_id: int
    valid_from: datetime.date
    valid_to: datetime.date | None


class ExistingAssignment(Protocol):
    pk: int
    role: str
    unit_id: int
    valid_from: datetime.date
    valid_to: datetime.date | None


def overlaps(a: ProposedAssignment | ExistingAssignment, b: ProposedAssignment | ExistingAssignment) -> bool:
    a_end = a.valid_to or datetime.date.max
    b_end = b.valid_to or datetime.date.max
    return a.valid_from <= b_end and b.valid_from <= a_end


# Code → role, the organisation's own roles included (models.roles_of); the catalogue alone by default.
Lookup = Callable[[str], roles.Role]


class Rule(Protocol):
    code: str

    def violations(
        self, proposed: ProposedAssignment, others: Iterable[ExistingAssignment], lookup: Lookup
    ) -> list[str]: ...


@dataclass(frozen=True)
class IncompatibleRoles:
    """No one may hold a role of `first` and a role of `second` at the same time. A role is in a group by its code,
    or by the role's flag the group names (e.g. "lpse_personnel", which an organisation's own role may carry)."""

    code: str
    first: frozenset[str]
    second: frozenset[str]
    message: Promise  # placeholders: %(role)s (proposed), %(other)s (held), %(basis)s
    basis: str
    first_flag: str = ""
    second_flag: str = ""

    def _in(self, codes: frozenset[str], flag: str, code: str, lookup: Lookup) -> bool:
        return code in codes or bool(flag and getattr(lookup(code), flag, False))

    def violations(
        self, proposed: ProposedAssignment, others: Iterable[ExistingAssignment], lookup: Lookup
    ) -> list[str]:
        found = []
        for other in others:
            clash = (
                self._in(self.first, self.first_flag, proposed.role, lookup)
                and self._in(self.second, self.second_flag, other.role, lookup)
            ) or (
                self._in(self.second, self.second_flag, proposed.role, lookup)
                and self._in(self.first, self.first_flag, other.role, lookup)
            )
            if clash and overlaps(proposed, other):
                found.append(
                    self.message
                    % {"role": lookup(proposed.role).label, "other": lookup(other.role).label, "basis": self.basis}
                )
        return found


RULES: tuple[Rule, ...] = (
    IncompatibleRoles(
        code="lpse-personnel-not-selection-group",
        first=roles.LPSE_PERSONNEL,
        second=frozenset({"selection_group_member"}),
        message=_(
            "Cannot assign %(role)s: this person already holds %(other)s in the same period. LPSE personnel may not "
            "also be assigned to the selection of vendors (%(basis)s)."
        ),
        basis="Perwali Kota Salatiga No. 41 Tahun 2024 Pasal 6",
        first_flag="lpse_personnel",
    ),
)


def violations(
    proposed: ProposedAssignment, others: Iterable[ExistingAssignment], lookup: Lookup = roles.get
) -> list[str]:
    others = list(others)
    return [message for rule in RULES for message in rule.violations(proposed, others, lookup)]
