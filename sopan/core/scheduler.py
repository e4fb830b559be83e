"""Periodic work, on every tier without another dependency: `manage.py run_scheduler` enqueues each task of
`PERIODIC` on the normal task queue (database or RQ) when its interval has passed.

Several hosts may run the scheduler (DESIGN.md §4: nothing may assume one process). The shared cache (the database
cache, or Redis) is the lock: `cache.add` succeeds for one of them per interval, and its value is the last run's time.
The tasks themselves stay safe to run twice (they lock and flag what they handle), so a rare double enqueue — e.g. an
evicted cache entry — costs a little work, never a duplicate effect.
"""

from __future__ import annotations

from django.core.cache import cache
from django.utils import timezone
from django.utils.module_loading import import_string

# (task's dotted path, seconds between runs)
PERIODIC: list[tuple[str, int]] = [
    ("sopan.sop.tasks.notify_overdue_steps", 300),
    ("sopan.vendors.tasks.expire_registrations", 3600),
    ("sopan.helpdesk.tasks.escalate_tickets_at_risk", 300),
    ("sopan.helpdesk.tasks.close_resolved_tickets", 3600),
    ("sopan.helpdesk.tasks_mail.poll_mailboxes", 60),  # issue 5 §1: new mail opens or joins a ticket within a minute
    # issue 13 §4: the audit chains' heads anchored outside the database and mailed to the auditors, daily
    ("sopan.accounts.tasks.anchor_audit_trail", 86400),
]
KEY_PREFIX = "sopan:scheduler:last-run:"


def lock_timeout(interval: int) -> int:
    """A little less than the interval: a scheduler ticking at the task's own interval must find the lock expired at
    its next tick, though the previous tick took the lock a few moments after it started."""
    return max(1, interval - min(30, interval // 10))


def last_run(path: str):
    """When the task was last enqueued (by any host), while its lock lasts; None otherwise."""
    return cache.get(KEY_PREFIX + path)


def enqueue_due(periodic: list[tuple[str, int]] | None = None) -> list[str]:
    """Enqueue every periodic task whose interval has passed; returns the dotted paths enqueued."""
    enqueued = []
    for path, interval in PERIODIC if periodic is None else periodic:
        if cache.add(KEY_PREFIX + path, timezone.now(), timeout=lock_timeout(interval)):
            import_string(path).enqueue()
            enqueued.append(path)
    return enqueued
