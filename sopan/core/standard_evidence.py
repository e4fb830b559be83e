"""What a module shows as evidence for the LPSE standards' self-assessment (issue 20 §2): the helpdesk for the
helpdesk standard, the service suppliers for the suppliers standard, the backups for continuity, and so on.

A module answers the hook "standard_evidence" in its `module.py`:

    hooks={"standard_evidence": "sopan.helpdesk.standard_evidence.evidence"}

with a callable `evidence(*, organization) -> list[Evidence]`, read live, in a fixed number of queries. The standards
module asks every installed app (`sopan.core.modules.call("standard_evidence", organization=...)`) and shows each
item under the standard its `standard` names; it knows no domain.

The standards are LKPP's standards for an LPSE; their codes (`STANDARDS`) are fixed here so that every module names
them the same way. The standards module holds their titles, texts and the self-assessment.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise

STANDARDS = (
    "service_policy",
    "organisation",
    "assets",
    "service_risk",
    "helpdesk",
    "change",
    "capacity",
    "human_resources",
    "device_security",
    "operations_security",
    "server_network_security",
    "continuity",
    "budget",
    "service_suppliers",
    "user_relations",
    "compliance",
)


@dataclass(frozen=True)
class Evidence:
    """One piece of live evidence: "Tiket ditindaklanjuti dalam 1 hari kerja (triwulan berjalan): 96 %"."""

    standard: str  # one of STANDARDS
    label: str | Promise
    value: str  # already formatted in the active language
    url: str = ""  # where a reader with access sees the records behind it ("" when there is no such page)
