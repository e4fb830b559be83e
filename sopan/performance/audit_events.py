"""The names of the vendor performance audit events (shown by sopan.core.audit_display)."""

from django.utils.translation import gettext_lazy as _

from sopan.core.audit_display import Fact

EVENTS = {
    "performance.contract.recorded": _("Contract recorded for a vendor performance assessment"),
    "performance.contract.assessed": _("Vendor performance assessed"),
    "performance.assessment.responded": _("Vendor responded to its performance assessment"),
    "performance.setting.updated": _("Vendor performance deadlines changed"),
}

FACTS = {
    "performance.setting.updated:*": Fact(of="performance.Setting"),
    "performance.contract.recorded:package": Fact(_("package"), ref="procurement.Package"),
    "performance.contract.recorded:ending": Fact(field="performance.Contract.ending"),
    "performance.contract.recorded:ended_on": Fact(field="performance.Contract.ended_on"),
    "performance.contract.recorded:bast": Fact(_("BAST number")),
    "performance.contract.recorded:company": Fact(_("provider"), ref="vendors.Company"),
    "performance.contract.assessed:company": Fact(_("provider"), ref="vendors.Company"),
    "performance.contract.assessed:band": Fact(field="performance.Assessment.band"),
    "performance.contract.assessed:total": Fact(_("total")),
    "performance.contract.assessed:stars": Fact(_("rating (stars)")),
    "performance.contract.assessed:scores": Fact(_("scores")),
    "performance.contract.assessed:sikap_reference": Fact(_("SIKaP reference")),
    "performance.assessment.responded:contract": Fact(_("contract"), ref="performance.Contract"),
}
