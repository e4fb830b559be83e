"""The names of the SOP app's audit events (shown by sopan.core.audit_display)."""

from django.utils.translation import gettext_lazy as _

from sopan.core.audit_display import Fact
from sopan.sop import procedures

EVENTS = {
    "sop.version.imported": _("SOP imported"),
    "sop.version.updated": _("SOP draft edited"),
    "sop.version.submitted": _("SOP submitted for approval"),
    "sop.version.returned": _("SOP returned for changes"),
    "sop.version.approved": _("SOP approved"),
    "sop.version.made_effective": _("SOP put into force"),
    "sop.version.superseded": _("SOP version superseded"),
    "sop.version.revised": _("SOP revision started"),
    "sop.version.copied": _("SOP copied from another organisation"),
    "sop.procedure.bound": _("SOP chosen for a procedure"),
    "sop.case.started": _("SOP case started"),
    "sop.case.completed": _("SOP case completed"),
    "sop.case.cancelled": _("SOP case cancelled"),
    "sop.step.completed": _("SOP step completed"),
    "sop.step.jumped": _("SOP case moved to another step"),
    "sop.step.overdue_notified": _("Overdue SOP step reported"),
    "sop.numbering.updated": _("SOP numbering scheme changed"),
    "sop.adoption.confirmed": _("Text naming the source organisation kept as intended"),
    "sop.adoption.names_replaced": _("Source organisation's name replaced in the copied SOP"),
}

_STEP = Fact(field="sop.StepRecord.step_number")

FACTS = {
    # written with the case as the event's object, about one of its steps (sop.services.cases, sop.api, sop.tasks)
    "sop.step.completed:step": _STEP,
    "sop.step.completed:exit": Fact(field="sop.StepRecord.exit_label"),
    "sop.step.completed:on_time": Fact(_("within the service standard (mutu baku)")),
    "sop.step.completed:justification": Fact(field="sop.StepRecord.justification"),
    "sop.step.completed:opened": Fact(_("next steps opened"), kind="list"),
    "sop.step.overdue_notified:step": _STEP,
    "sop.step.overdue_notified:due_at": Fact(field="sop.StepRecord.due_at"),
    "sop.step.overdue_notified:notified": Fact(_("people notified"), kind="list"),
    "sop.step.jumped:to": Fact(_("moved to step")),
    "sop.step.jumped:skipped": Fact(_("steps skipped"), kind="list"),
    "sop.case.cancelled:skipped": Fact(_("steps skipped"), kind="list"),
    "sop.case.started:sop": Fact(_("SOP"), kind="code"),
    "sop.case.started:revision": Fact(_("revision")),
    "sop.case.started:title": Fact(field="sop.Case.title"),
    "sop.version.imported:key": Fact(_("SOP"), kind="code"),
    "sop.version.imported:revision": Fact(_("revision")),
    "sop.version.imported:source": Fact(_("source")),
    "sop.version.updated:changed": Fact(_("parts changed"), kind="list"),
    "sop.version.revised:from_revision": Fact(_("from revision")),
    "sop.version.copied:origin": Fact(_("copied from")),
    "sop.version.copied:texts_to_review": Fact(_("texts naming the source to review")),
    "sop.numbering.updated:before": Fact(_("before"), of="sop.SopNumbering"),
    "sop.adoption.confirmed:where": Fact(_("where in the SOP"), kind="code"),
    "sop.adoption.confirmed:text": Fact(_("text")),
    "sop.adoption.names_replaced:with": Fact(_("replaced with")),
    "sop.adoption.names_replaced:changed": Fact(_("places changed"), kind="list"),
    "sop.version.approved:position": Fact(_("approved as (position)")),
    "sop.version.made_effective:effective_on": Fact(_("in force from")),
    "sop.version.made_effective:supersedes": Fact(_("replaces"), ref="sop.SopVersion"),
    "sop.version.superseded:superseded_by": Fact(_("replaced by"), ref="sop.SopVersion"),
    "sop.procedure.bound:procedure": Fact(_("procedure"), choices=procedures.CHOICES),
    "sop.procedure.bound:sop": Fact(field="sop.ProcedureBinding.sop"),
}
