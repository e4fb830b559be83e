"""The status machine of a blacklist sanction proposal (issue 18 §3):

    proposed --review--> reviewed --impose--> imposed --report--> reported
        |                    \\--reject--> rejected
        \\--return--> returned --resubmit--> proposed

The SOP steps of Pagar Alam's SOP Pencatatan Kinerja Penyedia are recorded on the CONTRACT's case (procedure
"vendor_performance"), not the proposal's, by the services: step 5 (`kirim-hasil-penilaian`, exit "Ya": the PPK
proposes the sanction to the PA) is recorded by the poor assessment itself (workflows.assessment_steps); step 6
(`beri-sanksi-daftar-hitam`, the PA imposes it) when the PA/KPA imposes a proposal that comes from a contract.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _l

from sopan.core.workflow import Transition, Workflow
from sopan.performance import policies_sanctions as p
from sopan.performance.models_sanctions import SanctionProposal

S = SanctionProposal.Status
IMPOSE_STEP = "beri-sanksi-daftar-hitam"  # SOP Pencatatan Kinerja Penyedia step 6

SANCTION_FLOW = Workflow(
    field="status",
    transitions=[
        Transition("review", source=(S.PROPOSED,), target=S.REVIEWED, allowed=p.can_review,
                   audit="performance.sanction.reviewed", label=_l("Reviewed: send to the PA/KPA")),
        Transition("return", source=(S.PROPOSED,), target=S.RETURNED, allowed=p.can_review,
                   audit="performance.sanction.returned", label=_l("Return to the proposer"),
                   style="btn-outline-secondary"),
        Transition("resubmit", source=(S.RETURNED,), target=S.PROPOSED, allowed=p.can_resubmit,
                   audit="performance.sanction.resubmitted", label=_l("Propose again")),
        Transition("impose", source=(S.REVIEWED,), target=S.IMPOSED, allowed=p.can_decide,
                   audit="performance.sanction.imposed", label=_l("Impose the sanction (SK)"), style="btn-danger"),
        Transition("reject", source=(S.REVIEWED,), target=S.REJECTED, allowed=p.can_decide,
                   audit="performance.sanction.rejected", label=_l("Reject the proposal"),
                   style="btn-outline-secondary"),
        Transition("report", source=(S.IMPOSED,), target=S.REPORTED, allowed=p.can_report,
                   audit="performance.sanction.reported", label=_l("Record the report to LKPP")),
    ],
)  # fmt: skip
