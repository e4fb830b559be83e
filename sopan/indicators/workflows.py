"""The status machine of a performance report (models.Report), with the steps of Pagar Alam's SOP Pengelolaan
Kinerja (`pengelolaan-kinerja`) each transition records on the report's case of `unit_performance`:

- submit = steps 13–16: the data compiled (13), analysed with recommendations (14), the report written (15) and
  presented to the Kepala UKPBJ (16);
- approve = step 17, the meeting with the leadership, exit c (the period's time has elapsed: its report is the status
  report of the indicators), which leads to Selesai: the report's case ends. The recommendations approved (exit a)
  are carried on as the next quarter's action plans on the indicators, whose own cases go on at step 11;
- return = the Kepala UKPBJ asks for revision (no step: the SOP draws no return from 17 to 15); the team submits again.

The realisation entered for a quarter records step 12 (laporkan-realisasi) on the indicator's case (services).
"""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sopan.core.workflow import Transition, Workflow
from sopan.indicators import policies
from sopan.indicators.models import Report
from sopan.sop.api import StepDone

S = Report.Status
PROCEDURE = "unit_performance"
REALISATION_STEPS = (StepDone("laksanakan-rencana-aksi"), StepDone("laporkan-realisasi"))
STEP_KEYS = frozenset(
    {"laksanakan-rencana-aksi", "laporkan-realisasi", "olah-data-kinerja", "analisa-rekomendasi",
     "susun-laporan-kinerja", "presentasikan-laporan-kinerja", "rapat-pimpinan"}
)  # fmt: skip


def _manager(user, report) -> bool:
    return policies.can_manage(user, report)


def _approver(user, report) -> bool:
    return policies.can_approve(user, report)


def _has_analysis(report) -> str | None:
    if not report.analysis.strip():
        return gettext("Write the analysis of the achievements before submitting the report.")
    return None


REPORT_FLOW = Workflow(
    field="status",
    transitions=[
        Transition("submit", source=(S.DRAFTED, S.RETURNED), target=S.SUBMITTED, allowed=_manager,
                   guard=_has_analysis, procedure=PROCEDURE, audit="indicators.report.submitted",
                   label=_("Submit to the Kepala UKPBJ"),
                   sop_steps=(StepDone("olah-data-kinerja"), StepDone("analisa-rekomendasi"),
                              StepDone("susun-laporan-kinerja"), StepDone("presentasikan-laporan-kinerja"))),
        Transition("approve", source=(S.SUBMITTED,), target=S.APPROVED, allowed=_approver, procedure=PROCEDURE,
                   sop_steps=(StepDone("rapat-pimpinan", exit="c"),), finish=True,
                   audit="indicators.report.approved", label=_("Approve the report")),
        Transition("return", source=(S.SUBMITTED,), target=S.RETURNED, allowed=_approver,
                   audit="indicators.report.returned", label=_("Return for revision"),
                   style="btn-outline-secondary"),
    ],
)  # fmt: skip
