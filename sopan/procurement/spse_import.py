"""The SPSE import (issue 17 §1: SPSE owns the tender data, so it is imported, never re-keyed): an SPSE export's
milestones (announcement, selection result, SPPBJ, contract, BAST) recorded on the organisation's packages.

Every milestone goes through its stage service (stages.py) with `spse=True`: the same transition as by hand, under
its twin name "<name>_spse" (workflows.SPSE_SOURCES), so the status moves, the SOP steps and the audit events
are the same as when the Pokja or the PPK records it in Sopan:

- announcement → `package_start_selection` (Persiapan Pemilihan 8–9; selection preparation → selection; the tender
  code is stored as `Package.spse_code`);
- selection result (penetapan pemenang) → `package_record_selection_result` (Proses Utama 5);
- SPPBJ → `package_record_sppbj` (Proses Utama 6, the award);
- contract → `package_record_contract` (Proses Utama 6; selection → contract);
- BAST → `package_record_handover` (Proses Utama 7–8; contract → handed over).

Who records: the importer (the Kepala UKPBJ or the Jabfung PPBJ, `procurement.import_spse`), not the Pokja or the
PPK whom the services otherwise ask for. The milestone is SPSE's record of what they did there; the audit event
names the importer and carries `"source": "spse"`. The guards stay: a package not yet scheduled in Sopan cannot be
announced, a contract needs its SPPBJ, and the row says so.

`commit=False` is the preview: the same run, rolled back, so it shows exactly what the import would do and every
refusal. `commit=True` keeps it only when no row has an error: nothing is half-imported. A milestone already recorded
on the same date is left alone, so the same file twice changes nothing; on another date it is an error (SPSE and
Sopan disagree: someone must look).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from sopan.accounts.models import Organization
from sopan.accounts.policies import require
from sopan.core import audit
from sopan.procurement import spse, stages
from sopan.procurement.models import Milestone, Package
from sopan.procurement.policies import can_import_spse
from sopan.procurement.rup import RowError, read

K = Milestone.Kind


@dataclass
class SpseImport:
    file_name: str = ""
    recorded: list[tuple[str, str]] = field(default_factory=list)  # (kd_rup, the milestone's label)
    unchanged: list[str] = field(default_factory=list)  # kd_rup of rows with nothing new
    errors: list[RowError] = field(default_factory=list)
    committed: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


class _RowRefused(Exception):
    """Ends one row's savepoint (its milestones are rolled back; the others go on)."""


def spse_import(*, organization: Organization, upload, by, commit: bool) -> SpseImport:
    """Preview (commit=False) or import (commit=True) an SPSE export's milestones into the organisation's packages."""
    require(can_import_spse(by, organization))
    name, content, records = read(upload, what=_("an SPSE export (XLSX, CSV or JSON)"), is_key=spse.is_key)
    rows, errors = spse.parse(records)
    result = SpseImport(file_name=name, errors=errors)
    good = _without_duplicates(rows, result)
    with transaction.atomic():
        if commit:  # two imports at once: one after the other, on the organisation's row
            Organization.objects.select_for_update().filter(pk=organization.pk).first()
        by_rup, by_tender = _packages(organization, good)
        for row in good:
            package = by_rup.get(row.kd_rup) if row.kd_rup else by_tender.get(row.kd_tender)
            if package is None:
                result.errors.append(_unknown(row))
                continue
            try:
                with transaction.atomic():
                    _record_row(package, row, by, result)
            except _RowRefused:
                pass
        if commit and not result.errors:
            audit.record(
                action="procurement.spse.imported",
                by=by,
                target=organization,
                changes={
                    "file": name,
                    "sha256": hashlib.sha256(content).hexdigest(),
                    "recorded": len(result.recorded),
                    "unchanged": len(result.unchanged),
                },
            )
            result.committed = True
        else:
            transaction.set_rollback(True)
    result.errors.sort(key=lambda e: e.row)
    return result


def _packages(organization, rows: list[spse.SpseRow]) -> tuple[dict[str, Package], dict[str, Package]]:
    """The organisation's packages the rows name, by RUP code and (for rows without one) by SPSE tender code."""
    rup_codes = [r.kd_rup for r in rows if r.kd_rup]
    tender_codes = [r.kd_tender for r in rows if not r.kd_rup]
    packages = Package.objects.filter(organization=organization).filter(
        Q(kd_rup__in=rup_codes) | Q(spse_code__in=tender_codes)
    )
    by_rup, by_tender = {}, {}
    for package in packages:
        by_rup[package.kd_rup] = package
        if package.spse_code:
            by_tender[package.spse_code] = package
    return by_rup, by_tender


def _unknown(row: spse.SpseRow) -> RowError:
    if row.kd_rup:
        message = _("RUP code %(code)s is not a package of this organisation.") % {"code": row.kd_rup}
        return RowError(row.row, row.headers["kd_rup"], message)
    message = _(
        "SPSE tender code %(code)s is not the tender of a package of this organisation. Import its announcement "
        "(with the RUP code) first."
    ) % {"code": row.kd_tender}
    return RowError(row.row, row.headers["kd_tender"], message)


def _without_duplicates(rows: list[spse.SpseRow], result: SpseImport) -> list[spse.SpseRow]:
    """The rows without error; a RUP code or a tender code given twice is refused in its second row."""
    bad = {error.row for error in result.errors}
    seen: dict[tuple[str, str], int] = {}
    for row in rows:
        for name, code in (("kd_rup", row.kd_rup), ("kd_tender", row.kd_tender)):
            if not code:
                continue
            if (name, code) in seen:
                message = _("Code %(code)s already appears in row %(first)s.") % {
                    "code": code,
                    "first": seen[(name, code)],
                }
                result.errors.append(RowError(row.row, row.headers[name], message))
                bad.add(row.row)
            else:
                seen[(name, code)] = row.row
    return [row for row in rows if row.row not in bad]


def _refuse(result: SpseImport, row: spse.SpseRow, header: str, message: str):
    result.errors.append(RowError(row.row, header, message))
    raise _RowRefused


def _record_row(package: Package, row: spse.SpseRow, by, result: SpseImport) -> None:
    """The row's milestones in order, each through its stage service; a refusal ends the row with its error."""
    if package.spse_code and package.spse_code != row.kd_tender:
        _refuse(result, row, row.headers["kd_tender"],
                _("The package already has the SPSE tender code %(code)s.") % {"code": package.spse_code})  # fmt: skip
    existing = {m.kind: m for m in package.milestone_records.all()}
    recorded = False
    for step in row.steps:
        label = str(K(step.kind).label)
        if (done := existing.get(step.kind)) is not None:
            if done.on != step.on:
                dates = {"milestone": label, "recorded": done.on.isoformat(), "date": step.on.isoformat()}
                _refuse(
                    result,
                    row,
                    step.header,
                    _("%(milestone)s is already recorded on %(recorded)s, not %(date)s.") % dates,
                )
            continue
        try:
            _record_step(package, step, row.kd_tender, by)
        except ValidationError as error:
            _refuse(result, row, step.header, f"{label}: {' '.join(error.messages)}")
        except PermissionDenied:
            _refuse(result, row, step.header, _("%(milestone)s: you may not record it.") % {"milestone": label})
        result.recorded.append((package.kd_rup, label))
        recorded = True
    if not package.spse_code and K.ANNOUNCED in existing:  # announced by hand without the code: keep SPSE's
        package = Package.objects.select_for_update().get(pk=package.pk)
        package.spse_code = row.kd_tender
        package.version += 1
        package.save(update_fields=["spse_code", "version", "updated_at"])
        audit.record(action="procurement.package.spse_code_set", by=by, target=package,
                     changes={"spse_code": ["", row.kd_tender]})  # fmt: skip
        recorded = True
    if not recorded:
        result.unchanged.append(package.kd_rup)


def _record_step(package: Package, step: spse.Step, kd_tender: str, by) -> None:
    common = {"package": package, "by": by, "seen_version": None, "spse": True}
    if step.kind == K.ANNOUNCED:
        stages.package_start_selection(**common, announced_on=step.on, spse_code=kd_tender)
    elif step.kind == K.SELECTION_RESULT:
        stages.package_record_selection_result(**common, on=step.on, reference=step.reference, value=step.value)
    elif step.kind == K.SPPBJ:
        stages.package_record_sppbj(**common, on=step.on, reference=step.reference, value=step.value)
    elif step.kind == K.CONTRACT:
        stages.package_record_contract(**common, on=step.on, reference=step.reference, value=step.value)
    else:
        stages.package_record_handover(**common, on=step.on, reference=step.reference)
