"""The status machines of the module, with the steps of Salatiga's SOPs each transition completes (seed
000_729748c6379285cf.txt; catalogue sopan/sop/catalogue/salatiga/*.yaml).

Prosedur Pengelolaan Pendukung Layanan (`service_supplier_management`, a case per contract): registering a contract is
steps 1 (the supplier's name after the procurement), 2 (is it on the list? a: no, b: yes), 3 (a new supplier entered)
and 4 (the data updated with KAK, Kontrak, NDA: the end) — services.contracts.contract_register.

Prosedur Pemantauan Kinerja Pendukung Layanan (`service_supplier_monitoring`, a case per evaluation):
- submit = steps 1 (the list and its documents checked; first round) and 2 (the Lembar Evaluasi filled and given to
  the Kepala LPSE);
- approve = steps 3 (the Kepala LPSE receives it) and 4, exit "Disetujui";
- evaluate_again = steps 3 and 4, exit "Evaluasi ulang": back to step 2, a new round;
- document = step 5 (the result documented; a procurement proposal when the contract is replaced): the end.

Prosedur Usulan Pengadaan (`procurement_proposal`, a case per proposal):
- submit = steps 1–2 (the user's needs description, given to the Pengelola);
- existing = step 3 exit a and step 8 (already owned: use what exists; the end);
- not_existing = step 3 exit b;
- send_kak = steps 4 (budget approved, KAK drafted) and 5 (KAK sent to the user);
- review_kak = step 6 (the user checks and corrects the KAK);
- propose = step 7 (the proposal submitted: the end of the SOP);
- approve = the Kepala LPSE's approval, which the SOP does not draw (no step): it lets the proposal become a package.
"""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sopan.core.workflow import Transition, Workflow
from sopan.sop.api import StepDone
from sopan.suppliers import policies
from sopan.suppliers.models import Evaluation, Proposal

MANAGEMENT = "service_supplier_management"
MONITORING = "service_supplier_monitoring"
PROPOSAL = "procurement_proposal"

MANAGEMENT_STEPS = frozenset(
    {"terima-nama-pendukung-layanan", "periksa-daftar-supplier", "masukkan-pendukung-layanan-baru",
     "update-data-pendukung-layanan"}
)  # fmt: skip
MONITORING_STEPS = frozenset(
    {"periksa-daftar-pendukung-layanan", "evaluasi-pendukung-layanan", "terima-hasil-evaluasi",
     "setujui-hasil-evaluasi", "dokumentasikan-hasil-evaluasi"}
)  # fmt: skip
PROPOSAL_STEPS = frozenset(
    {"buat-deskripsi-kebutuhan", "sampaikan-deskripsi-kebutuhan", "periksa-ketersediaan", "susun-kak", "kirim-kak",
     "periksa-kak", "ajukan-usulan-pengadaan", "sarankan-barang-jasa-ada"}
)  # fmt: skip

E = Evaluation.Status
P = Proposal.Status


def _manager(user, obj) -> bool:
    return policies.can_manage(user, obj)


def _approver(user, obj) -> bool:
    return policies.can_approve(user, obj)


EVALUATION_FLOW = Workflow(
    field="status",
    transitions=[
        Transition("submit", source=(E.DRAFT,), target=E.SUBMITTED, allowed=_manager, procedure=MONITORING,
                   sop_steps=(StepDone("evaluasi-pendukung-layanan"),), audit="suppliers.evaluation.submitted",
                   label=_("Submit to the Kepala LPSE")),
        Transition("approve", source=(E.SUBMITTED,), target=E.APPROVED, allowed=_approver, procedure=MONITORING,
                   sop_steps=(StepDone("terima-hasil-evaluasi"), StepDone("setujui-hasil-evaluasi", exit="Disetujui")),
                   audit="suppliers.evaluation.approved", label=_("Approve the evaluation")),
        Transition("evaluate_again", source=(E.SUBMITTED,), target=E.DRAFT, allowed=_approver, procedure=MONITORING,
                   sop_steps=(StepDone("terima-hasil-evaluasi"),
                              StepDone("setujui-hasil-evaluasi", exit="Evaluasi ulang")),
                   audit="suppliers.evaluation.returned", label=_("Ask for another evaluation"),
                   style="btn-outline-secondary"),
        Transition("document", source=(E.APPROVED,), target=E.DOCUMENTED, allowed=_manager, procedure=MONITORING,
                   sop_steps=(StepDone("dokumentasikan-hasil-evaluasi"),), finish=True,
                   audit="suppliers.evaluation.documented", label=_("Document the result")),
    ],
)  # fmt: skip


def _has_budget_and_kak(proposal) -> str | None:
    if not proposal.budget:
        return gettext("Give the budget before sending the KAK.")
    if not proposal.budget_approved:
        return gettext("The budget must be approved before the KAK is drafted (SOP step 4).")
    if not proposal.kak.strip():
        return gettext("Write the KAK before sending it.")
    return None


def _has_asset_check(proposal) -> str | None:
    if not proposal.asset_check.strip():
        return gettext("Write what was checked among the existing assets.")
    return None


def _has_review(proposal) -> str | None:
    if not proposal.kak_review.strip():
        return gettext("Write the result of the KAK review.")
    return None


PROPOSAL_FLOW = Workflow(
    field="status",
    transitions=[
        Transition("submit", source=(P.DRAFT,), target=P.SUBMITTED, allowed=_manager, procedure=PROPOSAL,
                   sop_steps=(StepDone("buat-deskripsi-kebutuhan"), StepDone("sampaikan-deskripsi-kebutuhan")),
                   audit="suppliers.proposal.submitted", label=_("Submit the needs description")),
        Transition("existing", source=(P.SUBMITTED,), target=P.EXISTING, allowed=_manager, guard=_has_asset_check,
                   procedure=PROPOSAL, finish=True,
                   sop_steps=(StepDone("periksa-ketersediaan", exit="a"), StepDone("sarankan-barang-jasa-ada")),
                   audit="suppliers.proposal.met_by_existing", label=_("Already owned: use what exists"),
                   style="btn-outline-secondary"),
        Transition("not_existing", source=(P.SUBMITTED,), target=P.KAK_DRAFTING, allowed=_manager,
                   guard=_has_asset_check, procedure=PROPOSAL,
                   sop_steps=(StepDone("periksa-ketersediaan", exit="b"),),
                   audit="suppliers.proposal.not_owned", label=_("Not owned: draft the KAK")),
        Transition("send_kak", source=(P.KAK_DRAFTING,), target=P.KAK_REVIEW, allowed=_manager,
                   guard=_has_budget_and_kak, procedure=PROPOSAL,
                   sop_steps=(StepDone("susun-kak"), StepDone("kirim-kak")),
                   audit="suppliers.proposal.kak_sent", label=_("Send the KAK for review")),
        Transition("review_kak", source=(P.KAK_REVIEW,), target=P.READY, allowed=_manager, guard=_has_review,
                   procedure=PROPOSAL, sop_steps=(StepDone("periksa-kak"),),
                   audit="suppliers.proposal.kak_reviewed", label=_("Record the KAK review")),
        Transition("propose", source=(P.READY,), target=P.PROPOSED, allowed=_manager, procedure=PROPOSAL,
                   sop_steps=(StepDone("ajukan-usulan-pengadaan"),), finish=True,
                   audit="suppliers.proposal.proposed", label=_("Submit the procurement proposal")),
        Transition("approve", source=(P.PROPOSED,), target=P.APPROVED, allowed=_approver,
                   audit="suppliers.proposal.approved", label=_("Approve the proposal")),
    ],
)  # fmt: skip
