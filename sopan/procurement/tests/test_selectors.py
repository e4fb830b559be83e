"""Who sees which packages (issue 17 §6), the list's filters and its keyset pagination."""

import datetime
from decimal import Decimal

import pytest
from django.http import Http404

from sopan.accounts.models import OrgUnit
from sopan.procurement import policies, selectors
from sopan.procurement.models import Kind, Method, Package, PokjaAssignment, PokjaAssignmentMember
from sopan.procurement.selectors import PackageFilters, package_get_for, package_list_for
from sopan.procurement.tests.factories import make_package, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def packages(organization, other_organization):
    """Two DPUPR packages (one with the demo PPK's account), one DINKES package, and one of another organisation."""
    ppk = person(organization, "ppk")
    road = make_package(
        organization, kd_rup="5100001", name="Jalan Lingkar", commitment_officer=ppk, status=Package.Status.SELECTION
    )
    bridge = make_package(organization, kd_rup="5100002", name="Jembatan Kali", fiscal_year=2025)
    clinic = make_package(
        organization, kd_rup="5100003", name="Alat Kesehatan", agency_code="DINKES", kind=Kind.GOODS,
        method=Method.E_PURCHASING, pagu=Decimal("90000000"),
    )  # fmt: skip
    # the other organisation has no agency of its own: give it one
    OrgUnit.objects.create(organization=other_organization, code="DPUPR", name="DPUPR Batang", kind="agency")
    foreign = make_package(other_organization, kd_rup="5100001", name="Jalan Batang")
    return {"road": road, "bridge": bridge, "clinic": clinic, "foreign": foreign}


def _codes(user, **filters) -> list[str]:
    return [p.kd_rup for p in package_list_for(user, PackageFilters(**filters)).items]


@pytest.mark.parametrize("username", ["kepala.ukpbj", "jabfung.ppbj"])
def test_ukpbj_head_and_jabfung_see_every_package_of_their_organisation(organization, packages, username):
    user = person(organization, username)
    assert _codes(user) == ["5100003", "5100002", "5100001"]  # newest first, never the other organisation's


@pytest.mark.parametrize("username", ["ppk", "pa.kpa"])
def test_ppk_and_pa_kpa_see_only_their_agencys_packages(organization, packages, username):
    user = person(organization, username)  # both hold their role in DPUPR
    assert _codes(user) == ["5100002", "5100001"]
    assert package_get_for(user, packages["road"].pk) == packages["road"]
    with pytest.raises(Http404):
        package_get_for(user, packages["clinic"].pk)  # DINKES


def test_ppk_agency_follows_the_unit_of_the_role_assignment(organization, packages):
    user = person(organization, "ppk")
    assignment = user.role_assignments.get(role="commitment_officer")
    assignment.unit = organization.units.get(code="DINKES")
    assignment.save()
    user = type(user).objects.get(pk=user.pk)  # the assignments are cached on the user
    assert _codes(user) == ["5100003"]


def test_pokja_member_sees_only_the_packages_of_their_active_pokja(organization, packages):
    user = person(organization, "pokja")
    assert policies.can_view_packages(user)
    assert _codes(user) == []
    with pytest.raises(Http404):
        package_get_for(user, packages["road"].pk)

    # appointed by the Kepala UKPBJ's decree to the road package's Pokja: that package, and only that one
    head = person(organization, "kepala.ukpbj")
    assignment = PokjaAssignment.objects.create(
        package=packages["road"],
        decree_number="027/SK/UKPBJ/2026",
        decree_date=datetime.date(2026, 3, 2),
        assigned_by=head,
    )
    PokjaAssignmentMember.objects.create(assignment=assignment, user=user, declared_competence=True)
    assert _codes(user) == [packages["road"].kd_rup]
    assert package_get_for(user, packages["road"].pk) == packages["road"]

    assignment.is_active = False  # a decree withdrawn: the package leaves the list
    assignment.save()
    assert _codes(user) == []


@pytest.mark.parametrize("username", ["penyedia.admin", "verifikator", "kepala.lpse", "auditor"])
def test_people_without_a_package_role_see_nothing(organization, packages, username):
    user = person(organization, username)
    assert not policies.can_view_packages(user)
    assert _codes(user) == []


def test_a_package_of_another_organisation_is_404(organization, packages):
    with pytest.raises(Http404):
        package_get_for(person(organization, "kepala.ukpbj"), packages["foreign"].pk)


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"status": Package.Status.SELECTION}, ["5100001"]),
        ({"method": Method.E_PURCHASING}, ["5100003"]),
        ({"kind": Kind.GOODS}, ["5100003"]),
        ({"fiscal_year": 2025}, ["5100002"]),
        ({"query": "jembatan"}, ["5100002"]),
        ({"query": " 5100003 "}, ["5100003"]),
        ({"query": "5100"}, []),  # a RUP code is matched whole, a name in part
        ({"status": Package.Status.PLANNING, "fiscal_year": 2026}, ["5100003"]),
    ],
)
def test_filters(organization, packages, filters, expected):
    assert _codes(person(organization, "kepala.ukpbj"), **filters) == expected


def test_agency_and_ppk_filters(organization, packages):
    head = person(organization, "kepala.ukpbj")
    dinkes = organization.units.get(code="DINKES")
    assert _codes(head, agency=dinkes.pk) == ["5100003"]
    ppk = packages["road"].commitment_officer
    assert _codes(head, ppk=ppk.pk) == ["5100001"]
    assert selectors.ppk_choices_for(head) == [(ppk.pk, ppk.get_full_name())]
    names = [name for _pk, name in selectors.agency_choices_for(head)]
    assert names == ["Dinas Kesehatan", "Dinas Pekerjaan Umum dan Penataan Ruang"]
    # a PPK is offered only the agencies they see, and cannot widen their scope with another agency's id
    own = person(organization, "ppk")
    assert [name for _pk, name in selectors.agency_choices_for(own)] == ["Dinas Pekerjaan Umum dan Penataan Ruang"]
    assert _codes(own, agency=dinkes.pk) == []


def test_pagination_gives_every_package_once(organization):
    head = person(organization, "kepala.ukpbj")
    for number in range(7):
        make_package(organization, kd_rup=f"61000{number:02d}")
    first = package_list_for(head, cursor=None, size=4)
    second = package_list_for(head, cursor=first.next_cursor, size=4)
    seen = [p.kd_rup for p in first.items + second.items]
    assert first.has_next and not second.has_next
    assert len(seen) == 7 and len(set(seen)) == 7
