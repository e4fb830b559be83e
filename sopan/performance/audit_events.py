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

# issue 18 §3: the blacklist sanction proposals (services_sanctions.py)
EVENTS |= {
    "performance.sanction.proposed": _("Blacklist sanction proposed"),
    "performance.sanction.reviewed": _("Blacklist sanction proposal reviewed by the UKPBJ"),
    "performance.sanction.returned": _("Blacklist sanction proposal returned to its proposer"),
    "performance.sanction.resubmitted": _("Blacklist sanction proposed again"),
    "performance.sanction.imposed": _("Blacklist sanction imposed (SK)"),
    "performance.sanction.rejected": _("Blacklist sanction proposal rejected"),
    "performance.sanction.reported": _("Blacklist sanction reported to LKPP"),
}
FACTS |= {
    "performance.sanction.proposed:company": Fact(_("provider"), ref="vendors.Company"),
    "performance.sanction.proposed:contract": Fact(_("contract"), ref="performance.Contract"),
    "performance.sanction.proposed:package": Fact(_("package"), ref="procurement.Package"),
    "performance.sanction.proposed:assessment": Fact(_("assessment")),
    "performance.sanction.proposed:ground": Fact(field="performance.SanctionProposal.ground"),
    "performance.sanction.reviewed:note": Fact(_("review note")),
    "performance.sanction.returned:note": Fact(_("review note")),
    "performance.sanction.rejected:reason": Fact(_("reason for the rejection")),
    "performance.sanction.imposed:sk_number": Fact(_("SK number")),
    "performance.sanction.imposed:sk_date": Fact(_("SK date")),
    "performance.sanction.imposed:starts_on": Fact(_("from")),
    "performance.sanction.imposed:ends_on": Fact(_("until")),
    "performance.sanction.imposed:years": Fact(_("duration (years)")),
    "performance.sanction.imposed:source": Fact(_("legal source")),
    "performance.sanction.reported:reported_on": Fact(_("reported to LKPP on")),
    "performance.sanction.reported:reference": Fact(_("LKPP reference")),
}
