"""A risk's treatments (SOP step 6, planned; step 7, executed with the evidence) and its monitoring entries."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sopan.accounts.policies import require
from sopan.core import audit, files, uploads, workflow
from sopan.risks import policies
from sopan.risks.models import MonitoringEntry, Risk, Treatment
from sopan.risks.services.risks import check_owner

EVIDENCE_TYPES = (uploads.PDF, uploads.JPEG, uploads.PNG, uploads.DOCX, uploads.XLSX)
PLANNABLE = (Risk.Status.IDENTIFIED, Risk.Status.ANALYSED, Risk.Status.TREATED)


def _locked(risk, by) -> Risk:
    require(policies.can_manage_risk(by, risk))
    return workflow.locked(Risk, risk.pk, organization=risk.organization_id)


@transaction.atomic
def treatment_add(*, risk, action: str, owner, due_on, by) -> Treatment:
    """A handling plan (SOP step 6): what is done, by whom (required) and by when."""
    require(policies.can_manage_risk(by, risk))
    action = str(action or "").strip()
    errors = {}
    if not action:
        errors["action"] = [_("Describe the treatment.")]
    try:
        check_owner(
            risk.organization, owner, what=_("Choose who carries out the treatment: a treatment needs an owner.")
        )
    except ValidationError as error:
        errors.update(error.message_dict)
    if due_on is None:
        errors["due_on"] = [_("Give the due date.")]
    if errors:
        raise ValidationError(errors)
    row = _locked(risk, by)
    if row.status not in PLANNABLE:
        raise ValidationError(_("Treatments are planned before the risk is reported to the coordinator."))
    treatment = Treatment.objects.create(risk=row, action=action, owner=owner, due_on=due_on)
    audit.record(action="risks.treatment.added", by=by, target=row,
                 changes={"action": action[:200], "owner": owner.get_full_name() or owner.username,
                          "due_on": due_on.isoformat()})  # fmt: skip
    return treatment


@transaction.atomic
def treatment_complete(*, treatment, upload, by) -> Treatment:
    """The treatment is carried out (SOP step 7): its evidence, checked by its content, stored on commit. The risk's
    owner, the coordinator or the treatment's own owner records it."""
    risk = treatment.risk
    if treatment.owner_id != by.pk:
        require(policies.can_manage_risk(by, risk))
    elif not policies.can_view_register(by, risk):
        require(False)
    if upload is None:
        raise ValidationError({"evidence": [_("Attach the evidence that the treatment was carried out.")]})
    try:
        checked = uploads.check_upload(upload, allowed=EVIDENCE_TYPES)
    except ValidationError as error:
        raise ValidationError({"evidence": error.messages}) from None
    workflow.locked(Risk, risk.pk, organization=risk.organization_id)
    row = Treatment.objects.select_for_update().get(pk=treatment.pk, risk=risk)
    if row.status == Treatment.Status.DONE:
        raise ValidationError(_("This treatment is already recorded as done."))
    files.attach_on_commit(row, "evidence", checked.name, checked.content)
    row.evidence_name, row.evidence_sha256 = checked.name, checked.sha256
    row.status, row.done_at = Treatment.Status.DONE, timezone.now()
    row.save()
    audit.record(action="risks.treatment.done", by=by, target=risk,
                 changes={"action": row.action[:200], "file": checked.name, "sha256": checked.sha256})  # fmt: skip
    return row


@transaction.atomic
def monitoring_add(*, risk, note: str, by) -> MonitoringEntry:
    """A monitoring note (SOP step 7 output, "Pemantauan dan Pengendalian Risiko")."""
    require(policies.can_manage_risk(by, risk))
    note = str(note or "").strip()
    if not note:
        raise ValidationError({"note": [_("Write the monitoring note.")]})
    row = _locked(risk, by)
    if row.status == Risk.Status.CLOSED:
        raise ValidationError(_("The risk is closed."))
    entry = MonitoringEntry.objects.create(risk=row, note=note, by=by)
    audit.record(action="risks.monitoring.added", by=by, target=row, changes={"note": note[:200]})
    return entry
