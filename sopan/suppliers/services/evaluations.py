"""The evaluation of a supplier's contract: SOP Pemantauan Kinerja Pendukung Layanan (workflows.py for the steps).

The Pengelola Pendukung Layanan checks the list and its documents (step 1, when the evaluation starts), fills in the
Lembar Evaluasi and gives it to the Kepala LPSE (step 2), who receives it (step 3) and approves it or asks for another
evaluation (step 4): then a new round of the sheet opens (back to step 2). The approved result is documented (step 5),
and a replacement opens an Usulan Pengadaan (services.proposals).

An expired contract is not evaluated: starting or submitting its evaluation is refused, nothing changes.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sopan.accounts.policies import require
from sopan.core import audit, workflow
from sopan.sop import api as sop_api
from sopan.suppliers import criteria, policies
from sopan.suppliers.models import Contract, Evaluation, EvaluationRound
from sopan.suppliers.workflows import EVALUATION_FLOW, MONITORING

E = Evaluation.Status
OUTCOMES = (Contract.Outcome.EXTEND, Contract.Outcome.REPLACE)


def _refuse_expired(contract: Contract) -> None:
    if contract.ends_on < timezone.localdate():
        raise ValidationError(
            _("The contract ended on %(date)s: an expired contract cannot be evaluated. Register the new contract "
              "and evaluate that one.") % {"date": date_format(contract.ends_on, "j F Y")},
            code="expired",
        )  # fmt: skip


@transaction.atomic
def evaluation_start(*, contract: Contract, by) -> Evaluation:
    """Open the evaluation of a running contract with its first Lembar Evaluasi (SOP step 1: the list and its
    documents checked)."""
    require(policies.can_manage(by, contract))
    contract = workflow.locked(Contract, contract.pk, organization=contract.organization_id)
    _refuse_expired(contract)
    if Evaluation.objects.filter(contract=contract, status__in=(E.DRAFT, E.SUBMITTED)).exists():
        raise ValidationError(_("This contract is already being evaluated: finish that evaluation first."))
    evaluation = Evaluation.objects.create(organization_id=contract.organization_id, contract=contract, started_by=by)
    EvaluationRound.objects.create(evaluation=evaluation, number=1)
    audit.record(action="suppliers.evaluation.started", by=by, target=evaluation, changes={"contract": contract.number})
    sop_api.record_steps(subject=evaluation, organization=contract.organization, procedure=MONITORING,
                         steps=[sop_api.StepDone("periksa-daftar-pendukung-layanan")], by=by,
                         title=f"Evaluasi {contract.supplier.name}")  # fmt: skip
    return evaluation


def current_round(evaluation: Evaluation) -> EvaluationRound:
    return evaluation.rounds.order_by("-number").first()


def _clean_sheet(scores: dict, notes, recommendation) -> tuple[dict, str, str]:
    errors, clean = {}, {}
    for key in criteria.KEYS:
        try:
            value = int(scores.get(key) or 0)
        except (TypeError, ValueError):
            value = 0
        if value not in criteria.SCALE:
            errors[f"score_{key}"] = [_("Score every criterion from 1 to 5.")]
        clean[key] = value
    if recommendation not in OUTCOMES:
        errors["recommendation"] = [_("Recommend extending or replacing the contract.")]
    notes = str(notes or "").strip()
    if not notes:
        errors["notes"] = [_("Write the notes of the evaluation.")]
    if errors:
        raise ValidationError(errors)
    return clean, notes, recommendation


@transaction.atomic
def evaluation_submit(*, evaluation: Evaluation, scores: dict, notes, recommendation, by, seen_version=None):
    """Fill in the current round's Lembar Evaluasi and give it to the Kepala LPSE (SOP step 2)."""
    require(EVALUATION_FLOW.get("submit").allowed(by, evaluation))
    clean, notes, recommendation = _clean_sheet(scores, notes, recommendation)
    row = workflow.locked(Evaluation, evaluation.pk, seen_version=seen_version, organization=evaluation.organization_id)
    EVALUATION_FLOW.check(row, "submit", by=by)
    _refuse_expired(row.contract)
    sheet = current_round(row)
    sheet.scores, sheet.notes, sheet.recommendation = clean, notes, recommendation
    sheet.evaluated_by, sheet.submitted_at = by, timezone.now()
    sheet.save()
    return EVALUATION_FLOW.apply(row, "submit", by=by,
                                 changes={"round": sheet.number, "recommendation": recommendation})  # fmt: skip


@transaction.atomic
def evaluation_approve(*, evaluation: Evaluation, by, seen_version=None) -> Evaluation:
    """The Kepala LPSE receives and approves the result (SOP steps 3–4, "Disetujui"): the round's recommendation
    becomes the evaluation's and the contract's outcome."""
    require(EVALUATION_FLOW.get("approve").allowed(by, evaluation))
    row = workflow.locked(Evaluation, evaluation.pk, seen_version=seen_version, organization=evaluation.organization_id)
    EVALUATION_FLOW.check(row, "approve", by=by)
    row.outcome = current_round(row).recommendation
    row.decided_by, row.decided_at = by, timezone.now()
    Contract.objects.filter(pk=row.contract_id).update(outcome=row.outcome)
    return EVALUATION_FLOW.apply(row, "approve", by=by, changes={"outcome": row.outcome})


@transaction.atomic
def evaluation_return(*, evaluation: Evaluation, note, by, seen_version=None) -> Evaluation:
    """The Kepala LPSE asks for another evaluation (SOP step 4 → step 2): a new round of the sheet opens."""
    note = str(note or "").strip()
    if not note:
        raise ValidationError({"note": [_("Say why the supplier should be evaluated again.")]})
    require(EVALUATION_FLOW.get("evaluate_again").allowed(by, evaluation))
    row = workflow.locked(Evaluation, evaluation.pk, seen_version=seen_version, organization=evaluation.organization_id)
    EVALUATION_FLOW.check(row, "evaluate_again", by=by)
    sheet = current_round(row)
    sheet.return_note = note
    sheet.save(update_fields=["return_note"])
    EvaluationRound.objects.create(evaluation=row, number=sheet.number + 1)
    return EVALUATION_FLOW.apply(row, "evaluate_again", by=by, changes={"round": sheet.number, "note": note})


@transaction.atomic
def evaluation_document(*, evaluation: Evaluation, by, seen_version=None):
    """The Pengelola documents the approved result (SOP step 5, the end). A replacement opens the procurement
    proposal (Prosedur Usulan Pengadaan), returned beside the evaluation; an extension opens none."""
    from sopan.suppliers.services.proposals import proposal_from_evaluation

    require(EVALUATION_FLOW.get("document").allowed(by, evaluation))
    row = workflow.locked(Evaluation, evaluation.pk, seen_version=seen_version, organization=evaluation.organization_id)
    row = EVALUATION_FLOW.apply(row, "document", by=by)
    proposal = proposal_from_evaluation(row, by=by) if row.outcome == Contract.Outcome.REPLACE else None
    return row, proposal
