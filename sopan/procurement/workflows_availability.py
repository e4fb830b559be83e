"""The status machine of an availability analysis (issue 17 §4), after Pagar Alam's SOP Analisa Ketersediaan Pelaku
Usaha (`analisa-ketersediaan-pelaku-usaha`, procedure "procurement_availability"; printed step numbers in comments):

    draft ──conclude_qualified──▶ qualified ──record_discussion──▶ discussed      (4 "a", 8; then 9, the end)
      └────conclude_short──────▶ short ─────propose_correction──▶ proposed        (4 "b"; then 5, the end)
                                                                   └─reanalyse─▶ (round n+1: draft)

`reanalyse`: the PA/KPA corrected the RUP after the proposal (another method, a wider region, another
qualification…), so the Jabfung PPBJ or the Kepala UKPBJ analyses again. Round n keeps its status (`proposed`, a
transition onto itself: the version is raised, so a second person starting again from the same view is refused as
stale, and the event is written) and round n+1 starts as a draft with round n's criteria: a new run of the SOP, in
a case of its own. Only from `proposed`, and only on the current round: branch (a) (`qualified`, `discussed`) found
enough vendors, and its action plan is for similar procurements to come, which are packages of their own with their
own analysis; while the PPK has not yet proposed (`short`) there is no correction to analyse after.

The conclusion also records steps 1–3 (the RUP reviewed, the vendor data gathered, the vendors picked): the analyst
does them on the analysis page before concluding, and they leave no status of their own.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from sopan.core.workflow import Transition, Workflow
from sopan.procurement import policies
from sopan.procurement.models import AvailabilityAnalysis, Package
from sopan.sop.api import StepDone

S = AvailabilityAnalysis.Status
AVAILABILITY = "procurement_availability"
STEP_KEYS = frozenset(
    {
        "reviu-dokumen-rup",
        "analisa-data-penyedia",
        "pilih-pelaku-usaha",
        "evaluasi-kualifikasi",
        "sampaikan-usulan-perbaikan-rup",
        "dokumentasikan-hasil-analisa",
        "bahas-rencana-aksi-perbaikan",
    }
)
# Steps 1–3, done on the analysis page before the decision of step 4.
ANALYSED = (StepDone("reviu-dokumen-rup"), StepDone("analisa-data-penyedia"), StepDone("pilih-pelaku-usaha"))


def _analyst(user, analysis) -> bool:
    return policies.can_analyse_availability(user, analysis.package)


def _ppk(user, analysis) -> bool:
    return policies.can_propose_rup_correction(user, analysis.package)


# --- guards -----------------------------------------------------------------------------------------------------------
def _enough_shortlisted(analysis) -> str | None:
    chosen = analysis.shortlist.count()
    if chosen < analysis.minimum_vendors:
        return _(
            "The shortlist has %(chosen)s vendor(s); at least %(needed)s are needed to conclude that enough vendors "
            "qualify."
        ) % {"chosen": chosen, "needed": analysis.minimum_vendors}
    return None


def _too_few(analysis) -> str | None:
    from sopan.procurement.availability import eligible_count

    found = eligible_count(analysis)
    if found >= analysis.minimum_vendors:
        return _(
            "%(found)s qualified vendors are registered (%(needed)s needed): shortlist them instead of proposing a "
            "correction of the RUP."
        ) % {"found": found, "needed": analysis.minimum_vendors}
    return None


def _has_proposal(analysis) -> str | None:
    if not analysis.proposal_text.strip():
        return _("Describe the correction of the RUP you propose.")
    return None


def _latest_round(analysis) -> str | None:
    if analysis.package.status == Package.Status.CANCELLED:
        return _("The package is cancelled.")
    if AvailabilityAnalysis.objects.filter(package_id=analysis.package_id, round__gt=analysis.round).exists():
        return _("Round %(round)s is not the current analysis: it is already analysed again.") % {
            "round": analysis.round
        }
    return None


def _has_action_plan(analysis) -> str | None:
    if not analysis.action_plan.strip():
        return _("Write down the action plan agreed with the PPK.")
    return None


AVAILABILITY_FLOW = Workflow(
    field="status",
    transitions=[
        # Step 4 "a": vendors fit the qualification; the list of qualified vendors is documented (step 8).
        Transition("conclude_qualified", source=(S.DRAFT,), target=S.QUALIFIED, allowed=_analyst,
                   guard=_enough_shortlisted, procedure=AVAILABILITY,
                   sop_steps=(*ANALYSED, StepDone("evaluasi-kualifikasi", exit="a"),
                              StepDone("dokumentasikan-hasil-analisa")),
                   audit="procurement.availability.concluded_qualified",
                   label=_l("Enough vendors: fix the shortlist")),
        # Step 4 "b": too few vendors; the result goes to the PPK.
        Transition("conclude_short", source=(S.DRAFT,), target=S.SHORT, allowed=_analyst, guard=_too_few,
                   procedure=AVAILABILITY, sop_steps=(*ANALYSED, StepDone("evaluasi-kualifikasi", exit="b")),
                   audit="procurement.availability.concluded_short", style="btn-warning",
                   label=_l("Too few vendors: hand over to the PPK")),
        # Step 5: the PPK proposes the correction of the RUP to the PA/KPA; branch (b) ends here.
        Transition("propose_correction", source=(S.SHORT,), target=S.PROPOSED, allowed=_ppk, guard=_has_proposal,
                   procedure=AVAILABILITY, sop_steps=(StepDone("sampaikan-usulan-perbaikan-rup"),), finish=True,
                   audit="procurement.availability.correction_proposed",
                   label=_l("Send the RUP correction to the PA/KPA")),
        # Step 9: the discussion with the PPK and the action plan for similar procurements; branch (a) ends.
        Transition("record_discussion", source=(S.QUALIFIED,), target=S.DISCUSSED, allowed=_analyst,
                   guard=_has_action_plan, procedure=AVAILABILITY,
                   sop_steps=(StepDone("bahas-rencana-aksi-perbaikan"),), finish=True,
                   audit="procurement.availability.discussed", label=_l("Record the discussion")),
        # After step 5: the RUP is corrected, the SOP runs again for the package (round n+1, its own case).
        Transition("reanalyse", source=(S.PROPOSED,), target=S.PROPOSED, allowed=_analyst, guard=_latest_round,
                   audit="procurement.availability.reanalysed", label=_l("Analyse again after the RUP correction")),
    ],
)  # fmt: skip
