"""The ticket core as services: lifecycle, SLA arithmetic in working time (weekends, national holidays), the paused
clock, reopening, stale versions, escalation rules and the two sweeps.

Expected instants are worked out by hand from the organisation's office hours (the core calendar's defaults: Monday
to Thursday 07.30–16.00, Friday 07.30–16.30 WIB; national holidays and cuti bersama off), never by the code under
test.
"""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from freezegun import freeze_time

from sopan.accounts.services import own_roles
from sopan.core.calendar import end_of_minute
from sopan.core.models import WorkingHours
from sopan.helpdesk import sla
from sopan.helpdesk.models import Escalation, Message, Ticket
from sopan.helpdesk.tests.factories import make_ticket, problem, reporter
from sopan.helpdesk.tickets import escalations
from sopan.helpdesk.tickets import services as tickets

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
URGENT = {"urgency": "high", "impact": "high"}  # kritis: response 1 working hour, resolution 1 working day


def wib(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=WIB)


@pytest.fixture
def org(helpdesk_setup):
    assert not WorkingHours.objects.filter(organization=helpdesk_setup).exists(), "expectations assume default hours"
    return helpdesk_setup


@pytest.fixture
def agent(helpdesk_agent):
    """The helpdesk agent, with their role held since before the frozen dates of these tests."""
    return _held_since_2020(helpdesk_agent)


@pytest.fixture
def head(lpse_head):
    return _held_since_2020(lpse_head)


def _held_since_2020(user):
    from sopan.accounts.models import RoleAssignment, User

    RoleAssignment.objects.filter(user=user).update(valid_from=datetime.date(2020, 1, 1))
    return User.objects.get(pk=user.pk)


def web_ticket(org, *, received_at, classification=None) -> Ticket:
    return tickets.ticket_create(
        organization=org,
        channel="web",
        reporter=reporter(),
        problem=problem(),
        classification=classification or URGENT,
        by=None,
        received_at=received_at,
    )


# --- SLA arithmetic ----------------------------------------------------------------------------------------------
@freeze_time("2026-03-06 08:00:00")  # Friday 15.00 WIB
def test_friday_afternoon_report_with_one_working_day_target_is_due_monday(org):
    ticket = web_ticket(org, received_at=wib(2026, 3, 6, 15, 0))

    assert ticket.priority.code == "kritis"
    # March 2026 is in Ramadan 1447: the Ramadan hours count (Fri 08.00–15.30, break 11.30–12.30; Mon–Thu 08.00–15.00,
    # break 12.00–12.30), as for every due time of the organisation (issue 16 §8).
    # One working hour: Friday 15.00–15.30, then Monday 08.00–08.30.
    assert ticket.response_due_at == end_of_minute(wib(2026, 3, 9, 8, 30))
    assert ticket.resolution_due_at == end_of_minute(wib(2026, 3, 9, 15, 0))  # Saturday and Sunday are not working days
    # 75% of the 7 working hours (Fri 15.00–15.30 = 0.5 h, Mon 08.00–15.00 less the break = 6.5 h) = 5.25 h: 0.5 h on
    # Friday, then Monday 08.00–12.00 (4 h) and 12.30–13.15 (0.75 h).
    assert ticket.at_risk_at == wib(2026, 3, 9, 13, 15)


@freeze_time("2026-12-23 03:00:00")  # Wednesday 10.00 WIB
def test_report_before_christmas_skips_cuti_bersama_christmas_and_the_weekend(org):
    ticket = web_ticket(org, received_at=wib(2026, 12, 23, 10, 0))

    # Thu 24 Dec cuti bersama, Fri 25 Dec Natal, then the weekend: the next working day is Monday 28 December.
    assert ticket.resolution_due_at == end_of_minute(wib(2026, 12, 28, 10, 0))
    assert ticket.response_due_at == end_of_minute(wib(2026, 12, 23, 11, 0))


@pytest.mark.parametrize(
    ("responded", "state"),
    [((10, 0, 59), "met"), ((10, 1, 0), "missed")],
)
def test_a_response_within_the_due_minute_shown_meets_the_target(org, agent, responded, state):
    """Pasal 9 ayat 2 response target, shown to the minute: received 09.00.30, one working hour, due "10.00";
    a response at 10.00.59 meets it, one at 10.01.00 misses it (the page and the clock agree)."""
    with freeze_time(wib(2026, 3, 6, 9, 0, 30)):  # Friday
        ticket = web_ticket(org, received_at=wib(2026, 3, 6, 9, 0, 30))
    assert ticket.response_due_at.astimezone(WIB).strftime("%H.%M") == "10.00"
    with freeze_time(wib(2026, 3, 6, *responded)):
        assert sla.state(ticket).response_state == ("on_track" if state == "met" else "breached")
        tickets.ticket_take(ticket=ticket, version=ticket.version, by=agent)
    assert sla.state(Ticket.objects.get(pk=ticket.pk)).response_state == state


def test_a_pause_over_the_weekend_counts_only_the_working_time_waited(org, agent):
    with freeze_time(wib(2026, 3, 6, 9, 0)):  # Friday
        ticket = web_ticket(org, received_at=wib(2026, 3, 6, 9, 0), classification={"urgency": "medium"})
        due_before = ticket.resolution_due_at  # sedang: 3 working days → Wednesday 11 March 09.00
        assert due_before == end_of_minute(wib(2026, 3, 11, 9, 0))
    with freeze_time(wib(2026, 3, 6, 14, 0)):
        tickets.ticket_reply(ticket=ticket, version=ticket.version, by=agent, body="Kirim tangkapan layar.", wait=True)
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.WAITING and ticket.paused_at == wib(2026, 3, 6, 14, 0)
    assert ticket.clock.paused

    with freeze_time(wib(2026, 3, 9, 9, 0)):  # Monday
        tickets.ticket_resume(ticket=ticket, version=ticket.version, by=agent)
    ticket.refresh_from_db()

    # Waited, in Ramadan hours: Friday 14.00–15.30 (1.5 h) + Monday 08.00–09.00 (1 h) = 2.5 h; the weekend is not
    # counted.
    assert ticket.paused_total == datetime.timedelta(hours=2, minutes=30)
    assert ticket.paused_at is None and ticket.status == Ticket.Status.IN_PROGRESS
    # Due moves on by 2.5 working hours from Wednesday 09.00 → Wednesday 11.30 (before the 12.00 break).
    assert ticket.resolution_due_at == end_of_minute(wib(2026, 3, 11, 11, 30))


def test_pausing_often_moves_the_due_time_by_the_time_waited_not_a_minute_more_each_time(org, agent):
    """The due time is rounded to the minute shown once, from the exact target plus everything waited: three pauses
    of 20 seconds move Wednesday 09.00 by one minute (60 s waited), not three."""
    with freeze_time(wib(2026, 3, 9, 9, 0)):  # Monday
        ticket = web_ticket(org, received_at=wib(2026, 3, 9, 9, 0), classification={"urgency": "medium"})
        assert ticket.resolution_due_at == end_of_minute(wib(2026, 3, 12, 9, 0))  # sedang: 3 working days
    start = wib(2026, 3, 9, 10, 0)
    for pause in range(3):
        paused_at = start + datetime.timedelta(minutes=pause)
        with freeze_time(paused_at):
            tickets.ticket_reply(ticket=ticket, version=ticket.version, by=agent, body="Mohon data.", wait=True)
        ticket.refresh_from_db()
        with freeze_time(paused_at + datetime.timedelta(seconds=20)):
            tickets.ticket_resume(ticket=ticket, version=ticket.version, by=agent)
        ticket.refresh_from_db()
    assert ticket.paused_total == datetime.timedelta(seconds=60)
    assert ticket.resolution_due_at == end_of_minute(wib(2026, 3, 12, 9, 1))


def test_reopening_a_resolved_ticket_resumes_its_clock_without_counting_the_time_it_was_resolved(org, agent):
    with freeze_time(wib(2026, 3, 2, 8, 0)):  # Monday
        ticket = web_ticket(org, received_at=wib(2026, 3, 2, 8, 0), classification={"urgency": "medium"})
        assert ticket.resolution_due_at == end_of_minute(wib(2026, 3, 5, 8, 0))
        tickets.ticket_take(ticket=ticket, version=ticket.version, by=agent)
        ticket.refresh_from_db()
    with freeze_time(wib(2026, 3, 2, 10, 0)):
        tickets.ticket_resolve(ticket=ticket, version=ticket.version, by=agent, resolution="Bersihkan cache.")
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.RESOLVED and ticket.clock.state == "met"

    with freeze_time(wib(2026, 3, 3, 9, 0)):  # Tuesday
        tickets.ticket_reopen(ticket=ticket, version=ticket.version, by=agent, reason="Masih galat.")
    ticket.refresh_from_db()

    # In Ramadan hours: resolved Monday 10.00–15.00 less the 12.00–12.30 break (4.5 h) + Tuesday 08.00–09.00 (1 h)
    # = 5.5 h not counted.
    assert ticket.status == Ticket.Status.IN_PROGRESS and ticket.reopened_count == 1
    assert ticket.paused_total == datetime.timedelta(hours=5, minutes=30)
    assert ticket.resolved_at is None and ticket.closes_at is None
    # Thursday 08.00 + 5.5 working hours: 08.00–12.00 (4 h), then 12.30–14.00.
    assert ticket.resolution_due_at == end_of_minute(wib(2026, 3, 5, 14, 0))


# --- lifecycle and stale versions --------------------------------------------------------------------------------
def test_lifecycle_recorded_in_progress_waiting_resolved_closed(org, agent):
    ticket = web_ticket(org, received_at=None)
    assert ticket.status == Ticket.Status.RECORDED and ticket.responded_at is None

    tickets.ticket_take(ticket=ticket, version=ticket.version, by=agent)
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.IN_PROGRESS and ticket.assignee == agent
    assert ticket.responded_at is not None

    tickets.ticket_wait(ticket=ticket, version=ticket.version, by=agent)
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.WAITING and ticket.paused_at is not None

    tickets.ticket_resolve(ticket=ticket, version=ticket.version, by=agent, resolution="Gunakan Apendo 4.")
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.RESOLVED and ticket.paused_at is None and ticket.closes_at is not None
    assert ticket.messages.filter(kind=Message.Kind.TO_REPORTER, body="Gunakan Apendo 4.").exists()

    tickets.ticket_mark_informed(ticket=ticket, version=ticket.version, by=agent)
    tickets.ticket_close(ticket=ticket, version=ticket.version + 1, by=agent, reason="Dikonfirmasi via telepon")
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.CLOSED and ticket.reporter_informed_at and ticket.closed_at


def test_a_change_on_a_stale_version_is_refused_and_changes_nothing(org, agent, head):
    ticket = web_ticket(org, received_at=None)
    seen = ticket.version
    tickets.ticket_take(ticket=ticket, version=seen, by=agent)

    with pytest.raises(ValidationError) as refused:
        tickets.ticket_close(ticket=ticket, version=seen, by=head, reason="Duplikat")

    assert refused.value.code == "stale"
    assert "Someone else changed this ticket" in refused.value.messages[0]
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.IN_PROGRESS and ticket.closed_at is None


def test_resolving_without_a_solution_is_refused(org, agent):
    ticket = web_ticket(org, received_at=None)
    with pytest.raises(ValidationError, match="Write the solution"):
        tickets.ticket_resolve(ticket=ticket, version=ticket.version, by=agent, resolution="  ")
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.RECORDED


# --- escalation --------------------------------------------------------------------------------------------------
def test_lkpp_escalation_goes_to_eproc_before_teknis_and_records_the_answer(org, agent):
    ticket = web_ticket(org, received_at=None)

    with pytest.raises(ValidationError, match="Helpdesk Eproc LKPP first"):
        escalations.ticket_escalate_lkpp(
            ticket=ticket, version=ticket.version, by=agent, kind="lkpp_technical", reason="Galat server"
        )
    eproc = escalations.ticket_escalate_lkpp(
        ticket=ticket, version=ticket.version, by=agent, kind="lkpp_eproc", reason="Galat", reference="E-77"
    )
    ticket.refresh_from_db()
    with pytest.raises(ValidationError, match="already waiting"):
        escalations.ticket_escalate_lkpp(
            ticket=ticket, version=ticket.version, by=agent, kind="lkpp_eproc", reason="Lagi"
        )

    escalations.escalation_record_answer(escalation=eproc, by=agent, answer="Diteruskan ke Teknis")
    eproc.refresh_from_db()
    assert eproc.answer == "Diteruskan ke Teknis" and eproc.answered_at is not None
    ticket.refresh_from_db()
    technical = escalations.ticket_escalate_lkpp(
        ticket=ticket, version=ticket.version, by=agent, kind="lkpp_technical", reason="Galat server"
    )
    assert technical.kind == Escalation.Kind.LKPP_TECHNICAL
    with pytest.raises(ValidationError, match="already recorded"):
        escalations.escalation_record_answer(escalation=eproc, by=agent, answer="lagi")


def test_internal_escalation_goes_to_the_next_role_up(org, agent):
    ticket = web_ticket(org, received_at=None)
    tickets.ticket_take(ticket=ticket, version=ticket.version, by=agent)
    ticket.refresh_from_db()

    escalation = escalations.ticket_escalate_internal(
        ticket=ticket, version=ticket.version, by=agent, reason="Perlu keputusan"
    )

    # agent → Kepala LPSE: the organisation's supervisor chain, whose default follows Perwali 41/2024 annex 2.4 b
    assert escalation.to_role == "lpse_head"
    ticket.refresh_from_db()
    assert ticket.assigned_role == "lpse_head"
    # and from the Kepala LPSE to the Koordinator LPSE, where it stays
    for expected in ("lpse_coordinator", "lpse_coordinator"):
        escalation = escalations.ticket_escalate_internal(
            ticket=ticket, version=ticket.version, by=agent, reason="Naik lagi"
        )
        ticket.refresh_from_db()
        assert escalation.to_role == expected == ticket.assigned_role


def test_internal_escalation_follows_the_chain_the_organisation_set(org, agent, lpse_head):
    # Given an organisation whose helpdesk agents answer to the Koordinator LPSE directly
    own_roles.role_supervisor_set(organization=org, role="helpdesk_agent", supervisor="lpse_coordinator", by=lpse_head)
    ticket = web_ticket(org, received_at=None)
    tickets.ticket_take(ticket=ticket, version=ticket.version, by=agent)
    ticket.refresh_from_db()

    escalation = escalations.ticket_escalate_internal(
        ticket=ticket, version=ticket.version, by=agent, reason="Perlu keputusan"
    )

    assert escalation.to_role == "lpse_coordinator"


# --- sweeps ------------------------------------------------------------------------------------------------------
def test_auto_close_closes_resolved_tickets_past_their_waiting_time_only(org):
    now = wib(2026, 3, 10, 10, 0)
    due = make_ticket(org, status=Ticket.Status.RESOLVED, resolution="x", closes_at=now - datetime.timedelta(hours=1))
    later = make_ticket(org, status=Ticket.Status.RESOLVED, resolution="x", closes_at=now + datetime.timedelta(hours=1))
    open_one = make_ticket(org, closes_at=now - datetime.timedelta(hours=1))

    assert tickets.tickets_auto_close(now=now) == 1

    due.refresh_from_db(), later.refresh_from_db(), open_one.refresh_from_db()
    assert due.status == Ticket.Status.CLOSED and due.closed_at == now
    assert due.messages.filter(kind=Message.Kind.SYSTEM, body__startswith="Closed automatically").exists()
    assert later.status == Ticket.Status.RESOLVED and open_one.status == Ticket.Status.RECORDED
    assert tickets.tickets_auto_close(now=now) == 0


def test_at_risk_sweep_escalates_a_running_ticket_once_and_leaves_paused_ones(org, agent):
    now = wib(2026, 3, 10, 10, 0)
    at_risk = make_ticket(org, status=Ticket.Status.IN_PROGRESS, assignee=agent)
    Ticket.objects.filter(pk=at_risk.pk).update(at_risk_at=now - datetime.timedelta(minutes=1))
    paused = make_ticket(org, status=Ticket.Status.WAITING, paused_at=now - datetime.timedelta(hours=2))
    Ticket.objects.filter(pk=paused.pk).update(at_risk_at=now - datetime.timedelta(minutes=1))
    fine = make_ticket(org)
    Ticket.objects.filter(pk=fine.pk).update(at_risk_at=now + datetime.timedelta(hours=1))

    assert escalations.tickets_escalate_at_risk(now=now) == 1
    assert escalations.tickets_escalate_at_risk(now=now) == 0

    at_risk.refresh_from_db()
    assert at_risk.assigned_role == "lpse_head" and at_risk.at_risk_escalated_at == now  # the agent's supervisor
    assert list(at_risk.escalations.values_list("automatic", "kind")) == [(True, "internal")]
    assert not paused.escalations.exists() and not fine.escalations.exists()
