"""The status machine of a periodic report (models.Report), Perwali Salatiga 41/2024 Pasal 11 ayat 1: prepared and
approved by the Kepala LPSE, sent to the Wali Kota through the Kepala UKPBJ.

draft --submit--> submitted --approve--> approved --forward--> forwarded --send--> sent
                  submitted --return---> draft

No catalogue SOP describes the report, so the transitions record no SOP steps. Separation: the Kepala UKPBJ who
forwards is not the person who approved (one person holding both roles cannot pass the report through alone).
"""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sopan.core.workflow import Transition, Workflow
from sopan.reports import policies
from sopan.reports.models import Report

S = Report.Status


def _preparer(user, report) -> bool:
    return policies.can_prepare_report(user, report)


def _approver(user, report) -> bool:
    return policies.can_approve_report(user, report)


def _forwarder(user, report) -> bool:
    return policies.can_forward_report(user, report)


def _has_narrative(report) -> str | None:
    if not report.introduction.strip() or not report.conclusion.strip():
        return gettext("Write the introduction and the conclusion before submitting the report.")
    return None


def _has_letter(report) -> str | None:
    if not report.sent_on:
        return gettext("Give the date the report was submitted to the Wali Kota.")
    return None


REPORT_FLOW = Workflow(
    field="status",
    transitions=[
        Transition("submit", source=(S.DRAFT,), target=S.SUBMITTED, allowed=_preparer, guard=_has_narrative,
                   audit="reports.report.submitted", label=_("Submit for approval")),
        Transition("approve", source=(S.SUBMITTED,), target=S.APPROVED, allowed=_approver,
                   audit="reports.report.approved", label=_("Approve")),
        Transition("return", source=(S.SUBMITTED,), target=S.DRAFT, allowed=_approver,
                   audit="reports.report.returned", label=_("Return for revision"), style="btn-outline-secondary"),
        Transition("forward", source=(S.APPROVED,), target=S.FORWARDED, allowed=_forwarder,
                   audit="reports.report.forwarded", label=_("Forward to the Wali Kota")),
        Transition("send", source=(S.FORWARDED,), target=S.SENT, allowed=_forwarder, guard=_has_letter,
                   audit="reports.report.sent", label=_("Record the submission to the Wali Kota")),
    ],
)  # fmt: skip
