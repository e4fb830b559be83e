"""The Indonesian names of the service suppliers module's audit events (sopan.core.audit_display)."""

from django.utils.translation import gettext_lazy as _

from sopan.core.audit_display import Fact

EVENTS = {
    "suppliers.supplier.created": _("Service supplier added"),
    "suppliers.supplier.updated": _("Service supplier changed"),
    "suppliers.supplier.imported": _("Service supplier imported"),
    "suppliers.contract.registered": _("Supplier contract registered"),
    "suppliers.contract.document_added": _("Contract document added"),
    "suppliers.evaluation.started": _("Supplier evaluation started"),
    "suppliers.evaluation.submitted": _("Evaluation sheet submitted to the Kepala LPSE"),
    "suppliers.evaluation.approved": _("Supplier evaluation approved"),
    "suppliers.evaluation.returned": _("Another evaluation asked for"),
    "suppliers.evaluation.documented": _("Evaluation result documented"),
    "suppliers.proposal.created": _("Procurement proposal drafted"),
    "suppliers.proposal.updated": _("Procurement proposal changed"),
    "suppliers.proposal.submitted": _("Needs description submitted"),
    "suppliers.proposal.met_by_existing": _("Need met by existing goods or services"),
    "suppliers.proposal.not_owned": _("Need not met by existing assets"),
    "suppliers.proposal.kak_sent": _("KAK sent for review"),
    "suppliers.proposal.kak_reviewed": _("KAK reviewed"),
    "suppliers.proposal.proposed": _("Procurement proposal submitted"),
    "suppliers.proposal.approved": _("Procurement proposal approved"),
    "suppliers.proposal.packaged": _("Procurement proposal made a package"),
}

FACTS = {
    "suppliers.contract.registered:supplier": Fact(_("supplier")),
    "suppliers.contract.registered:number": Fact(_("contract number")),
    "suppliers.contract.registered:ends_on": Fact(_("end of the term")),
    "suppliers.contract.registered:value": Fact(_("value"), kind="money"),
    "suppliers.contract.registered:documents": Fact(_("documents"), kind="list"),
    "suppliers.evaluation.started:contract": Fact(_("contract number")),
    "suppliers.evaluation.submitted:round": Fact(_("round")),
    "suppliers.evaluation.submitted:recommendation": Fact(_("recommendation")),
    "suppliers.evaluation.approved:outcome": Fact(_("outcome")),
    "suppliers.evaluation.returned:round": Fact(_("round")),
    "suppliers.evaluation.returned:note": Fact(_("reason")),
    "suppliers.proposal.packaged:package": Fact(_("package"), ref="procurement.Package"),
}
