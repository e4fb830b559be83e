"""The register's XLSX file in the layout offices use (Format identifikasi/analisis/rencana penanganan risiko, SOP
Pengelolaan Risiko, Peralatan): two header rows, the second naming every column in Indonesian whatever the interface
language ("Risiko", "Penyebab", "Dampak", "Kemungkinan", "Dampak", "Tingkat Risiko Inheren", …). The headers repeat
("Dampak" is the consequence and the impact score), so columns are read by position, not by name.

Not the generic `core.registers` XLSX: its columns are model fields keyed by a unique header, while this layout has
computed levels, repeated headers and an owner named by person; the upload check (`core.uploads`) is shared.

The import adds every row or none: each wrong row is named with what is wrong, and nothing is written then.
"""

from __future__ import annotations

import datetime
import io

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sopan.accounts.models import User
from sopan.accounts.policies import require
from sopan.core.uploads import XLSX, check_upload
from sopan.risks import policies
from sopan.risks.models import Criteria, Risk, Treatment
from sopan.risks.services.risks import clean_risk, insert_risk

HEADERS = (
    "No", "Risiko", "Penyebab", "Dampak", "Kemungkinan", "Dampak", "Tingkat Risiko Inheren", "Pengendalian",
    "Kemungkinan", "Dampak", "Tingkat Risiko Residual", "Rencana Penanganan", "Pemilik Risiko", "Batas Waktu",
)  # fmt: skip
GROUPS = ((5, 7, "Risiko Inheren"), (9, 11, "Risiko Residual"))  # merged above their columns (1-based)
MAX_ROWS = 2000
MAX_REPORTED = 100


def _level(criteria, score) -> str:
    level = criteria.level_of(score)
    return f"{level.label} ({score})" if level else ""


def row_values(number: int, risk: Risk, treatments: list) -> list:
    criteria = risk.criteria
    plans = "\n".join(f"- {t.action}" for t in treatments)
    due = min((t.due_on for t in treatments), default=None)
    owners = ", ".join(dict.fromkeys([risk.owner.get_full_name(), *(t.owner.get_full_name() for t in treatments)]))
    return [number, risk.title, risk.cause, risk.consequence, risk.inherent_likelihood, risk.inherent_impact,
            _level(criteria, risk.inherent_score), risk.controls, risk.residual_likelihood, risk.residual_impact,
            _level(criteria, risk.residual_score), plans, owners, due]  # fmt: skip


def export(risks, treatments_by_risk: dict, *, title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Daftar Risiko"
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=13)
    top = [header if not any(a <= i <= b for a, b, _g in GROUPS) else "" for i, header in enumerate(HEADERS, 1)]
    sheet.append(top)
    for first, last, group in GROUPS:
        sheet.cell(row=2, column=first, value=group)
        sheet.merge_cells(start_row=2, start_column=first, end_row=2, end_column=last)
    sheet.append(list(HEADERS))
    for row in (2, 3):
        for cell in sheet[row]:
            cell.font, cell.alignment = bold, Alignment(horizontal="center", vertical="center", wrap_text=True)
    for number, risk in enumerate(risks, 1):
        sheet.append(row_values(number, risk, treatments_by_risk.get(risk.pk, [])))
        for cell in sheet[sheet.max_row]:
            cell.alignment = wrap
    for letter, width in zip("ABCDEFGHIJKLMN", (5, 30, 30, 30, 12, 10, 18, 30, 12, 10, 18, 30, 22, 13), strict=True):
        sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- import --------------------------------------------------------------------------------------------------------
def _key(value) -> str:
    return " ".join(str(value or "").lower().split())


def _header_row(rows: list) -> int:
    """The index of the row naming the columns (the second header row of an export, or the first of a plain file)."""
    for index, values in enumerate(rows[:4]):
        if values and _key(values[0]) == "no" and _key(values[1] if len(values) > 1 else "") == "risiko":
            return index
    return -1


def _check_header(values) -> None:
    from openpyxl.utils import get_column_letter

    wrong = []
    for index, expected in enumerate(HEADERS):
        found = values[index] if index < len(values) else None
        if _key(found) != _key(expected):
            values = {"letter": get_column_letter(index + 1), "found": found or "", "expected": expected}
            wrong.append(_("column %(letter)s is “%(found)s” instead of “%(expected)s”") % values)
    if wrong:
        raise ValidationError(
            _("The columns are not those of the risk register: %(wrong)s. Export the register to get the layout.")
            % {"wrong": "; ".join(wrong)},
            code="columns",
        )


def _date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def read(upload) -> list[tuple[int, tuple]]:
    """The data rows (spreadsheet row number, values) of an uploaded register, checked by content and layout."""
    import openpyxl

    checked = check_upload(upload, allowed=(XLSX,))
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(checked.content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on malformed input
        raise ValidationError(
            _("The Excel workbook (XLSX) is damaged and cannot be opened."), code="damaged"
        ) from error
    try:
        rows = list(workbook.worksheets[0].iter_rows(values_only=True, max_col=len(HEADERS), max_row=MAX_ROWS + 5))
    finally:
        workbook.close()
    header = _header_row(rows)
    if header < 0:
        _check_header(rows[0] if rows else ())
    _check_header(rows[header])
    found = [(number, values) for number, values in enumerate(rows[header + 1 :], start=header + 2)
             if any(v not in (None, "") for v in values[1:])]  # fmt: skip
    if not found:
        raise ValidationError(_("The file has no rows below its header."), code="no_rows")
    if len(found) > MAX_ROWS:
        raise ValidationError(_("The file has more than %(count)s rows; import it in parts.") % {"count": MAX_ROWS})
    return found


def _people(organization) -> dict[str, User]:
    people = {}
    for user in User.objects.filter(organization=organization, is_active=True):
        people.setdefault(_key(user.username), user)
        people.setdefault(_key(user.full_name), user)
    return people


def _row(organization, criteria, people, values, context_text: str) -> tuple[dict, dict | None]:
    cell = dict(zip(HEADERS[:4], values[:4], strict=False)) | {
        "likelihood": values[4], "impact": values[5], "controls": values[7], "plan": values[11],
        "owner": values[12], "due": values[13]}  # fmt: skip
    owner = people.get(_key(cell["owner"]))
    errors = {}
    if owner is None:
        errors["owner"] = [_("no active user of this organisation is named “%(name)s” (Pemilik Risiko)")
                           % {"name": cell["owner"] or ""}]  # fmt: skip
    data = {"title": cell["Risiko"], "cause": cell["Penyebab"], "consequence": cell["Dampak"],
            "controls": cell["controls"], "criteria": criteria, "context": Risk.Context.TASK,
            "context_text": context_text, "owner": owner, "inherent_likelihood": cell["likelihood"],
            "inherent_impact": cell["impact"]}  # fmt: skip
    try:
        values_ok = clean_risk(organization, data)
    except ValidationError as error:
        values_ok = None
        for name, messages in error.message_dict.items():
            if name != "owner" or "owner" not in errors:
                errors.setdefault(name, []).extend(messages)
    plan = str(cell["plan"] or "").strip()
    treatment = None
    if plan:
        due = _date(cell["due"])
        if due is None:
            errors.setdefault("due", []).append(_("give the due date (Batas Waktu) of the treatment as a date"))
        treatment = {"action": plan, "due_on": due}
    if errors:
        raise ValidationError(errors)
    return values_ok, treatment


@transaction.atomic
def import_register(*, organization, upload, by, scheme: str = Criteria.Scheme.PROCUREMENT) -> list[Risk]:
    """Add every row of the file as an identified risk (SOP steps 1–2; its rating kept for the analysis) with its
    treatment, or none: a ValidationError names each wrong row."""
    require(policies.can_coordinate(by, organization))
    criteria = Criteria.objects.filter(organization=organization, scheme=scheme).first()
    if criteria is None:
        raise ValidationError(_("The organisation has no risk criteria yet."))
    rows = read(upload)
    people = _people(organization)
    context_text = _("Imported register (%(name)s)") % {"name": getattr(upload, "name", "XLSX")}
    checked, problems = [], []
    for number, values in rows:
        try:
            checked.append(_row(organization, criteria, people, values, context_text[:300]))
        except ValidationError as error:
            details = "; ".join(m for messages in error.message_dict.values() for m in messages)
            problems.append(_("Row %(row)s: %(problems)s") % {"row": number, "problems": details})
    if problems:
        shown = problems[:MAX_REPORTED]
        if len(problems) > MAX_REPORTED:
            shown.append(_("… and %(count)s more.") % {"count": len(problems) - MAX_REPORTED})
        raise ValidationError(shown, code="rows")
    made = []
    for values, treatment in checked:
        risk = insert_risk(organization, values, by=by, action="risks.risk.imported")
        if treatment:
            Treatment.objects.create(risk=risk, owner=risk.owner, **treatment)
        made.append(risk)
    return made
