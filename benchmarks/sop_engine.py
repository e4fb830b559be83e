"""Benchmark of the SOP engine's reads and writes at volume. Not a test: it reports numbers.

    .venv/bin/python benchmarks/sop_engine.py --cases 20000            # a fresh SQLite database in a temp folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sopan_bench .venv/bin/python benchmarks/sop_engine.py

It makes one organisation with the small test SOP, N finished cases (5 step records each, bulk-inserted) and N/10
open ones, then times, each as the median of several runs: "Tugas saya", the first and a deep page of the case list
(keyset pagination), a case page, the compliance report, completing a step, and recomputing due times after a
calendar change. Query counts are printed beside the times: they must not grow with N.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        os.environ["SOPAN_VAR_DIR"] = tempfile.mkdtemp(prefix="sopan-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    run(args.cases, args.repeat)


def timed(label: str, repeat: int, fn) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
    print(f"{label:<44} {statistics.median(times) * 1000:9.1f} ms  {len(queries.captured_queries):4d} queries")


def run(n: int, repeat: int) -> None:
    import datetime as dt

    from django.db import transaction
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from sopan.accounts import demo
    from sopan.core.testing import login
    from sopan.sop import rollup, selectors, selectors_compliance
    from sopan.sop.models import Case, StepRecord
    from sopan.sop.services import cases
    from sopan.sop.tests import factories

    organization = demo.ensure_organization()
    people = {p.username: demo.ensure_persona(organization, p, with_totp=False) for p in demo.PERSONAS}
    verifier, head = people["verifikator"], people["kepala.lpse"]
    version = factories.effective_version(organization)
    print(f"making {n} finished and {n // 10} open cases …")
    start = time.perf_counter()
    now = timezone.now()
    steps = version.parsed.steps
    with transaction.atomic():
        batch = 2000
        for offset in range(0, n + n // 10, batch):
            count = min(batch, n + n // 10 - offset)
            made = Case.objects.bulk_create(
                Case(
                    organization=organization,
                    sop_id=version.sop_id,
                    version=version,
                    title=f"Bench {offset + i}",
                    started_at=now - dt.timedelta(minutes=offset + i),
                    status="completed" if offset + i < n else "open",
                )
                for i in range(count)
            )
            records = []
            for case in made:
                finished = case.status == "completed"
                for k, step in enumerate(steps if finished else steps[:3]):
                    is_open = not finished and k == 2
                    records.append(
                        StepRecord(
                            case=case,
                            organization=organization,
                            step_key=step.key,
                            step_number=step.number,
                            label=step.text,
                            lane=step.lanes[0],
                            roles="|verifier|" if step.lanes[0] == "verifikator" else "|registration_officer|",
                            status="open" if is_open else "done",
                            opened_at=case.started_at,
                            due_at=case.started_at + dt.timedelta(hours=8),
                            completed_at=None if is_open else case.started_at + dt.timedelta(hours=k + 1),
                            on_time=None if is_open else (k % 4 != 0),
                            work_seconds=None if is_open else 3600 * (k + 1),
                            justification="" if is_open or k % 4 else "Gangguan",
                        )
                    )
            StepRecord.objects.bulk_create(records, batch_size=2000)
        rollup.rebuild(organization)  # the records were written past the services that keep the aggregates
    print(f"… in {time.perf_counter() - start:.1f} s\n")

    client = Client()
    login(client, verifier)
    deep_cursor = None
    page = selectors.case_list_for(verifier)
    for _ in range(20):
        page = selectors.case_list_for(verifier, cursor=page.next_cursor)
    deep_cursor = page.next_cursor
    some_case = Case.objects.filter(status="open").first()

    timed("my tasks (selector, 50 of the open steps)", repeat, lambda: selectors.my_tasks_for(verifier))
    timed("home page with my tasks", repeat, lambda: client.get(reverse("core:home")))
    timed("case list, first page", repeat, lambda: client.get(reverse("sop:case-list")))
    timed(
        "case list, page 21 (keyset)", repeat, lambda: client.get(reverse("sop:case-list") + f"?cursor={deep_cursor}")
    )
    timed(
        "case page (flowchart with progress)",
        repeat,
        lambda: client.get(reverse("sop:case-detail", args=[some_case.pk])),
    )
    timed(
        "compliance report, as the page (aggregates)",
        repeat,
        lambda: selectors_compliance.compliance_report_for(head, deviations_limit=100),
    )
    timed(
        "compliance report, every deviation (XLSX)",
        max(1, repeat // 2),
        lambda: selectors_compliance.compliance_report_for(head),
    )
    open_records = list(StepRecord.objects.filter(status="open", step_key="periksa")[:repeat])
    iterator = iter(open_records)
    timed(
        "complete a step (decision, opens the next)",
        len(open_records),
        lambda: cases.step_complete(record=next(iterator), by=verifier, exit_label="Ya", justification="bench"),
    )
    timed(
        "recompute due times of every open step",
        1,
        lambda: transaction.atomic()(cases.due_times_recompute)(organization=organization),
    )


if __name__ == "__main__":
    main()
