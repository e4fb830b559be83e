"""The services of a package's stages (issue 17 §2–§3): `package_<verb>(*, package, by, seen_version, ...)`.

Each runs in one transaction, asks the permission first, locks the package row (`workflow.locked`: a form made on an
outdated page is refused with code "stale") and moves the status only through `PACKAGE_FLOW.apply`, which writes the
audit event and records the SOP steps (see workflows.py for the step numbers of Pagar Alam's SOPs). The records of
a stage are written after the move, in the same transaction, so the move's guard sees the package as it was.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sopan.accounts.policies import require
from sopan.core import audit, modules, workflow
from sopan.procurement import policies, rules
from sopan.procurement.models import (
    Kind,
    Method,
    Milestone,
    Package,
    PokjaAssignment,
    PokjaAssignmentMember,
    PreparationDocument,
    Review,
    SelectionPlan,
    SelectionRequest,
)
from sopan.procurement.workflows import (
    MAIN,
    PACKAGE_FLOW,
    PREPARATION,
    PREPARATION_ENDS_WITH_REQUEST,
    SELECTION_PREPARATION,
    last_review,
    spse_name,
)
from sopan.procurement.workflows_assistance import PLANNING
from sopan.procurement.workflows_availability import AVAILABILITY
from sopan.sop import api as sop_api

# The evaluation methods by kind: Perpres 16/2018 Pasal 39 ayat (1) (sistem nilai, biaya selama umur ekonomis, harga
# terendah) for goods, works and other services; Pasal 42 ayat (1) (the four below) for consultancy.
CONSULTANCY_EVALUATIONS = {
    SelectionPlan.Evaluation.QUALITY_COST,
    SelectionPlan.Evaluation.QUALITY,
    SelectionPlan.Evaluation.FIXED_BUDGET,
    SelectionPlan.Evaluation.LEAST_COST,
}


def _begin(package, name: str, *, by, seen_version) -> Package:
    """Permission first, then the locked row, then whatever `apply` would refuse (status, guard)."""
    require(PACKAGE_FLOW.get(name).allowed(by, package))
    row = workflow.locked(Package, package.pk, seen_version=seen_version, organization=package.organization_id)
    PACKAGE_FLOW.check(row, name, by=by)
    return row


def _move(package, name: str, *, by, seen_version, changes=None) -> Package:
    row = _begin(package, name, by=by, seen_version=seen_version)
    return PACKAGE_FLOW.apply(row, name, by=by, changes=changes)


# --- Persiapan Pengadaan ---------------------------------------------------------------------------------------------
@transaction.atomic
def package_record_preparation_document(*, package, kind: str, by, seen_version, reference: str = "") -> Package:
    """The PPK hands over one preparation document (specification/KAK, HPS, draft contract: SOP Persiapan Pengadaan
    steps 3–8), as submitted. Only the fact is kept: the file itself is not stored yet."""
    require(policies.can_prepare_package(by, package))
    row = workflow.locked(Package, package.pk, seen_version=seen_version, organization=package.organization_id)
    if row.status not in (Package.Status.PLANNING, Package.Status.PREPARATION):
        raise ValidationError(_("The preparation documents can no longer be changed at this stage."))
    if kind not in PreparationDocument.Kind.values:
        raise ValidationError(_("Unknown preparation document."))
    PreparationDocument.objects.update_or_create(
        package=row,
        kind=kind,
        defaults={"status": PreparationDocument.Status.SUBMITTED, "reference": reference.strip(), "updated_by": by},
    )
    row.version += 1
    row.save(update_fields=["version", "updated_at"])
    audit.record(
        action="procurement.package.preparation_document_recorded",
        by=by,
        target=row,
        changes={"kind": kind, "reference": reference.strip()},
    )
    return row


@transaction.atomic
def package_submit_preparation(*, package, by, seen_version) -> Package:
    """Persiapan Pengadaan step 3: the PPK submits the reviewed specification/KAK and RAB to the PA/KPA. The package
    leaves its planning: a Perencanaan Pengadaan case opened by an assistance (steps 3 "a"–5) ends here, its open
    steps skipped (the rest of the planning, up to the RUP announced in SiRUP, happened outside Sopan)."""
    row = _move(package, "submit_preparation", by=by, seen_version=seen_version)
    row.preparation_documents.update(status=PreparationDocument.Status.REVIEWED, updated_by=by)
    sop_api.close_case(subject=row, procedure=PLANNING, by=by, reason=_("The package moved on to its preparation."))
    return row


@transaction.atomic
def package_approve_preparation(*, package, by, seen_version) -> Package:
    """Persiapan Pengadaan step 4: the PA/KPA approves; the package goes to the selection preparation."""
    row = _move(package, "approve_preparation", by=by, seen_version=seen_version)
    row.preparation_documents.update(status=PreparationDocument.Status.APPROVED, updated_by=by)
    return row


# --- Persiapan Pemilihan Penyedia ------------------------------------------------------------------------------------
@transaction.atomic
def package_request_selection(*, package, by, seen_version, items: Sequence[str]) -> Package:
    """Persiapan Pemilihan step 2: the PPK requests the selection with the six items of the SOP. It also closes
    Persiapan Pengadaan (steps 5 "b", 8, 9: HPS and draft contract set, the preparation documents set)."""
    row = _begin(package, "request_selection", by=by, seen_version=seen_version)
    if hasattr(row, "selection_request"):
        raise ValidationError(_("The selection was already requested for this package."))
    given = [item for item in SelectionRequest.Item.values if item in set(items)]
    missing = [SelectionRequest.Item(item).label for item in SelectionRequest.Item.values if item not in given]
    if missing:
        raise ValidationError(
            _("The request lacks: %(items)s.") % {"items": ", ".join(str(label) for label in missing)}, code="missing"
        )
    row = PACKAGE_FLOW.apply(row, "request_selection", by=by, changes={"items": given})
    SelectionRequest.objects.create(package=row, items=given, submitted_by=by)
    modules.call(
        "steps_done",
        subject=row,
        organization=row.organization,
        procedure=PREPARATION,
        steps=PREPARATION_ENDS_WITH_REQUEST,
        by=by,
        title=str(row),
        finish=True,
    )
    return row


@transaction.atomic
def package_assign_pokja(
    *, package, by, seen_version, decree_number: str, decree_date: datetime.date, members: Sequence[rules.PokjaMember]
) -> PokjaAssignment:
    """Persiapan Pemilihan step 3: the Kepala UKPBJ appoints the Pokja Pemilihan by decree. Refused with every rule
    the proposed members break (`rules.pokja_problems`: size, the PPK, LPSE personnel, competence, Pakta
    Integritas), each with its legal source."""
    row = _begin(package, "assign_pokja", by=by, seen_version=seen_version)
    if not decree_number.strip():
        raise ValidationError(_("Give the number of the Kepala UKPBJ's decree."), code="decree")
    problems = rules.pokja_problems(row, members, decree_date)
    if problems:
        raise ValidationError([ValidationError(str(p), code=p.rule) for p in problems])
    users = [m.user for m in members]
    row = PACKAGE_FLOW.apply(
        row,
        "assign_pokja",
        by=by,
        changes={
            "decree_number": decree_number.strip(),
            "members": [u.get_full_name() for u in users],
            "competence": {m.user.get_full_name(): _competence_note(m) for m in members},
        },
    )
    assignment = PokjaAssignment.objects.create(
        package=row, decree_number=decree_number.strip(), decree_date=decree_date, assigned_by=by
    )
    PokjaAssignmentMember.objects.bulk_create(
        PokjaAssignmentMember(
            assignment=assignment,
            user=m.user,
            declared_competence=row.kind in m.competences,
            competence_note=_competence_note(m),
            signed_integrity_pact=m.declared_no_conflict,
        )
        for m in members
    )
    return assignment


def _competence_note(member: rules.PokjaMember) -> str:
    """The kinds the member declares competence for, then their own words."""
    kinds = ", ".join(str(Kind(k).label) for k in sorted(member.competences))
    return "; ".join(x for x in (kinds, member.note.strip()) if x)


def _review(package, name, outcome, *, by, seen_version, findings: str) -> Review:
    row = _begin(package, name, by=by, seen_version=seen_version)
    previous = last_review(row)
    round_ = (previous.round + 1) if previous else 1
    row = PACKAGE_FLOW.apply(row, name, by=by, changes={"round": round_, "findings": findings})
    return Review.objects.create(package=row, round=round_, outcome=outcome, findings=findings, reviewed_by=by)


@transaction.atomic
def package_return_documents(*, package, by, seen_version, findings: str) -> Review:
    """Persiapan Pemilihan step 4 "b": the Pokja finds the documents incomplete and returns them to the PPK."""
    findings = findings.strip()
    if not findings:
        raise ValidationError(_("Write what the commitment officer (PPK) must correct."), code="findings")
    return _review(package, "return_documents", Review.Outcome.RETURNED, by=by, seen_version=seen_version,
                   findings=findings)  # fmt: skip


@transaction.atomic
def package_resubmit_documents(*, package, by, seen_version) -> Package:
    """Persiapan Pemilihan step 5: the PPK corrects the documents and hands them to the Pokja again (next round)."""
    row = _move(package, "resubmit_documents", by=by, seen_version=seen_version)
    Review.objects.filter(pk=last_review(row).pk).update(resubmitted_at=timezone.now())
    return row


@transaction.atomic
def package_complete_review(*, package, by, seen_version, findings: str = "") -> Review:
    """Persiapan Pemilihan step 4 "a": the documents are complete; the methods are decided next."""
    return _review(package, "complete_review", Review.Outcome.COMPLETE, by=by, seen_version=seen_version,
                   findings=findings.strip())  # fmt: skip


def _check_methods(row, selection_method, qualification_method, evaluation_method, submission_method) -> None:
    choices = (
        (selection_method, Method.values),
        (qualification_method, SelectionPlan.Qualification.values),
        (evaluation_method, SelectionPlan.Evaluation.values),
        (submission_method, SelectionPlan.Submission.values),
    )
    if any(value not in allowed for value, allowed in choices):
        raise ValidationError(_("Choose each of the four methods from the list."), code="choice")
    if (evaluation_method in CONSULTANCY_EVALUATIONS) != (row.kind == Kind.CONSULTANCY):
        raise ValidationError(
            _("The evaluation method %(method)s does not fit %(kind)s.")
            % {"method": SelectionPlan.Evaluation(evaluation_method).label, "kind": Kind(row.kind).label},
            code="evaluation",
        )
    on = row.planned_selection_on or timezone.localdate()
    problems = rules.method_problems(row.kind, selection_method, row.hps or row.pagu, on)
    if problems:
        raise ValidationError([ValidationError(str(p), code=p.rule) for p in problems])


@transaction.atomic
def package_decide_methods(
    *, package, by, seen_version, selection_method, qualification_method, evaluation_method, submission_method
) -> SelectionPlan:
    """Persiapan Pemilihan step 6: the selection, qualification, evaluation and bid submission methods."""
    row = _begin(package, "decide_methods", by=by, seen_version=seen_version)
    _check_methods(row, selection_method, qualification_method, evaluation_method, submission_method)
    methods = {
        "selection_method": selection_method,
        "qualification_method": qualification_method,
        "evaluation_method": evaluation_method,
        "submission_method": submission_method,
    }
    row = PACKAGE_FLOW.apply(row, "decide_methods", by=by, changes=methods)
    return SelectionPlan.objects.create(package=row, decided_by=by, **methods)


@transaction.atomic
def package_set_schedule(
    *, package, by, seen_version, announcement_on, bid_deadline_on, result_on, contract_on
) -> SelectionPlan:
    """Persiapan Pemilihan step 7: the selection schedule, its dates in order."""
    row = _begin(package, "set_schedule", by=by, seen_version=seen_version)
    dates = [announcement_on, bid_deadline_on, result_on, contract_on]
    if None in dates:
        raise ValidationError(_("Give every date of the schedule."), code="schedule")
    if dates != sorted(dates):
        raise ValidationError(
            _("The dates must follow each other: announcement, bid deadline, selection result, contract."),
            code="schedule",
        )
    schedule = dict(zip(("announcement_on", "bid_deadline_on", "result_on", "contract_on"), dates, strict=True))
    row = PACKAGE_FLOW.apply(row, "set_schedule", by=by, changes={k: v.isoformat() for k, v in schedule.items()})
    SelectionPlan.objects.filter(package=row).update(scheduled_by=by, **schedule)
    return SelectionPlan.objects.get(package=row)


def _via(name: str, spse: bool) -> tuple[str, dict]:
    """The transition and the audit's extra facts: `spse=True` is the SPSE import (spse_import.py), which takes the
    twin transition "<name>_spse" (same move, steps and audit code; allowed to the holder of
    `procurement.import_spse` instead of the Pokja or the PPK) and marks the event with its source."""
    return (spse_name(name), {"source": "spse"}) if spse else (name, {})


@transaction.atomic
def package_start_selection(
    *, package, by, seen_version, announced_on: datetime.date, spse_code: str = "", spse: bool = False
) -> Package:
    """Persiapan Pemilihan step 8–9: the selection document is set and the selection is announced in SPSE."""
    name, source = _via("start_selection", spse)
    row = _begin(package, name, by=by, seen_version=seen_version)
    if announced_on is None:
        raise ValidationError(_("Give the date of the announcement in SPSE."), code="date")
    if spse_code.strip():
        row.spse_code = spse_code.strip()
    row = PACKAGE_FLOW.apply(row, name, by=by, changes={"on": announced_on.isoformat(), **source})
    Milestone.objects.create(package=row, kind=Milestone.Kind.ANNOUNCED, on=announced_on, recorded_by=by)
    return row


# --- Proses Utama PBJ ------------------------------------------------------------------------------------------------
def _milestone(package, name, kind, *, by, seen_version, on, reference, value=None, spse=False) -> Milestone:
    name, source = _via(name, spse)
    row = _begin(package, name, by=by, seen_version=seen_version)
    if on is None:
        raise ValidationError(_("Give the date."), code="date")
    if on > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."), code="date")
    if value is not None and value < 0:
        raise ValidationError(_("The value cannot be negative."), code="value")
    changes = {"on": on.isoformat(), "reference": reference.strip(), "value": None if value is None else str(value),
               **source}  # fmt: skip
    row = PACKAGE_FLOW.apply(row, name, by=by, changes=changes)
    return Milestone.objects.create(
        package=row, kind=kind, on=on, reference=reference.strip(), value=value, recorded_by=by
    )


@transaction.atomic
def package_record_selection_result(
    *, package, by, seen_version, on, reference: str = "", value=None, spse: bool = False
) -> Milestone:
    """Proses Utama step 5: the Pokja records the selection result (Berita Acara Hasil Pemilihan)."""
    return _milestone(package, "record_selection_result", Milestone.Kind.SELECTION_RESULT, by=by,
                      seen_version=seen_version, on=on, reference=reference, value=value, spse=spse)  # fmt: skip


@transaction.atomic
def package_record_sppbj(
    *, package, by, seen_version, on, reference: str = "", value=None, spse: bool = False
) -> Milestone:
    """Proses Utama step 6: the PPK appoints the provider (SPPBJ): the award date of the OCDS release."""
    return _milestone(package, "record_sppbj", Milestone.Kind.SPPBJ, by=by, seen_version=seen_version, on=on,
                      reference=reference, value=value, spse=spse)  # fmt: skip


@transaction.atomic
def package_record_contract(
    *, package, by, seen_version, on, reference: str = "", value=None, spse: bool = False
) -> Milestone:
    """Proses Utama step 6: the PPK signs the contract; the package is in its contract stage."""
    return _milestone(package, "record_contract", Milestone.Kind.CONTRACT, by=by, seen_version=seen_version, on=on,
                      reference=reference, value=value, spse=spse)  # fmt: skip


@transaction.atomic
def package_record_handover(*, package, by, seen_version, on, reference: str = "", spse: bool = False) -> Milestone:
    """Proses Utama steps 7–8: the work is handed over (BAST) and the main process ends. The contract ended: the
    modules that follow it are told (`contract_ended`: vendor performance opens its assessment), in this
    transaction."""
    milestone = _milestone(package, "record_handover", Milestone.Kind.HANDOVER, by=by, seen_version=seen_version,
                           on=on, reference=reference, spse=spse)  # fmt: skip
    modules.call("contract_ended", package=milestone.package, on=on, by=by, reference=reference, ending="handover")
    return milestone


@transaction.atomic
def package_cancel(*, package, by, seen_version, reason: str) -> Package:
    """The PA/KPA or the Kepala UKPBJ cancels the package before its handover, with the reason; the package's open
    SOP cases are closed (their open steps skipped)."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give the reason for the cancellation."), code="reason")
    row = _move(package, "cancel", by=by, seen_version=seen_version, changes={"reason": reason})
    for procedure in (PLANNING, PREPARATION, SELECTION_PREPARATION, MAIN):  # the open SOP cases end with the package
        sop_api.close_case(subject=row, procedure=procedure, by=by, reason=reason)
    for analysis in row.availability_analyses.all():  # and those of its availability analysis rounds
        sop_api.close_case(subject=analysis, procedure=AVAILABILITY, by=by, reason=reason)
    return row
