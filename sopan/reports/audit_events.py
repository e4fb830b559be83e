"""The names of the periodic reports module's audit events (shown by sopan.core.audit_display)."""

from django.utils.translation import gettext_lazy as _

from sopan.core.audit_display import Fact

EVENTS = {
    "reports.report.created": _("LPSE report generated"),
    "reports.report.regenerated": _("LPSE report generated again"),
    "reports.report.narrative_saved": _("LPSE report narrative saved"),
    "reports.report.submitted": _("LPSE report submitted for approval"),
    "reports.report.approved": _("LPSE report approved by the Kepala LPSE"),
    "reports.report.returned": _("LPSE report returned for revision"),
    "reports.report.forwarded": _("LPSE report forwarded by the Kepala UKPBJ"),
    "reports.report.sent": _("LPSE report submitted to the Wali Kota"),
}

FACTS = {
    "reports.report.created:title": Fact(_("title")),
    "reports.report.created:period": Fact(_("period"), kind="list"),
    "reports.report.narrative_saved:*": Fact(of="reports.Report"),
    "reports.report.returned:note": Fact(_("note")),
    "reports.report.sent:letter_number": Fact(_("letter number")),
    "reports.report.sent:sent_on": Fact(_("date submitted to the Wali Kota")),
}
