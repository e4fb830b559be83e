"""SOP compliance for the periodic LPSE report (sopan.core.report_sections, order 40), from the compliance report
itself (selectors_compliance.compliance_report_of: the same records, the same rules as its page): per SOP, the cases
that ran in the period, the steps done, the share done within the mutu baku, and the deviations (the Peringatan
clause); the latest deviations with their justification. A fixed number of queries.
"""

from __future__ import annotations

import datetime
import zoneinfo

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from sopan.core.report_sections import Fact, Section, Table
from sopan.core.templatetags.sopan import local_datetime
from sopan.sop.selectors_compliance import compliance_report_of, percent

DEVIATIONS_SHOWN = 10


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{number_format(value, 1)}%"


def sections(*, organization, start: datetime.date, end: datetime.date) -> list[Section]:
    report = compliance_report_of(organization, date_from=start, date_to=end, deviations_limit=DEVIATIONS_SHOWN)
    on_time = sum(s.on_time for s in report.sections)
    with_standard = sum(s.with_standard for s in report.sections)
    facts = (
        Fact(_("SOPs run"), str(len(report.sections))),
        Fact(_("Cases"), str(sum(s.cases for s in report.sections))),
        Fact(_("Steps done"), str(sum(s.done for s in report.sections))),
        Fact(_("Steps done within the service standard"), _percent(percent(on_time, with_standard))),
        Fact(_("Deviations"), str(report.deviations_total)),
    )
    per_sop = Table(
        _("Per SOP"),
        (_("SOP"), _("Number"), _("Cases"), _("Steps done"), _("On time"), _("Deviations")),
        tuple(
            (s.title, s.number, str(s.cases), str(s.done), _percent(s.on_time_percent), str(s.deviations))
            for s in report.sections
        ),
    )
    with timezone.override(zoneinfo.ZoneInfo(organization.timezone)):
        deviations = Table(
            _("Latest deviations"),
            (_("Case"), _("SOP"), _("Step"), _("Completed"), _("Justification")),
            tuple(
                (d.case_reference, d.sop_title, f"{d.step_number} {d.step_label}".strip(),
                 local_datetime(d.completed_at), d.justification or "-")
                for d in report.deviations
            ),
        )  # fmt: skip
    return [
        Section(
            key="sop_compliance",
            title=_("Compliance with the SOPs"),
            order=40,
            facts=facts,
            tables=(per_sop, deviations),
            note=_("From the SOP steps recorded in the period; the latest %(n)s deviations are listed.")
            % {"n": DEVIATIONS_SHOWN},
        )
    ]
