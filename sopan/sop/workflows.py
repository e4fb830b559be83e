"""The SOP version's status machine (issue 15 §3), as data for the workflow helper.

draft → submitted → approved (disahkan) → effective → superseded; a submitted or approved version not yet in force
goes back to draft with a note. Each transition is audited under its literal code; the services in
`services/versions.py` take them, and the version page offers the labelled ones as buttons (`available()`).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sopan.core.workflow import Transition, Workflow
from sopan.sop import adoption, policies, procedures
from sopan.sop.models import ProcedureBinding, SopVersion

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
