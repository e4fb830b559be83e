"""The writes of a package's assistance (issue 17 §2; models_assistance.py, workflows_assistance.py for the SOP step
numbers). Each runs in one transaction, asks the permission first, locks the row it changes, moves the status only
through `ASSISTANCE_FLOW.apply` (audit event, version) and records the SOP steps on the package's case of the
stage's procedure.

Where no SOP in force serves that procedure (e.g. an organisation that has not adopted Perencanaan Pengadaan), the
service is refused with `sop.api.ProcedureNotReady`, whose message says to bind one, and nothing is saved: the same
rule as the package's stages (a lost SOP trace would be worse than a refused change, core/workflow.py).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sopan.accounts.models import User
from sopan.accounts.policies import require
from sopan.core import workflow
from sopan.core.documents import numbering
from sopan.procurement import policies
from sopan.procurement.models import Assistance, AssistanceReport, Package, PackageLetter, SelectionRequest
from sopan.procurement.printing import SERIES
from sopan.procurement.workflows_assistance import ASSISTANCE_FLOW, PROCEDURE, STEPS
from sopan.sop import api as sop_api

A = Assistance


def _record(assistance: Assistance, name: str, *, by) -> None:
    package = assistance.package
    sop_api.record_steps(subject=package, organization=package.organization, procedure=PROCEDURE[assistance.stage],
                         steps=STEPS[assistance.stage][name], by=by, title=str(package))  # fmt: skip


def _selection_requested(package: Package) -> bool:
    if "selection_request" in package._state.fields_cache:  # the package's page has read its records (with_records)
        return package._state.fields_cache["selection_request"] is not None
    return SelectionRequest.objects.filter(package=package).exists()


def stage_closed(package: Package, stage: str) -> str | None:
    """Why the package is past the stage an assistance serves, or None."""
    if package.status == Package.Status.CANCELLED:
        return _("The package is cancelled.")
    if stage == A.Stage.PLANNING and package.status != Package.Status.PLANNING:
        return _("The package is past its planning: assistance with the planning is no longer requested.")
    preparing = (Package.Status.PLANNING, Package.Status.PREPARATION, Package.Status.SELECTION_PREPARATION)
    if stage == A.Stage.PREPARATION and (package.status not in preparing or _selection_requested(package)):
        return _(
            "The preparation of this package is over: assistance with the HPS and the draft contract is no longer "
            "assigned."
        )
    return None


@transaction.atomic
def assistance_request(*, package, stage: str, text: str, by) -> Assistance:
    """The package's PPK asks the UKPBJ for assistance: with the planning (SOP Perencanaan Pengadaan step 3 "a") or
    with the HPS and the draft contract (SOP Persiapan Pengadaan step 5 "a"). One open assistance per stage."""
    require(policies.can_request_assistance(by, package))
    if stage not in A.Stage.values:
        raise ValidationError({"stage": [_("Choose a stage from the list.")]})
    if not text.strip():
        raise ValidationError({"text": [_("Describe the assistance you ask for.")]})
    row = workflow.locked(Package, package.pk, organization=package.organization_id)
    if problem := stage_closed(row, stage):
        raise ValidationError(problem)
    if A.objects.filter(package=row, stage=stage).exclude(status=A.Status.CLOSED).exists():
        raise ValidationError(_("An assistance of this stage is already open for this package."))
    assistance = A.objects.create(organization_id=row.organization_id, package=row, stage=stage,
                                  request_text=text.strip(), requested_by=by)  # fmt: skip
    ASSISTANCE_FLOW.apply(assistance, "request", by=by, changes={"stage": stage})
    _record(assistance, "request", by=by)
    return assistance


def _begin(assistance, name: str, *, by, seen_version) -> Assistance:
    require(ASSISTANCE_FLOW.get(name).allowed(by, assistance))
    row = workflow.locked(Assistance, assistance.pk, seen_version=seen_version,
                          organization=assistance.organization_id, related=("package",))  # fmt: skip
    ASSISTANCE_FLOW.check(row, name, by=by)
    return row


def _draw_letter(assistance: Assistance, day) -> PackageLetter:
    """The Surat Tugas Pendampingan's number and date, drawn now in the package's register of letters (the same
    series as printing.SERIES["assistance"]); every print shows them."""
    series, code = SERIES["assistance"]
    value = numbering.next_number(assistance.organization, series, year=day.year)
    return PackageLetter.objects.create(package=assistance.package, kind=PackageLetter.Kind.ASSISTANCE,
                                        key=assistance.letter_key, value=value,
                                        number=f"{value}/{code}/UKPBJ/{day.year}", dated_on=day)  # fmt: skip


@transaction.atomic
def assistance_appoint(*, assistance, jabfung: User, by, seen_version=None) -> Assistance:
    """The Kepala UKPBJ appoints a Jabfung PPBJ for the assistance (SOP Perencanaan Pengadaan step 4; Persiapan
    Pengadaan step 6), by the Surat Tugas Pendampingan whose number and date are drawn now. Only a person holding
    the Jabfung PPBJ role (procurement_specialist) in the organisation, and not the package's PPK."""
    row = _begin(assistance, "appoint", by=by, seen_version=seen_version)
    if jabfung is None or not policies.is_jabfung(jabfung, row.organization_id):
        raise ValidationError(
            {"jabfung": [_("Only a procurement specialist (Jabfung PPBJ) of the organisation can be appointed.")]}
        )
    if jabfung.pk in (row.package.commitment_officer_id, row.requested_by_id):
        raise ValidationError({"jabfung": [_("The package's commitment officer (PPK) cannot assist themselves.")]})
    if problem := stage_closed(row.package, row.stage):
        raise ValidationError(problem)
    row.jabfung, row.assigned_by, row.assigned_at = jabfung, by, timezone.now()
    row.letter = _draw_letter(row, timezone.localdate())
    ASSISTANCE_FLOW.apply(row, "appoint", by=by, changes={"jabfung": jabfung.pk, "letter": row.letter.number})
    _record(row, "appoint", by=by)
    return row


@transaction.atomic
def assistance_report(*, assistance, period: str, text: str, by, seen_version=None) -> AssistanceReport:
    """The appointed Jabfung PPBJ reports to the Kepala UKPBJ (SOP Perencanaan Pengadaan step 5, "Laporan Periodik";
    Persiapan Pengadaan step 7)."""
    period, text = " ".join(str(period or "").split())[:100], str(text or "").strip()
    errors = {}
    if not period:
        errors["period"] = [_("Name the period the report covers.")]
    if not text:
        errors["text"] = [_("Write the report.")]
    if errors:
        raise ValidationError(errors)
    row = _begin(assistance, "report", by=by, seen_version=seen_version)
    report = AssistanceReport.objects.create(assistance=row, period=period, text=text, reported_by=by)
    ASSISTANCE_FLOW.apply(row, "report", by=by, changes={"period": period})
    _record(row, "report", by=by)
    return report


@transaction.atomic
def assistance_close(*, assistance, by, note: str = "", seen_version=None) -> Assistance:
    """The Kepala UKPBJ or the appointed Jabfung PPBJ closes the assistance (the PPK goes on with the stage)."""
    row = _begin(assistance, "close", by=by, seen_version=seen_version)
    row.closed_by, row.closed_at, row.closing_note = by, timezone.now(), str(note or "").strip()
    return ASSISTANCE_FLOW.apply(row, "close", by=by)
