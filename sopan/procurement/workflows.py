"""The package's status machine (issue 17 §2): planning → preparation → selection_preparation → selection → contract
→ handed_over, cancelled from any stage before the end. Each transition names the steps of Pagar Alam's SOPs it
completes (step keys of `sop/catalogue/pagar-alam/*.yaml`, printed numbers in comments):

- Persiapan Pengadaan (`persiapan-pengadaan`, procedure "procurement_preparation");
- Persiapan Pemilihan Penyedia (`persiapan-pemilihan-penyedia`, procedure "procurement_selection_preparation");
- Proses Utama PBJ (`proses-utama-pbj`, procedure "procurement_main").

The steps inside Persiapan Pemilihan (request, Pokja, review rounds, methods, schedule) keep the status
`selection_preparation`: they are transitions from that status to itself, so each still goes through
`Workflow.apply` (permission, guard, the version the person saw, the audit event, the SOP step).
"""

from __future__ import annotations

import dataclasses

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from sopan.core.workflow import Transition, Workflow
from sopan.procurement import policies
from sopan.procurement.models import Milestone, Package, PreparationDocument, Review
from sopan.sop.api import StepDone

S = Package.Status
PREPARATION = "procurement_preparation"
SELECTION_PREPARATION = "procurement_selection_preparation"
MAIN = "procurement_main"

# Persiapan Pengadaan steps 5 "b", 8 and 9 (HPS and draft contract set, the preparation documents set): recorded,
# and the case finished, when the PPK requests the selection (`stages.package_request_selection`).
PREPARATION_ENDS_WITH_REQUEST = (
    StepDone("susun-hps-rancangan-kontrak", exit="b"),
    StepDone("tetapkan-spesifikasi-hps-kontrak"),
    StepDone("tetapkan-dokumen-persiapan"),
)

# --- guards (the package row is locked by the service) --------------------------------------------------------------


def _documents_missing(package, status=None) -> str | None:
    found = {d.kind: d.status for d in package.preparation_documents.all()}
    missing = [kind for kind in PreparationDocument.Kind if kind not in found]
    if missing:
        return _("These preparation documents are still missing: %(documents)s.") % {
            "documents": ", ".join(str(kind.label) for kind in missing)
        }
    return None


def _has_request(package) -> str | None:
    if not hasattr(package, "selection_request"):
        return _("The commitment officer (PPK) has not requested the selection yet.")
    return None


def _no_pokja_yet(package) -> str | None:
    if problem := _has_request(package):
        return problem
    if _has_active_pokja(package):
        return _("A selection working group is already appointed for this package.")
    return None


# The guards read the records through `.all()`: on the package's page they are already read (selectors_stages.
# with_records), so offering the transitions asks the database nothing; on a service's locked row `.all()` reads them.
def _has_active_pokja(package) -> bool:
    return any(assignment.is_active for assignment in package.pokja_assignments.all())


def last_review(package) -> Review | None:
    return max(package.reviews.all(), key=lambda review: review.round, default=None)


def _awaiting_review(package) -> str | None:
    if not _has_active_pokja(package):
        return _("No selection working group is appointed for this package yet.")
    review = last_review(package)
    if review is None or (review.outcome == Review.Outcome.RETURNED and review.resubmitted_at is not None):
        return None
    if review.outcome == Review.Outcome.COMPLETE:
        return _("The preparation documents were already found complete.")
    return _("The documents were returned to the commitment officer (PPK) and are not resubmitted yet.")


def _returned(package) -> str | None:
    review = last_review(package)
    if review is None or review.outcome != Review.Outcome.RETURNED or review.resubmitted_at is not None:
        return _("The selection working group has not returned the documents for correction.")
    return None


def _review_complete(package) -> str | None:
    review = last_review(package)
    if review is None or review.outcome != Review.Outcome.COMPLETE:
        return _("The selection working group must first find the preparation documents complete.")
    if hasattr(package, "selection_plan"):
        return _("The methods are already decided.")
    return None


def _methods_decided(package) -> str | None:
    if not hasattr(package, "selection_plan"):
        return _("Decide the selection methods first.")
    return None


def _scheduled(package) -> str | None:
    if problem := _methods_decided(package):
        return problem
    if not package.selection_plan.has_schedule:
        return _("Set the selection schedule first.")
    return None


def _milestone(kind, needs=None):
    def guard(package) -> str | None:
        kinds = {milestone.kind for milestone in package.milestone_records.all()}
        if needs and needs not in kinds:
            return _("Record the %(milestone)s first.") % {"milestone": Milestone.Kind(needs).label}
        if kind in kinds:
            return _("The %(milestone)s is already recorded.") % {"milestone": Milestone.Kind(kind).label}
        return None

    return guard


# --- the flow -------------------------------------------------------------------------------------------------------
SP = (S.SELECTION_PREPARATION,)


def _t(name, source, target, allowed, audit, *, procedure="", steps=(), guard=None, finish=False, label=""):
    return Transition(
        name,
        source=source,
        target=target,
        allowed=allowed,
        guard=guard,
        procedure=procedure,
        sop_steps=steps,
        finish=finish,
        audit=audit,
        label=label,
    )


PACKAGE_FLOW = Workflow(
    field="status",
    transitions=[
        # Persiapan Pengadaan 3: the PPK hands over the specification/KAK, HPS and draft contract for approval.
        _t("submit_preparation", (S.PLANNING,), S.PREPARATION, policies.can_prepare_package,
           "procurement.package.preparation_submitted", procedure=PREPARATION, guard=_documents_missing,
           steps=(StepDone("reviu-spesifikasi-rab"),), label=_l("Submit the preparation")),
        # Persiapan Pengadaan 4: the PA/KPA approves.
        _t("approve_preparation", (S.PREPARATION,), S.SELECTION_PREPARATION, policies.can_approve_preparation,
           "procurement.package.preparation_approved", procedure=PREPARATION, guard=_documents_missing,
           steps=(StepDone("setujui-spesifikasi-rab"),), label=_l("Approve the preparation")),
        # Persiapan Pemilihan 2: the PPK requests the selection (the six items).
        _t("request_selection", SP, S.SELECTION_PREPARATION, policies.can_prepare_package,
           "procurement.package.selection_requested", procedure=SELECTION_PREPARATION,
           steps=(StepDone("sampaikan-permintaan-pemilihan"),), label=_l("Request the selection")),
        # Persiapan Pemilihan 3: the Kepala UKPBJ appoints the Pokja Pemilihan by decree.
        _t("assign_pokja", SP, S.SELECTION_PREPARATION, policies.can_assign_pokja,
           "procurement.package.pokja_assigned", procedure=SELECTION_PREPARATION, guard=_no_pokja_yet,
           steps=(StepDone("tetapkan-pokja-pemilihan"),), label=_l("Appoint the selection working group")),
        # Persiapan Pemilihan 4 "b": not complete, returned to the PPK.
        _t("return_documents", SP, S.SELECTION_PREPARATION, policies.is_pokja_member,
           "procurement.package.documents_returned", procedure=SELECTION_PREPARATION, guard=_awaiting_review,
           steps=(StepDone("reviu-dokumen-persiapan", exit="b"),), label=_l("Return to the PPK")),
        # Persiapan Pemilihan 5: the PPK corrects the documents and hands them to the Pokja again.
        _t("resubmit_documents", SP, S.SELECTION_PREPARATION, policies.can_prepare_package,
           "procurement.package.documents_resubmitted", procedure=SELECTION_PREPARATION, guard=_returned,
           steps=(StepDone("perbaiki-dokumen-persiapan"),), label=_l("Resubmit the documents")),
        # Persiapan Pemilihan 4 "a": complete.
        _t("complete_review", SP, S.SELECTION_PREPARATION, policies.is_pokja_member,
           "procurement.package.review_completed", procedure=SELECTION_PREPARATION, guard=_awaiting_review,
           steps=(StepDone("reviu-dokumen-persiapan", exit="a"),), label=_l("Documents complete")),
        # Persiapan Pemilihan 6: the four methods.
        _t("decide_methods", SP, S.SELECTION_PREPARATION, policies.is_pokja_member,
           "procurement.package.methods_decided", procedure=SELECTION_PREPARATION, guard=_review_complete,
           steps=(StepDone("tetapkan-metode-pemilihan"),), label=_l("Decide the methods")),
        # Persiapan Pemilihan 7: the schedule.
        _t("set_schedule", SP, S.SELECTION_PREPARATION, policies.is_pokja_member,
           "procurement.package.schedule_set", procedure=SELECTION_PREPARATION, guard=_methods_decided,
           steps=(StepDone("tetapkan-jadwal-pemilihan"),), label=_l("Set the schedule")),
        # Persiapan Pemilihan 8–9: the selection document is set, the selection starts (announced in SPSE).
        _t("start_selection", SP, S.SELECTION, policies.is_pokja_member,
           "procurement.package.selection_started", procedure=SELECTION_PREPARATION, guard=_scheduled,
           steps=(StepDone("tetapkan-dokumen-pemilihan"),), finish=True, label=_l("Start the selection")),
        # Proses Utama 5: the Pokja records the selection result (Berita Acara Hasil Pemilihan).
        _t("record_selection_result", (S.SELECTION,), S.SELECTION, policies.is_pokja_member,
           "procurement.package.selection_result_recorded", procedure=MAIN,
           guard=_milestone(Milestone.Kind.SELECTION_RESULT), steps=(StepDone("laksanakan-pemilihan"),),
           label=_l("Record the selection result")),
        # Proses Utama 6: the PPK issues the SPPBJ, then signs the contract.
        _t("record_sppbj", (S.SELECTION,), S.SELECTION, policies.can_prepare_package,
           "procurement.package.sppbj_recorded",
           guard=_milestone(Milestone.Kind.SPPBJ, Milestone.Kind.SELECTION_RESULT),
           label=_l("Record the SPPBJ")),
        _t("record_contract", (S.SELECTION,), S.CONTRACT, policies.can_prepare_package,
           "procurement.package.contract_recorded", procedure=MAIN,
           guard=_milestone(Milestone.Kind.CONTRACT, Milestone.Kind.SPPBJ), steps=(StepDone("kelola-kontrak"),),
           label=_l("Record the contract")),
        # Proses Utama 7–8: the work is handed over (BAST); the main process ends.
        _t("record_handover", (S.CONTRACT,), S.HANDED_OVER, policies.can_prepare_package,
           "procurement.package.handed_over", procedure=MAIN, guard=_milestone(Milestone.Kind.HANDOVER),
           steps=(StepDone("terima-hasil-pekerjaan"),), finish=True, label=_l("Record the handover (BAST)")),
        _t("cancel", (S.PLANNING, S.PREPARATION, S.SELECTION_PREPARATION, S.SELECTION, S.CONTRACT), S.CANCELLED,
           policies.can_cancel_package, "procurement.package.cancelled", label=_l("Cancel the package")),
    ],
)  # fmt: skip


# --- the SPSE import (issue 17 §1) ----------------------------------------------------------------------------------
# SPSE owns the tender data: an import records its milestones through the same transitions, with the same source and
# target, guard, SOP steps and audit code, under the name "<name>_spse". Only who may take them differs: the holder of
# `procurement.import_spse` (the Kepala UKPBJ, the Jabfung PPBJ), since the fact is SPSE's, not an act of the Pokja or
# the PPK in Sopan. They have no label, so the package page never offers them as buttons.
SPSE_SOURCES = ("start_selection", "record_selection_result", "record_sppbj", "record_contract", "record_handover")


def spse_name(name: str) -> str:
    return f"{name}_spse"


PACKAGE_FLOW.transitions.extend(
    dataclasses.replace(PACKAGE_FLOW.get(name), name=spse_name(name), allowed=policies.can_import_spse, label="")
    for name in SPSE_SOURCES
)
