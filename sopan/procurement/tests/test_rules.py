"""The dated rules: the method fits the value (Perpres 16/2018 jo. 12/2021 and 46/2025), and who may sit in a Pokja."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from sopan.procurement.models import Kind, Method
from sopan.procurement.rules import PERPRES_46_2025_FROM, PokjaMember, method_problems, pokja_problems
from sopan.procurement.tests.factories import make_package, person

BEFORE_46 = PERPRES_46_2025_FROM - datetime.timedelta(days=1)
AFTER_46 = PERPRES_46_2025_FROM


def test_goods_direct_procurement_up_to_200_million_is_allowed():
    assert method_problems(Kind.GOODS, Method.DIRECT_PROCUREMENT, Decimal("200000000"), AFTER_46) == []


def test_goods_direct_procurement_above_200_million_is_refused_with_its_source():
    [problem] = method_problems(Kind.GOODS, Method.DIRECT_PROCUREMENT, Decimal("200000001"), AFTER_46)
    assert problem.rule == "direct_procurement_limit"
    assert "Pasal 38 ayat (3)" in problem.source
    assert "Rp200.000.000" in problem.message


def test_construction_limit_was_200_million_before_perpres_46_2025():
    [problem] = method_problems(Kind.CONSTRUCTION, Method.DIRECT_PROCUREMENT, Decimal("350000000"), BEFORE_46)
    assert "Rp200.000.000" in problem.message
    assert "12/2021" in problem.source


def test_construction_limit_is_400_million_from_perpres_46_2025():
    assert method_problems(Kind.CONSTRUCTION, Method.DIRECT_PROCUREMENT, Decimal("400000000"), AFTER_46) == []
    [problem] = method_problems(Kind.CONSTRUCTION, Method.DIRECT_PROCUREMENT, Decimal("400000001"), AFTER_46)
    assert "46/2025" in problem.source
    assert "Rp400.000.000" in problem.message


def test_consultancy_direct_procurement_is_limited_to_100_million():
    assert method_problems(Kind.CONSULTANCY, Method.DIRECT_PROCUREMENT, Decimal("100000000"), AFTER_46) == []
    [problem] = method_problems(Kind.CONSULTANCY, Method.DIRECT_PROCUREMENT, Decimal("150000000"), AFTER_46)
    assert "Pasal 41" in problem.source


@pytest.mark.parametrize("method", [Method.TENDER, Method.QUICK_TENDER, Method.E_PURCHASING])
def test_tender_quick_tender_and_e_purchasing_have_no_upper_value_limit(method):
    assert method_problems(Kind.GOODS, method, Decimal("900000000000"), AFTER_46) == []


def test_selection_is_for_consultancy_only():
    [problem] = method_problems(Kind.GOODS, Method.SELECTION, Decimal("1"), AFTER_46)
    assert problem.rule == "method_kind"
    assert method_problems(Kind.CONSULTANCY, Method.SELECTION, Decimal("1"), AFTER_46) == []


# --- the Pokja -----------------------------------------------------------------------------------------------------
def _members(organization, *usernames, competences=(Kind.CONSTRUCTION,), declared=True):
    return [
        PokjaMember(person(organization, u), frozenset(competences), declared_no_conflict=declared) for u in usernames
    ]


# the personas hold their roles from today (the LPSE check reads the roles held on the day)
ON = timezone.localdate()
FINE = ("pokja", "jabfung.ppbj", "tim.analisis")


@pytest.mark.django_db
def test_three_competent_members_who_signed_the_integrity_pact_pass(organization):
    package = make_package(organization)
    assert pokja_problems(package, _members(organization, *FINE), ON) == []


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 2, 4])
def test_a_pokja_of_fewer_than_three_or_an_even_number_is_refused(organization, count):
    package = make_package(organization)
    members = _members(organization, *(*FINE, "tim.pembinaan")[:count])
    problems = pokja_problems(package, members, ON)
    assert [p.rule for p in problems] == ["pokja_size"]
    assert "Pasal 13" in problems[0].source


@pytest.mark.django_db
def test_the_packages_ppk_is_refused(organization):
    ppk = person(organization, "ppk")
    package = make_package(organization, commitment_officer=ppk)
    problems = pokja_problems(package, _members(organization, "pokja", "jabfung.ppbj", "ppk"), ON)
    assert [(p.rule, p.member) for p in problems] == [("pokja_not_ppk", ppk)]


@pytest.mark.django_db
def test_lpse_personnel_is_refused_quoting_perwali_salatiga_pasal_6(organization):
    package = make_package(organization)
    problems = pokja_problems(package, _members(organization, "pokja", "jabfung.ppbj", "verifikator"), ON)
    [problem] = problems
    assert problem.rule == "pokja_not_lpse"
    assert problem.source == "Perwali Salatiga 41/2024, Pasal 6"
    assert "tidak dapat merangkap atau ditugaskan" in problem.message
    assert "Verifikator" in problem.message


@pytest.mark.django_db
def test_a_member_without_the_packages_competence_is_refused(organization):
    package = make_package(organization, kind=Kind.CONSULTANCY, method=Method.SELECTION)
    problems = pokja_problems(package, _members(organization, *FINE, competences=(Kind.CONSTRUCTION,)), ON)
    assert [p.rule for p in problems] == ["pokja_competence"] * 3


@pytest.mark.django_db
def test_a_member_without_an_integrity_pact_is_refused(organization):
    package = make_package(organization)
    members = [
        *_members(organization, "pokja", "jabfung.ppbj"),
        *_members(organization, "tim.analisis", declared=False),
    ]
    [problem] = pokja_problems(package, members, ON)
    assert problem.rule == "pokja_integrity"
    assert "Pakta Integritas" in problem.message
