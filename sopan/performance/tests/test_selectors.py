"""Who sees which contracts (the PPK their own, the PA/KPA their agency's, the UKPBJ all; another organisation's: 404),
the overdue list and the per-agency report with fixed query counts, and the api other modules read."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.http import Http404
from django.utils import timezone, translation

from sopan.performance import api, selectors
from sopan.performance.models import Assessment, Band, Contract
from sopan.performance.tests.factories import company, contract, person
from sopan.vendors.models import Company

pytestmark = pytest.mark.django_db


def _assessed(org, provider, band, *, on, total=None, **fields):
    given = contract(org, company=provider, status=Contract.Status.ASSESSED, **fields)
    return Assessment.objects.create(
        organization=org, contract=given, company=provider, scheme_effective=datetime.date(2021, 1, 1), band=band,
        total=total, assessed_by=person(org, "ppk"), assessed_at=timezone.now(), assessed_on=on, response_due_on=on,
    )  # fmt: skip


@pytest.fixture
def world(organization, other_organization):
    """Two DPUPR contracts of the persona PPK (one overdue), one DINKES contract of another PPK, and one of another
    organisation."""
    today = timezone.localdate()
    mine = contract(organization, name="Drainase")
    late = contract(organization, name="Jalan", assessment_due_on=today - datetime.timedelta(days=2))
    dinkes = contract(organization, name="Puskesmas", agency_code="DINKES", commitment_officer=None)
    other_ppk = other_organization.units.first()
    foreign = Contract.objects.create(
        organization=other_organization, name="Batang", agency=other_ppk, kind="goods", method="tender",
        ended_on=today, ending="handover", assessment_due_on=today,
    )  # fmt: skip
    return {"mine": mine, "late": late, "dinkes": dinkes, "foreign": foreign}


def _names(user, **kwargs):
    return {c.name for c in selectors.contract_list_for(user, **kwargs).items}


def test_ppk_sees_their_contracts_pa_their_agency_ukpbj_all(organization, world):
    assert _names(person(organization, "ppk")) == {"Drainase", "Jalan"}
    assert _names(person(organization, "pa.kpa")) == {"Drainase", "Jalan"}  # the PA/KPA of the DPUPR
    assert _names(person(organization, "kepala.ukpbj")) == {"Drainase", "Jalan", "Puskesmas"}
    assert _names(person(organization, "tim.analisis")) == {"Drainase", "Jalan", "Puskesmas"}
    assert _names(person(organization, "verifikator")) == set()
    assert _names(person(organization, "penyedia.admin")) == set()


def test_filters_and_the_overdue_list(organization, world):
    head = person(organization, "kepala.ukpbj")
    assert _names(head, show="overdue") == {"Jalan"}
    assert [c.name for c in selectors.overdue_list_for(head)] == ["Jalan"]
    assert _names(head, show="assessed") == set()


def test_another_organisations_contract_and_one_outside_the_scope_answer_404(organization, world, outsider):
    with pytest.raises(Http404):
        selectors.contract_get_for(person(organization, "kepala.ukpbj"), world["foreign"].pk)
    with pytest.raises(Http404):
        selectors.contract_get_for(outsider, world["mine"].pk)
    with pytest.raises(Http404):
        selectors.contract_get_for(person(organization, "pa.kpa"), world["dinkes"].pk)
    assert selectors.contract_get_for(person(organization, "ppk"), world["mine"].pk) == world["mine"]


def test_the_list_costs_a_fixed_number_of_queries(organization, world, django_assert_max_num_queries):
    head = person(organization, "kepala.ukpbj")
    for n in range(20):
        contract(organization, name=f"Kontrak {n}", company=company(organization))
    head = type(head).objects.get(pk=head.pk)
    selectors.contract_list_for(head)  # the user's roles are read once
    with django_assert_max_num_queries(1):
        page = selectors.contract_list_for(head)
        [(c.agency.name, c.company and c.company.name) for c in page.items]
    assert len(page.items) == 23


def test_report_per_agency_by_band_in_one_query(organization, world, django_assert_max_num_queries):
    provider = company(organization)
    _assessed(organization, provider, Band.GOOD, on=timezone.localdate(), total=Decimal("2.2"))
    _assessed(organization, provider, Band.POOR, on=timezone.localdate(), agency_code="DINKES")
    head = person(organization, "kepala.ukpbj")
    selectors.agency_report_for(head, timezone.localdate().year)
    with django_assert_max_num_queries(1):
        rows = {r["agency__name"]: r for r in selectors.agency_report_for(head, timezone.localdate().year)}
    dpupr = rows["Dinas Pekerjaan Umum dan Penataan Ruang"]
    assert (dpupr["ended"], dpupr["assessed"], dpupr["overdue"], dpupr["band_good"]) == (3, 1, 1, 1)
    assert (rows["Dinas Kesehatan"]["ended"], rows["Dinas Kesehatan"]["band_poor"]) == (2, 1)


# --- the api other modules read -----------------------------------------------------------------------------------
def test_latest_scores_in_one_query(organization, other_organization, django_assert_num_queries):
    first, second, never = company(organization), company(organization), company(organization)
    day = datetime.date(2026, 3, 1)
    _assessed(organization, first, Band.POOR, on=day, total=Decimal("0.5"))
    _assessed(organization, first, Band.GOOD, on=day + datetime.timedelta(days=30), total=Decimal("2.3"))
    _assessed(organization, second, Band.FAIR, on=day)
    with django_assert_num_queries(1), translation.override("id"):
        scores = api.latest_scores(organization, [first.pk, second.pk, never.pk])
    assert scores[first.pk] == api.Score(Decimal("2.30"), "good", "Baik", day + datetime.timedelta(days=30), 2)
    assert scores[second.pk].band == "fair" and scores[second.pk].total is None
    assert never.pk not in scores
    before = api.latest_scores(organization, [first.pk], before=day + datetime.timedelta(days=30))
    assert (before[first.pk].band, before[first.pk].count) == ("poor", 1)
    assert api.latest_scores(other_organization, [first.pk]) == {}


def test_companies_with_band_and_with_a_recent_contract(organization):
    poor_then_good, poor, idle = company(organization), company(organization), company(organization)
    day = datetime.date(2026, 3, 1)
    _assessed(organization, poor_then_good, Band.POOR, on=day, ended_on=day)
    _assessed(organization, poor_then_good, Band.GOOD, on=day + datetime.timedelta(days=5), ended_on=day)
    _assessed(organization, poor, Band.POOR, on=day, ended_on=datetime.date(2025, 1, 1))
    found = set(
        Company.objects.filter(id__in=api.companies_with_band(organization, {"poor"})).values_list("pk", flat=True)
    )
    assert found == {poor.pk}
    recent = Company.objects.filter(id__in=api.companies_with_contract_since(organization, datetime.date(2026, 1, 1)))
    assert set(recent.values_list("pk", flat=True)) == {poor_then_good.pk}
    assert idle.pk not in set(recent.values_list("pk", flat=True))
