"""Reads of procurement packages, already scoped to the user (issue 17 §6).

Who sees which packages of their organisation:
- the Kepala UKPBJ and the Jabfung PPBJ (`procurement.view_packages`): all of them;
- a PPK or a PA/KPA (`procurement.view_agency_packages`): those of the agency (OrgUnit) of the assignment that gives
  them the role;
- a Pokja member (`procurement.view_assigned_packages`): those they are assigned to select for (`_pokja_packages`);
- anyone else: none (the views answer 403). Another organisation's package is 404 for everyone.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.http import Http404

from sopan.accounts.models import OrgUnit, RoleAssignment, User
from sopan.accounts.policies import require
from sopan.core.pagination import Page, keyset_page
from sopan.procurement import policies
from sopan.procurement.models import Package, PokjaAssignmentMember, packages_of_pokja_member

PAGE_SIZE = 50
POKJA_ROLE = "selection_group_member"  # the role whose holders the Pokja filter offers


@dataclass(frozen=True)
class PackageFilters:
    agency: int | None = None
    status: str = ""
    method: str = ""
    kind: str = ""
    fiscal_year: int | None = None
    ppk: int | None = None
    query: str = ""
    pokja: int | None = None


def _pokja_packages(user) -> QuerySet[Package]:
    """The packages whose active Pokja Pemilihan (appointed by the Kepala UKPBJ's decree) has the user as a member."""
    return packages_of_pokja_member(user)


def package_scope(user) -> QuerySet[Package]:
    """Every package of the user's organisation the user may see (no query run yet)."""
    packages = Package.objects.filter(organization_id=user.organization_id)
    if policies.sees_all_packages(user):
        return packages
    condition = Q(pk__in=[])
    agencies = policies.agency_ids_of(user)
    if agencies:
        condition |= Q(agency_id__in=agencies)
    if policies.sees_assigned_packages(user):
        condition |= Q(pk__in=_pokja_packages(user).values("pk"))
    return packages.filter(condition)


def _filtered(queryset: QuerySet[Package], filters: PackageFilters) -> QuerySet[Package]:
    if filters.agency:
        queryset = queryset.filter(agency_id=filters.agency)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.method:
        queryset = queryset.filter(method=filters.method)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.fiscal_year:
        queryset = queryset.filter(fiscal_year=filters.fiscal_year)
    if filters.ppk:
        queryset = queryset.filter(commitment_officer_id=filters.ppk)
    if filters.pokja:
        queryset = queryset.filter(pk__in=packages_of_pokja_member_id(filters.pokja))
    query = " ".join(filters.query.split())
    if query:
        queryset = queryset.filter(Q(kd_rup__iexact=query) | Q(name__icontains=query))
    return queryset


# What a row of the list shows (the package's other columns stay in the database).
LIST_FIELDS = (
    "id",
    "kd_rup",
    "name",
    "kind",
    "method",
    "pagu",
    "status",
    "fiscal_year",
    "planned_selection_on",
    "agency__id",
    "agency__name",
    "agency__code",
)


def package_list_for(user, filters: PackageFilters | None = None, *, cursor: str | None = None, size: int = PAGE_SIZE):
    """One page of the packages the user may see, newest first (keyset over the organisation's -id index): a fixed
    number of queries and no COUNT(*) whatever the page."""
    if not policies.can_view_packages(user):
        return Page(items=[], next_cursor=None)
    queryset = _filtered(package_scope(user), filters or PackageFilters())
    queryset = queryset.select_related("agency").only(*LIST_FIELDS)
    return keyset_page(queryset, order=("-id",), cursor=cursor, size=size)


def _presence():
    """What the package's page asks in the package's own query (RawSQL: an EXISTS Django would plan in 0.3 ms each)
    so that it reads nothing of what is not there: `has_assistances`, `has_analyses` and `has_cases` (SOP cases of
    the package itself; the index `case_one_per_subject_procedure` answers it)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import BooleanField
    from django.db.models.expressions import RawSQL

    from sopan.procurement.models import Assistance, AvailabilityAnalysis
    from sopan.sop.models import Case

    # Only the models' table names go into the text (no input); the content type is a parameter.
    package = Package._meta.db_table

    def exists(table: str) -> str:
        return f"EXISTS (SELECT 1 FROM {table} WHERE {table}.package_id = {package}.id)"  # noqa: S608

    case = (
        f"EXISTS (SELECT 1 FROM {Case._meta.db_table} c WHERE c.subject_type_id = %s"  # noqa: S608
        f" AND c.subject_id = CAST({package}.id AS VARCHAR(64)) AND c.procedure <> '')"
    )
    return {
        "has_assistances": RawSQL(exists(Assistance._meta.db_table), (), BooleanField()),  # noqa: S611
        "has_analyses": RawSQL(exists(AvailabilityAnalysis._meta.db_table), (), BooleanField()),  # noqa: S611
        "has_cases": RawSQL(case, (ContentType.objects.get_for_model(Package).pk,), BooleanField()),  # noqa: S611
    }


def package_page_for(user, pk: int, *, presence: bool = False) -> Package:
    """The package behind one of its pages (the package's page, its actions, letters, assistance and analysis): 404 for
    a package of another organisation or none, 403 for whom the procurement pages are closed (a vendor, the LPSE's
    own staff), 404 for a package outside the user's scope, else the package. One query for who sees every package,
    two for the others. (A join more costs more to plan than a query of its own: 3 ms with the stage records.)

    The organisation is the person's own, already read with them (accounts.identity), not joined again; and the
    query has no ORDER BY (one row by its key: the model's ordering would sort by the organisation's name).
    `presence`: for the package's page, whether it has assistances, analyses and SOP cases (`_presence`)."""
    packages = Package.objects.select_related("agency", "commitment_officer", "budget_holder")
    if presence:  # the package's page (`_presence`)
        packages = packages.annotate(**_presence())
    found = list(packages.filter(pk=pk, organization_id=user.organization_id).order_by()[:1])
    if not found:
        raise Http404
    package = found[0]
    package.organization = user.organization
    require(policies.can_view_packages(user))
    if not policies.sees_all_packages(user) and not package_scope(user).filter(pk=pk).exists():
        raise Http404
    return package


def package_get_for(user, pk: int) -> Package:
    """The package if the user may see it; 404 for another organisation's package or one outside the user's scope.
    The caller has checked `can_view_packages` (403) first."""
    package = (
        package_scope(user)
        .select_related("agency", "organization", "commitment_officer", "budget_holder")
        .filter(pk=pk)
        .first()
    )
    if package is None:
        raise Http404
    return package


def agency_choices_for(user) -> list[tuple[int, str]]:
    """The agencies the user's filter offers: all of the organisation's for who sees all, else those in scope."""
    units = OrgUnit.objects.filter(organization_id=user.organization_id, kind=OrgUnit.Kind.AGENCY)
    if not policies.sees_all_packages(user):
        units = units.filter(pk__in=package_scope(user).values("agency_id"))
    return list(units.order_by("name").values_list("id", "name"))


def packages_of_pokja_member_id(user_id: int):
    """The ids of the packages whose active Pokja Pemilihan has the person `user_id` as a member (the list's Pokja
    filter, issue 17 §6)."""
    return PokjaAssignmentMember.objects.filter(user_id=user_id, assignment__is_active=True).values(
        "assignment__package_id"
    )


def pokja_choices_for(user) -> list[tuple[int, str]]:
    """The Pokja filter's choices: the people holding the Pokja role (selection_group_member) in the user's
    organisation today."""
    held = RoleAssignment.objects.active().filter(organization_id=user.organization_id, role=POKJA_ROLE)
    users = User.objects.filter(pk__in=held.values("user_id"), is_active=True).order_by("full_name", "id")
    return [(u.pk, u.get_full_name() or u.username) for u in users.only("id", "full_name", "username")]


CHOICES_SECONDS = 120  # how long the list's filter choices are kept (a new PPK or Pokja member shows within this)


def filter_choices_for(user) -> dict[str, list[tuple[int, str]]]:
    """The package list's three filter choices (agencies, PPK, Pokja members), read once and kept for
    CHOICES_SECONDS: per organisation for who sees all of its packages, else per person (their scope). Three queries
    and their rows on every page of the list otherwise, for choices that change a few times a year."""
    scope = "all" if policies.sees_all_packages(user) else f"user-{user.pk}"
    key = f"procurement:filter-choices:{user.organization_id}:{scope}"
    choices = cache.get(key)
    if choices is None:
        choices = {
            "agencies": agency_choices_for(user),
            "officers": ppk_choices_for(user),
            "pokja_members": pokja_choices_for(user),
        }
        cache.set(key, choices, CHOICES_SECONDS)
    return choices


def ppk_choices_for(user) -> list[tuple[int, str]]:
    """The PPK accounts named on the packages the user may see."""
    officers = package_scope(user).filter(commitment_officer__isnull=False).values("commitment_officer_id")
    users = User.objects.filter(pk__in=officers).order_by("full_name", "id")
    return [(u.pk, u.get_full_name() or u.username) for u in users.only("id", "full_name", "username")]
