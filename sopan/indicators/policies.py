"""Who may do what with the unit's performance (SOP Pengelolaan Kinerja; issue 19 §2, §4). Services enforce these;
views only use them to decide what to show.

The SOP's executors: the Tim Pengelolaan Kelembagaan UKPBJ defines the indicators, their baseline and targets and
action plans (steps 1–4), compiles, analyses and reports (13–16); the Penanggung Jawab Kinerja executes and reports
the realisation (11–12); the Kepala UKPBJ approves the plan and the report (6, 17). The page /kinerja/ is for the
Kepala UKPBJ and the Penanggung Jawab Kinerja (and the team); not for a vendor or the helpdesk agent.
"""

from __future__ import annotations

import rules
from django.utils.translation import gettext_lazy as _

from sopan.accounts.policies import has_capability, in_same_organization, may
from sopan.core.modules import Capability

VIEW = "indicators.view_indicators"
MANAGE = "indicators.manage_indicators"
APPROVE = "indicators.approve_report"

CAPABILITIES: tuple[Capability, ...] = (
    Capability(VIEW, _("View the unit's performance indicators"),
               ("ukpbj_head", "performance_officer", "institutional_team")),
    # Indicators, targets, realisations, action plans and the report's draft (SOP steps 1–5, 11–16).
    Capability(MANAGE, _("Manage the unit's performance indicators"), ("performance_officer", "institutional_team")),
    # SOP steps 6 and 17: the Kepala UKPBJ approves.
    Capability(APPROVE, _("Approve the performance report"), ("ukpbj_head",)),
)  # fmt: skip

for _capability in CAPABILITIES:
    rules.add_perm(_capability.code, has_capability(_capability.code) & in_same_organization)


def can_view(user, obj=None) -> bool:
    return any(may(code, user, obj) for code in (VIEW, MANAGE, APPROVE))


def can_manage(user, obj=None) -> bool:
    return may(MANAGE, user, obj)


def can_approve(user, obj=None) -> bool:
    return may(APPROVE, user, obj)
