"""Periodic work, on every tier without another dependency: `manage.py run_scheduler` enqueues each periodic task the
installed apps declare (`periodic` in their module.py, sopan.core.modules) on the normal task queue (database or RQ)
when its interval has passed.

Several hosts may run the scheduler (DESIGN.md §4: nothing may assume one process). The shared cache (the database
cache, or Redis) is the lock: `cache.add` succeeds for one of them per interval, and its value is the last run's time.
The tasks themselves stay safe to run twice (they lock and flag what they handle), so a rare double enqueue — e.g. an
evicted cache entry — costs a little work, never a duplicate effect.
"""

from __future__ import annotations

from django.core.cache import cache
from django.utils import timezone
from django.utils.module_loading import import_string

from sopan.core import modules

KEY_PREFIX = "sopan:scheduler:last-run:"


def declared_tasks() -> list[tuple[str, int]]:
    """(task's dotted path, seconds between runs) of every installed app, in INSTALLED_APPS order."""
    return [(each.task, each.every) for each in modules.each("periodic")]


def __getattr__(name: str):
    if name == "PERIODIC":  # the list as it was before the apps declared their tasks: read from them now
        return declared_tasks()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
    for path, interval in declared_tasks() if periodic is None else periodic:
        if cache.add(KEY_PREFIX + path, timezone.now(), timeout=lock_timeout(interval)):
            import_string(path).enqueue()
            enqueued.append(path)
    return enqueued
