"""Writes of the periodic reports (Perwali Salatiga 41/2024 Pasal 11): generate a quarterly or special report from
live data, regenerate it while a draft, write the Kepala LPSE's narrative, and move it along REPORT_FLOW; the figures
are taken again and frozen when it is submitted for approval. Each write is one transaction with its audit event.

The official text is Indonesian: the sections are generated in Indonesian whatever the interface language.
"""

from __future__ import annotations

import datetime
import zoneinfo

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sopan.accounts.policies import require
from sopan.core import audit, workflow
from sopan.core.documents.numbering import next_number
from sopan.helpdesk.reports.selectors import MAX_DAYS
from sopan.reports import policies, sections
from sopan.reports.models import Report
from sopan.reports.periods import Quarter, due_on
from sopan.reports.workflows import REPORT_FLOW

LETTER_SERIES = "reports.letter"
OFFICIAL_LANGUAGE = "id"


def _today(organization) -> datetime.date:
    return timezone.localdate(timezone=zoneinfo.ZoneInfo(organization.timezone))


def _generate(report: Report) -> None:
    with translation.override(OFFICIAL_LANGUAGE):
        found = sections.collect(report.organization, report.period_start, report.period_end)
        report.snapshot = sections.to_json(found)
    report.snapshot_at = timezone.now()


@transaction.atomic
def report_create_quarterly(*, organization, year: int, quarter: int, by) -> Report:
    """Generate the quarterly report of `year`/`quarter` (a quarter that has begun; one report per quarter)."""
    require(policies.can_prepare_report(by, organization))
    if quarter not in (1, 2, 3, 4):
        raise ValidationError({"quarter": _("A quarter is 1 to 4.")})
    period = Quarter(year, quarter)
    if period.start > _today(organization):
        raise ValidationError({"quarter": _("This quarter has not begun yet.")})
    if Report.objects.filter(
        organization=organization, kind=Report.Kind.QUARTERLY, year=year, quarter=quarter
    ).exists():
        raise ValidationError({"quarter": _("The report of this quarter already exists.")})
    report = Report(organization=organization, kind=Report.Kind.QUARTERLY, year=year, quarter=quarter,
                    title=period.title, period_start=period.start, period_end=period.end,
                    due_on=due_on(period.end), created_by=by)  # fmt: skip
    return _created(report, by)


@transaction.atomic
def report_create_special(*, organization, title: str, start: datetime.date, end: datetime.date, by) -> Report:
    """Generate a special report (laporan khusus, Pasal 11 ayat 2) with its own title and period."""
    require(policies.can_prepare_report(by, organization))
    title = (title or "").strip()
    errors = {}
    if not title:
        errors["title"] = _("Give the report a title.")
    if start > end:
        errors["end"] = _("The period ends before it starts.")
    elif (end - start).days + 1 > MAX_DAYS:
        errors["end"] = _("A period is at most one year.")
    if end > _today(organization):
        errors.setdefault("end", _("The period cannot end in the future."))
    if errors:
        raise ValidationError(errors)
    report = Report(organization=organization, kind=Report.Kind.SPECIAL, title=title, period_start=start,
                    period_end=end, due_on=due_on(end), created_by=by)  # fmt: skip
    return _created(report, by)


def _created(report: Report, by) -> Report:
    _generate(report)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:  # the same quarter generated at the same moment by someone else
        raise ValidationError({"quarter": _("The report of this quarter already exists.")}) from None
    period = [str(report.period_start), str(report.period_end)]
    audit.record(
        action="reports.report.created", by=by, target=report, changes={"title": report.title, "period": period}
    )
    return report


@transaction.atomic
def report_regenerate(*, report: Report, by, seen_version=None) -> Report:
    """Take the figures again from live data (a draft only)."""
    report = workflow.locked(Report, report.pk, seen_version=seen_version, related=("organization",))
    require(policies.can_prepare_report(by, report))
    if not report.is_draft:
        raise ValidationError(_("Only a draft report can be generated again."))
    _generate(report)
    report.version += 1
    report.save()
    audit.record(action="reports.report.regenerated", by=by, target=report)
    return report


@transaction.atomic
def narrative_save(*, report: Report, introduction: str, commentary: dict, conclusion: str, by, seen_version=None):
    """The Kepala LPSE's narrative: introduction, a commentary per section (by its key), conclusion."""
    report = workflow.locked(Report, report.pk, seen_version=seen_version)
    require(policies.can_prepare_report(by, report))
    if not report.is_draft:
        raise ValidationError(_("Only a draft report can be changed."))
    known = {section["key"] for section in report.snapshot or []}
    unknown = sorted(set(commentary) - known)
    if unknown:
        raise ValidationError(_("Unknown sections: %(keys)s.") % {"keys": ", ".join(unknown)})
    before = audit.snapshot(report, ("introduction", "commentary", "conclusion"))
    report.introduction = introduction.strip()
    report.commentary = {key: text.strip() for key, text in commentary.items() if text.strip()}
    report.conclusion = conclusion.strip()
    report.version += 1
    report.save()
    after = audit.snapshot(report, ("introduction", "commentary", "conclusion"))
    audit.record(action="reports.report.narrative_saved", by=by, target=report,
                 changes=audit.changes_between(before, after))  # fmt: skip
    return report


@transaction.atomic
def report_submit(*, report: Report, by, seen_version=None) -> Report:
    """Submit for approval: the figures are taken one last time and frozen (the snapshot)."""
    report = workflow.locked(Report, report.pk, seen_version=seen_version, related=("organization",))
    REPORT_FLOW.check(report, "submit", by=by)
    _generate(report)
    report.submitted_by, report.submitted_at, report.return_note = by, timezone.now(), ""
    return REPORT_FLOW.apply(report, "submit", by=by)


@transaction.atomic
def report_approve(*, report: Report, by, seen_version=None) -> Report:
    report = workflow.locked(Report, report.pk, seen_version=seen_version)
    report.approved_by, report.approved_at = by, timezone.now()
    return REPORT_FLOW.apply(report, "approve", by=by)


@transaction.atomic
def report_return(*, report: Report, note: str, by, seen_version=None) -> Report:
    report = workflow.locked(Report, report.pk, seen_version=seen_version)
    if not (note or "").strip():
        raise ValidationError({"note": _("Say what must be revised.")})
    report.return_note = note.strip()
    report.submitted_by = report.submitted_at = None
    return REPORT_FLOW.apply(report, "return", by=by, changes={"note": report.return_note})


@transaction.atomic
def report_forward(*, report: Report, by, seen_version=None) -> Report:
    """The Kepala UKPBJ forwards the approved report to the Wali Kota (Pasal 11 ayat 1, "melalui Kepala UKPBJ")."""
    report = workflow.locked(Report, report.pk, seen_version=seen_version)
    REPORT_FLOW.check(report, "forward", by=by)
    if report.approved_by_id == by.pk:
        raise ValidationError(_("The person who approved the report cannot also forward it."))
    report.forwarded_by, report.forwarded_at = by, timezone.now()
    return REPORT_FLOW.apply(report, "forward", by=by)


@transaction.atomic
def report_send(*, report: Report, sent_on: datetime.date, by, seen_version=None) -> Report:
    """Record the submission to the Wali Kota: the date, who, and the letter number drawn from the series."""
    report = workflow.locked(Report, report.pk, seen_version=seen_version, related=("organization",))
    if sent_on is None:
        raise ValidationError({"sent_on": _("Give the date the report was submitted to the Wali Kota.")})
    if sent_on > _today(report.organization):
        raise ValidationError({"sent_on": _("The date cannot be in the future.")})
    if report.forwarded_at and sent_on < timezone.localdate(report.forwarded_at):
        raise ValidationError({"sent_on": _("The date cannot be before the report was forwarded.")})
    report.sent_on, report.sent_by = sent_on, by
    REPORT_FLOW.check(report, "send", by=by)  # before the number is drawn
    number = next_number(report.organization, LETTER_SERIES, year=sent_on.year)
    report.letter_number = f"{number:03d}/LAP-LPSE/{sent_on.year}"
    return REPORT_FLOW.apply(report, "send", by=by, changes={"letter_number": report.letter_number,
                                                             "sent_on": str(sent_on)})  # fmt: skip
