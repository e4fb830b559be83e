"""The procurement rules as dated data, each with its legal source (issue 17 §3).

A rule is in force on a day (`effective_from` ≤ day ≤ `effective_to`); a check is asked for a day (the package's date:
its planned selection start, else today) and applies the rule in force then, so a package dated before Perpres 46/2025
keeps the old construction limit. The figures and dates are listed in the module's report with what could and could not
be verified in the regulation itself; a new regulation is a new row here, never an edit of an old one.

Checks return refusals (`Problem`: the rule, its text and source) and never raise: the caller decides whether a refusal
blocks (the Pokja) or warns (the RUP import, see services.py).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sopan.core.templatetags.sopan import rupiah
from sopan.procurement.models import Kind, Method

PERPRES_16_2018 = "Perpres 16/2018 sebagaimana diubah Perpres 12/2021"
PERPRES_46_2025 = "Perpres 46/2025 (perubahan kedua Perpres 16/2018)"
# Perpres 16/2018 applies from 1 July 2018 (its Pasal 94); its PL limits were kept by Perpres 12/2021.
PERPRES_16_2018_FROM = datetime.date(2018, 7, 1)
# Perpres 46/2025 applies from the day it was promulgated. NOT VERIFIED in the regulation's text here: change this one
# date if the State Gazette says otherwise.
PERPRES_46_2025_FROM = datetime.date(2025, 4, 24)


@dataclass(frozen=True)
class Rule:
    key: str
    text: Promise
    source: str
    effective_from: datetime.date
    effective_to: datetime.date | None = None
    value: Decimal | int | None = None
    kinds: tuple[str, ...] = ()
    methods: tuple[str, ...] = ()

    def in_force(self, on: datetime.date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)


@dataclass(frozen=True)
class Problem:
    """A refusal: which rule, what it says (with the facts filled in) and where the rule comes from."""

    rule: str
    message: str
    source: str
    member: object = field(default=None, compare=False)

    def __str__(self) -> str:
        return f"{self.message} ({self.source})"


_DAY_BEFORE_46_2025 = PERPRES_46_2025_FROM - datetime.timedelta(days=1)

# --- the method fits the value ----------------------------------------------------------------------------------
# Pengadaan Langsung has an upper limit; tender, seleksi, tender cepat, e-purchasing, penunjukan langsung and swakelola
# have none by value in the Perpres, so none is invented here.
DIRECT_PROCUREMENT_LIMITS: tuple[Rule, ...] = (
    Rule(
        "direct_procurement_limit",
        _("Direct procurement of goods, construction works or other services is limited to %(limit)s."),
        f"{PERPRES_16_2018}, Pasal 38 ayat (3)",
        PERPRES_16_2018_FROM,
        value=Decimal("200000000"),
        kinds=(Kind.GOODS, Kind.OTHER_SERVICES),
    ),
    Rule(
        "direct_procurement_limit",
        _("Direct procurement of goods, construction works or other services is limited to %(limit)s."),
        f"{PERPRES_16_2018}, Pasal 38 ayat (3)",
        PERPRES_16_2018_FROM,
        effective_to=_DAY_BEFORE_46_2025,
        value=Decimal("200000000"),
        kinds=(Kind.CONSTRUCTION,),
    ),
    Rule(
        "direct_procurement_limit",
        _("Direct procurement of construction works is limited to %(limit)s."),
        f"{PERPRES_46_2025}, Pasal 38",
        PERPRES_46_2025_FROM,
        value=Decimal("400000000"),
        kinds=(Kind.CONSTRUCTION,),
    ),
    Rule(
        "direct_procurement_limit",
        _("Direct procurement of consultancy services is limited to %(limit)s."),
        f"{PERPRES_16_2018}, Pasal 41 ayat (3)",
        PERPRES_16_2018_FROM,
        value=Decimal("100000000"),
        kinds=(Kind.CONSULTANCY,),
    ),
)

# Seleksi is the method for consultancy services only; tender (and tender cepat) for the other three kinds.
METHOD_KINDS: tuple[Rule, ...] = (
    Rule(
        "method_kind",
        _("Selection (seleksi) is the method for consultancy services only."),
        f"{PERPRES_16_2018}, Pasal 41 ayat (1)",
        PERPRES_16_2018_FROM,
        kinds=(Kind.CONSULTANCY,),
        methods=(Method.SELECTION,),
    ),
    Rule(
        "method_kind",
        _("Tender and quick tender are not methods for consultancy services; use selection (seleksi)."),
        f"{PERPRES_16_2018}, Pasal 38 ayat (1) and Pasal 41 ayat (1)",
        PERPRES_16_2018_FROM,
        kinds=(Kind.GOODS, Kind.CONSTRUCTION, Kind.OTHER_SERVICES),
        methods=(Method.TENDER, Method.QUICK_TENDER),
    ),
)


def in_force(rules: Iterable[Rule], on: datetime.date) -> list[Rule]:
    return [rule for rule in rules if rule.in_force(on)]


def method_problems(kind: str, method: str, value, on: datetime.date) -> list[Problem]:
    """What is wrong with procuring `kind` by `method` for `value` on day `on`; empty when nothing is."""
    problems = []
    if method == Method.DIRECT_PROCUREMENT and value is not None:
        for rule in in_force(DIRECT_PROCUREMENT_LIMITS, on):
            if kind in rule.kinds and Decimal(value) > rule.value:
                message = str(rule.text) % {"limit": rupiah(rule.value, exact=True)}
                message += " " + str(_("The value is %(value)s.") % {"value": rupiah(value, exact=True)})
                problems.append(Problem(rule.key, message, rule.source))
    for rule in in_force(METHOD_KINDS, on):
        if method in rule.methods and kind not in rule.kinds:
            problems.append(Problem(rule.key, str(rule.text), rule.source))
    return problems


# --- who may sit in a Pokja Pemilihan ---------------------------------------------------------------------------
POKJA_RULES: tuple[Rule, ...] = (
    Rule(
        "pokja_size",
        _("A selection working group has at least %(minimum)s members, in an odd number; this one has %(count)s."),
        f"{PERPRES_16_2018}, Pasal 13 ayat (2) dan (3)",
        PERPRES_16_2018_FROM,
        value=3,
    ),
    Rule(
        "pokja_not_ppk",
        _("%(member)s is the commitment officer (PPK) of this package and cannot sit in its selection working group."),
        f"{PERPRES_16_2018}, Pasal 7 ayat (2) (pertentangan kepentingan)",
        PERPRES_16_2018_FROM,
    ),
    Rule(
        "pokja_not_lpse",
        _(
            "%(member)s is LPSE personnel (%(role)s) and cannot be assigned to carry out a vendor selection: "
            "“Perangkat LPSE … tidak dapat merangkap atau ditugaskan sebagai sumber daya pengelola fungsi "
            "pengadaan barang/jasa yang bertugas untuk melaksanakan pemilihan penyedia barang/jasa”."
        ),
        "Perwali Salatiga 41/2024, Pasal 6",
        datetime.date(2024, 8, 12),  # promulgated and in force 12 August 2024 (its Pasal 15)
    ),
    Rule(
        "pokja_competence",
        _("%(member)s has declared no competence for %(kind)s, which this package needs."),
        f"{PERPRES_16_2018}, Pasal 74 (sumber daya manusia pengelola fungsi pengadaan yang kompeten)",
        PERPRES_16_2018_FROM,
    ),
    Rule(
        "pokja_integrity",
        _("%(member)s has not declared the absence of any conflict of interest (Pakta Integritas) for this package."),
        f"{PERPRES_16_2018}, Pasal 7 ayat (1) (etika dan Pakta Integritas)",
        PERPRES_16_2018_FROM,
    ),
)


@dataclass(frozen=True)
class PokjaMember:
    """A proposed member: the person, the kinds of procurement they declare competence for (accounts keeps no
    certificate yet, so the competence is the member's declaration, issue 17 §3), and their Pakta Integritas."""

    user: object
    competences: frozenset[str] = frozenset()
    declared_no_conflict: bool = False
    note: str = ""  # the competence in the member's words (certificate, experience), kept with the assignment


def _rule(key: str, on: datetime.date) -> Rule | None:
    return next((rule for rule in POKJA_RULES if rule.key == key and rule.in_force(on)), None)


def _lpse_roles(package, users, on: datetime.date) -> dict[int, str]:
    """The LPSE role (Perwali Salatiga 41/2024 Pasal 5 ayat 1) each user holds on day `on`, by user id. One query
    for the assignments, one for the organisation's own roles when any is held."""
    from sopan.accounts.models import RoleAssignment, roles_of

    held: dict[int, set[str]] = {}
    assignments = RoleAssignment.objects.active(on).filter(
        organization_id=package.organization_id, user_id__in=[u.pk for u in users]
    )
    for user_id, code in assignments.values_list("user_id", "role"):
        held.setdefault(user_id, set()).add(code)
    found = roles_of(package.organization_id, set().union(*held.values()) if held else set())
    lpse = {}
    for user_id, codes in held.items():
        role = next((found[c] for c in sorted(codes) if c in found and found[c].lpse_personnel), None)
        if role is not None:
            lpse[user_id] = str(role.label)
    return lpse


def pokja_problems(package, members: Iterable[PokjaMember], on: datetime.date) -> list[Problem]:
    """Every reason the proposed Pokja Pemilihan may not select for `package` on day `on` (SOP Persiapan Pemilihan
    Penyedia: the Kepala UKPBJ assigns the Pokja by decree), each naming its rule and source; empty when none."""
    members = list(members)
    problems = []
    size = _rule("pokja_size", on)
    if size and (len(members) < size.value or len(members) % 2 == 0):
        message = str(size.text) % {"minimum": size.value, "count": len(members)}
        problems.append(Problem(size.key, message, size.source))
    lpse = _lpse_roles(package, [m.user for m in members], on)
    kind_label = str(Kind(package.kind).label)
    for member in members:
        name = member.user.get_full_name()
        checks = (
            ("pokja_not_ppk", package.commitment_officer_id == member.user.pk, {}),
            ("pokja_not_lpse", member.user.pk in lpse, {"role": lpse.get(member.user.pk, "")}),
            ("pokja_competence", package.kind not in member.competences, {"kind": kind_label}),
            ("pokja_integrity", not member.declared_no_conflict, {}),
        )
        for key, broken, facts in checks:
            rule = _rule(key, on)
            if rule and broken:
                message = str(rule.text) % {"member": name, **facts}
                problems.append(Problem(rule.key, message, rule.source, member=member.user))
    return problems


# --- the qualification the availability analysis suggests (issue 17 §4) -----------------------------------------
# Perpres 12/2021 amends Perpres 16/2018 and applies from its promulgation. NOT VERIFIED in the regulation's text here
# (nor whether Perpres 46/2025 changed Pasal 65): change this date, or add a row, if the State Gazette says otherwise.
PERPRES_12_2021_FROM = datetime.date(2021, 2, 2)
SMALL_BUSINESS_RESERVATION: tuple[Rule, ...] = (
    Rule(
        "small_business_reservation",
        _(
            "A package worth up to %(limit)s is reserved for small businesses and cooperatives, unless it needs a "
            "technical capability they cannot provide."
        ),
        f"{PERPRES_16_2018}, Pasal 65 ayat (4)",
        PERPRES_12_2021_FROM,
        value=Decimal("15000000000"),
    ),
)


def suggested_qualification(value, on: datetime.date) -> tuple[str, Problem | None]:
    """The qualification the analysis starts from for a package worth `value` on day `on`: "small" (with the rule
    that reserves it) up to the limit in force, else "non_small"; "any" when no rule is in force or the value is
    unknown. A suggestion only: the analyst decides (the reservation has its exception)."""
    for rule in in_force(SMALL_BUSINESS_RESERVATION, on):
        if value is None:
            break
        if Decimal(value) <= rule.value:
            return "small", Problem(rule.key, str(rule.text) % {"limit": rupiah(rule.value)}, rule.source)
        return "non_small", None
    return "any", None
