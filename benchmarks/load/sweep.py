"""The overdue-step sweep over the whole dataset (issue 6 §4: ≤ 1 s per run over 10,000,000 step records).

The first run flags every step that became overdue since the data was made (and queues its mail); the runs after it
are what the scheduler does every five minutes: find what is newly overdue, and there is little. Both are reported.

    python -m benchmarks.load.sweep --runs 5
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

from benchmarks.load.prepare import setup_django


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    setup_django()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sopan.sop.tasks import notify_overdue_steps

    runs = []
    for _ in range(args.runs):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            flagged = notify_overdue_steps.call()
            runs.append(
                {
                    "ms": (time.perf_counter() - start) * 1000,
                    "flagged": flagged,
                    "queries": len(queries.captured_queries),
                }
            )
    steady = [run["ms"] for run in runs[1:]] or [runs[0]["ms"]]
    print(json.dumps({"runs": runs, "steady_median_ms": statistics.median(steady)}))


if __name__ == "__main__":
    main()
