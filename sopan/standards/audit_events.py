"""The names of the standards module's audit events (shown by sopan.core.audit_display)."""

from django.utils.translation import gettext_lazy as _

from sopan.core.audit_display import Fact

EVENTS = {
    "standards.asset.created": _("Asset added"),
    "standards.asset.updated": _("Asset changed"),
    "standards.asset.imported": _("Asset imported"),
    "standards.capacity.created": _("Capacity reading added"),
    "standards.capacity.updated": _("Capacity reading changed"),
    "standards.capacity.imported": _("Capacity reading imported"),
    "standards.plan.created": _("Continuity plan added"),
    "standards.plan.updated": _("Continuity plan changed"),
    "standards.plan.imported": _("Continuity plan imported"),
    "standards.exercise.created": _("Continuity exercise added"),
    "standards.exercise.updated": _("Continuity exercise changed"),
    "standards.exercise.imported": _("Continuity exercise imported"),
    "standards.change.requested": _("Change requested"),
    "standards.change.approved": _("Change approved"),
    "standards.change.rejected": _("Change rejected"),
    "standards.change.implemented": _("Change implemented"),
    "standards.change.rolled_back": _("Change rolled back"),
    "standards.permit.granted": _("Access permit granted"),
    "standards.permit.revoked": _("Access permit revoked"),
    "standards.assessment.created": _("Standard self-assessed"),
    "standards.assessment.updated": _("Self-assessment changed"),
}

FACTS = {
    "standards.change.requested:*": Fact(of="standards.ChangeRequest"),
    "standards.change.approved:decision_note": Fact(_("note")),
    "standards.change.rejected:decision_note": Fact(_("note")),
    "standards.change.rolled_back:rollback_reason": Fact(_("reason")),
    "standards.permit.granted:*": Fact(of="standards.AccessPermit"),
    "standards.assessment.created:*": Fact(of="standards.Assessment"),
    "standards.assessment.updated:*": Fact(of="standards.Assessment"),
    "standards.assessment.created:evidence_items": Fact(_("evidence items")),
    "standards.assessment.updated:evidence_items": Fact(_("evidence items")),
}
