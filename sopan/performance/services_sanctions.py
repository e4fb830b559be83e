"""The writes of blacklist sanction proposals (issue 18 §3; workflows_sanctions.py for the flow and the SOP steps).

Each runs in one transaction, asks the permission first, locks the proposal (`workflow.locked`: a form made on an
outdated page is refused with code "stale"), refuses bad input with an Indonesian message and nothing changed, and
writes its audit event (the transition's literal code). Imposing draws the SK's number (`numbering.next_number`, in the
same transaction: a refusal gives it back), computes the period from the rule in force on the SK's date, records SOP
step 6 on the contract's case and, once committed, mails the vendor.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sopan.core import audit, workflow
from sopan.core.documents import numbering
from sopan.performance import policies_sanctions as p
from sopan.performance import rules_sanctions
from sopan.performance.models import Assessment, Band
from sopan.performance.models_sanctions import SanctionProposal
from sopan.performance.workflows import PROCEDURE
from sopan.performance.workflows_sanctions import IMPOSE_STEP, SANCTION_FLOW
from sopan.sop import api as sop_api

SK_SERIES, SK_CODE = "KINERJA-SK-SANKSI", "SK-DH"
P = SanctionProposal.Proposer


def _checked_ground(ground, *, selection: bool | None) -> str:
    keys = {key for key, _label in rules_sanctions.choices(selection=selection)}
    if ground not in keys:
        raise ValidationError({"ground": [_("Choose the ground of the sanction (Pasal 78) from the list.")]})
    return ground


@transaction.atomic
def proposal_create(
    *, organization, by, ground, finding: str = "", assessment=None, contract=None, package=None, company=None
) -> SanctionProposal:
    """A blacklist sanction proposal: from the contract's poor assessment by its PPK (SOP Pencatatan Kinerja Penyedia
    step 5, "bila penilaian kinerja buruk maka PPK mengusulkan ke PA"), or from a finding (the facts) on a contract by
    its PPK, or on a package's selection by a member of its Pokja. Without an assessment the finding is required; a
    ground (Pasal 78) always is."""
    finding = str(finding or "").strip()
    if assessment is not None:
        contract = assessment.contract
        company = assessment.company
    if contract is not None:
        if not p.can_propose_for_contract(by, contract):
            raise PermissionDenied(_("Only the contract's commitment officer (PPK) may propose a sanction for it."))
        role, agency_id, selection = P.PPK, contract.agency_id, False
        company = company or contract.company
    elif package is not None:
        if not p.can_propose_for_package(by, package):
            raise PermissionDenied(_("Only a member of the package's selection working group may propose this."))
        role, agency_id, selection = P.POKJA, package.agency_id, True
    else:
        raise ValidationError(_("Choose the contract or the package the finding comes from."))
    errors = {}
    if company is None or company.organization_id != organization.pk:
        errors["company"] = [_("Choose the provider from the list.")]
    try:
        _checked_ground(ground, selection=selection)
    except ValidationError as error:
        errors.update(error.error_dict)
    if assessment is None and not finding:
        errors["finding"] = [_("Describe the facts found: a proposal without an assessment needs a finding.")]
    if errors:
        raise ValidationError(errors)
    if assessment is not None:
        _check_assessment(assessment)
    proposal = SanctionProposal.objects.create(
        organization=organization, company=company, contract=contract, assessment=assessment, package=package,
        agency_id=agency_id, ground=ground, finding=finding, proposer_role=role, proposed_by=by,
        proposed_at=timezone.now(),
    )  # fmt: skip
    audit.record(action="performance.sanction.proposed", by=by, target=proposal,
                 changes={"company": company.pk, "ground": ground, "contract": contract and contract.pk,
                          "package": package and package.pk, "assessment": assessment and assessment.pk})  # fmt: skip
    return proposal


def _check_assessment(assessment: Assessment) -> None:
    row = Assessment.objects.select_for_update().get(pk=assessment.pk)  # two proposals at once: one waits
    if row.band != Band.POOR:
        raise ValidationError(_("Only a poor (Buruk) assessment leads to a sanction proposal."), code="band")
    live = SanctionProposal.objects.filter(assessment=row).exclude(status=SanctionProposal.Status.REJECTED)
    if live.exists():
        raise ValidationError(_("A sanction has already been proposed for this assessment."), code="proposed")


def _locked(proposal, seen_version, name: str, by) -> SanctionProposal:
    """The proposal locked, the transition checked (stale, status, permission) before any input is looked at."""
    row = workflow.locked(SanctionProposal, proposal.pk, seen_version=seen_version,
                           organization=proposal.organization_id, related=("contract", "agency"))  # fmt: skip
    SANCTION_FLOW.check(row, name, by=by)
    return row


def _required(value, field: str, message) -> str:
    value = str(value or "").strip()
    if not value:
        raise ValidationError({field: [message]})
    return value


@transaction.atomic
def proposal_review(*, proposal, by, seen_version=None, note: str = "") -> SanctionProposal:
    """The UKPBJ's review: the proposal goes on to the PA/KPA of its agency."""
    row = _locked(proposal, seen_version, "review", by)
    row.review_note, row.reviewed_by, row.reviewed_at = str(note or "").strip(), by, timezone.now()
    return SANCTION_FLOW.apply(row, "review", by=by, changes={"note": row.review_note})


@transaction.atomic
def proposal_return(*, proposal, by, seen_version=None, note: str = "") -> SanctionProposal:
    """The UKPBJ returns the proposal to its proposer with a note (what is missing or wrong)."""
    row = _locked(proposal, seen_version, "return", by)
    note = _required(note, "note", _("Say why the proposal is returned."))
    row.review_note, row.reviewed_by, row.reviewed_at = note, by, timezone.now()
    return SANCTION_FLOW.apply(row, "return", by=by, changes={"note": note})


@transaction.atomic
def proposal_resubmit(*, proposal, by, seen_version=None, finding: str = "") -> SanctionProposal:
    """The proposer sends a returned proposal again, with the finding completed."""
    row = _locked(proposal, seen_version, "resubmit", by)
    finding = str(finding or "").strip() or row.finding
    if row.assessment_id is None and not finding:
        raise ValidationError({"finding": [_("Describe the facts found: a proposal without an assessment needs a "
                                             "finding.")]})  # fmt: skip
    row.finding = finding
    return SANCTION_FLOW.apply(row, "resubmit", by=by)


@transaction.atomic
def proposal_impose(*, proposal, by, seen_version=None, sk_date=None, starts_on=None) -> SanctionProposal:
    """The PA/KPA imposes the sanction (SOP Pencatatan Kinerja Penyedia step 6): the SK's number is drawn, the period
    runs from `starts_on` for the duration of the ground's rule in force on the SK's date; the vendor is told."""
    row = _locked(proposal, seen_version, "impose", by)  # checked before the number is drawn
    today = timezone.localdate()
    errors = {}
    if sk_date is None or sk_date > today:
        errors["sk_date"] = [_("Give the SK's date (today or earlier).")]
    if starts_on is None or (sk_date is not None and starts_on < sk_date):
        errors["starts_on"] = [_("Give the first day of the sanction, on or after the SK's date.")]
    if errors:
        raise ValidationError(errors)
    ground, ends_on = rules_sanctions.period(row.ground, sk_date=sk_date, starts_on=starts_on)
    value = numbering.next_number(row.organization, SK_SERIES, year=sk_date.year)
    unit = row.agency.code or "PA"
    row.sk_value, row.sk_number = value, f"{value}/{SK_CODE}/{unit}/{sk_date.year}"
    row.sk_dated_on, row.starts_on, row.ends_on, row.years = sk_date, starts_on, ends_on, ground.years
    row.rule_source = ground.citation[:300]
    row.decided_by, row.decided_at = by, timezone.now()
    SANCTION_FLOW.apply(row, "impose", by=by, changes={
        "sk_number": row.sk_number, "sk_date": sk_date.isoformat(), "starts_on": starts_on.isoformat(),
        "ends_on": ends_on.isoformat(), "years": ground.years, "source": row.rule_source})  # fmt: skip
    if row.contract is not None and sop_api.case_for(row.contract, procedure=PROCEDURE) is not None:
        sop_api.record_steps(subject=row.contract, organization=row.organization, procedure=PROCEDURE,
                             steps=(sop_api.StepDone(IMPOSE_STEP),), by=by, title=row.contract.name)  # fmt: skip
    from sopan.performance.tasks_sanctions import send_sanction_imposed

    transaction.on_commit(lambda: send_sanction_imposed.enqueue(proposal_id=row.pk))
    return row


@transaction.atomic
def proposal_reject(*, proposal, by, seen_version=None, reason: str = "") -> SanctionProposal:
    """The PA/KPA rejects the proposal, with the reason."""
    row = _locked(proposal, seen_version, "reject", by)
    reason = _required(reason, "reason", _("Give the reason for the rejection."))
    row.rejection_reason, row.decided_by, row.decided_at = reason, by, timezone.now()
    return SANCTION_FLOW.apply(row, "reject", by=by, changes={"reason": reason})


@transaction.atomic
def proposal_report(*, proposal, by, seen_version=None, reported_on=None, reference: str = "") -> SanctionProposal:
    """The imposed sanction is reported to LKPP (for the national list): the date and the reference (e.g. the
    INAPROC/SIKaP ticket)."""
    row = _locked(proposal, seen_version, "report", by)
    reference = _required(reference, "reference", _("Give the reference of the report to LKPP."))
    if reported_on is None or reported_on > timezone.localdate() or (row.sk_dated_on and reported_on < row.sk_dated_on):
        raise ValidationError({"reported_on": [
            _("Give the date of the report: from the SK's date (%(date)s) to today.")
            % {"date": date_format(row.sk_dated_on) if row.sk_dated_on else "-"}]})  # fmt: skip
    row.reported_on, row.lkpp_reference = reported_on, reference[:100]
    facts = {"reported_on": reported_on.isoformat(), "reference": row.lkpp_reference}
    return SANCTION_FLOW.apply(row, "report", by=by, changes=facts)
