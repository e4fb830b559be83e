"""The names of the procurement app's audit events (shown by sopan.core.audit_display)."""

from django.utils.translation import gettext_lazy as _

from sopan.core.audit_display import Fact
from sopan.procurement.models import AvailabilityAnalysis, SelectionRequest

EVENTS = {
    "procurement.rup.imported": _("RUP imported from SiRUP"),
    "procurement.package.imported": _("Package imported from the RUP"),
    "procurement.package.created": _("Package created from a proposal"),
    "procurement.package.updated_from_rup": _("Package updated from the RUP"),
}

FACTS = {
    "procurement.rup.imported:file": Fact(_("file")),
    "procurement.rup.imported:created": Fact(_("packages created")),
    "procurement.rup.imported:updated": Fact(_("packages updated")),
    "procurement.rup.imported:unchanged": Fact(_("packages unchanged")),
    "procurement.package.imported:*": Fact(of="procurement.Package"),
    "procurement.package.created:*": Fact(of="procurement.Package"),
    "procurement.package.updated_from_rup:*": Fact(of="procurement.Package"),
}

# --- the stages of a package (stages.py, workflows.py) -------------------------------------------------------------
EVENTS.update(
    {
        "procurement.package.preparation_document_recorded": _("Preparation document handed over"),
        "procurement.package.preparation_submitted": _("Preparation submitted to the PA/KPA"),
        "procurement.package.preparation_approved": _("Preparation approved by the PA/KPA"),
        "procurement.package.selection_requested": _("Selection requested by the PPK"),
        "procurement.package.pokja_assigned": _("Selection working group appointed"),
        "procurement.package.documents_returned": _("Preparation documents returned to the PPK"),
        "procurement.package.documents_resubmitted": _("Preparation documents resubmitted"),
        "procurement.package.review_completed": _("Preparation documents found complete"),
        "procurement.package.methods_decided": _("Selection methods decided"),
        "procurement.package.schedule_set": _("Selection schedule set"),
        "procurement.package.selection_started": _("Selection started"),
        "procurement.package.selection_result_recorded": _("Selection result recorded"),
        "procurement.package.sppbj_recorded": _("Letter of award (SPPBJ) recorded"),
        "procurement.package.contract_recorded": _("Contract recorded"),
        "procurement.package.handed_over": _("Handover (BAST) recorded"),
        "procurement.package.cancelled": _("Package cancelled"),
    }
)
_PLAN = "procurement.SelectionPlan"
FACTS.update(
    {
        "procurement.package.preparation_document_recorded:kind": Fact(field="procurement.PreparationDocument.kind"),
        "procurement.package.preparation_document_recorded:reference": Fact(
            field="procurement.PreparationDocument.reference"
        ),
        "procurement.package.selection_requested:items": Fact(
            _("items provided"), kind="list", choices=tuple(SelectionRequest.Item.choices)
        ),
        "procurement.package.pokja_assigned:decree_number": Fact(field="procurement.PokjaAssignment.decree_number"),
        "procurement.package.pokja_assigned:members": Fact(_("members"), kind="list"),
        "procurement.package.documents_returned:round": Fact(field="procurement.Review.round"),
        "procurement.package.documents_returned:findings": Fact(field="procurement.Review.findings"),
        "procurement.package.review_completed:round": Fact(field="procurement.Review.round"),
        "procurement.package.review_completed:findings": Fact(field="procurement.Review.findings"),
        "procurement.package.cancelled:reason": Fact(_("reason")),
        **{
            f"procurement.package.methods_decided:{name}": Fact(field=f"{_PLAN}.{name}")
            for name in ("selection_method", "qualification_method", "evaluation_method", "submission_method")
        },
        **{
            f"procurement.package.schedule_set:{name}": Fact(field=f"{_PLAN}.{name}")
            for name in ("announcement_on", "bid_deadline_on", "result_on", "contract_on")
        },
        **{
            f"procurement.package.{event}:{name}": Fact(field=f"procurement.Milestone.{name}")
            for event in (
                "selection_started",
                "selection_result_recorded",
                "sppbj_recorded",
                "contract_recorded",
                "handed_over",
            )
            for name in ("on", "reference", "value")
        },
    }
)

# --- the SPSE import (spse_import.py): the milestones' own events carry "source": "spse" -----------------------------
EVENTS.update(
    {
        "procurement.spse.imported": _("Tender milestones imported from SPSE"),
        "procurement.package.spse_code_set": _("SPSE tender code set from SPSE"),
    }
)
FACTS.update(
    {
        "procurement.spse.imported:file": Fact(_("file")),
        "procurement.spse.imported:recorded": Fact(_("milestones recorded")),
        "procurement.spse.imported:unchanged": Fact(_("packages unchanged")),
        "procurement.package.spse_code_set:spse_code": Fact(field="procurement.Package.spse_code"),
        **{
            f"procurement.package.{event}:source": Fact(_("source"))
            for event in (
                "selection_started",
                "selection_result_recorded",
                "sppbj_recorded",
                "contract_recorded",
                "handed_over",
            )
        },
    }
)

# --- the availability analysis (services_availability.py, workflows_availability.py) -------------------------------
EVENTS.update(
    {
        "procurement.availability.started": _("Availability analysis started"),
        "procurement.availability.criteria_changed": _("Availability analysis criteria changed"),
        "procurement.availability.shortlist_changed": _("Vendor shortlist changed"),
        "procurement.availability.concluded_qualified": _("Availability analysis concluded: enough vendors"),
        "procurement.availability.concluded_short": _("Availability analysis concluded: too few vendors"),
        "procurement.availability.correction_proposed": _("RUP correction proposed to the PA/KPA"),
        "procurement.availability.discussed": _("Availability follow-up discussed with the PPK"),
        "procurement.availability.reanalysed": _("Availability analysed again after the RUP correction"),
    }
)
_ANALYSIS = "procurement.AvailabilityAnalysis"
FACTS.update(
    {
        **{
            f"procurement.availability.{event}:{name}": Fact(field=f"{_ANALYSIS}.{name}")
            for event in ("started", "criteria_changed")
            for name in ("kbli", "qualification", "province", "regency", "minimum_vendors")
        },
        "procurement.availability.criteria_changed:dropped": Fact(_("taken off the shortlist")),
        "procurement.availability.shortlist_changed:added": Fact(_("added"), kind="list"),
        "procurement.availability.shortlist_changed:removed": Fact(_("removed")),
        "procurement.availability.concluded_qualified:shortlisted": Fact(_("shortlisted")),
        "procurement.availability.concluded_short:shortlisted": Fact(_("shortlisted")),
        "procurement.availability.correction_proposed:changes": Fact(
            _("what to correct"), kind="list", choices=tuple(AvailabilityAnalysis.Change.choices)
        ),
        "procurement.availability.correction_proposed:method": Fact(field=f"{_ANALYSIS}.proposed_method"),
        "procurement.availability.reanalysed:round": Fact(_("new round")),
    }
)

# --- the assistance of a package (services_assistance.py, workflows_assistance.py) ----------------------------------
EVENTS.update(
    {
        "procurement.assistance.requested": _("Assistance requested by the PPK"),
        "procurement.assistance.assigned": _("Jabfung PPBJ appointed for the assistance"),
        "procurement.assistance.reported": _("Periodic assistance report recorded"),
        "procurement.assistance.closed": _("Assistance closed"),
    }
)
