"""The writes of the unit's performance (SOP Pengelolaan Kinerja; workflows.py for the step numbers): a quarter's
realisation with its evidence (step 12), action plans (steps 4, 11) and the performance report with its approval
(steps 13–17). The indicators themselves are the register's (registers.py, sopan.core.registers). Each write runs in
one transaction, asks the permission first and locks the row it changes; a refusal changes nothing.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sopan.accounts.policies import require
from sopan.core import audit, files, uploads, workflow
from sopan.core.documents.numbering import next_number
from sopan.indicators import policies, scores
from sopan.indicators.models import QUARTERS, ActionPlan, Indicator, Realisation, Report
from sopan.indicators.selectors import today_of
from sopan.indicators.workflows import PROCEDURE, REALISATION_STEPS, REPORT_FLOW
from sopan.sop import api as sop_api

EVIDENCE_TYPES = (uploads.PDF, uploads.JPEG, uploads.PNG, uploads.XLSX, uploads.DOCX)
MAX_VALUE = Decimal("9999999999.99")


def _quarter(value) -> int:
    try:
        quarter = int(value)
    except (TypeError, ValueError):
        quarter = 0
    if quarter not in QUARTERS:
        raise ValidationError({"quarter": [_("Choose a quarter from I to IV.")]})
    return quarter


def _value(value) -> Decimal:
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ValidationError({"value": [_("Enter the realisation as a number.")]}) from None
    if not number.is_finite() or abs(number) > MAX_VALUE:
        raise ValidationError({"value": [_("Enter the realisation as a number.")]})
    return number.quantize(Decimal("0.01"))


def _evidence(upload):
    if upload is None:
        return None
    try:
        return uploads.check_upload(upload, allowed=EVIDENCE_TYPES)
    except ValidationError as error:
        raise ValidationError({"evidence": error.messages}) from None


def _locked_indicator(indicator) -> Indicator:
    return workflow.locked(Indicator, indicator.pk, organization=indicator.organization_id)


@transaction.atomic
def realisation_record(*, indicator, quarter, value, note: str = "", evidence=None, by) -> Realisation:
    """The Penanggung Jawab Kinerja reports a quarter's realisation with its evidence (SOP steps 11–12). Refused for
    a quarter not yet begun and for an indicator Sopan computes; a second entry for the quarter replaces the first."""
    require(policies.can_manage(by, indicator))
    quarter, number = _quarter(quarter), _value(value)
    note = str(note or "").strip()
    row = _locked_indicator(indicator)
    if row.measure:
        raise ValidationError(
            _("This indicator is computed by Sopan from its own data: its realisation is not entered.")
        )
    if not scores.has_started(row.year, quarter, today_of(row.organization)):
        first, _last = scores.quarter_days(row.year, quarter)
        raise ValidationError(
            {"quarter": [_("Quarter %(quarter)s %(year)s has not begun yet (it starts on %(day)s): its realisation "
                           "cannot be entered.") % {"quarter": quarter, "year": row.year, "day": first.isoformat()}]}
        )  # fmt: skip
    checked = _evidence(evidence)
    realisation = Realisation.objects.select_for_update().filter(indicator=row, quarter=quarter).first()
    before = realisation.value if realisation else None
    if realisation is None:
        realisation = Realisation(indicator=row, quarter=quarter)
    else:
        realisation.version += 1
    realisation.value, realisation.note = number, note
    realisation.entered_by, realisation.entered_at = by, timezone.now()
    if checked is not None:
        files.attach_on_commit(realisation, "evidence", checked.name, checked.content)
        realisation.evidence_type, realisation.evidence_sha256 = checked.content_type, checked.sha256
    realisation.save()
    changes = {"quarter": quarter, "value": [str(before) if before is not None else None, str(number)]}
    if checked is not None:
        changes |= {"evidence": checked.name, "sha256": checked.sha256}
    audit.record(action="indicators.realisation.recorded", by=by, target=row, changes=changes)
    sop_api.record_steps(subject=row, organization=row.organization, procedure=PROCEDURE, steps=REALISATION_STEPS,
                         by=by, title=str(row))  # fmt: skip
    return realisation


@transaction.atomic
def action_plan_add(*, indicator, quarter, action: str, owner: str, due_on, by) -> ActionPlan:
    """An action to reach the target (SOP step 4 when planned, step 11 when a quarter is under target)."""
    require(policies.can_manage(by, indicator))
    quarter = _quarter(quarter)
    action, owner = str(action or "").strip(), str(owner or "").strip()[:200]
    errors = {}
    if not action:
        errors["action"] = [_("Describe the action.")]
    if not owner:
        errors["owner"] = [_("Name the person responsible.")]
    if not isinstance(due_on, datetime.date):
        errors["due_on"] = [_("Give the due date.")]
    if errors:
        raise ValidationError(errors)
    row = _locked_indicator(indicator)
    plan = ActionPlan.objects.create(indicator=row, quarter=quarter, action=action, owner=owner, due_on=due_on,
                                     created_by=by)  # fmt: skip
    audit.record(action="indicators.action_plan.added", by=by, target=row,
                 changes={"quarter": quarter, "action": action[:200], "owner": owner})  # fmt: skip
    return plan


@transaction.atomic
def action_plan_done(*, plan, by) -> ActionPlan:
    require(policies.can_manage(by, plan.indicator))
    row = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    if row.status != ActionPlan.Status.DONE:
        row.status = ActionPlan.Status.DONE
        row.save(update_fields=["status"])
        audit.record(action="indicators.action_plan.done", by=by, target=plan.indicator,
                     changes={"quarter": row.quarter, "action": row.action[:200]})  # fmt: skip
    return row


# --- the performance report --------------------------------------------------------------------------------------
@transaction.atomic
def report_create(*, organization, year, period: str, by) -> Report:
    """The team opens the report of a period (SOP step 15); one per period and year."""
    require(policies.can_manage(by, organization))
    try:
        year = int(year)
    except (TypeError, ValueError):
        year = 0
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": [_("Give a year between 2000 and 2100.")]})
    if period not in Report.Period.values:
        raise ValidationError({"period": [_("Choose a period from the list.")]})
    if Report.objects.filter(organization=organization, year=year, period=period).exists():
        raise ValidationError({"period": [_("The report of this period already exists.")]})
    report = Report.objects.create(organization=organization, year=year, period=period, created_by=by)
    audit.record(action="indicators.report.created", by=by, target=report, changes={"year": year, "period": period})
    return report


def _locked_report(report, seen_version=None) -> Report:
    return workflow.locked(Report, report.pk, seen_version=seen_version, organization=report.organization_id)


@transaction.atomic
def report_update(*, report, analysis: str, recommendations: str, by, seen_version=None) -> Report:
    """The analysis and the recommendations for improvement (SOP step 14), while drafted or returned."""
    require(policies.can_manage(by, report))
    row = _locked_report(report, seen_version)
    if row.status not in (Report.Status.DRAFTED, Report.Status.RETURNED):
        raise ValidationError(_("Only a drafted or returned report can be changed."))
    row.analysis, row.recommendations = str(analysis or "").strip(), str(recommendations or "").strip()
    row.version += 1
    row.save()
    audit.record(action="indicators.report.updated", by=by, target=row)
    return row


def _begin(report, name: str, *, by, seen_version) -> Report:
    require(REPORT_FLOW.get(name).allowed(by, report))
    row = _locked_report(report, seen_version)
    REPORT_FLOW.check(row, name, by=by)
    return row


@transaction.atomic
def report_submit(*, report, by, seen_version=None) -> Report:
    """Compiled, analysed, written and presented to the Kepala UKPBJ (SOP steps 13–16)."""
    row = _begin(report, "submit", by=by, seen_version=seen_version)
    row.submitted_by, row.submitted_at = by, timezone.now()
    return REPORT_FLOW.apply(row, "submit", by=by)


@transaction.atomic
def report_approve(*, report, note: str = "", by, seen_version=None) -> Report:
    """The Kepala UKPBJ approves the report and its recommendations in the meeting with the leadership (SOP step
    17 a); the report takes its number."""
    row = _begin(report, "approve", by=by, seen_version=seen_version)
    row.approved_by, row.approved_at = by, timezone.now()
    row.decision_note = str(note or "").strip()
    value = next_number(row.organization, "indicators.report", year=row.year)
    row.number = f"{value:03d}/LKJ/UKPBJ/{row.year}"
    return REPORT_FLOW.apply(row, "approve", by=by)


@transaction.atomic
def report_return(*, report, note: str, by, seen_version=None) -> Report:
    note = str(note or "").strip()
    if not note:
        raise ValidationError({"note": [_("Say what should be revised.")]})
    row = _begin(report, "return", by=by, seen_version=seen_version)
    row.decision_note = note
    return REPORT_FLOW.apply(row, "return", by=by, changes={"note": note})
