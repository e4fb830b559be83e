"""The existing modules' chapters of the quarterly LPSE report (hook "report_sections"), each checked against a direct
computation on small data in the first quarter of 2025 (1 January – 31 March, WIB), rows outside it left out, and run
in a fixed number of queries (the same with more rows)."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from freezegun import freeze_time

from sopan.accounts.models import RoleAssignment
from sopan.coaching.models import Invitation, Programme, Session
from sopan.coaching.report_section import build as coaching_build
from sopan.core import modules
from sopan.helpdesk.models import Ticket
from sopan.helpdesk.report_section import build as helpdesk_build
from sopan.helpdesk.tests.factories import make_announcement, make_ticket
from sopan.procurement.tests.factories import person
from sopan.reports import sections
from sopan.sop.models import StepRecord
from sopan.sop.report_section import build as sop_build
from sopan.sop.services import cases
from sopan.sop.tests import factories as sop_factories
from sopan.vendors.models import Registration
from sopan.vendors.report_section import build as vendors_build
from sopan.vendors.tests.factories import bind_registration_sop, submitted_registration

pytestmark = pytest.mark.django_db
WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
START, END = datetime.date(2025, 1, 1), datetime.date(2025, 3, 31)


def at(month: int, day: int, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(2025, month, day, hour, tzinfo=WIB)


def facts(section) -> dict[str, str]:
    return {str(f.label): f.value for f in section.facts}


def queries(call) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_every_existing_module_answers_with_its_section_in_the_regulation_order(organization):
    found = sections.collect(organization, START, END)
    keys = [s.key for s in found]
    assert keys == ["registrations", "helpdesk", "outages", "sop_compliance", "risks", "indicators", "training"]
    assert [s.order for s in found] == sorted(s.order for s in found)
    # the JSON snapshot gives back the same sections
    assert sections.from_json(sections.to_json(found)) == sections.from_json(sections.to_json(found))
    assert [s.key for s in sections.from_json(sections.to_json(found))] == keys


def test_two_modules_answering_the_same_key_stop_the_report(organization, monkeypatch):
    same = sop_build.sections(organization=organization, start=START, end=END)
    monkeypatch.setattr(modules, "call", lambda hook, **kw: [same, same])
    with pytest.raises(RuntimeError, match="same report section key"):
        sections.collect(organization, START, END)


def _registration(organization, *, submitted, received=None, decided=None, status="submitted", kind="vendor"):
    registration = submitted_registration(organization)
    Registration.objects.filter(pk=registration.pk).update(
        submitted_at=submitted, received_at=received, decided_at=decided, status=status, applicant_kind=kind
    )
    return registration


def test_registrations_match_a_direct_count(organization):
    bind_registration_sop(organization)
    _registration(organization, submitted=at(1, 6), received=at(1, 7), decided=at(1, 9), status="approved")  # 2 days
    _registration(organization, submitted=at(2, 3), received=at(2, 4), decided=at(2, 8), status="rejected")  # 4 days
    _registration(organization, submitted=at(3, 20), status="received", received=at(3, 21))  # open at the end
    _registration(organization, submitted=at(12, 20).replace(year=2024), decided=at(1, 15), status="expired")
    _registration(organization, submitted=at(4, 2), status="submitted")  # after the quarter
    [section] = vendors_build.sections(organization=organization, start=START, end=END)
    rows = Registration.objects.filter(organization=organization)
    in_quarter = [r for r in rows if at(1, 1, 0) <= r.submitted_at < at(4, 1, 0)]
    assert facts(section)["Applications submitted"] == str(len(in_quarter)) == "3"
    assert facts(section)["Files received at the LPSE"] == "3"
    assert facts(section)["Approved"] == "1" and facts(section)["Rejected"] == "1"
    assert facts(section)["Expired without the file"] == "1"
    assert facts(section)["Still open at the end of the period"] == "1"
    assert facts(section)["Verification time, median (days from the file received)"] == "3.0"  # median of 2 and 4
    vendor_row = section.tables[0].rows[0]
    assert vendor_row[1:] == ("3", "3", "1", "1", "1", "1")
    assert queries(lambda: vendors_build.sections(organization=organization, start=START, end=END)) <= 3


def test_helpdesk_volumes_and_the_pasal_9_follow_up_match_a_direct_count(organization):
    with freeze_time(at(5, 1)):
        on_time = make_ticket(organization, received_at=at(2, 3))
        on_time.responded_at = on_time.received_at + datetime.timedelta(minutes=30)
        on_time.save()
        late = make_ticket(organization, received_at=at(2, 4))
        late.responded_at = late.response_due_at + datetime.timedelta(hours=1)
        late.save()
        make_ticket(organization, received_at=at(3, 5))  # never answered, long past due: missed
        make_ticket(organization, received_at=at(4, 5))  # the next quarter
        with CaptureQueriesContext(connection) as small:
            section = helpdesk_build.tickets(organization, START, END)
        tickets = Ticket.objects.filter(organization=organization, received_at__lt=at(4, 1, 0))
        met = sum(1 for t in tickets if t.responded_at and t.responded_at <= t.response_due_at)
        assert facts(section)["Tickets received"] == str(tickets.count()) == "3"
        assert met == 1
        assert facts(section)["Followed up within the target (Pasal 9 ayat 2: at most 1 working day)"] == "33.3%"
        assert [row[1] for row in section.tables[0].rows] == ["0", "2", "1"]  # per month: Jan, Feb, Mar
        for day in range(6, 12):
            make_ticket(organization, received_at=at(3, day))
        assert queries(lambda: helpdesk_build.tickets(organization, START, END)) == len(small) <= 15


def test_outages_and_their_berita_acara_match_the_announcements(organization):
    make_announcement(organization, title="Gangguan listrik", started_at=at(2, 1, 8), ended_at=at(2, 1, 11),
                      status="closed", report_number="BA-001/LPSE/2025")  # fmt: skip
    make_announcement(organization, title="Gangguan jaringan", started_at=at(3, 31, 22), ended_at=None)
    make_announcement(organization, title="Pemeliharaan server", kind="maintenance", started_at=at(1, 10, 20),
                      ended_at=at(1, 10, 23), status="closed")  # fmt: skip
    make_announcement(organization, title="Tahun lalu", started_at=at(12, 1).replace(year=2024),
                      ended_at=at(12, 2).replace(year=2024), status="closed")  # fmt: skip
    section = helpdesk_build.outages(organization, START, END)
    assert facts(section) == {
        "Outages": "2",
        "Planned maintenance": "1",
        "Outage hours (ended outages)": "3.0",
        "Outages with a Berita Acara": "1 / 2",
    }
    titles = [row[1] for row in section.tables[0].rows]
    assert titles == ["Pemeliharaan server", "Gangguan listrik", "Gangguan jaringan"]
    assert section.tables[0].rows[2][-1] == "not yet"
    assert queries(lambda: helpdesk_build.outages(organization, START, END)) == 1


def test_sop_compliance_matches_the_step_records(organization):
    version = sop_factories.effective_version(organization)
    officer = person(organization, "petugas.registrasi")
    RoleAssignment.objects.update(valid_from=datetime.date(2025, 1, 1))  # roles held when the cases ran
    for day in (10, 11):
        with freeze_time(at(2, day, 8)):
            case = cases.case_start(version=version, title=f"Kasus {day}", by=officer)
        with freeze_time(at(2, day, 9)):
            cases.step_complete(record=case.steps.get(step_key="ajukan", status="open"), by=officer)
    with freeze_time(at(4, 14, 8)):
        cases.case_start(version=version, title="Triwulan berikut", by=officer)
    [section] = sop_build.sections(organization=organization, start=START, end=END)
    done = StepRecord.objects.filter(organization=organization, status="done", completed_at__lt=at(4, 1, 0)).count()
    assert facts(section)["Cases"] == "2"
    assert facts(section)["Steps done"] == str(done) == "2"
    assert section.tables[0].rows[0][:4] == ("SOP Uji Verifikasi", "SOP-UJI-001", "2", "2")
    assert queries(lambda: sop_build.sections(organization=organization, start=START, end=END)) <= 6


def _programme(organization, title, first_session, *, status="reported", attended=(True,)):
    team = person(organization, "kepala.lpse")
    programme = Programme.objects.create(organization=organization, kind="training", audience="agency_users",
                                         title=title, created_by=team, status=status)  # fmt: skip
    Session.objects.create(programme=programme, starts_at=first_session,
                           ends_at=first_session + datetime.timedelta(hours=2), place="Aula",
                           added_by=team)  # fmt: skip
    for n, came in enumerate(attended):
        invitee = person(organization, ("ppk", "pokja", "verifikator")[n])
        Invitation.objects.create(programme=programme, user=invitee, criterion="role", code=f"C{n}{programme.pk:06d}",
                                  added_by=team, attended_at=first_session if came else None)  # fmt: skip
    return programme


def test_training_lists_the_programmes_held_in_the_quarter(organization):
    _programme(organization, "Pelatihan SPSE PPK", at(2, 12), attended=(True, True, False))
    _programme(organization, "Dibatalkan", at(2, 13), status="cancelled")
    _programme(organization, "Triwulan berikut", at(4, 2))
    with CaptureQueriesContext(connection) as small:
        [section] = coaching_build.sections(organization=organization, start=START, end=END)
    assert facts(section)["Programmes held"] == "1" and facts(section)["Trainings"] == "1"
    assert facts(section)["Participants attended"] == "2"
    assert section.tables[0].rows == (("12 February 2025", "Pelatihan SPSE PPK", "Training", "Agency users", "3", "2"),)
    _programme(organization, "Pelatihan kedua", at(3, 1))
    assert queries(lambda: coaching_build.sections(organization=organization, start=START, end=END)) == len(small) <= 2
