"""Who may do what with the LPSE's periodic reports (Perwali Salatiga 41/2024 Pasal 11: the Kepala LPSE reports to the
Wali Kota through the Kepala UKPBJ). Services enforce these; views only use them to decide what to show. A vendor and
the helpdesk agent hold none of them (issue 19 §4)."""

from __future__ import annotations

import rules
from django.utils.translation import gettext_lazy as _

from sopan.accounts.policies import has_capability, in_same_organization, may
from sopan.core.modules import Capability

VIEW_REPORTS = "reports.view_reports"
PREPARE_REPORT = "reports.prepare_report"
APPROVE_REPORT = "reports.approve_report"
FORWARD_REPORT = "reports.forward_report"

CAPABILITIES: tuple[Capability, ...] = (
    Capability(VIEW_REPORTS, _("View the LPSE periodic reports"), ("lpse_head", "ukpbj_head")),
    # Generate, write the narrative, regenerate while a draft, submit for approval.
    Capability(PREPARE_REPORT, _("Prepare the LPSE periodic reports"), ("lpse_head",)),
    Capability(APPROVE_REPORT, _("Approve the LPSE periodic reports"), ("lpse_head",)),
    # Forward to the Wali Kota and record the submission (Pasal 11 ayat 1: "melalui Kepala UKPBJ").
    Capability(FORWARD_REPORT, _("Forward the LPSE periodic reports to the Wali Kota"), ("ukpbj_head",)),
)

for _capability in CAPABILITIES:
    rules.add_perm(_capability.code, has_capability(_capability.code) & in_same_organization)


def can_view_reports(user, obj=None) -> bool:
    return any(may(c.code, user, obj) for c in CAPABILITIES)


def can_prepare_report(user, obj=None) -> bool:
    return may(PREPARE_REPORT, user, obj)


def can_approve_report(user, obj=None) -> bool:
    return may(APPROVE_REPORT, user, obj)


def can_forward_report(user, obj=None) -> bool:
    return may(FORWARD_REPORT, user, obj)
