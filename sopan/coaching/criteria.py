"""How invitees are chosen (issue 18 §5): a small registry of criteria, each with its words, the parameters it needs
and a function giving the organisation's candidates (a queryset, nothing run yet).

Vendors (the organisation's ACTIVE companies):
- `sanctioned`: on the national blacklist today (an entry in force, matched by NPWP in either form or by NIB, as the
  availability analysis matches them): SOP step 7a;
- `low_score`: their latest performance band is Buruk or Cukup (the vendor-performance module): SOP step 7a;
- `new`: registration approved (the company active) on or after a date: SOP step 7b;
- `passive`: active before the date and no contract recorded since (the vendor-performance module): SOP step 7c.
  Sopan holds no SPSE bid data, so "no bids" is read as "no contract recorded";
- `kbli`: a KBLI code among the company's (a coaching on one line of business).

Agency users (Perwali Salatiga 41/2024 Pasal 8: the LPSE's sosialisasi and pelatihan for the SPSE users of ayat (3)):
- `role`: the organisation's active staff holding a role, optionally of one unit (agency).

The vendor-performance module (`sopan.performance.api`) is imported inside the functions that need it, so this module
loads without it.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sopan.accounts import roles
from sopan.accounts.models import RoleAssignment, User
from sopan.coaching.models import Programme
from sopan.performance.models import Band
from sopan.procurement.availability import blacklisted_in_force, kbli_condition  # one rule for both
from sopan.vendors.models import Company

A = Programme.Audience
LOW_BANDS = frozenset({Band.POOR, Band.FAIR})  # Buruk, Cukup
KBLI = re.compile(r"^\d{5}$")

# The SPSE users of Perwali Salatiga 41/2024 Pasal 8 ayat (3) who hold a role of the catalogue: the LPSE's personnel
# (a), the PA/KPA (b), the Kepala UKPBJ (c), the PPK (d), the Pokja Pemilihan (e), the Pejabat Pengadaan (f), and the
# Jabfung PPBJ who work in SPSE for the UKPBJ.
SPSE_USER_ROLES = (
    *sorted(roles.LPSE_PERSONNEL),
    "budget_holder",
    "ukpbj_head",
    "commitment_officer",
    "selection_group_member",
    "procurement_officer",
    "procurement_specialist",
)


@dataclass(frozen=True)
class Params:
    since: datetime.date | None = None
    kbli: str = ""
    role: str = ""
    unit_id: int | None = None


@dataclass(frozen=True)
class Criterion:
    key: str
    label: object
    help: object
    audience: str
    needs: tuple[str, ...]  # the Params fields that must be given
    find: Callable[[object, Params], QuerySet] = field(repr=False)
    sop_step: str = ""  # the SOP sub-step of step 7 a programme coaching these vendors completes


def _active(organization) -> QuerySet[Company]:
    return Company.objects.filter(organization=organization, status=Company.Status.ACTIVE)


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _sanctioned(organization, params: Params) -> QuerySet[Company]:
    return _active(organization).filter(blacklisted_in_force(timezone.localdate()))


def _low_score(organization, params: Params) -> QuerySet[Company]:
    from sopan.performance import api

    return _active(organization).filter(pk__in=api.companies_with_band(organization, set(LOW_BANDS)))


def _new(organization, params: Params) -> QuerySet[Company]:
    return _active(organization).filter(activated_at__gte=_start_of(params.since))


def _passive(organization, params: Params) -> QuerySet[Company]:
    from sopan.performance import api

    return (
        _active(organization)
        .filter(activated_at__lt=_start_of(params.since))
        .exclude(pk__in=api.companies_with_contract_since(organization, params.since))
    )


def _kbli(organization, params: Params) -> QuerySet[Company]:
    return _active(organization).filter(kbli_condition([params.kbli]))


def _role(organization, params: Params) -> QuerySet[User]:
    holders = RoleAssignment.objects.active().filter(organization=organization, role=params.role)
    if params.unit_id:
        holders = holders.filter(unit_id=params.unit_id)
    return User.objects.filter(organization=organization, is_active=True, pk__in=holders.values("user_id"))


REGISTRY: dict[str, Criterion] = {
    c.key: c
    for c in (
        Criterion("sanctioned", _("Sanctioned vendors (national blacklist)"),
                  _("Vendors with an entry of the blacklist in force today, matched by NPWP or NIB."),
                  A.VENDORS, (), _sanctioned, "bina-pelaku-usaha-bermasalah"),
        Criterion("low_score", _("Vendors with low performance scores"),
                  _("Vendors whose latest performance assessment is in the band \"buruk\" or \"cukup\"."),
                  A.VENDORS, (), _low_score, "bina-pelaku-usaha-bermasalah"),
        Criterion("new", _("New registrants"),
                  _("Vendors whose registration was approved on or after the date."),
                  A.VENDORS, ("since",), _new, "bina-pelaku-usaha-baru"),
        Criterion("passive", _("Passive vendors (no contract since a date)"),
                  _("Vendors active before the date with no contract recorded since. Sopan has no bid data of SPSE: "
                     "a vendor without a contract recorded in Sopan since the date counts as passive."),
                  A.VENDORS, ("since",), _passive, "bina-pelaku-usaha-pasif"),
        Criterion("kbli", _("Vendors of a KBLI code"), _("Vendors whose business lines include the KBLI code."),
                  A.VENDORS, ("kbli",), _kbli),
        Criterion("role", _("Staff holding a role"),
                  _("The agencies' SPSE users (Perwali Salatiga 41/2024 Pasal 8 ayat (3)) holding the role, "
                     "optionally of one unit."),
                  A.AGENCY_USERS, ("role",), _role),
    )
}  # fmt: skip

SOP_STEPS = {key: c.sop_step for key, c in REGISTRY.items() if c.sop_step}


def for_audience(audience: str) -> list[Criterion]:
    return [c for c in REGISTRY.values() if c.audience == audience]


def label_of(key: str) -> str:
    criterion = REGISTRY.get(key)
    return str(criterion.label) if criterion else key


def check(criterion_key: str, programme: Programme, params: Params) -> Criterion:
    """The criterion, refused (ValidationError by field) when it does not serve the programme's audience or misses a
    parameter it needs."""
    criterion = REGISTRY.get(criterion_key)
    if criterion is None or criterion.audience != programme.audience:
        raise ValidationError({"criterion": [gettext("Choose a criterion from the list.")]})
    errors = {}
    if "since" in criterion.needs and params.since is None:
        errors["since"] = [gettext("Give the date this criterion counts from.")]
    if "since" in criterion.needs and params.since and params.since > timezone.localdate():
        errors["since"] = [gettext("The date cannot be in the future.")]
    if "kbli" in criterion.needs and not KBLI.match(params.kbli or ""):
        errors["kbli"] = [gettext("A KBLI code has five digits.")]
    if "role" in criterion.needs and params.role not in SPSE_USER_ROLES:
        errors["role"] = [gettext("Choose a role from the list.")]
    if errors:
        raise ValidationError(errors)
    return criterion
