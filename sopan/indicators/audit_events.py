"""The names of the unit performance module's audit events (shown by sopan.core.audit_display)."""

from django.utils.translation import gettext_lazy as _

from sopan.core.audit_display import Fact

EVENTS = {
    "indicators.indicator.created": _("Performance indicator added"),
    "indicators.indicator.updated": _("Performance indicator changed"),
    "indicators.indicator.imported": _("Performance indicators imported"),
    "indicators.realisation.recorded": _("Indicator realisation recorded"),
    "indicators.action_plan.added": _("Indicator action plan added"),
    "indicators.action_plan.done": _("Indicator action plan done"),
    "indicators.report.created": _("Performance report drafted"),
    "indicators.report.updated": _("Performance report changed"),
    "indicators.report.submitted": _("Performance report submitted to the Kepala UKPBJ"),
    "indicators.report.approved": _("Performance report approved"),
    "indicators.report.returned": _("Performance report returned for revision"),
}

FACTS = {
    "indicators.indicator.created:*": Fact(of="indicators.Indicator"),
    "indicators.indicator.updated:*": Fact(of="indicators.Indicator"),
    "indicators.realisation.recorded:quarter": Fact(_("quarter")),
    "indicators.realisation.recorded:value": Fact(_("realisation")),
    "indicators.realisation.recorded:evidence": Fact(_("evidence")),
    "indicators.realisation.recorded:sha256": Fact(_("SHA-256"), kind="hash"),
    "indicators.action_plan.added:quarter": Fact(_("quarter")),
    "indicators.action_plan.added:action": Fact(_("action")),
    "indicators.action_plan.added:owner": Fact(_("person responsible")),
    "indicators.action_plan.done:quarter": Fact(_("quarter")),
    "indicators.action_plan.done:action": Fact(_("action")),
    "indicators.report.created:year": Fact(_("year")),
    "indicators.report.created:period": Fact(_("period")),
    "indicators.report.returned:note": Fact(_("note")),
}
