"""The telephone helpdesk is run as SOP Penanganan Permasalahan Pengguna SPSE melalui Telepon (seed 004): recording a
call records its steps, and the compliance report shows them with their times."""

from __future__ import annotations

import pytest

from sopan.core.testing import run_background_tasks
from sopan.helpdesk.models import Ticket
from sopan.helpdesk.tests import factories
from sopan.helpdesk.tests.factories import committed
from sopan.helpdesk.tickets import services
from sopan.sop import api as sop_api
from sopan.sop.models import StepRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def phone_setup(helpdesk_setup):
    factories.bind_telephone_sop(helpdesk_setup)
    return helpdesk_setup


def _done(ticket) -> dict[str, str]:
    case = sop_api.case_for(ticket, procedure="telephone_helpdesk")
    records = StepRecord.objects.filter(case=case, status=StepRecord.Status.DONE).order_by("completed_at", "pk")
    return {r.step_key: r.exit_label for r in records}


def test_a_call_the_agent_cannot_answer_gets_both_numbers_step_8(phone_setup, helpdesk_agent):
    with committed():
        ticket = services.ticket_create(
            organization=phone_setup,
            channel="phone",
            reporter=factories.reporter(),
            problem=factories.problem(),
            by=helpdesk_agent,
        )

    assert ticket.number.startswith("HD-") and ticket.form_number.startswith("FK-")
    assert ticket.status == Ticket.Status.RECORDED
    assert ticket.responded_at is not None  # the call itself is the follow-up
    done = _done(ticket)
    assert list(done) == [
        "hubungi-helpdesk",
        "terima-telepon",
        "catat-identitas-masalah",
        "dapat-dijawab",
        "beri-nomor-tiket",
    ]
    assert done["dapat-dijawab"] == "Tidak"


def test_a_call_answered_on_the_spot_records_steps_5_6_and_7_and_archives_the_form(phone_setup, helpdesk_agent):
    with committed():
        ticket = services.ticket_create(
            organization=phone_setup,
            channel="phone",
            reporter=factories.reporter(),
            problem=factories.problem(),
            by=helpdesk_agent,
            solution="Gunakan peramban terbaru dan ulangi unggah.",
        )

    with committed():
        run_background_tasks()  # the archive of step 7: the Formulir Konsultasi as a PDF
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.RESOLVED
    assert ticket.solved_on_first_contact and ticket.reporter_informed_at is not None
    done = _done(ticket)
    assert done["dapat-dijawab"] == "Ya"
    assert {"beri-solusi", "arsipkan-formulir"} <= set(done)
    assert "beri-nomor-tiket" not in done
    archived = ticket.attachments.get(content_type="application/pdf")
    assert archived.file.read().startswith(b"%PDF")


def test_a_later_solution_records_step_6_and_the_archive_of_step_7(phone_setup, helpdesk_agent):
    with committed():
        ticket = services.ticket_create(
            organization=phone_setup,
            channel="phone",
            reporter=factories.reporter(),
            problem=factories.problem(),
            by=helpdesk_agent,
        )
    with committed():
        ticket = services.ticket_take(ticket=ticket, version=ticket.version, by=helpdesk_agent)
        ticket = services.ticket_resolve(
            ticket=ticket, version=ticket.version, by=helpdesk_agent, resolution="Cache dibersihkan, berhasil."
        )

    assert {"beri-nomor-tiket", "beri-solusi", "arsipkan-formulir"} <= set(_done(ticket))
    assert ticket.archived_at is not None


def test_web_tickets_have_no_telephone_case(helpdesk_setup):
    with committed():
        ticket = services.ticket_create(
            organization=helpdesk_setup,
            channel="web",
            reporter=factories.reporter(),
            problem=factories.problem(),
            by=None,
        )
    assert sop_api.case_for(ticket, procedure="telephone_helpdesk") is None
    assert ticket.form_number == ""


def test_the_compliance_report_shows_the_telephone_steps_with_their_times(phone_setup, helpdesk_agent, lpse_head):
    from sopan.sop.selectors_compliance import compliance_report_for

    for solution in ("", "Sudah dijelaskan langkahnya."):
        with committed():
            services.ticket_create(
                organization=phone_setup,
                channel="phone",
                reporter=factories.reporter(),
                problem=factories.problem(),
                by=helpdesk_agent,
                solution=solution,
            )

    report = compliance_report_for(lpse_head)

    [section] = [s for s in report.sections if s.title.startswith("SOP Penanganan Permasalahan")]
    rows = {row.step_key: row for row in section.rows}
    assert section.cases == 2
    assert rows["terima-telepon"].done == 2 and rows["catat-identitas-masalah"].done == 2
    assert rows["terima-telepon"].standard  # "10 detik", the mutu baku as printed
    assert rows["catat-identitas-masalah"].median_seconds is not None
    assert rows["beri-nomor-tiket"].done == 1 and rows["arsipkan-formulir"].done == 1
