"""python -m benchmarks.datagen --scale kota|nasional [--database NAME] [--server postgres://user@host:port]
[--if-missing] [--only performance]

`--only performance` adds the vendor performance and coaching phase to an existing data set (migrated first), for the
organisations that have none yet; its figures are merged into the data set's report."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "benchmarks" / "results"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.datagen", description=__doc__)
    parser.add_argument("--scale", choices=("kota", "nasional", "tiny"), default="kota", help="kota or nasional")
    parser.add_argument("--database", help="default: sopan_bench_<scale>; must start with sopan_bench")
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432", help="PostgreSQL, without a database")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--report", type=Path, help="default: benchmarks/results/dataset-<scale>.json")
    parser.add_argument(
        "--if-missing", action="store_true", help="only when the database is not there (`make bench` on a new machine)"
    )
    parser.add_argument(
        "--only", choices=("performance",), help="one phase on the existing data set, skipping organisations done"
    )
    args = parser.parse_args(argv)
    name = args.database or f"sopan_bench_{args.scale}"

    sys.path.insert(0, str(ROOT))
    from benchmarks.datagen import database

    database.check_name(name)
    server = args.server.rstrip("/")
    if args.if_missing and not args.only and database.exists(server, name):
        print(f"{name} is there: kept (make bench-data SCALE={args.scale} makes it anew)")
        return
    conninfo = f"{server}/{name}"
    os.environ["DATABASE_URL"] = conninfo
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"  # what a normal server runs
    import django

    from benchmarks.datagen.report import Report

    report = Report(scale=args.scale, database=name, seed=args.seed)
    path = args.report or RESULTS / f"dataset-{args.scale}.json"
    if args.only:
        if not database.exists(server, name):
            raise SystemExit(f"{name} is not there: make the data set first (make bench-data SCALE={args.scale})")
        with report.phase("database migrated"):
            django.setup()
            from django.core.management import call_command

            call_command("migrate", interactive=False, verbosity=0)
        from benchmarks.datagen import performance

        performance.run_alone(conninfo, seed=args.seed, report=report)
        report.write(path, merge=True, summed=("performance",))
        return
    with report.phase("database created, migrated"):
        database.recreate(server, name)
        django.setup()
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
    from benchmarks.datagen.generate import SCALES, run

    scale = SCALES[args.scale]
    report.note(
        targets={
            "organizations": scale.organizations,
            "vendors": scale.vendors,
            "tickets": scale.tickets,
            "step_records": scale.steps,
        }
    )
    run(scale, conninfo, seed=args.seed, report=report)
    report.write(path)


if __name__ == "__main__":
    main()
