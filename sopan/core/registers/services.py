"""Every write to a declared register: create, edit, import. One transaction each, the permission checked here.

The field history of a row is its audit trail: each write records the changed fields as `changes` {field: [old, new]}
in the same transaction (sopan.core.audit). A row whose model has a `version` is edited only on the version the
person saw: a second save made on a stale copy is refused instead of silently overwriting the first.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sopan.core import audit
from sopan.core.registers import xlsx
from sopan.core.registers.declaration import Register
from sopan.core.registers.forms import row_form_class
from sopan.core.workflow import check_version, locked


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _valid_form(register: Register, data, instance=None):
    form = row_form_class(register)(data=data, instance=instance)
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return form


def _insert(register: Register, form, organization, *, action: str, by):
    row = form.save(commit=False)
    setattr(row, register.organization_field, organization)
    row.save()
    form.save_m2m()
    changes = audit.changes_between({}, audit.snapshot(row, register.fields))
    audit.record(action=action, by=by, target=row, changes=changes)
    return row


@transaction.atomic
def register_create(*, register: Register, organization, data, by):
    """Add a row to the organisation's register (data: the form's fields)."""
    _require(by.has_perm(register.capability_edit, organization) and by.organization_id == organization.pk)
    form = _valid_form(register, data)
    return _insert(register, form, organization, action=register.audit_code("created"), by=by)


def _check_version(register: Register, row, data) -> None:
    if register.versioned:
        message = _(
            "Someone else saved this row after you opened it. Open it again to see their changes, then make yours."
        )
        check_version(row, data.get(register.version_field), message, field=register.version_field, required=True)


@transaction.atomic
def register_update(*, register: Register, row, data, by):
    """Change a row's fields; `data` carries the version the person saw when the model has one."""
    row = locked(register.model_class, row.pk)
    _require(by.has_perm(register.capability_edit, row))
    _check_version(register, row, data)
    before = audit.snapshot(row, register.fields)
    form = _valid_form(register, data, instance=row)
    changes = audit.changes_between(before, audit.snapshot(form.instance, register.fields))
    if not changes:
        return row
    row = form.save(commit=False)
    if register.versioned:
        setattr(row, register.version_field, getattr(row, register.version_field) + 1)
    row.save()
    form.save_m2m()
    audit.record(action=register.audit_code("updated"), by=by, target=row, changes=changes)
    return row


def _row_errors(register: Register, number: int, errors: dict, letters: dict[str, str]) -> list[str]:
    messages = []
    for name, field_errors in errors.items():
        for message in field_errors:
            if name in letters:
                header = next(c.header for c in register.columns if c.field == name)
                messages.append(
                    _("Row %(row)s, column %(column)s (%(letter)s): %(message)s")
                    % {"row": number, "column": header, "letter": letters[name], "message": message}
                )
            else:
                messages.append(_("Row %(row)s: %(message)s") % {"row": number, "message": message})
    return messages


MAX_REPORTED_ERRORS = 100


def _check_rows(register: Register, sheet: xlsx.Sheet) -> list:
    """The rows' bound forms, all valid; else a ValidationError naming each wrong cell by row and column."""
    forms, messages = [], []
    for number, data in sheet.rows:
        form = row_form_class(register)(data=data)
        if form.is_valid():
            forms.append(form)
        else:
            messages += _row_errors(register, number, form.errors, sheet.letters)
    if messages:
        shown = messages[:MAX_REPORTED_ERRORS]
        if len(messages) > MAX_REPORTED_ERRORS:
            shown.append(_("… and %(count)s more.") % {"count": len(messages) - MAX_REPORTED_ERRORS})
        raise ValidationError(shown, code="rows")
    return forms


def _require_import(register: Register, organization, by) -> None:
    _require(by.has_perm(register.capability_edit, organization) and by.organization_id == organization.pk)
    if not register.columns:
        raise PermissionDenied  # the register declares no file format


def register_import_check(*, register: Register, organization, upload, by) -> xlsx.Sheet:
    """Read an XLSX file and validate every row, writing nothing: the sheet to preview and then import
    (`register_import(sheet=...)`), or a ValidationError naming what is wrong with the file or which cells."""
    _require_import(register, organization, by)
    sheet = xlsx.read(register, upload)
    _check_rows(register, sheet)
    return sheet


@transaction.atomic
def register_import(*, register: Register, organization, by, upload=None, sheet: xlsx.Sheet | None = None) -> list:
    """Add every row of an XLSX file (`upload`, or the `sheet` a preview read from it), or none: each row is
    validated with the register's form first, and the errors are named by row and column. Each row added is audited
    as imported, with its fields."""
    _require_import(register, organization, by)
    if sheet is None:
        sheet = xlsx.read(register, upload)
    forms = _check_rows(register, sheet)
    action = register.audit_code("imported")
    return [_insert(register, form, organization, action=action, by=by) for form in forms]
