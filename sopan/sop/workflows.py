"""The SOP version's status machine (issue 15 §3), as data for the workflow helper.

draft → submitted → approved (disahkan) → effective → superseded; a submitted or approved version not yet in force
goes back to draft with a note. Each transition is audited under its literal code; the services in
`services/versions.py` take them, and the version page offers the labelled ones as buttons (`available()`).

Cases (one run of a version) and their step records have their flows too (CASE_FLOW, STEP_FLOW), taken by the engine
(`services/cases.py`, `api.py`).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sopan.core.workflow import Transition, Workflow
from sopan.sop import adoption, policies, procedures
from sopan.sop.models import Case, ProcedureBinding, SopVersion, StepRecord

S = SopVersion.Status


def _can_manage(user, version) -> bool:
    return policies.can_manage_sops(user, version)


def _can_return(user, version) -> bool:
    return policies.can_approve_version(user, version) or policies.can_manage_sops(user, version)


def _copy_reviewed(version) -> str | None:
    """A copy of another organisation's SOP goes for approval once every text naming that organisation is reviewed."""
    if pending := adoption.open_flags(version):
        return _(
            "%(count)d text(s) of this copy still name %(source)s (e.g. %(where)s). Edit each one for your "
            "organisation, or confirm it is meant, before submitting it for approval."
        ) % {"count": len(pending), "source": version.adoption_review.get("source", ""), "where": pending[0].where}
    return None


def _keeps_bound_steps(version) -> str | None:
    """A new version of an SOP bound to a procedure must keep the step keys the procedure needs."""
    for binding in ProcedureBinding.objects.filter(sop_id=version.sop_id):
        missing = procedures.missing_steps(binding.procedure, version.parsed.step_keys)
        if missing:
            return _(
                "This version cannot take effect: the SOP serves the procedure %(procedure)s, which needs the "
                "step(s) %(keys)s that this version lacks."
            ) % {"procedure": procedures.get(binding.procedure).label, "keys": ", ".join(missing)}
    return None


VERSION_FLOW = Workflow(
    field="status",
    wrong_status=gettext_lazy("This version is %(status)s; that cannot be done now."),
    stale_message=gettext_lazy(
        "This SOP version changed while you were looking at it (another decision or an edit). Check it again."
    ),
    transitions=[
        Transition(
            "submit",
            source=(S.DRAFT,),
            target=S.SUBMITTED,
            allowed=_can_manage,
            guard=_copy_reviewed,
            audit="sop.version.submitted",
            label=gettext_lazy("Submit for review"),
            html_id="submit-version",
        ),
        Transition(
            "approve",
            source=(S.SUBMITTED,),
            target=S.APPROVED,
            allowed=policies.can_approve_version,
            audit="sop.version.approved",
            label=gettext_lazy("Approve (sahkan)"),
            style="btn-success",
            html_id="approve-version",
        ),
        Transition(
            "make_effective",
            source=(S.APPROVED,),
            target=S.EFFECTIVE,
            allowed=_can_manage,
            guard=_keeps_bound_steps,
            audit="sop.version.made_effective",
            label=gettext_lazy("Put into force"),
            style="btn-success",
            html_id="make-effective",
        ),
        # Asks for a note: the page gives it its own form rather than a button.
        Transition(
            "return",
            source=(S.SUBMITTED, S.APPROVED),
            target=S.DRAFT,
            allowed=_can_return,
            audit="sop.version.returned",
        ),
        # The version in force until another one takes effect (taken by make_effective's service).
        Transition("supersede", source=(S.EFFECTIVE,), target=S.SUPERSEDED, audit="sop.version.superseded"),
    ],
)


C = Case.Status
R = StepRecord.Status

# A run of an SOP version. The engine takes these moves itself (no person decides them, so no permission here: the
# services that lead to them check it): the case completes when no step is left open, a module ends it early.
CASE_FLOW = Workflow(
    field="status",
    transitions=[
        Transition("complete", source=(C.OPEN,), target=C.COMPLETED, audit="sop.case.completed"),
        Transition("cancel", source=(C.OPEN,), target=C.CANCELLED, audit="sop.case.cancelled"),
        # A module records a step the flow had left behind: the case runs again. The "sop.step.jumped" event the
        # jump writes tells it, so no event of its own.
        Transition("reopen", source=(C.COMPLETED, C.CANCELLED), target=C.OPEN, audit=""),
    ],
)

# One step of a case. Completing it is told on its case ("sop.step.completed", with the steps it opened); skipping
# is bookkeeping inside the case's cancellation or a jump, whose events list the skipped steps.
STEP_FLOW = Workflow(
    field="status",
    transitions=[
        Transition("complete", source=(R.OPEN,), target=R.DONE, audit="sop.step.completed"),
        Transition("skip", source=(R.OPEN,), target=R.SKIPPED, audit=""),
    ],
)
