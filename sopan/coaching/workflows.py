"""The status machine of a coaching programme (models.Programme), with the steps of Pagar Alam's SOP Pembinaan
Pelaku Usaha (`pembinaan-pelaku-usaha`) each transition completes on the programme's case of `vendor_coaching`:

- propose = steps 1–4: the review meeting (1), the plan (2), the strategy document (3) and the proposal to the Kepala
  UKPBJ (4): the programme's draft is those documents;
- approve = step 5, the Kepala UKPBJ's direction to the coaching team; return sends the proposal back (no step: the
  SOP draws no return);
- invite = step 6, the schedule and the invitations;
- hold = step 7, the socialisation; the service also records 7a (sanctioned or poorly performing vendors), 7b (new
  vendors) and 7c (passive vendors) by the criteria that chose the invitees (`criteria.SOP_STEPS`);
- report = step 8, the report to the Kepala UKPBJ through the Kasubag LPSE, which ends the case.
"""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sopan.coaching import policies
from sopan.coaching.models import Programme
from sopan.core.workflow import Transition, Workflow
from sopan.sop.api import StepDone

S = Programme.Status
PROCEDURE = "vendor_coaching"
STEP_KEYS = frozenset(
    {
        "rapat-review-perencanaan",
        "susun-perencanaan-pembinaan",
        "buat-strategi-pembinaan",
        "laporkan-usulan-pembinaan",
        "beri-arahan-tim-pembinaan",
        "susun-jadwal-undangan",
        "lakukan-sosialisasi",
        "bina-pelaku-usaha-bermasalah",
        "bina-pelaku-usaha-baru",
        "bina-pelaku-usaha-pasif",
        "laporkan-hasil-pembinaan",
    }
)
OPEN = (S.DRAFT, S.PROPOSED, S.APPROVED, S.INVITED)


def _manager(user, programme) -> bool:
    return policies.can_manage_programme(user, programme)


def _approver(user, programme) -> bool:
    return policies.can_approve_programme(user, programme)


def _has_strategy(programme) -> str | None:
    if not programme.strategy.strip():
        return gettext("Write the coaching strategy before proposing the programme.")
    return None


def _ready_to_invite(programme) -> str | None:
    if not programme.sessions.exists():
        return gettext("Schedule at least one session before sending the invitations.")
    if not programme.invitations.exists():
        return gettext("Choose the invitees before sending the invitations.")
    return None


def _someone_attended(programme) -> str | None:
    if not programme.invitations.filter(attended_at__isnull=False).exists():
        return gettext("No one has checked in yet: record the attendance before marking the programme held.")
    return None


def _has_report(programme) -> str | None:
    if not programme.report.strip():
        return gettext("Write the report of the results.")
    return None


PROGRAMME_FLOW = Workflow(
    field="status",
    transitions=[
        Transition("propose", source=(S.DRAFT,), target=S.PROPOSED, allowed=_manager, guard=_has_strategy,
                   procedure=PROCEDURE, audit="coaching.programme.proposed", label=_("Propose to the Kepala UKPBJ"),
                   sop_steps=(StepDone("rapat-review-perencanaan"), StepDone("susun-perencanaan-pembinaan"),
                              StepDone("buat-strategi-pembinaan"), StepDone("laporkan-usulan-pembinaan"))),
        Transition("approve", source=(S.PROPOSED,), target=S.APPROVED, allowed=_approver, procedure=PROCEDURE,
                   sop_steps=(StepDone("beri-arahan-tim-pembinaan"),), audit="coaching.programme.approved",
                   label=_("Approve with a direction")),
        Transition("return", source=(S.PROPOSED,), target=S.DRAFT, allowed=_approver,
                   audit="coaching.programme.returned", label=_("Return for revision"),
                   style="btn-outline-secondary"),
        Transition("invite", source=(S.APPROVED,), target=S.INVITED, allowed=_manager, guard=_ready_to_invite,
                   procedure=PROCEDURE, sop_steps=(StepDone("susun-jadwal-undangan"),),
                   audit="coaching.programme.invitations_sent", label=_("Send the invitations")),
        Transition("hold", source=(S.INVITED,), target=S.HELD, allowed=_manager, guard=_someone_attended,
                   procedure=PROCEDURE, sop_steps=(StepDone("lakukan-sosialisasi"),),
                   audit="coaching.programme.held", label=_("Mark as held")),
        Transition("report", source=(S.HELD,), target=S.REPORTED, allowed=_manager, guard=_has_report,
                   procedure=PROCEDURE, sop_steps=(StepDone("laporkan-hasil-pembinaan"),), finish=True,
                   audit="coaching.programme.reported", label=_("Report the results")),
        Transition("cancel", source=OPEN, target=S.CANCELLED, allowed=_manager, audit="coaching.programme.cancelled",
                   label=_("Cancel the programme"), style="btn-outline-danger"),
    ],
)  # fmt: skip
