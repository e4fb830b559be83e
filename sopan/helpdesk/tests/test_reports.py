"""The helpdesk report: figures of a period of the user's organisation, as a page, XLSX and PDF."""

from __future__ import annotations

import datetime
import io
import zoneinfo

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from sopan.core.testing import login
from sopan.helpdesk.models import Escalation, Ticket
from sopan.helpdesk.reports.selectors import Period, current_period, report_for
from sopan.helpdesk.tests.factories import make_ticket

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
Q1_2025 = Period.of_quarter(2025, 1)


def wib(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=WIB)


@pytest.fixture
def first_quarter(helpdesk_setup, other_organization, personas):
    """Tickets of Salatiga in the first quarter of 2025 (priority "sedang": response 4 working hours, resolution 3
    working days), one just after it, and one of another organisation in it."""
    organization = helpdesk_setup
    agent = personas["helpdesk_agent"]
    monday = wib(2025, 1, 13, 8, 0)  # response due 12.00, resolution due Thursday 16 January 08.00
    tickets = {
        "in_time": make_ticket(
            organization,
            channel="phone",
            received_at=monday,
            responded_at=monday + datetime.timedelta(hours=1),
            resolved_at=wib(2025, 1, 14, 10, 0),
            status=Ticket.Status.CLOSED,
            assignee=agent,
            type="incident",
        ),
        "late": make_ticket(
            organization,
            channel="web",
            received_at=monday,
            responded_at=monday + datetime.timedelta(hours=5),
            resolved_at=wib(2025, 1, 20, 10, 0),
            status=Ticket.Status.RESOLVED,
            assignee=agent,
            priority_code="sedang",
        ),
        "unanswered": make_ticket(
            organization,
            channel="email",
            received_at=monday,
            affects_tender=True,
            tender_code="10012345000",
            priority_code="kritis",
        ),
        # 23.30 WIB on the last day of March is 16.30 UTC: still the first quarter in Salatiga's zone.
        "last_evening": make_ticket(organization, channel="walk_in", received_at=wib(2025, 3, 31, 23, 30)),
        # 00.30 WIB on 1 April is 31 March 17.30 UTC: the second quarter.
        "next_quarter": make_ticket(organization, channel="phone", received_at=wib(2025, 4, 1, 0, 30)),
    }
    make_ticket(other_organization, channel="phone", received_at=monday)
    Escalation.objects.create(
        ticket=tickets["in_time"],
        kind=Escalation.Kind.LKPP_EPROC,
        reason="Galat aplikasi SPSE",
        sent_at=monday + datetime.timedelta(minutes=30),
        answered_at=monday + datetime.timedelta(minutes=50),
        answer="Sudah diperbaiki",
    )
    Escalation.objects.create(
        ticket=tickets["unanswered"],
        kind=Escalation.Kind.INTERNAL,
        to_role="lpse_coordinator",
        automatic=True,
        reason="Berisiko terlambat",
        sent_at=monday + datetime.timedelta(hours=2),
    )
    return tickets


def volumes(report, key: str) -> dict[str, int]:
    return {line.key: line.count for line in report.volumes[key]}


# --- the period --------------------------------------------------------------------------------------------------
def test_a_quarter_runs_from_its_first_to_its_last_day_in_the_organisations_zone():
    period = Period.of_quarter(2025, 4)
    assert (period.first, period.last) == (datetime.date(2025, 10, 1), datetime.date(2025, 12, 31))
    assert period.bounds("Asia/Makassar") == (
        datetime.datetime(2025, 10, 1, tzinfo=zoneinfo.ZoneInfo("Asia/Makassar")),
        datetime.datetime(2026, 1, 1, tzinfo=zoneinfo.ZoneInfo("Asia/Makassar")),
    )


def test_a_period_longer_than_a_year_or_backwards_is_refused():
    with pytest.raises(ValueError):
        Period(datetime.date(2025, 1, 1), datetime.date(2026, 1, 2))
    with pytest.raises(ValueError):
        Period(datetime.date(2025, 2, 1), datetime.date(2025, 1, 1))
    assert Period(datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)).days == 366


def test_the_default_period_is_the_quarter_of_today_in_the_organisations_zone(organization):
    # 30 June 18.00 UTC is already 1 July in Jakarta.
    period = current_period(organization, now=datetime.datetime(2025, 6, 30, 18, 0, tzinfo=datetime.UTC))
    assert (period.year, period.quarter) == (2025, 3)


# --- the figures -------------------------------------------------------------------------------------------------
def test_the_report_counts_the_quarters_tickets_of_the_own_organisation_only(first_quarter, personas):
    report = report_for(personas["helpdesk_agent"], Q1_2025)

    assert report.total == 4
    assert volumes(report, "channel") == {"phone": 1, "web": 1, "email": 1, "walk_in": 1}
    assert volumes(report, "priority") == {"kritis": 1, "tinggi": 0, "sedang": 3, "rendah": 0}
    assert volumes(report, "type")["incident"] == 1
    assert report.affecting_tenders == 1
    assert [(line.key, line.count) for line in report.tenders] == [("10012345000", 1)]
    assert report.resolved == 2 and report.open == 2


def test_response_and_resolution_compliance_count_overdue_open_tickets_as_missed(first_quarter, personas):
    sla = report_for(personas["helpdesk_agent"], Q1_2025).sla

    # Response: one in time; one late; two never answered and long overdue.
    assert (sla.response_met, sla.response_missed, sla.response_pending) == (1, 3, 0)
    # Resolution: one in time; one resolved late; two still open past their due time.
    assert (sla.resolution_met, sla.resolution_missed, sla.resolution_pending) == (1, 3, 0)
    assert sla.response_rate == 25.0 and sla.resolution_rate == 25.0


def test_a_ticket_not_yet_due_is_pending_not_judged(helpdesk_setup, personas):
    make_ticket(helpdesk_setup)  # received five minutes ago, nothing due yet
    report = report_for(personas["helpdesk_agent"], current_period(helpdesk_setup))
    assert (report.sla.response_pending, report.sla.resolution_pending) == (1, 1)
    assert report.sla.response_rate is None


def test_the_service_level_is_given_per_month_and_per_agent(first_quarter, personas):
    report = report_for(personas["helpdesk_agent"], Q1_2025)

    assert [(month.label, month.total) for month in report.months] == [
        (datetime.date(2025, 1, 1), 3),
        (datetime.date(2025, 2, 1), 0),
        (datetime.date(2025, 3, 1), 1),
    ]
    agent, unassigned = report.agents
    assert agent.label == personas["helpdesk_agent"].full_name
    assert (agent.total, agent.response_met, agent.response_missed, agent.resolution_met) == (2, 1, 1, 1)
    assert (unassigned.total, unassigned.response_missed, unassigned.open) == (2, 2, 2)


def test_escalations_are_counted_by_destination_answered_or_waiting(first_quarter, personas):
    report = report_for(personas["helpdesk_agent"], Q1_2025)
    lines = {line.key: (line.total, line.answered, line.waiting) for line in report.escalations}
    assert lines == {
        "internal_automatic": (1, 0, 1),
        "internal": (0, 0, 0),
        "lkpp_eproc": (1, 1, 0),
        "lkpp_technical": (0, 0, 0),
    }


def test_a_custom_range_counts_only_its_days(first_quarter, personas):
    report = report_for(personas["helpdesk_agent"], Period(datetime.date(2025, 3, 1), datetime.date(2025, 4, 30)))
    assert report.total == 2
    assert volumes(report, "channel") == {"phone": 1, "web": 0, "email": 0, "walk_in": 1}


def test_a_verifier_may_not_see_the_report(first_quarter, personas):
    with pytest.raises(PermissionDenied):
        report_for(personas["verifier"], Q1_2025)


def test_the_report_takes_the_same_few_queries_whatever_the_number_of_tickets(
    helpdesk_setup, personas, django_assert_max_num_queries
):
    agent = personas["helpdesk_agent"]
    for n in range(30):
        make_ticket(
            helpdesk_setup,
            received_at=wib(2025, 2, 3 + n % 20, 9, 0),
            channel=("phone", "web", "email")[n % 3],
            assignee=agent if n % 2 else None,
            affects_tender=n % 5 == 0,
            tender_code=f"100{n:08d}",
        )
    with django_assert_max_num_queries(14):
        report = report_for(agent, Q1_2025)
    assert report.total == 30


# --- the screens -------------------------------------------------------------------------------------------------
def test_the_page_shows_the_quarters_figures(client, first_quarter, personas):
    login(client, personas["helpdesk_agent"])
    response = client.get(reverse("helpdesk:report"), {"mode": "quarter", "year": 2025, "quarter": 1})
    assert response.status_code == 200
    assert response.context["report"].total == 4
    html = response.content.decode()
    assert 'id="headline-total">4<' in html
    assert 'id="headline-response">25' in html
    assert "?mode=quarter&amp;year=2025&amp;quarter=1" in html  # the downloads keep the period


def test_the_page_opens_on_the_current_quarter(client, helpdesk_setup, personas):
    login(client, personas["lpse_head"])
    response = client.get(reverse("helpdesk:report"))
    assert response.status_code == 200
    assert response.context["report"].period == current_period(helpdesk_setup)


@pytest.mark.parametrize(("language", "first"), [("id", "Triwulan I"), ("en", "Quarter I")])
def test_the_quarters_are_named_in_the_persons_language(client, helpdesk_setup, personas, language, first):
    agent = personas["helpdesk_agent"]
    agent.language = language
    agent.save(update_fields=["language"])
    login(client, agent)

    response = client.get(reverse("helpdesk:report"))

    choices = [str(label) for _value, label in response.context["form"].fields["quarter"].choices]
    assert choices[0] == first and len(choices) == 4


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"mode": "range", "date_from": "2025-03-01", "date_to": "2025-02-01"}, "The first day is after the last day."),
        ({"mode": "range", "date_from": "2024-01-01", "date_to": "2025-03-01"}, "at most 366 days"),
        ({"mode": "range", "date_from": "2025-03-01"}, "Give the last day of the period."),
        ({"mode": "quarter", "year": "2025"}, "Choose the quarter."),
    ],
)
def test_a_wrong_period_is_answered_with_a_clear_message(client, helpdesk_setup, personas, query, message):
    agent = personas["helpdesk_agent"]
    agent.language = "en"
    agent.save(update_fields=["language"])
    login(client, agent)
    response = client.get(reverse("helpdesk:report"), query)
    assert response.status_code == 400
    assert response.context["report"] is None
    assert message in str(response.context["form"].errors)


def test_the_spreadsheet_has_one_sheet_per_table_with_the_numbers(client, first_quarter, personas):
    from openpyxl import load_workbook

    login(client, personas["helpdesk_agent"])
    response = client.get(reverse("helpdesk:report-xlsx"), {"mode": "quarter", "year": 2025, "quarter": 1})
    assert response.status_code == 200
    assert 'filename="laporan-helpdesk-2025-triwulan-1.xlsx"' in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert {"Ringkasan", "Saluran", "SLA per bulan", "SLA per petugas", "Eskalasi", "Prioritas"} <= set(
        workbook.sheetnames
    )
    summary = workbook["Ringkasan"]
    assert "Laporan Layanan Helpdesk" in summary["A1"].value and "Triwulan I Tahun 2025" in summary["A1"].value
    assert [cell.value for cell in summary[4]] == ["Tiket yang diterima", 4]
    channels = {row[0]: row[1] for row in workbook["Saluran"].iter_rows(min_row=4, values_only=True)}
    assert channels["Jumlah"] == 4
    assert list(channels.values())[:4] == [1, 1, 1, 1]
    months = list(workbook["SLA per bulan"].iter_rows(min_row=4, values_only=True))
    assert months[-1][:4] == ("Seluruh periode", 4, 1, 3)
    assert months[-1][5] == pytest.approx(0.25)


def test_the_printed_report_is_a_pdf_with_the_figures(client, first_quarter, personas):
    login(client, personas["lpse_head"])
    response = client.get(reverse("helpdesk:report-pdf"), {"mode": "quarter", "year": 2025, "quarter": 1})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "LAPORAN LAYANAN HELPDESK" in text
    assert "Triwulan I Tahun 2025" in text
    assert "Kepatuhan waktu layanan per bulan" in text
    assert "diterima 4 tiket" in " ".join(text.split())


def test_the_downloads_refuse_a_wrong_period_too(client, helpdesk_setup, personas):
    login(client, personas["helpdesk_agent"])
    response = client.get(
        reverse("helpdesk:report-pdf"), {"mode": "range", "date_from": "2025-03-01", "date_to": "2025-01-01"}
    )
    assert response.status_code == 400


def test_the_outsider_sees_the_report_of_their_own_organisation_only(client, first_quarter, personas):
    login(client, personas["outsider"])
    response = client.get(reverse("helpdesk:report"), {"mode": "quarter", "year": 2025, "quarter": 1})
    assert response.status_code == 200
    assert response.context["report"].total == 1  # Batang's one ticket


@pytest.mark.parametrize("persona", ["verifier", "vendor_admin", "ukpbj_head"])
def test_others_get_403(client, helpdesk_setup, personas, persona):
    login(client, personas[persona])
    assert client.get(reverse("helpdesk:report")).status_code == 403
    assert client.get(reverse("helpdesk:report-xlsx")).status_code == 403
