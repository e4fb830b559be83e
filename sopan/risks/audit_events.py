"""The names of the risk register's audit events (shown by sopan.core.audit_display)."""

from django.utils.translation import gettext_lazy as _

from sopan.core.audit_display import Fact

EVENTS = {
    "risks.risk.created": _("Risk recorded"),
    "risks.risk.imported": _("Risk imported from a spreadsheet"),
    "risks.risk.identified": _("Risk identified"),
    "risks.risk.analysed": _("Risk analysed"),
    "risks.risk.residual_rated": _("Residual risk rated"),
    "risks.risk.treatment_planned": _("Risk treatment started"),
    "risks.risk.accepted": _("Risk accepted as tolerable"),
    "risks.risk.reported": _("Risk reported to the coordinator"),
    "risks.risk.returned": _("Risk returned to its owner for further handling"),
    "risks.risk.escalated": _("Risk escalated to the committee"),
    "risks.risk.decided": _("Committee decided on the risk"),
    "risks.risk.resumed": _("Risk handed back after the committee's decision"),
    "risks.risk.closed": _("Risk closed"),
    "risks.treatment.added": _("Risk treatment planned"),
    "risks.treatment.done": _("Risk treatment done"),
    "risks.monitoring.added": _("Risk monitoring note added"),
}

FACTS = {
    "risks.risk.created:title": Fact(_("risk")),
    "risks.risk.created:owner": Fact(_("risk owner")),
    "risks.risk.created:criteria": Fact(_("criteria")),
    "risks.risk.imported:title": Fact(_("risk")),
    "risks.risk.imported:owner": Fact(_("risk owner")),
    "risks.risk.imported:criteria": Fact(_("criteria")),
    "risks.risk.analysed:inherent": Fact(_("inherent rating (likelihood, impact)")),
    "risks.risk.analysed:level": Fact(_("level")),
    "risks.risk.residual_rated:residual": Fact(_("residual rating (likelihood, impact)")),
    "risks.risk.reported:note": Fact(_("note")),
    "risks.risk.accepted:note": Fact(_("note")),
    "risks.risk.returned:note": Fact(_("note")),
    "risks.risk.escalated:note": Fact(_("reason")),
    "risks.risk.decided:note": Fact(_("decision")),
    "risks.risk.decided:disposition": Fact(_("disposition")),
    "risks.risk.resumed:note": Fact(_("note")),
    "risks.risk.closed:note": Fact(_("note")),
    "risks.treatment.added:action": Fact(_("treatment")),
    "risks.treatment.added:owner": Fact(_("treatment owner")),
    "risks.treatment.added:due_on": Fact(_("due date")),
    "risks.treatment.done:action": Fact(_("treatment")),
    "risks.treatment.done:file": Fact(_("file")),
    "risks.treatment.done:sha256": Fact(_("SHA-256"), kind="hash"),
    "risks.monitoring.added:note": Fact(_("monitoring note")),
}
