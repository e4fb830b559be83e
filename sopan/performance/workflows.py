"""The contract's status machine and the steps of Pagar Alam's SOP Pencatatan Kinerja Penyedia
(`pencatatan-kinerja-penyedia`, procedure "vendor_performance"; printed numbers in comments):

- the case opens when the contract is recorded (its handover, or the PPK's entry): step 1 (`kirim-undangan-rapat`,
  the PPK invites to the assessment meeting, 1 working day) is the PPK's open task, overdue like any SOP step;
- the assessment records step 3 (`rapat-penilaian-kinerja`, a decision: exit "a" to 3a `scoring-konstruksi`, the four
  aspects; exit "b" to 3b `penilaian-bintang-epurchasing`, the stars), step 4 (`input-penilaian-lpse`) when a SIKaP
  reference is given, and step 5 (`kirim-hasil-penilaian`, the results sent to the Tim UKPBJ; a decision: "Ya" when
  the performance is poor, so the PA/KPA's blacklist sanction (step 6) follows, else "Tidak" to the Tim UKPBJ's
  recapitulation, step 7).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _l

from sopan.core.workflow import Transition, Workflow
from sopan.performance import policies
from sopan.performance.models import Band, Contract
from sopan.sop.api import StepDone

PROCEDURE = "vendor_performance"
STEP_KEYS = frozenset(
    {
        "kirim-undangan-rapat",
        "rapat-penilaian-kinerja",
        "scoring-konstruksi",
        "penilaian-bintang-epurchasing",
        "input-penilaian-lpse",
        "kirim-hasil-penilaian",
        "beri-sanksi-daftar-hitam",  # step 6: the PA/KPA imposes the sanction (workflows_sanctions.py)
    }
)
S = Contract.Status


def assessment_steps(*, e_purchasing: bool, sikap: bool, band: str) -> tuple[StepDone, ...]:
    """The steps an assessment records: 3 "a" + 3a (aspects) or 3 "b" + 3b (stars), 4 with a SIKaP reference, 5."""
    steps = [
        StepDone("rapat-penilaian-kinerja", exit="b" if e_purchasing else "a"),  # step 3
        StepDone("penilaian-bintang-epurchasing" if e_purchasing else "scoring-konstruksi"),  # step 3b / 3a
    ]
    if sikap:
        steps.append(StepDone("input-penilaian-lpse"))  # step 4
    steps.append(StepDone("kirim-hasil-penilaian", exit="Ya" if band == Band.POOR else "Tidak"))  # step 5
    return tuple(steps)


CONTRACT_FLOW = Workflow(
    field="status",
    transitions=[
        # Steps 3–5 are recorded by the service (they depend on the method, the SIKaP reference and the band).
        Transition("assess", source=(S.AWAITING,), target=S.ASSESSED, allowed=policies.can_assess,
                   audit="performance.contract.assessed", label=_l("Record the assessment")),
    ],
)  # fmt: skip
