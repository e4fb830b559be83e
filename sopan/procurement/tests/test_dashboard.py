"""The pipeline dashboard (issue 17 §6): packages per agency and stage with their pagu, the working-day age of open
packages (across a weekend and a holiday), the review rounds, the Pokja workload, each persona's scope, the query
count; and the package list's Pokja filter."""

import datetime
import re
import zoneinfo
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse

from sopan.accounts import identity
from sopan.core.calendar import WorkCalendar
from sopan.core.models import AuditEvent
from sopan.core.testing import duplicate_ids, login
from sopan.procurement import stages
from sopan.procurement.forms import PackageFilterForm
from sopan.procurement.models import Package
from sopan.procurement.selectors import PackageFilters, package_list_for, pokja_choices_for
from sopan.procurement.selectors_dashboard import STAGES, WorkingDayCounter, dashboard_for
from sopan.procurement.tests.factories import bind_stage_sops, make_package, person, staged_package

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("procurement:dashboard")
WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
S = Package.Status


@pytest.fixture
def org(organization):
    bind_stage_sops(organization)
    return organization


def _cell(board, agency_code, organization, stage):
    agency = organization.units.get(code=agency_code)
    row = next(r for r in board.agencies if r.agency_id == agency.pk)
    return row.stage_cells()[STAGES.index(stage)]


def test_counts_and_pagu_per_agency_and_stage_with_a_year_filter(organization):
    make_package(organization, kd_rup="1", pagu=Decimal("100000000"))
    make_package(organization, kd_rup="2", pagu=Decimal("250000000"))
    make_package(organization, kd_rup="3", pagu=Decimal("70000000"), status=S.SELECTION)
    make_package(organization, kd_rup="4", pagu=Decimal("90000000"), agency_code="DINKES")
    make_package(organization, kd_rup="5", pagu=Decimal("5000000"), fiscal_year=2025)
    board = dashboard_for(person(organization, "kepala.ukpbj"), 2026)
    assert _cell(board, "DPUPR", organization, S.PLANNING) == (2, Decimal("350000000"))
    assert _cell(board, "DPUPR", organization, S.SELECTION) == (1, Decimal("70000000"))
    assert _cell(board, "DPUPR", organization, S.CONTRACT) == (0, Decimal(0))
    assert _cell(board, "DINKES", organization, S.PLANNING) == (1, Decimal("90000000"))
    assert board.totals[STAGES.index(S.PLANNING)] == (3, Decimal("440000000"))
    assert (board.total_count, board.total_pagu) == (4, Decimal("510000000"))  # 2025's package left out
    assert dashboard_for(person(organization, "kepala.ukpbj")).total_count == 5  # every year


def test_working_day_age_skips_the_weekend_and_the_holiday(organization):
    package = make_package(organization, kd_rup="1")
    # Thursday 13 August 2026, 09.00 WIB; then Friday 14 (1), the weekend, Monday 17 August (Hari Kemerdekaan),
    # Tuesday 18 August 09.00: two working days although five calendar days passed.
    Package.objects.filter(pk=package.pk).update(created_at=datetime.datetime(2026, 8, 13, 9, tzinfo=WIB))
    now = datetime.datetime(2026, 8, 18, 9, 30, tzinfo=WIB)
    [item] = dashboard_for(person(organization, "kepala.ukpbj"), now=now).open_packages
    assert item.kd_rup == "1" and item.status == S.PLANNING
    assert item.working_days == 2
    later = dashboard_for(person(organization, "kepala.ukpbj"), now=now + datetime.timedelta(days=1))
    assert later.open_packages[0].working_days == 3


def test_the_stage_starts_at_the_latest_status_change_not_at_a_step_inside_the_stage(org):
    package = staged_package(org, "requested")  # approved (a status change), then requested (inside the stage)
    events = AuditEvent.objects.filter(target_id=str(package.pk))
    approved = events.get(action="procurement.package.preparation_approved")
    requested = events.get(action="procurement.package.selection_requested")
    assert requested.created_at > approved.created_at
    [item] = dashboard_for(person(org, "kepala.ukpbj")).open_packages
    assert item.status == S.SELECTION_PREPARATION and item.since == approved.created_at


def test_closed_packages_have_no_age_and_no_workload(org):
    staged_package(org, "handed_over", kd_rup="1")
    staged_package(org, "pokja", kd_rup="2")
    head = person(org, "kepala.ukpbj")
    board = dashboard_for(head)
    assert [p.kd_rup for p in board.open_packages] == ["2"]
    pokja = person(org, "pokja")
    assert [(w.user_id, w.active) for w in board.workload] == [(pokja.pk, 1)]  # only the role's holders


def test_review_rounds_highlight_two_returns(org):
    ppk, pokja = person(org, "ppk"), person(org, "pokja")
    twice = staged_package(org, "pokja", kd_rup="1")
    for _ in range(2):
        stages.package_return_documents(package=twice, by=pokja, seen_version=twice.version, findings="HPS kurang")
        twice.refresh_from_db()
        stages.package_resubmit_documents(package=twice, by=ppk, seen_version=twice.version)
        twice.refresh_from_db()
    staged_package(org, "reviewed", kd_rup="2")
    staged_package(org, "pokja", kd_rup="3")  # not reviewed yet: not listed
    rows = dashboard_for(person(org, "kepala.ukpbj")).reviews
    assert [(r.kd_rup, r.rounds, r.returned, r.highlighted) for r in rows] == [("1", 2, 2, True), ("2", 1, 0, False)]


def test_the_lists_are_cut_and_the_counts_stay_whole(client, org, monkeypatch):
    from sopan.procurement import selectors_dashboard

    monkeypatch.setattr(selectors_dashboard, "SHOWN_OPEN", 2)
    monkeypatch.setattr(selectors_dashboard, "SHOWN_REVIEWS", 1)
    for code in ("1", "2", "3"):
        staged_package(org, "reviewed", kd_rup=code)
    board = dashboard_for(person(org, "kepala.ukpbj"))
    assert (board.open_count, len(board.open_packages)) == (3, 2)
    assert (board.review_count, len(board.reviews)) == (3, 1)
    login(client, person(org, "kepala.ukpbj"))
    html = client.get(DASHBOARD).content.decode()
    assert "Ditampilkan 2 paket yang paling lama menunggu." in html
    assert "3 paket telah direviu; 1 yang paling sering dikembalikan ditampilkan." in html


def test_workload_counts_each_holder_and_drops_cancelled_packages(org):
    staged_package(org, "pokja", kd_rup="1")
    cancelled = staged_package(org, "pokja", kd_rup="2")
    staged_package(org, "pokja", kd_rup="3")
    stages.package_cancel(package=cancelled, by=person(org, "kepala.ukpbj"), seen_version=cancelled.version,
                          reason="Anggaran dialihkan")  # fmt: skip
    board = dashboard_for(person(org, "kepala.ukpbj"))
    assert {w.name: w.active for w in board.workload} == {person(org, "pokja").get_full_name(): 2}


def test_scope_per_persona(client, organization):
    make_package(organization, kd_rup="1", name="Jalan Lingkar")
    make_package(organization, kd_rup="2", name="Alat Kesehatan", agency_code="DINKES")
    assert dashboard_for(person(organization, "kepala.ukpbj")).total_count == 2
    assert dashboard_for(person(organization, "jabfung.ppbj")).total_count == 2
    assert dashboard_for(person(organization, "ppk")).total_count == 1  # DPUPR only
    assert dashboard_for(person(organization, "pokja")).total_count == 0  # assigned to none
    login(client, person(organization, "ppk"))
    html = client.get(DASHBOARD).content.decode()
    assert "Jalan Lingkar" in html and "Alat Kesehatan" not in html
    for username in ("penyedia.admin", "verifikator", "kepala.lpse"):
        login(client, person(organization, username))
        assert client.get(DASHBOARD).status_code == 403


def test_the_page_in_indonesian_with_rupiah(client, org):
    make_package(org, kd_rup="1", name="Jalan Lingkar", pagu=Decimal("1250000000"))
    login(client, person(org, "kepala.ukpbj"))
    response = client.get(DASHBOARD, {"year": "2026"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dasbor Pengadaan" in html and "Rp1.250.000.000" in html and "Perencanaan" in html
    assert "Hari kerja" in html
    assert not duplicate_ids(html)
    assert client.get(DASHBOARD, {"year": "abc"}).status_code == 200  # a bad year shows every year


def test_a_fixed_number_of_queries_whatever_the_number_of_packages(client, org, django_assert_max_num_queries):
    head = person(org, "kepala.ukpbj")
    login(client, head)
    staged_package(org, "pokja", kd_rup="1")
    client.get(DASHBOARD)  # warm the caches (content types, session)
    cache.clear()  # the dashboard drawn anew, not the one kept
    identity.load(head.pk)  # the person as kept after their first page (accounts.identity)
    with django_assert_max_num_queries(20) as few:
        client.get(DASHBOARD)
    for n in range(2, 8):
        staged_package(org, "pokja" if n % 2 else "reviewed", kd_rup=str(n), agency_code="DINKES" if n % 3 else "DPUPR")
    cache.clear()
    identity.load(head.pk)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(DASHBOARD)
    assert response.content.decode().count('data-working-days="') == 7


def _board(response) -> str:
    html = response.content.decode()
    return html[html.index('id="dashboard-stages"') : html.index("</main>")]


def test_the_drawn_dashboard_is_kept_until_a_package_in_scope_changes(client, org, django_assert_max_num_queries):
    """An ordinary view reads the state of the packages (one query) and the tables kept; any change of a package in
    scope (a new one, a transition) shows at once."""
    head = person(org, "kepala.ukpbj")
    login(client, head)
    package = staged_package(org, "preparation", kd_rup="1")
    drawn = client.get(DASHBOARD)
    with django_assert_max_num_queries(8) as kept:
        again = client.get(DASHBOARD)
    assert _board(again) == _board(drawn)
    assert not any("procurement_review" in q["sql"] for q in kept.captured_queries)  # the tables were not drawn
    stages.package_approve_preparation(package=package, by=person(org, "pa.kpa"), seen_version=package.version)
    moved = client.get(DASHBOARD).content.decode()
    assert 'data-package="1"' in moved
    assert re.search(r'data-package="1">((?!</tr>).)*Persiapan pemilihan</span>', moved, re.S)  # its row
    staged_package(org, "planning", kd_rup="2")
    assert 'data-package="2"' in client.get(DASHBOARD).content.decode()


# --- the package list's Pokja filter ------------------------------------------------------------------------------
def test_pokja_filter_lists_the_packages_of_the_members_active_pokja(org):
    staged_package(org, "pokja", kd_rup="1")
    make_package(org, kd_rup="2")
    head, pokja = person(org, "kepala.ukpbj"), person(org, "pokja")
    codes = [p.kd_rup for p in package_list_for(head, PackageFilters(pokja=pokja.pk)).items]
    assert codes == ["1"]
    assert pokja_choices_for(head) == [(pokja.pk, pokja.get_full_name())]
    form = PackageFilterForm({"pokja": str(pokja.pk)}, pokja_members=pokja_choices_for(head))
    assert form.filters().pokja == pokja.pk
    assert PackageFilterForm({"pokja": "999999"}, pokja_members=pokja_choices_for(head)).filters().pokja is None
    Package.objects.get(kd_rup="1").pokja_assignments.update(is_active=False)
    assert package_list_for(head, PackageFilters(pokja=pokja.pk)).items == []


def test_the_list_page_filters_by_pokja_member(client, org):
    staged_package(org, "pokja", kd_rup="1")
    make_package(org, kd_rup="2")
    head, pokja = person(org, "kepala.ukpbj"), person(org, "pokja")
    login(client, head)

    page = client.get("/pengadaan/", {"pokja": pokja.pk}).content.decode()

    assert f'<option value="{pokja.pk}" selected>' in page
    listed = {p.kd_rup for p in client.get("/pengadaan/", {"pokja": pokja.pk}).context["page"].items}
    assert listed == {"1"}
    assert {p.kd_rup for p in client.get("/pengadaan/").context["page"].items} == {"1", "2"}


def test_the_counter_agrees_with_the_calendar():
    """The dashboard's fast count gives what `WorkCalendar.working_days_between` gives, at any clock time, across
    weekends, holidays (17 August, Idul Fitri and its cuti bersama) and Ramadan hours."""
    calendar = WorkCalendar()
    end_times = [datetime.datetime(2026, 8, 18, h, m, tzinfo=WIB) for h, m in ((6, 0), (9, 30), (12, 15), (18, 0))]
    end_times += [datetime.datetime(2026, 3, 25, 10, tzinfo=WIB), datetime.datetime(2026, 8, 16, 10, tzinfo=WIB)]
    starts = [
        datetime.datetime(2026, 2, 20, 7, tzinfo=WIB) + datetime.timedelta(hours=7 * i, minutes=13 * i)
        for i in range(0, 2000, 7)
    ]
    for end in end_times:
        count = WorkingDayCounter(calendar, starts, end)
        for start in starts:
            assert count(start) == calendar.working_days_between(start, end), (start, end)
