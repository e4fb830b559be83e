"""The names of the vendors app's audit events (shown by sopan.core.audit_display)."""

from django.utils.translation import gettext_lazy as _

from sopan.core.audit_display import Fact
from sopan.core.models import Weekday
from sopan.vendors.personal_data import RevealPurpose

EVENTS = {
    "vendors.signup.requested": _("Registration link requested"),
    "vendors.registration.submitted": _("Registration form submitted"),
    "vendors.document.uploaded": _("Registration document uploaded"),
    "vendors.document.checked": _("Registration document checked"),
    "vendors.registration.slot_booked": _("Verification appointment booked"),
    "vendors.registration.archived": _("Registration file archived"),
    "vendors.registration.data_removed": _("Personal data of an expired registration removed"),
    # REGISTRATION_FLOW (vendors.workflows), by the transitions' literal codes
    "vendors.registration.prepared": _("Registration documents complete"),
    "vendors.registration.received": _("Registration file received"),
    "vendors.registration.received_registered_at_desk": _("Registration received at the desk"),
    "vendors.registration.taken": _("Registration taken for verification"),
    "vendors.registration.completion_requested": _("Registration completion requested"),
    "vendors.registration.resubmitted": _("Registration completed again"),
    "vendors.registration.approved": _("Registration approved"),
    "vendors.registration.rejected": _("Registration rejected"),
    "vendors.registration.expired": _("Registration expired"),
    # the codes of the same moves before issue 15 (present tense), still in older audit trails
    "vendors.registration.prepare": _("Registration documents complete"),
    "vendors.registration.receive": _("Registration file received"),
    "vendors.registration.receive_registered_at_desk": _("Registration received at the desk"),
    "vendors.registration.take": _("Registration taken for verification"),
    "vendors.registration.request_completion": _("Registration completion requested"),
    "vendors.registration.resubmit": _("Registration completed again"),
    "vendors.registration.approve": _("Registration approved"),
    "vendors.registration.reject": _("Registration rejected"),
    "vendors.registration.expire": _("Registration expired"),
    "vendors.identity.viewed": _("Personal data viewed"),
    "vendors.finding.acknowledged": _("Verification finding acknowledged"),
    # COMPANY_FLOW (vendors.accounts.workflows); "vendors.company.status_changed" is the code of the moves before it
    "vendors.company.activated": _("Vendor account activated"),
    "vendors.company.refused": _("Vendor account refused"),
    "vendors.company.suspended": _("Vendor account suspended"),
    "vendors.company.deactivated": _("Vendor account deactivated"),
    "vendors.company.reactivated": _("Vendor account reactivated"),
    "vendors.company.status_changed": _("Vendor account status changed"),
    "vendors.company.status_changed:active": _("Vendor account activated"),
    "vendors.company.status_changed:suspended": _("Vendor account suspended"),
    "vendors.company.status_changed:deactivated": _("Vendor account deactivated"),
    "vendors.company.changed": _("Vendor data changed"),
    "vendors.change_request.submitted": _("Vendor data change requested"),
    # CHANGE_REQUEST_FLOW (vendors.accounts.workflows)
    "vendors.change_request.approved": _("Vendor data change approved"),
    "vendors.change_request.rejected": _("Vendor data change rejected"),
    "vendors.change_request.withdrawn": _("Vendor data change withdrawn"),
    "vendors.account_action.reported": _("Vendor account action recorded"),
    # ACCOUNT_ACTION_FLOW (vendors.accounts.workflows)
    "vendors.account_action.examined": _("Vendor account action examined"),
    "vendors.account_action.proposed": _("Vendor account action proposed"),
    "vendors.account_action.decided": _("Vendor account action decided"),
    "vendors.account_action.informed": _("Vendor informed of the account action"),
    "vendors.account_action.archived": _("Vendor account action archived"),
    "vendors.account_action.dropped": _("Vendor account action dropped"),
    "vendors.settings.updated": _("Vendor registration settings changed"),
    "vendors.required_document.created": _("Required document added"),
    "vendors.required_document.updated": _("Required document changed"),
    "vendors.slot.created": _("Verification appointment opened"),
    "vendors.slot.series_created": _("Verification appointments opened"),
    "vendors.slot.deleted": _("Verification appointment removed"),
    "vendors.staff_relation.declared": _("Staff tie to a company declared"),
    "vendors.blacklist.imported": _("Blacklist imported"),
}

# written as the required document's code (e.g. "ktp"): shown by its name in the organisation's list
_DOCUMENT = Fact(_("document"), ref="vendors.RequiredDocument", by="code", show="label")

FACTS = {
    "vendors.settings.updated:*": Fact(of="vendors.VendorSettings"),
    "vendors.signup.requested:kind": Fact(field="vendors.Registration.applicant_kind"),
    "vendors.registration.submitted:kind": Fact(field="vendors.Registration.applicant_kind"),
    "vendors.registration.submitted:at_desk": Fact(_("registered at the LPSE desk")),
    "vendors.document.uploaded:document": _DOCUMENT,
    "vendors.document.checked:document": _DOCUMENT,
    "vendors.document.checked:verdict": Fact(field="vendors.Document.verdict"),
    # the slot's own name is its start in UTC: show the start in the organisation's zone
    "vendors.registration.slot_booked:slot": Fact(field="vendors.Registration.slot", show="starts_at"),
    "vendors.registration.archived:files": Fact(_("files"), kind="list"),
    "vendors.registration.data_removed:documents": Fact(_("documents removed")),
    "vendors.identity.viewed:what": Fact(
        _("what was viewed"),
        choices=(
            ("nik", _("NIK")),
            ("admin_nik", _("NIK of the administrator")),
            ("document", _("identity document")),
            ("download", _("identity document downloaded")),
            ("archive", _("archived file")),
        ),
    ),
    "vendors.identity.viewed:document": _DOCUMENT,
    "vendors.identity.viewed:purpose": Fact(_("purpose"), choices=RevealPurpose.choices),
    "vendors.finding.acknowledged:finding": Fact(_("finding"), kind="code"),
    "vendors.finding.acknowledged:key": Fact(_("about"), kind="code"),
    "accounts.user.updated:company_status": Fact(_("vendor account status"), field="vendors.Company.status"),
    "company": Fact(_("company")),
    "vendors.change_request.submitted:fields": Fact(_("changes asked for"), of="vendors.Company"),
    "vendors.company.changed:change_request": Fact(_("change request"), ref="vendors.ChangeRequest"),
    "vendors.account_action.reported:evidence": Fact(_("evidence")),
    "vendors.staff_relation.declared:user": Fact(_("user"), kind="code"),
    "vendors.staff_relation.declared:kind": Fact(field="vendors.StaffRelation.kind"),
    "vendors.slot.series_created:first_day": Fact(_("first day")),
    "vendors.slot.series_created:weeks": Fact(_("weeks")),
    "vendors.slot.series_created:weekdays": Fact(_("weekdays"), kind="list", choices=Weekday.choices),
    "vendors.slot.series_created:start": Fact(_("starts at")),
    "vendors.slot.series_created:duration_minutes": Fact(_("duration (minutes)")),
    "vendors.slot.series_created:created": Fact(_("appointments opened")),
    "vendors.slot.series_created:existing": Fact(_("already open, left as they were")),
    "vendors.slot.series_created:*": Fact(of="vendors.AppointmentSlot"),
    "vendors.blacklist.imported:file": Fact(_("file")),
    "vendors.blacklist.imported:rows": Fact(_("rows")),
    # personal numbers are masked by the services before they are written; masked again if one slipped through
    "admin_nik": Fact(kind="personal"),
    "person_nik": Fact(kind="personal"),
}
