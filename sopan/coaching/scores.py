"""A vendor's performance scores before and after the coaching (issue 18 §5), from the vendor-performance module's
API (`sopan.performance.api.latest_scores`), imported here only: the rest of the module loads without it.

"Before" is the latest assessment before the day of the programme's first session, "after" the latest today.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from sopan.coaching.models import Invitation, Programme


@dataclass(frozen=True)
class BeforeAfter:
    invitation: Invitation
    before: object | None  # performance.api.Score, or None when the vendor had no assessment
    after: object | None

    @property
    def change(self):
        if self.before is None or self.after is None or None in (self.before.total, self.after.total):
            return None  # no assessment on one side, or an e-purchasing rating (stars, no total)
        return self.after.total - self.before.total


def available() -> bool:
    try:
        from sopan.performance import api  # noqa: F401
    except ImportError:
        return False
    return True


def before_after(programme: Programme, attendees: list[Invitation]) -> list[BeforeAfter] | None:
    """Each vendor attendee's latest score before the first session and now; None for a programme for the agencies'
    users, or where the vendor-performance module is not installed."""
    if not programme.for_vendors or not available():
        return None
    from sopan.performance import api

    first = programme.sessions.order_by("starts_at").values_list("starts_at", flat=True).first()
    company_ids = [i.company_id for i in attendees if i.company_id]
    if not company_ids:
        return []
    start = timezone.localdate(first) if first else timezone.localdate()
    before = api.latest_scores(programme.organization, company_ids, before=start)
    after = api.latest_scores(programme.organization, company_ids)
    return [BeforeAfter(i, before.get(i.company_id), after.get(i.company_id)) for i in attendees if i.company_id]
