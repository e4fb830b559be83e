"""The second floor of every scenario: its own SQL, replayed raw with psycopg (issue 6 §3).

One request of each scenario goes through Django in-process (the test client, the persona's session) inside a
transaction that is rolled back, with every query captured as PostgreSQL received it. The captured statements are
then sent again with plain psycopg, one after the other on one connection, each replay in a transaction rolled back,
and the median total is the scenario's SQL time: what the database alone costs the request.

    python -m benchmarks.load.sqlfloor --fixtures var/bench/fixtures.json --out var/bench/sql.json
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from pathlib import Path

from benchmarks.load import scenarios
from benchmarks.load.prepare import setup_django

REPLAYS = 15


def capture(scenario: scenarios.Scenario, org: dict, fixtures: dict) -> tuple[list[str], int]:
    """The SQL of one request of `scenario`, and the answer's status. Nothing it writes is kept."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    request = scenarios.pick(scenario, org, random.Random(1), {})
    client = Client(enforce_csrf_checks=False)
    session = org["sessions"].get(request.persona or scenario.persona)
    if session:
        client.cookies[fixtures["session_cookie"]] = session
    # The test client's request signals would close the connection holding our transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        with transaction.atomic():
            with CaptureQueriesContext(connection) as queries:
                send = client.post if request.method == "POST" else client.get
                response = send(request.path, data=request.data or {})
            transaction.set_rollback(True)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    statements = [q["sql"] for q in queries.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
    return statements, response.status_code


def replay(statements: list[str], dsn: str) -> float:
    """Median milliseconds of sending `statements` raw, each replay in a transaction rolled back."""
    import psycopg

    totals = []
    with psycopg.connect(dsn) as connection:
        for _ in range(REPLAYS):
            start = time.perf_counter()
            with connection.cursor() as cursor:
                for sql in statements:
                    try:
                        cursor.execute(sql.encode())
                        if cursor.description is not None:
                            cursor.fetchall()
                    except psycopg.Error:
                        connection.rollback()  # e.g. a unique number taken by the captured request's twin
            totals.append((time.perf_counter() - start) * 1000)
            connection.rollback()
    return statistics.median(totals)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--fixtures", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--only", nargs="*", default=None)
    args = parser.parse_args()
    setup_django()
    from django.conf import settings

    database = settings.DATABASES["default"]
    dsn = f"host={database['HOST']} port={database['PORT'] or 5432} user={database['USER']} dbname={database['NAME']}"
    fixtures = json.loads(args.fixtures.read_text())
    org = fixtures["orgs"][0]
    results = {}
    for scenario in scenarios.SCENARIOS:
        if args.only and scenario.name not in args.only:
            continue
        statements, status = capture(scenario, org, fixtures)
        results[scenario.name] = {
            "queries": len(statements),
            "status": status,
            "sql_ms": replay(statements, dsn),
            "statements": statements,
        }
        print(
            f"{scenario.name:<22} {len(statements):3d} queries  {results[scenario.name]['sql_ms']:8.2f} ms  ({status})"
        )
    args.out.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
