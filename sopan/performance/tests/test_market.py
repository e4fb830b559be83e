"""The vendor market (issue 18 §4): figures per KBLI on a small hand-made data set (two KBLI, two regions,
registrations in three years, assessments in two bands, a blacklisted vendor, analyses asking for a KBLI), checked
exactly (the PostgreSQL lane runs the same tests), fixed query counts, the page by persona, another organisation's data
never shown, and the availability analysis page showing the market and each candidate's band."""

from __future__ import annotations

import datetime
import itertools
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from sopan.core.testing import login
from sopan.performance import api, market
from sopan.performance.models import Assessment, Contract
from sopan.performance.tests.factories import person
from sopan.procurement.models import AvailabilityAnalysis
from sopan.procurement.tests.factories import make_package
from sopan.vendors.models import BlacklistEntry, BlacklistImport, Company, Registration
from sopan.vendors.tests import factories as vendor_factories

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
Y0, Y1, Y2 = TODAY.year - 2, TODAY.year - 1, TODAY.year
_serial = itertools.count(1)


def vendor(organization, *, kbli, scale="small", province="33", regency="Kota Salatiga", approved=None,
           status=Company.Status.ACTIVE, legal_form="cv", band=None) -> Company:  # fmt: skip
    """A company approved on `approved` (a registration decided that day), assessed in `band` when given."""
    n = next(_serial)
    company = Company.objects.create(
        organization=organization,
        **vendor_factories.company_data(
            name=f"CV Pasar {n:03d}", kbli=list(kbli), province=province, regency=regency, legal_form=legal_form,
            npwp=vendor_factories.valid_npwp(7000 + n), nib=f"71201{n:08d}",
        ),
        business_scale=scale, admin_name="Direktur", admin_nik=vendor_factories.valid_nik(), admin_position="Direktur",
        status=status, activated_at=timezone.now(),
    )  # fmt: skip
    if approved is not None:
        decided = timezone.make_aware(datetime.datetime.combine(approved, datetime.time(10)))
        user = get_user_model().objects.create(
            username=f"pasar.{organization.slug}.{n}", full_name="Admin", organization=organization
        )
        Registration.objects.create(
            organization=organization, number=f"REG-{organization.pk}-{n}", applicant_kind="vendor", user=user,
            company=company, status=Registration.Status.APPROVED, submitted_at=decided, decided_at=decided,
        )  # fmt: skip
    if band is not None:
        assess(company, band)
    return company


def assess(company, band, *, on=None):
    organization = company.organization
    on = on or TODAY
    given = Contract.objects.create(
        organization=organization, company=company, status=Contract.Status.ASSESSED, number=f"K/{next(_serial)}",
        name="Kontrak", agency=organization.units.first(), kind="construction", method="tender", ended_on=on,
        ending=Contract.Ending.HANDOVER, assessment_due_on=on,
    )  # fmt: skip
    return Assessment.objects.create(
        organization=organization, contract=given, company=company, scheme_effective=datetime.date(2021, 1, 1),
        band=band, assessed_by=assessor(organization), assessed_at=timezone.now(), assessed_on=on,
        response_due_on=on,
    )  # fmt: skip


def assessor(organization):
    user, _ = get_user_model().objects.get_or_create(
        username=f"penilai.{organization.slug}", defaults={"full_name": "PPK Penilai", "organization": organization}
    )
    return user


def blacklist(organization, company):
    by = person(organization, "kepala.lpse")
    source = BlacklistImport.objects.create(organization=organization, file_name="dh.xlsx", sha256="0" * 64, rows=1,
                                            imported_at=timezone.now(), imported_by=by)  # fmt: skip
    npwp = "0" + company.npwp if len(company.npwp) == 15 else company.npwp  # the list's 16-digit form
    return BlacklistEntry.objects.create(
        organization=organization, source=source, name=company.name, npwp=npwp, sk_number="SK-07/DH",
        starts_on=TODAY - datetime.timedelta(days=30),
    )  # fmt: skip


def analysis(organization, kbli, *, kd_rup, year=Y2, province="33", regency=""):
    unit = organization.units.filter(code="DPUPR").first() or organization.units.first()
    package = make_package(organization, kd_rup=kd_rup, fiscal_year=year, agency_code=unit.code)
    return AvailabilityAnalysis.objects.create(
        organization=organization, package=package, kbli=list(kbli), qualification="any", province=province,
        regency=regency, analysed_by=assessor(organization),
    )  # fmt: skip


def on(year, month=3, day=15):
    return datetime.date(year, month, day)


@pytest.fixture
def world(organization, other_organization):
    """41011 (construction of buildings) in Salatiga (province 33) and Palembang (16); 43211 (electrical) in Salatiga.

    Active in 41011: A (small, Salatiga, Y0, good, then poor: latest poor), B (medium, Salatiga, Y1, very good,
    blacklisted), C (micro, Palembang, Y2), D (cooperative without a scale, Salatiga, Y2, fair); E suspended
    (Salatiga, Y1); a registering one; another organisation's active one. 43211: A again, F (large, Salatiga, Y2).
    Analyses: 41011 by two packages of Y2 (one in two rounds) and one of Y1; 43211 by none; 41011 in Palembang by one.
    """
    org = organization
    a = vendor(org, kbli=["41011", "43211"], scale="small", approved=on(Y0), band="good")
    assess(a, "poor", on=TODAY + datetime.timedelta(days=1))
    b = vendor(org, kbli=["41011"], scale="medium", approved=on(Y1), band="very_good")
    blacklist(org, b)
    c = vendor(org, kbli=["41011"], scale="micro", province="16", regency="Kota Palembang", approved=on(Y2))
    d = vendor(org, kbli=["41011"], scale="", legal_form="koperasi", approved=on(Y2, 1, 2), band="fair")
    e = vendor(org, kbli=["41011"], scale="small", approved=on(Y1), status=Company.Status.SUSPENDED)
    vendor(org, kbli=["41011"], status=Company.Status.REGISTERING)
    f = vendor(org, kbli=["43211"], scale="large", approved=on(Y2, 12, 1))
    vendor(other_organization, kbli=["41011"], approved=on(Y2), band="poor")
    first = analysis(org, ["41011"], kd_rup="8800001")
    AvailabilityAnalysis.objects.create(
        organization=org, package=first.package, round=2, kbli=["41011", "42101"], qualification="any", province="33",
        analysed_by=person(org, "kepala.ukpbj"),
    )  # fmt: skip
    analysis(org, ["41011"], kd_rup="8800002")
    analysis(org, ["41011", "43299"], kd_rup="8800003", year=Y1)
    analysis(org, ["41011"], kd_rup="8800004", province="16", regency="Kota Palembang")
    analysis(other_organization, ["41011"], kd_rup="8800005")
    return {"a": a, "b": b, "c": c, "d": d, "e": e, "f": f}


def test_the_market_per_kbli_counts_vendors_scales_trend_bands_blacklist_and_demand(world, organization):
    page = market.market_page(organization)
    rows = {r.code: r for r in page.items}
    assert list(rows) == ["41011", "43211"]  # the codes of the vendors (42101, 43299: asked for, held by none)
    building = rows["41011"]
    assert (building.vendors, building.small, building.non_small) == (4, 3, 1)  # A, B, C, D; D a cooperative
    assert building.registered_in([Y0, Y1, Y2]) == [1, 2, 2]  # E (suspended) counts in its year; the registering not
    assert building.assessed == 3 and building.bands == {"poor": 1, "fair": 1, "good": 0, "very_good": 1}
    assert building.blacklisted == 1
    assert building.demand_in([Y0, Y1, Y2]) == [0, 1, 3]  # packages, not rounds; Palembang's counts (no region filter)
    assert building.change([Y0, Y1, Y2]) == 100
    electrical = rows["43211"]
    assert (electrical.vendors, electrical.small, electrical.non_small, electrical.assessed) == (2, 1, 1, 1)
    assert electrical.registered_in([Y0, Y1, Y2]) == [1, 0, 1] and electrical.demand == {}
    assert page.next_cursor is None


def test_the_region_filter_keeps_the_province_and_the_regency(world, organization):
    rows = {r.code: r for r in market.market_page(organization, region=market.Region("16")).items}
    assert list(rows) == ["41011"] and rows["41011"].vendors == 1 and rows["41011"].small == 1
    assert rows["41011"].demand_in([Y0, Y1, Y2]) == [0, 0, 1]
    salatiga = {r.code: r for r in market.market_page(organization, region=market.Region("33", "kota salatiga")).items}
    # an analysis of the whole province (no regency) asks for the regency's vendors too
    assert salatiga["41011"].vendors == 3 and salatiga["41011"].demand_in([Y0, Y1, Y2]) == [0, 1, 2]
    assert salatiga["43211"].vendors == 2


def test_the_prefix_filter_and_the_keyset_pages_of_codes(world, organization):
    assert [r.code for r in market.market_page(organization, prefix="432").items] == ["43211"]
    first = market.market_page(organization, size=1)
    assert [r.code for r in first.items] == ["41011"] and first.next_cursor
    second = market.market_page(organization, size=1, cursor=first.next_cursor)
    assert [r.code for r in second.items] == ["43211"] and second.next_cursor is None
    assert [r.code for r in market.market_page(organization, size=1, cursor="rusak!").items] == ["41011"]
    forged = market.encode_cursor(["4101\x00"])  # a forged cursor: the first page, no database error
    assert [r.code for r in market.market_page(organization, size=1, cursor=forged).items] == ["41011"]


def test_for_criteria_gives_every_code_asked_with_zeros_for_an_unknown_one(world, organization):
    found = api.market_for(organization, ["43211", "41011", "99999"], province="33")
    assert list(found) == ["41011", "43211", "99999"]
    assert found["41011"].vendors == 3 and found["41011"].blacklisted == 1
    assert found["41011"].demand_in([Y0, Y1, Y2]) == [0, 1, 2]
    assert found["99999"].vendors == 0 and found["99999"].registered_in([Y0, Y1, Y2]) == [0, 0, 0]
    assert api.market_for(organization, []) == {}


def test_another_organisations_vendors_and_analyses_are_not_counted(world, other_organization):
    rows = {r.code: r for r in market.market_page(other_organization).items}
    assert list(rows) == ["41011"] and rows["41011"].vendors == 1 and rows["41011"].bands["poor"] == 1
    assert rows["41011"].demand_in([Y0, Y1, Y2]) == [0, 0, 1]


def test_the_market_costs_two_queries_whatever_the_vendors(world, organization, django_assert_num_queries):
    with django_assert_num_queries(2):
        market.market_page(organization)
    for i in range(30):
        vendor(organization, kbli=["41011", f"4{i:04d}"], approved=on(Y1), band="good")
    with django_assert_num_queries(2):
        rows = market.market_page(organization, size=10).items
    assert len(rows) == 10
    with django_assert_num_queries(2):
        assert api.market_for(organization, ["41011"])["41011"].vendors == 34


# --- the page /kinerja-penyedia/pasar/ -------------------------------------------------------------------------------
def cells(page: str, code: str, kind: str) -> list[str]:
    row = re.search(rf'<tr id="kbli-{code}">(.*?)</tr>', page, re.S).group(1)
    return re.findall(rf'<td class="text-end[^"]*\b{kind}\b[^"]*">([^<]*)</td>', row)


@pytest.mark.parametrize(
    ("username", "status"),
    [("kepala.ukpbj", 200), ("kepala.lpse", 200), ("tim.analisis", 200), ("jabfung.ppbj", 403), ("ppk", 403),
     ("penyedia.admin", 403)],
)  # fmt: skip
def test_the_page_by_persona(client, organization, username, status):
    login(client, person(organization, username))
    assert client.get(reverse("performance:market")).status_code == status


def test_the_page_shows_the_figures_per_kbli_with_the_trend(client, world, organization):
    login(client, person(organization, "tim.analisis"))
    page = client.get(reverse("performance:market")).content.decode()
    assert cells(page, "41011", "vendors") == ["4"] and cells(page, "41011", "small-count") == ["3"]
    assert cells(page, "41011", "registered") == ["1", "2", "2"]
    assert "▲ 100.0%" in page or "▲ 100,0%" in page
    assert cells(page, "41011", "band") == ["1", "1", "0", "1"]  # poor, fair, good, very good
    assert cells(page, "41011", "blacklisted") == ["1"] and cells(page, "41011", "demand") == ["0", "1", "3"]
    assert cells(page, "43211", "registered") == ["1", "0", "1"] and "Pasar penyedia" in page
    filtered = client.get(reverse("performance:market"), {"kbli": "41", "province": "16"}).content.decode()
    assert cells(filtered, "41011", "vendors") == ["1"] and 'id="kbli-43211"' not in filtered


def test_another_organisation_sees_only_its_own_market(client, world, other_organization):
    from sopan.accounts import demo

    spec = demo.Persona("batang.kepala.ukpbj", "Kepala UKPBJ Batang", "ukpbj_head", "LPSE")
    login(client, demo.ensure_persona(other_organization, spec, with_totp=False))
    page = client.get(reverse("performance:market")).content.decode()
    assert cells(page, "41011", "vendors") == ["1"] and 'id="kbli-43211"' not in page


@pytest.mark.parametrize(
    ("query", "message"),
    [({"kbli": "41a"}, "Masukkan satu sampai lima angka kode KBLI."),
     ({"regency": "Kota Salatiga"}, "Pilih provinsi kabupaten / kota tersebut.")],
)  # fmt: skip
def test_a_bad_filter_is_refused_in_indonesian(client, world, organization, query, message):
    login(client, person(organization, "kepala.ukpbj"))
    response = client.get(reverse("performance:market"), query)
    assert response.status_code == 400 and message in response.content.decode()
    assert 'id="market-table"' not in response.content.decode()


def test_the_page_pages_codes_by_keyset_in_a_fixed_number_of_queries(
    client, world, organization, django_assert_max_num_queries
):
    login(client, person(organization, "kepala.ukpbj"))
    url = reverse("performance:market")
    with django_assert_max_num_queries(8) as first:
        client.get(url)
    for i in range(market.PAGE_SIZE + 5):
        vendor(organization, kbli=[f"1{i:04d}"], approved=on(Y1), band="fair")
    with django_assert_max_num_queries(len(first)):
        page = client.get(url, {"province": "33"}).content.decode()
    assert page.count('<tr id="kbli-') == market.PAGE_SIZE
    next_url = re.search(r'href="(\?[^"]+)" id="next-page"', page).group(1).replace("&amp;", "&")
    assert "province=33" in next_url
    second = client.get(url + next_url).content.decode()
    assert second.count('<tr id="kbli-') == 7 and 'id="kbli-43211"' in second  # 5 left, 41011 and 43211


# --- the availability analysis page (procurement) reads the market and the bands ----------------------------------
def test_the_availability_page_shows_the_market_and_each_candidates_band(client, world, organization):
    from sopan.procurement.tests.test_availability import bind_availability_sop, start

    bind_availability_sop(organization)
    package = make_package(organization, kd_rup="8800010", commitment_officer=person(organization, "ppk"))
    start(package, kbli="41011", qualification="any", province="33")
    login(client, person(organization, "jabfung.ppbj"))
    page = client.get(reverse("procurement:availability", kwargs={"pk": package.pk})).content.decode()
    summary = re.search(r'<tr id="market-41011">(.*?)</tr>', page, re.S).group(1)
    assert re.findall(r'class="text-end vendors">(\d+)<', summary) == ["3"]  # A, B, D of province 33
    assert re.findall(r'class="text-end registered">(\d+)<', summary) == ["1", "2", "1"]  # B and E in Y1; D in Y2
    assert re.findall(r'class="text-end poor">(\d+)<', summary) == ["1"]
    assert re.findall(r'class="text-end demand">(\d+)<', summary) == ["0", "1", "3"]  # this package's too
    band_of = {
        pk: re.search(rf'<tr id="candidate-{pk}".*?<td class="band">(.*?)</td>', page, re.S).group(1)
        for pk in (world["a"].pk, world["b"].pk, world["d"].pk)
    }
    assert "Buruk" in band_of[world["a"].pk] and "Sangat Baik" in band_of[world["b"].pk]
    assert "Cukup" in band_of[world["d"].pk] and f'id="candidate-{world["c"].pk}"' not in page


def test_the_availability_page_costs_the_same_queries_whatever_the_candidates_assessed(
    client, world, organization, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sopan.procurement.tests.test_availability import bind_availability_sop, start

    bind_availability_sop(organization)
    package = make_package(organization, kd_rup="8800011", commitment_officer=person(organization, "ppk"))
    start(package, kbli="41011", qualification="any", province="33")
    login(client, person(organization, "jabfung.ppbj"))
    url = reverse("procurement:availability", kwargs={"pk": package.pk})
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for _ in range(12):
        vendor(organization, kbli=["41011"], approved=on(Y2), band="good")
    with django_assert_max_num_queries(len(before)):
        page = client.get(url).content.decode()
    assert page.count('<td class="band"><span class="badge text-bg-success">Baik</span>') == 12
