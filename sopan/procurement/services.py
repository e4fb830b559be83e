"""Writes of the procurement context. The RUP import (SOP Perencanaan Pengadaan: the UKPBJ works from the agencies'
published RUP) brings a SiRUP export into the organisation's packages.

`rup_import(commit=False)` is the preview: what would be created, updated or left unchanged, every error by row and
column, and nothing written. `commit=True` writes every row in one transaction, and only when no row has an error:
nothing is ever half-imported. It is idempotent by kd_rup: the same file twice changes nothing; a changed row updates
its package and raises its `version`.

A method that breaks the value rule (rules.method_problems) is a **warning**, not an error: the RUP is the agency's
plan as published in SiRUP, the national system of record, and refusing the row would leave the UKPBJ without the
package it has to review. The warning names the rule and its source so that the Jabfung asks the agency to correct the
RUP (issue 17 §4: a proposal to correct the RUP's method).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sopan.accounts.models import Organization, OrgUnit
from sopan.accounts.policies import require
from sopan.core import audit
from sopan.procurement import rup
from sopan.procurement.models import FundingSource, Package
from sopan.procurement.policies import can_import_rup
from sopan.procurement.rules import method_problems

# the fields a SiRUP export sets; status, HPS and the SPSE code are the UKPBJ's and SPSE's, never overwritten
RUP_FIELDS = (
    "name",
    "agency",
    "kind",
    "pagu",
    "funding_source",
    "method",
    "is_domestic",
    "is_small_business",
    "fiscal_year",
    "commitment_officer_name",
    "budget_holder_name",
    "planned_selection_on",
    "planned_contract_on",
    "planned_use_on",
)


@dataclass
class RupImport:
    file_name: str = ""
    created: list[str] = field(default_factory=list)  # kd_rup
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[rup.RowError] = field(default_factory=list)
    warnings: list[rup.RowError] = field(default_factory=list)
    committed: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


def _agencies(organization: Organization) -> tuple[dict, dict]:
    units = OrgUnit.objects.filter(organization=organization, kind=OrgUnit.Kind.AGENCY, is_active=True)
    by_code, by_name = {}, {}
    for unit in units:
        by_code[unit.code.casefold()] = unit
        by_name[" ".join(unit.name.split()).casefold()] = unit
    return by_code, by_name


def _resolve(rows: list[rup.RupRow], organization: Organization, result: RupImport) -> list[rup.RupRow]:
    """Agencies matched, duplicates refused, the value rule checked; the rows without error."""
    by_code, by_name = _agencies(organization)
    seen: dict[str, int] = {}
    bad = {error.row for error in result.errors}
    good = []
    for row in rows:
        kd_rup = row.fields.get("kd_rup")
        if kd_rup:
            if kd_rup in seen:
                message = _("RUP code %(code)s already appears in row %(first)s.") % {
                    "code": kd_rup,
                    "first": seen[kd_rup],
                }
                result.errors.append(rup.RowError(row.row, row.headers["kd_rup"], message))
                bad.add(row.row)
            else:
                seen[kd_rup] = row.row
        # matched by code or by name, whichever column holds which (SiRUP users often put the short name)
        given = [" ".join(v.split()).casefold() for v in (row.agency_code, row.agency_name) if v]
        unit = next((u for v in given for u in (by_code.get(v), by_name.get(v)) if u is not None), None)
        if unit is None:
            header = row.headers.get("agency_name") or row.headers.get("agency_code")
            shown = row.agency_name or row.agency_code
            message = _("The agency “%(agency)s” is not an agency (OPD) of this organisation.") % {"agency": shown}
            result.errors.append(rup.RowError(row.row, header, message))
            bad.add(row.row)
        row.fields["agency"] = unit
        if row.row in bad:
            continue
        on = row.fields.get("planned_selection_on") or timezone.localdate()
        for problem in method_problems(row.fields["kind"], row.fields["method"], row.fields["pagu"], on):
            result.warnings.append(rup.RowError(row.row, row.headers["method"], str(problem)))
        good.append(row)
    return good


def _changes(package: Package, fields: dict) -> dict:
    changes = {}
    for name in RUP_FIELDS:
        if name not in fields:
            continue
        old, new = getattr(package, name), fields[name]
        if name == "agency":
            old, new = package.agency_id, new.pk
        if old != new:
            changes[name] = [old, new]
    return changes


def rup_import(*, organization: Organization, upload, by, commit: bool) -> RupImport:
    """Preview (commit=False) or import (commit=True) a SiRUP export into the organisation's packages."""
    require(can_import_rup(by, organization))
    name, content, records = rup.read(upload)
    rows, errors = rup.parse(records)
    result = RupImport(file_name=name, errors=errors)
    good = _resolve(rows, organization, result)
    result.errors.sort(key=lambda e: e.row)
    if result.errors:
        return result
    with transaction.atomic():
        if commit:
            # Two imports at once would both create the same kd_rup: one after the other, on the organisation's row.
            Organization.objects.select_for_update().filter(pk=organization.pk).first()
        existing = Package.objects.filter(organization=organization, kd_rup__in=[r.fields["kd_rup"] for r in good])
        if commit:
            existing = existing.select_for_update()
        packages = {p.kd_rup: p for p in existing}
        for row in good:
            package = packages.get(row.fields["kd_rup"])
            if package is None:
                result.created.append(row.fields["kd_rup"])
                if commit:
                    _create(organization, row.fields, by)
            elif changes := _changes(package, row.fields):
                result.updated.append(package.kd_rup)
                if commit:
                    _update(package, row.fields, changes, by)
            else:
                result.unchanged.append(package.kd_rup)
        if commit:
            audit.record(
                action="procurement.rup.imported",
                by=by,
                target=organization,
                changes={
                    "file": name,
                    "sha256": hashlib.sha256(content).hexdigest(),
                    "created": len(result.created),
                    "updated": len(result.updated),
                    "unchanged": len(result.unchanged),
                },
            )
            result.committed = True
    return result


def _create(organization: Organization, fields: dict, by) -> Package:
    values = {k: v for k, v in fields.items() if k in RUP_FIELDS or k == "kd_rup"}
    values.setdefault("funding_source", FundingSource.OTHER)
    package = Package.objects.create(organization=organization, **values)
    audit.record(
        action="procurement.package.imported",
        by=by,
        target=package,
        changes={"kd_rup": package.kd_rup, "pagu": package.pagu, "method": package.method},
    )
    return package


def _update(package: Package, fields: dict, changes: dict, by) -> None:
    for name in changes:
        setattr(package, name, fields[name])
    package.version += 1
    package.save(update_fields=[*changes, "version", "updated_at"])
    audit.record(action="procurement.package.updated_from_rup", by=by, target=package, changes=changes)


@transaction.atomic
def package_create(*, organization: Organization, fields: dict, by, source: str) -> Package:
    """A package made by another context's service, not from the RUP: e.g. an approved Usulan Pengadaan of the LPSE
    (sopan.suppliers). The calling service has checked its own permission; this one checks the package's data.

    `fields`: kd_rup, name, agency (an agency unit of the organisation), kind, method, pagu, fiscal_year, and
    optionally funding_source (default: other). `source` names where it came from, for the audit trail."""
    from django.core.exceptions import ValidationError

    from sopan.procurement.models import Kind, Method

    errors = {}
    kd_rup = str(fields.get("kd_rup") or "").strip()[:30]
    if not kd_rup:
        errors["kd_rup"] = [_("Give the RUP code of the package.")]
    elif Package.objects.filter(organization=organization, kd_rup=kd_rup).exists():
        errors["kd_rup"] = [_("A package with this RUP code already exists.")]
    agency = fields.get("agency")
    if not isinstance(agency, OrgUnit) or agency.organization_id != organization.pk or agency.kind != "agency":
        errors["agency"] = [_("Choose an agency of the organisation.")]
    if fields.get("kind") not in Kind.values:
        errors["kind"] = [_("Choose a procurement type from the list.")]
    if fields.get("method") not in Method.values:
        errors["method"] = [_("Choose a method from the list.")]
    if not isinstance(fields.get("fiscal_year"), int) or not 2000 <= fields["fiscal_year"] <= 2100:
        errors["fiscal_year"] = [_("Give the fiscal year.")]
    if errors:
        raise ValidationError(errors)
    package = Package.objects.create(
        organization=organization,
        kd_rup=kd_rup,
        name=str(fields.get("name") or "")[:500],
        agency=agency,
        kind=fields["kind"],
        method=fields["method"],
        pagu=fields.get("pagu") or 0,
        fiscal_year=fields["fiscal_year"],
        funding_source=fields.get("funding_source") or FundingSource.OTHER,
    )
    audit.record(
        action="procurement.package.created",
        by=by,
        target=package,
        changes={"kd_rup": kd_rup, "pagu": package.pagu, "method": package.method, "source": source},
    )
    return package
