"""The procurement proposal (Usulan Pengadaan): Prosedur Usulan Pengadaan steps 1–8 (workflows.py), its fields
filled as the steps go (needs, the check of existing assets, the budget, the KAK and its review), the Kepala LPSE's
approval, and the procurement package it becomes (procurement.services.package_create)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sopan.accounts.policies import require
from sopan.core import audit, workflow
from sopan.suppliers import policies
from sopan.suppliers.models import Evaluation, Proposal
from sopan.suppliers.services.contracts import parse_rupiah
from sopan.suppliers.workflows import PROPOSAL_FLOW

P = Proposal.Status
# what each status lets the Pengelola change (the SOP step that writes it)
EDITABLE = {
    P.DRAFT: ("title", "needs"),
    P.SUBMITTED: ("asset_check",),
    P.KAK_DRAFTING: ("budget", "budget_approved", "kak"),
    P.KAK_REVIEW: ("kak", "kak_review"),
}


@transaction.atomic
def proposal_create(*, organization, title, needs, by, evaluation: Evaluation | None = None) -> Proposal:
    """A user's needs description (SOP step 1), drafted with the Pengelola."""
    require(policies.can_manage(by, organization))
    title, needs = str(title or "").strip()[:300], str(needs or "").strip()
    errors = {}
    if not title:
        errors["title"] = [_("Give the proposal a title.")]
    if not needs:
        errors["needs"] = [_("Describe the needs (the user requirements).")]
    if errors:
        raise ValidationError(errors)
    proposal = Proposal.objects.create(
        organization=organization, title=title, needs=needs, created_by=by, evaluation=evaluation
    )
    audit.record(
        action="suppliers.proposal.created",
        by=by,
        target=proposal,
        changes={"title": title, "evaluation": evaluation.pk if evaluation else None},
    )
    return proposal


def proposal_from_evaluation(evaluation: Evaluation, *, by) -> Proposal:
    """The proposal a replacement opens, its needs drafted from the contract evaluated (the caller's transaction)."""
    contract = evaluation.contract
    return proposal_create(
        organization=evaluation.organization,
        evaluation=evaluation,
        by=by,
        title=_("Replacement of %(service)s (%(supplier)s)")
        % {"service": contract.title, "supplier": contract.supplier.name},
        needs=_(
            "Replace the service of contract %(number)s (%(service)s), ending on %(end)s, whose evaluation "
            "recommends a replacement."
        )
        % {"number": contract.number, "service": contract.title, "end": date_format(contract.ends_on, "j F Y")},
    )


def _values(status: str, fields: dict) -> dict:
    names = EDITABLE.get(status, ())
    values = {}
    for name in names:
        if name not in fields:
            continue
        if name == "budget":
            values[name] = parse_rupiah(fields[name], field="budget", required=False)
        elif name == "budget_approved":
            values[name] = bool(fields[name]) and str(fields[name]).lower() not in ("0", "false", "off", "")
        else:
            values[name] = str(fields[name] or "").strip()
            if name in ("title", "needs") and not values[name]:
                raise ValidationError({name: [_("This field cannot be empty.")]})
    return values


@transaction.atomic
def proposal_update(*, proposal: Proposal, by, seen_version=None, **fields) -> Proposal:
    """Write what the current step asks for (EDITABLE); other fields are left as they are."""
    require(policies.can_manage(by, proposal))
    row = workflow.locked(Proposal, proposal.pk, seen_version=seen_version, organization=proposal.organization_id)
    if row.status not in EDITABLE:
        raise ValidationError(_("This proposal can no longer be changed."))
    values = _values(row.status, fields)
    changes = {k: [str(getattr(row, k)), str(v)] for k, v in values.items() if getattr(row, k) != v}
    if not changes:
        return row
    for name, value in values.items():
        setattr(row, name, value)
    row.version += 1
    row.save()
    audit.record(action="suppliers.proposal.updated", by=by, target=row, changes=changes)
    return row


@transaction.atomic
def proposal_move(*, proposal: Proposal, name: str, by, seen_version=None, **fields) -> Proposal:
    """Save the step's fields, then take the transition `name` (PROPOSAL_FLOW), in one transaction: a refused move
    leaves the fields as they were."""
    require(PROPOSAL_FLOW.get(name).allowed(by, proposal))
    row = workflow.locked(Proposal, proposal.pk, seen_version=seen_version, organization=proposal.organization_id)
    if fields and row.status in EDITABLE:
        for key, value in _values(row.status, fields).items():
            setattr(row, key, value)
    if name == "approve":
        row.approved_by, row.approved_at = by, timezone.now()
    return PROPOSAL_FLOW.apply(row, name, by=by, title=row.title)


@transaction.atomic
def proposal_to_package(*, proposal: Proposal, agency, kd_rup, kind, method, fiscal_year, by) -> Proposal:
    """An approved proposal becomes a procurement package (the procurement module's `package_create`), once."""
    from sopan.procurement.services import package_create

    require(policies.can_manage(by, proposal))
    row = workflow.locked(Proposal, proposal.pk, organization=proposal.organization_id)
    if row.status != P.APPROVED:
        raise ValidationError(_("Only an approved proposal can become a procurement package."))
    if row.package_id:
        raise ValidationError(_("This proposal is already a procurement package."))
    package = package_create(
        organization=row.organization,
        by=by,
        source=f"suppliers.proposal:{row.pk}",
        fields={
            "kd_rup": kd_rup,
            "name": row.title,
            "agency": agency,
            "kind": kind,
            "method": method,
            "pagu": row.budget or 0,
            "fiscal_year": fiscal_year,
        },
    )
    row.package = package
    row.version += 1
    row.save(update_fields=["package", "version"])
    audit.record(action="suppliers.proposal.packaged", by=by, target=row, changes={"package": package.pk})
    return row
