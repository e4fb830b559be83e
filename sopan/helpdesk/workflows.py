"""The ticket's status machine: recorded → in progress ⇄ waiting for the reporter → resolved → closed, and reopen.

A telephone ticket is also a case of the procedure `telephone_helpdesk` (SOP Penanganan Permasalahan Pengguna SPSE
melalui Telepon, step keys of `sop/catalogue/batang/penanganan-permasalahan-telepon.yaml`, printed numbers in
comments). Its first steps are recorded when the call is recorded (`services.tickets.ticket_create`: steps 2, 3, 5 and
8 or 6); resolving it records the solution (step 6) and the archiving of the consultation form (step 7). Tickets of
the other channels follow the same machine without an SOP trace: the SOP is the telephone's.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sopan.core.workflow import Transition, Workflow
from sopan.helpdesk import policies
from sopan.helpdesk.models import Channel, Ticket
from sopan.sop.api import StepDone

S = Ticket.Status
PROCEDURE = "telephone_helpdesk"

# Steps recorded when a call is recorded (seed steps 1–3: the caller called, the call answered, the form filled),
# then the decision of step 5.
CALL_TAKEN = (StepDone("hubungi-helpdesk"), StepDone("terima-telepon"), StepDone("catat-identitas-masalah"))
ANSWERED_ON_THE_SPOT = (StepDone("dapat-dijawab", exit="Ya"),)
NOT_ANSWERED = (StepDone("dapat-dijawab", exit="Tidak"), StepDone("beri-nomor-tiket"))  # step 8: numbers given
# Step 6 (the solution, written in the consultation form) and step 7 (the form archived, SOP Pengarsipan Berkas).
SOLUTION = (StepDone("beri-solusi"), StepDone("arsipkan-formulir"))


def _has_resolution(ticket) -> str | None:
    if not ticket.resolution.strip():
        return _("Write the solution given to the reporter.")
    return None


_handle = policies.can_handle_ticket

# The desk's moves while the ticket is worked on (take, wait and resume are the ticket page's buttons).
HANDLING = [
    Transition(
        "take",
        source=(S.RECORDED,),
        target=S.IN_PROGRESS,
        allowed=_handle,
        audit="helpdesk.ticket.taken",
        label=gettext_lazy("Take"),
        style="btn-sopan",
        html_id="ticket-take",
    ),
    Transition(
        "wait",
        source=(S.RECORDED, S.IN_PROGRESS),
        target=S.WAITING,
        allowed=_handle,
        audit="helpdesk.ticket.put_on_hold",
        label=gettext_lazy("Wait for the reporter"),
        style="btn-outline-secondary",
        html_id="ticket-wait",
    ),
    Transition(
        "resume",
        source=(S.WAITING,),
        target=S.IN_PROGRESS,
        allowed=_handle,
        audit="helpdesk.ticket.resumed",
        label=gettext_lazy("Resume (the clock runs again)"),
        style="btn-outline-secondary",
        html_id="ticket-resume",
    ),
    # The reporter answered (web link or e-mail): the clock runs again.
    Transition(
        "reporter_answered",
        source=(S.WAITING,),
        target=S.IN_PROGRESS,
        audit="helpdesk.ticket.reporter_answered",
    ),
]

# Confirmed, closed and reopened: the same for every channel.
CLOSING = [
    # the reporter, by their link
    Transition("confirm", source=(S.RESOLVED,), target=S.CLOSED, audit="helpdesk.ticket.confirmed"),
    # the sweep, after the waiting time
    Transition("auto_close", source=(S.RESOLVED,), target=S.CLOSED, audit="helpdesk.ticket.auto_closed"),
    Transition(
        "close",
        source=(S.RECORDED, S.IN_PROGRESS, S.WAITING, S.RESOLVED),
        target=S.CLOSED,
        allowed=_handle,
        audit="helpdesk.ticket.closed",
    ),
    Transition(
        "reopen",
        source=(S.RESOLVED, S.CLOSED),
        target=S.IN_PROGRESS,
        allowed=_handle,
        audit="helpdesk.ticket.reopened",
    ),
    Transition(
        "reporter_reopened",
        source=(S.RESOLVED, S.CLOSED),
        target=S.IN_PROGRESS,
        audit="helpdesk.ticket.reporter_reopened",
    ),
]


def _flow(with_sop: bool) -> Workflow:
    def steps(*items):
        return items if with_sop else ()

    return Workflow(
        field="status",
        transitions=[
            *HANDLING,
            Transition(
                "resolve",
                source=(S.RECORDED, S.IN_PROGRESS, S.WAITING),
                target=S.RESOLVED,
                allowed=_handle,
                guard=_has_resolution,
                procedure=PROCEDURE,
                sop_steps=steps(*SOLUTION),
                audit="helpdesk.ticket.resolved",
            ),
            # Solved during the call (step 5 "Ya", step 6, step 7).
            Transition(
                "resolve_on_the_spot",
                source=(S.RECORDED,),
                target=S.RESOLVED,
                allowed=policies.can_take_calls,
                guard=_has_resolution,
                procedure=PROCEDURE,
                sop_steps=steps(*ANSWERED_ON_THE_SPOT, *SOLUTION),
                audit="helpdesk.ticket.resolved_on_the_spot",
            ),
            *CLOSING,
        ],
    )


PHONE_FLOW = _flow(with_sop=True)
TICKET_FLOW = _flow(with_sop=False)


def flow_for(ticket) -> Workflow:
    return PHONE_FLOW if ticket.channel == Channel.PHONE else TICKET_FLOW
