"""The status machine of a risk (models.Risk) with the steps of Pagar Alam's two risk SOPs (seed 001, Keputusan
Sekretaris Daerah 16/2024): SOP Pengelolaan Risiko (`pengelolaan-risiko`, procedure `risk_management`) and Prosedur
Manajemen Resiko Strategis PBJ (`manajemen-risiko-strategis`, procedure `strategic_risk_management`). Both draw the
same fourteen steps; their keys differ in three places (steps 2, 5 and 9), so each procedure has its own flow.

- identify = steps 1–2: the assignment (target, task, package or service) and the identification of the risk;
- analyse = step 3: the inherent rating on the organisation's criteria, with the controls;
- plan = 4 a, 5, 6: to be handled: ranked, its treatments planned (each with an owner and a due date);
- accept = 4 b, 9: within tolerance, no handling: reported to the coordinator;
- report = 7, 8, 9: the treatments executed, the residual rating, the report to the coordinator (an escalation to the
  coordinator, whose disposition follows);
- continue = 10, 11 a: the coordinator sends it back to the owner's analysis (step 3);
- escalate = 10, 11 b (strategic: c): to the committee (Sekda / Komite Etik);
- close = 10, 11 c (strategic: b), 14: tolerable, documented; guarded: within tolerance or its event passed;
- decide = 12: the committee's decision; then resume = 13 a (back to step 3) or settle = 13 b, 14 (closed, guarded).
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sopan.core.workflow import Transition, Workflow
from sopan.risks import policies
from sopan.risks.models import Risk
from sopan.sop.api import StepDone

S = Risk.Status
OPERATIONAL = Risk.Procedure.OPERATIONAL.value
STRATEGIC = Risk.Procedure.STRATEGIC.value

# The catalogue's step keys of each SOP (sopan/sop/catalogue/pagar-alam/*.yaml), by the role they play here.
KEYS = {
    OPERATIONAL: {
        "assign": "terima-penugasan", "identify": "identifikasi-risiko", "analyse": "analisis-risiko",
        "follow": "tindak-lanjut-analisis", "rank": "tetapkan-peringkat-risiko", "plan": "susun-rencana-penanganan",
        "execute": "eksekusi-rencana-penanganan", "reanalyse": "analisis-risiko-ulang", "report": "susun-laporan",
        "consolidate": "konsolidasi-laporan", "dispose": "tindak-lanjut-konsolidasi", "committee": "analisis-eskalasi",
        "decision": "tindak-lanjut-keputusan", "document": "dokumentasikan-laporan",
    },
    STRATEGIC: {
        "assign": "terima-penugasan", "identify": "analisis-resiko-awal", "analyse": "analisis-resiko",
        "follow": "tindak-lanjut-analisis", "rank": "tetapkan-peringkat-resiko", "plan": "susun-rencana-penanganan",
        "execute": "eksekusi-rencana-penanganan", "reanalyse": "analisis-resiko-ulang",
        "report": "susun-laporan-pengendalian", "consolidate": "konsolidasi-laporan",
        "dispose": "tindak-lanjut-konsolidasi", "committee": "analisis-eskalasi", "decision": "tindak-lanjut-keputusan",
        "document": "dokumentasikan-laporan",
    },
}  # fmt: skip
# The exits of the step 11 decision as each SOP labels them (Pengelolaan Risiko: a continue, b escalate,
# c tolerable; the strategic SOP: a continue, b tolerable, c escalate).
EXITS = {OPERATIONAL: {"continue": "a", "escalate": "b", "close": "c"},
         STRATEGIC: {"continue": "a", "close": "b", "escalate": "c"}}  # fmt: skip
STEP_KEYS = {procedure: frozenset(keys.values()) for procedure, keys in KEYS.items()}
OPEN = (S.IDENTIFIED, S.ANALYSED, S.TREATED, S.MONITORED, S.ESCALATED, S.DECIDED)


def _owner(user, risk) -> bool:
    return policies.can_manage_risk(user, risk)


def _coordinator(user, risk) -> bool:
    return policies.can_coordinate(user, risk)


def _committee(user, risk) -> bool:
    return policies.can_decide_escalation(user, risk)


def _rated(risk) -> str | None:
    if risk.inherent_score is None:
        return gettext("Rate the inherent likelihood and impact first.")
    return None


def _has_treatment(risk) -> str | None:
    if not risk.treatments.exists():
        return gettext("Plan at least one treatment, with its owner and due date, first.")
    return None


def _inherent_tolerable(risk) -> str | None:
    if not risk.criteria.within_tolerance(risk.inherent_score):
        return gettext("The inherent rating is above the tolerance: plan its treatment instead.")
    return None


def _treated(risk) -> str | None:
    if not risk.treatments.filter(status="done").exists():
        return gettext("Record at least one treatment as done, with its evidence, first.")
    if risk.residual_score is None:
        return gettext("Rate the residual likelihood and impact after the treatment first.")
    return None


def closable(risk) -> str | None:
    """SOP step 10/11 Keterangan: "Dinyatakan selesai jika sudah masuk ke area yang bisa ditolerir atau event
    risikonya sudah lewat"."""
    if risk.criteria.within_tolerance(risk.current_score):
        return None
    if risk.event_on is not None and risk.event_on < timezone.localdate():
        return None
    return gettext(
        "The risk cannot be closed: its rating (%(score)s) is above the tolerance (%(tolerance)s) and its event has "
        "not passed. Continue its handling or escalate it."
    ) % {"score": risk.current_score or "-", "tolerance": risk.criteria.tolerance}


def _flow(procedure: str) -> Workflow:
    k, x = KEYS[procedure], EXITS[procedure]

    def ex(move):
        return {"dispose": x[move]}

    def steps(*names, exit_of=None):
        return tuple(StepDone(k[n], exit=(exit_of or {}).get(n, "")) for n in names)

    return Workflow(
        field="status",
        transitions=[
            Transition("identify", source=(S.NEW,), target=S.IDENTIFIED, allowed=_owner, procedure=procedure,
                       sop_steps=steps("assign", "identify"), audit="risks.risk.identified"),
            Transition("analyse", source=(S.IDENTIFIED,), target=S.ANALYSED, allowed=_owner, guard=_rated,
                       procedure=procedure, sop_steps=steps("analyse"), audit="risks.risk.analysed",
                       label=_("Record the analysis")),
            Transition("plan", source=(S.ANALYSED,), target=S.TREATED, allowed=_owner, guard=_has_treatment,
                       procedure=procedure, sop_steps=steps("follow", "rank", "plan", exit_of={"follow": "a"}),
                       audit="risks.risk.treatment_planned", label=_("Start the treatment")),
            Transition("accept", source=(S.ANALYSED,), target=S.MONITORED, allowed=_owner, guard=_inherent_tolerable,
                       procedure=procedure, sop_steps=steps("follow", "report", exit_of={"follow": "b"}),
                       audit="risks.risk.accepted", label=_("Tolerable: report without treatment"),
                       style="btn-outline-secondary"),
            Transition("report", source=(S.TREATED,), target=S.MONITORED, allowed=_owner, guard=_treated,
                       procedure=procedure, sop_steps=steps("execute", "reanalyse", "report"),
                       audit="risks.risk.reported", label=_("Report to the coordinator")),
            Transition("continue", source=(S.MONITORED,), target=S.IDENTIFIED, allowed=_coordinator,
                       procedure=procedure, sop_steps=steps("consolidate", "dispose", exit_of=ex("continue")),
                       audit="risks.risk.returned", label=_("Continue the handling"), style="btn-outline-secondary"),
            Transition("escalate", source=(S.MONITORED,), target=S.ESCALATED, allowed=_coordinator,
                       procedure=procedure, sop_steps=steps("consolidate", "dispose", exit_of=ex("escalate")),
                       audit="risks.risk.escalated", label=_("Escalate to the committee"), style="btn-warning"),
            Transition("close", source=(S.MONITORED,), target=S.CLOSED, allowed=_coordinator, guard=closable,
                       procedure=procedure, finish=True, audit="risks.risk.closed", label=_("Close as tolerable"),
                       sop_steps=steps("consolidate", "dispose", "document", exit_of={"dispose": x["close"]}),
                       style="btn-success"),
            Transition("decide", source=(S.ESCALATED,), target=S.DECIDED, allowed=_committee, procedure=procedure,
                       sop_steps=steps("committee"), audit="risks.risk.decided", label=_("Record the decision")),
            Transition("resume", source=(S.DECIDED,), target=S.IDENTIFIED, allowed=_coordinator, procedure=procedure,
                       sop_steps=(StepDone(k["decision"], exit=_decision_exit(procedure, "resume")),),
                       audit="risks.risk.resumed", label=_("Back to the owner for further handling"),
                       style="btn-outline-secondary"),
            Transition("settle", source=(S.DECIDED,), target=S.CLOSED, allowed=_coordinator, guard=closable,
                       procedure=procedure, finish=True, audit="risks.risk.closed", label=_("Close as tolerable"),
                       sop_steps=(StepDone(k["decision"], exit=_decision_exit(procedure, "settle")),
                                  StepDone(k["document"])), style="btn-success"),
        ],
    )  # fmt: skip


def _decision_exit(procedure: str, move: str) -> str:
    """Step 13's exits: Pengelolaan Risiko labels them a) and b); the strategic SOP by their words."""
    if procedure == OPERATIONAL:
        return {"resume": "a", "settle": "b"}[move]
    return {"resume": "Perlu penanganan lanjutan", "settle": "Dapat ditolerir"}[move]


FLOWS = {procedure: _flow(procedure) for procedure in KEYS}


def flow_for(risk) -> Workflow:
    return FLOWS[risk.procedure]
