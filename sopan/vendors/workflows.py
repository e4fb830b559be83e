"""The registration's status machine; each transition names the steps of SOP Rekrutmen dan Registrasi Penyedia it
completes (step keys of `sop/catalogue/pagar-alam/rekrutmen-registrasi-penyedia.yaml`, printed numbers in comments).

Steps an organisation's own SOP does not draw are left out (sop.api), so an LPSE whose SOP has only the desk and
verification steps can still bind it; the five keys the procedure needs are always there.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from sopan.core.workflow import Transition, Workflow
from sopan.sop.api import StepDone
from sopan.vendors import policies
from sopan.vendors.models import Registration

S = Registration.Status
PROCEDURE = "vendor_registration"


def _missing_documents(registration) -> str | None:
    from sopan.vendors.selectors import missing_requirements

    missing = missing_requirements(registration)
    if missing:
        return _("These documents are still missing: %(documents)s.") % {
            "documents": ", ".join(str(r.label) for r in missing)
        }
    return None


def _ready_guard(registration) -> str | None:
    if problem := _missing_documents(registration):
        return problem
    if registration.slot_id is None:
        return _("Choose a verification appointment first.")
    return None


def _approve_guard(registration) -> str | None:
    if problem := _missing_documents(registration):
        return problem
    current = registration.documents.filter(is_current=True).select_related("requirement")
    unchecked = [d for d in current if d.verdict != d.Verdict.MATCHES]
    if unchecked:
        return _("Every document must be checked as matching before approval: %(documents)s.") % {
            "documents": ", ".join(str(d.requirement.label) for d in unchecked)
        }
    return None


def _can_decide(user, registration) -> bool:
    return policies.can_verify(user, registration) and registration.verifier_id == user.pk


REGISTRATION_FLOW = Workflow(
    field="status",
    transitions=[
        # The vendor has filled the forms (steps 2–5), uploaded the berkas and booked a slot (step 6).
        Transition(
            "prepare",
            audit="vendors.registration.prepared",
            source=(S.SUBMITTED,),
            target=S.READY,
            allowed=policies.can_edit_documents,
            guard=_ready_guard,
            procedure=PROCEDURE,
            sop_steps=(
                StepDone("unduh-formulir"),
                StepDone("isi-formulir"),
                StepDone("buat-surat-penunjukan-admin"),
                StepDone("buat-surat-kuasa"),
                StepDone("siapkan-berkas"),
            ),
        ),
        # The front office receives the berkas (7–8), asks whether the online registration was done (9: "Ya") and
        # passes the file to a verifier (11).
        Transition(
            "receive",
            audit="vendors.registration.received",
            source=(S.SUBMITTED, S.READY),
            target=S.RECEIVED,
            allowed=policies.can_work_desk,
            procedure=PROCEDURE,
            sop_steps=(
                StepDone("serahkan-berkas"),
                StepDone("terima-berkas"),
                StepDone("sudah-registrasi-online", exit="Ya"),
                StepDone("serahkan-ke-verifikator"),
            ),
        ),
        # The same for a vendor who registered at the desk (9: "Belum", 10: registration in the bidding room).
        Transition(
            "receive_registered_at_desk",
            audit="vendors.registration.received_registered_at_desk",
            source=(S.SUBMITTED, S.READY),
            target=S.RECEIVED,
            allowed=policies.can_work_desk,
            procedure=PROCEDURE,
            sop_steps=(
                StepDone("serahkan-berkas"),
                StepDone("terima-berkas"),
                StepDone("sudah-registrasi-online", exit="Belum"),
                StepDone("registrasi-bidding-room"),
                StepDone("serahkan-ke-verifikator"),
            ),
        ),
        # A verifier takes the file from the queue (the start of step 12).
        Transition(
            "take",
            audit="vendors.registration.taken",
            source=(S.RECEIVED,),
            target=S.IN_VERIFICATION,
            allowed=policies.can_verify,
        ),
        # Step 12 "Tidak" → step 13: the verifier lists what is missing and returns it to the vendor.
        Transition(
            "request_completion",
            audit="vendors.registration.completion_requested",
            source=(S.IN_VERIFICATION,),
            target=S.COMPLETION_REQUESTED,
            allowed=_can_decide,
            procedure=PROCEDURE,
            sop_steps=(StepDone("verifikasi-berkas", exit="Tidak"), StepDone("minta-kelengkapan")),
        ),
        # Step 13 leads back to 6–7: the vendor completes the berkas and hands it over again (online).
        Transition(
            "resubmit",
            audit="vendors.registration.resubmitted",
            source=(S.COMPLETION_REQUESTED,),
            target=S.IN_VERIFICATION,
            allowed=policies.can_edit_documents,
            guard=_missing_documents,
            procedure=PROCEDURE,
            sop_steps=(StepDone("siapkan-berkas"), StepDone("serahkan-berkas")),
        ),
        # Step 12 "Ya" → step 14: "SETUJU".
        Transition(
            "approve",
            audit="vendors.registration.approved",
            source=(S.IN_VERIFICATION,),
            target=S.APPROVED,
            allowed=_can_decide,
            guard=_approve_guard,
            procedure=PROCEDURE,
            sop_steps=(StepDone("verifikasi-berkas", exit="Ya"), StepDone("setujui")),
        ),
        # A rejection is not drawn in the SOP: the file goes straight to the archive (step 15), and the procedure
        # ends there (step 16), as it does after an approval.
        Transition(
            "reject",
            audit="vendors.registration.rejected",
            source=(S.IN_VERIFICATION, S.COMPLETION_REQUESTED),
            target=S.REJECTED,
            allowed=_can_decide,
            procedure=PROCEDURE,
            sop_steps=(StepDone("arsipkan"),),
            finish=True,
        ),
        # Not verified within the organisation's limit (30 days by default): done by the scheduler.
        Transition(
            "expire",
            audit="vendors.registration.expired",
            source=(S.SUBMITTED, S.READY, S.COMPLETION_REQUESTED),
            target=S.EXPIRED,
        ),
    ],
)

# Step 15 after approval, recorded by the archiving service (the end step 16 follows by itself).
ARCHIVE_STEPS = (StepDone("arsipkan"),)
# Received online (a completion uploaded by the vendor): the desk steps 8, 9 and 11 are done by Sopan itself.
RECEIVED_ONLINE_STEPS = (
    StepDone("terima-berkas", note="online"),
    StepDone("sudah-registrasi-online", exit="Ya"),
    StepDone("serahkan-ke-verifikator"),
)
