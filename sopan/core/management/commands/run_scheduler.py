"""Enqueue the periodic tasks the installed apps declare (sopan.core.scheduler) every --interval seconds; the workers
run them.

Started by bin/serve beside the worker. Safe on several hosts at once: each task is enqueued at most once per its
interval across all of them.
"""

from __future__ import annotations

import logging
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from sopan.core import scheduler

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Enqueue periodic tasks when due (loop every --interval seconds, or --once)."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=300, help="seconds between checks (default 300)")
        parser.add_argument("--once", action="store_true", help="check once and exit (errors are raised)")

    def handle(self, *args, interval: int, once: bool, **options):
        verbose = options["verbosity"] > 0
        if once:
            # On the caller's connection as it is (in a test: inside its transaction, which closing would end).
            self._report(scheduler.enqueue_due(), verbose)
            return
        try:
            while True:
                started = time.monotonic()
                self._tick(verbose)
                time.sleep(max(0.0, max(interval, 1) - (time.monotonic() - started)))
        except KeyboardInterrupt:
            return

    def _tick(self, verbose: bool) -> None:
        close_old_connections()  # a long-running loop: drop connections the database closed meanwhile
        try:
            enqueued = scheduler.enqueue_due()
        except Exception:
            # The database or Redis may be restarting: try again at the next tick rather than stop scheduling.
            logger.exception("scheduler tick failed")
            return
        self._report(enqueued, verbose)

    def _report(self, enqueued: list[str], verbose: bool) -> None:
        for path in enqueued if verbose else ():
            self.stdout.write(f"enqueued {path}")
