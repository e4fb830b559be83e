"""Registering a supplier's contract: SOP Pengelolaan Pendukung Layanan steps 1–4 (workflows.py) on the contract's
case of `service_supplier_management`, with its documents (KAK, contract, NDA) checked by their content and stored
when the transaction commits."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sopan.accounts.policies import require
from sopan.core import audit, files, uploads, workflow
from sopan.sop import api as sop_api
from sopan.suppliers import policies
from sopan.suppliers.models import Contract, ContractDocument, Supplier
from sopan.suppliers.workflows import MANAGEMENT

DOCUMENT_TYPES = (uploads.PDF, uploads.DOCX, uploads.JPEG, uploads.PNG)


def parse_rupiah(value, *, field: str, required: bool = True) -> Decimal | None:
    """A Rupiah amount as typed ("150000000", "150.000.000", "Rp150.000.000"); ValidationError naming the field."""
    text = str(value or "").strip().replace("Rp", "").replace(".", "").replace(" ", "").replace(",", ".")
    if not text:
        if required:
            raise ValidationError({field: [_("Give the amount in Rupiah.")]})
        return None
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValidationError({field: [_("Write the amount in Rupiah as a number, e.g. 150000000.")]}) from None
    if amount < 0 or amount >= Decimal(10) ** 16:
        raise ValidationError({field: [_("The amount must be between Rp0 and Rp9.999.999.999.999.999.")]})
    return amount.quantize(Decimal("0.01"))


def _clean(number, title, starts_on, ends_on, value) -> dict:
    errors = {}
    number, title = str(number or "").strip()[:100], str(title or "").strip()[:300]
    if not number:
        errors["number"] = [_("Give the contract number.")]
    if not title:
        errors["title"] = [_("Say what service the contract provides.")]
    if not isinstance(starts_on, datetime.date):
        errors["starts_on"] = [_("Give the start of the term.")]
    if not isinstance(ends_on, datetime.date):
        errors["ends_on"] = [_("Give the end of the term.")]
    elif isinstance(starts_on, datetime.date) and ends_on < starts_on:
        errors["ends_on"] = [_("The term must end on or after its start.")]
    try:
        amount = parse_rupiah(value, field="value")
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return {"number": number, "title": title, "starts_on": starts_on, "ends_on": ends_on, "value": amount}


def _checked(documents: dict) -> list[tuple[str, uploads.CheckedFile]]:
    """The uploads by kind, each checked by its content; a refusal names its field."""
    checked, errors = [], {}
    for kind, upload in documents.items():
        if upload is None:
            continue
        if kind not in ContractDocument.Kind.values:
            raise ValueError(f"unknown document kind {kind!r}")
        try:
            checked.append((kind, uploads.check_upload(upload, allowed=DOCUMENT_TYPES)))
        except ValidationError as error:
            errors[kind] = error.messages
    if errors:
        raise ValidationError(errors)
    return checked


def _attach(contract: Contract, checked, by) -> None:
    for kind, found in checked:
        document = ContractDocument(
            contract=contract,
            kind=kind,
            name=found.name[:200],
            content_type=found.content_type,
            size=found.size,
            sha256=found.sha256,
            uploaded_by=by,
        )
        files.attach_on_commit(document, "file", found.name, found.content)
        document.save()


@transaction.atomic
def contract_register(*, supplier: Supplier, by, number, title, starts_on, ends_on, value, documents=None) -> Contract:
    """The Pengelola Pendukung Layanan registers a supplier's contract after its procurement (SOP steps 1–4): the
    supplier is on the list (step 2 exit b) or was entered for it (exit a, step 3); its data are updated with the
    documents (step 4, the end of the procedure). `documents`: {"kak"|"contract"|"nda"|"other": upload or None}."""
    require(policies.can_manage(by, supplier))
    values = _clean(number, title, starts_on, ends_on, value)
    checked = _checked(documents or {})
    supplier = workflow.locked(Supplier, supplier.pk, organization=supplier.organization_id)
    new = not Contract.objects.filter(supplier=supplier).exists()
    contract = Contract.objects.create(
        organization_id=supplier.organization_id, supplier=supplier, created_by=by, **values
    )
    _attach(contract, checked, by)
    audit.record(
        action="suppliers.contract.registered",
        by=by,
        target=contract,
        changes={
            "supplier": supplier.name,
            "number": values["number"],
            "ends_on": values["ends_on"].isoformat(),
            "value": str(values["value"]),
            "documents": [kind for kind, _f in checked],
        },
    )
    steps = [
        sop_api.StepDone("terima-nama-pendukung-layanan"),
        sop_api.StepDone("periksa-daftar-supplier", exit="a" if new else "b"),
    ]
    if new:
        steps.append(sop_api.StepDone("masukkan-pendukung-layanan-baru"))
    steps.append(sop_api.StepDone("update-data-pendukung-layanan"))
    sop_api.record_steps(
        subject=contract,
        organization=supplier.organization,
        procedure=MANAGEMENT,
        steps=steps,
        by=by,
        title=str(contract),
        finish=True,
    )
    return contract


@transaction.atomic
def document_add(*, contract: Contract, kind: str, upload, by) -> ContractDocument:
    """Another document for a registered contract (an addendum, a missing NDA)."""
    require(policies.can_manage(by, contract))
    if kind not in ContractDocument.Kind.values:
        raise ValidationError({"kind": [_("Choose a kind from the list.")]})
    if upload is None:
        raise ValidationError({"file": [_("Choose a file.")]})
    checked = _checked({kind: upload})
    row = workflow.locked(Contract, contract.pk, organization=contract.organization_id)
    _attach(row, checked, by)
    audit.record(
        action="suppliers.contract.document_added",
        by=by,
        target=row,
        changes={"kind": kind, "file": checked[0][1].name, "sha256": checked[0][1].sha256},
    )
    return row.documents.order_by("-id").first()
