"""One benchmark run (issue 6 §2–§6): Sopan under gunicorn on loopback with PostgreSQL and Redis, each scenario
loaded by locust with 8 clients, beside its floors (a bare Django view; its own SQL replayed raw) and, for the
helpdesk, django-helpdesk measured the same way. Results go to benchmarks/results/<scale>.json and .md.

    python -m benchmarks.load.run --scale kota --duration 60          # what `make bench` runs, shorter
    python -m benchmarks.load.run --scale nasional --duration 60      # `make bench-national`

The dataset must exist (`make bench-data SCALE=…`). The load generator runs from its own virtualenv
(var/bench/locust-venv, made from benchmarks/load/requirements.txt), so nothing of it enters Sopan's.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.load import report as render
from benchmarks.load import scenarios

ROOT = Path(__file__).resolve().parents[2]
WORK = ROOT / "var" / "bench"
RESULTS = ROOT / "benchmarks" / "results"
LOCUST_VENV = WORK / "locust-venv"
PYTHON = ROOT / ".venv" / "bin" / "python"
PG = "postgres://postgres@127.0.0.1:5432/"
# BENCH_REDIS_URL: another Redis database for a run beside someone else's (the run empties its database first)
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
# bin/serve's production defaults (WEB_CONCURRENCY=2, 4 threads); BENCH_WORKERS / BENCH_THREADS try others
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
THREADS = int(os.environ.get("BENCH_THREADS", "4"))


# --- processes -----------------------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(database: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "REDIS_URL"))}
    env.update(
        DATABASE_URL=PG + database,
        REDIS_URL=REDIS,
        DJANGO_SETTINGS_MODULE="benchmarks.load.settings",
        SECRET_KEY="bench-" + "k" * 50,
        PYTHONPATH=str(ROOT),
    )
    return env


def ensure_locust() -> Path:
    requirements = ROOT / "benchmarks" / "load" / "requirements.txt"
    stamp = LOCUST_VENV / ".installed"
    if not stamp.exists() or stamp.read_text() != requirements.read_text():
        subprocess.run([sys.executable, "-m", "venv", str(LOCUST_VENV)], check=True)
        subprocess.run([str(LOCUST_VENV / "bin" / "pip"), "install", "-q", "-r", str(requirements)], check=True)
        stamp.write_text(requirements.read_text())
    return LOCUST_VENV / "bin" / "locust"


class Server:
    """gunicorn serving an app on a free loopback port, with the worker pids for their memory."""

    def __init__(self, argv: list[str], env: dict, cwd: Path, log: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        argv = [
            *argv,
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(WORKERS),
            "--threads",
            str(THREADS),
            "--no-control-socket",
        ]
        self.log = log.open("w")
        self.process = subprocess.Popen(argv, env=env, cwd=cwd, stdout=self.log, stderr=subprocess.STDOUT)
        self.wait_ready()

    def wait_ready(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                if self.process.poll() is not None:
                    raise SystemExit(f"the server stopped; see {self.log.name}") from None
                time.sleep(0.3)
        raise SystemExit(f"the server did not start; see {self.log.name}")

    def worker_rss_mb(self) -> list[float]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        sizes = []
        for pid in children:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(int(line.split()[1]) / 1024)
        return sizes

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def load(locust: Path, server: Server, fixtures: Path, scenario: str, *, clients: int, warmup: int, duration: int):
    out = WORK / f"samples-{scenario}.json"
    out.unlink(missing_ok=True)
    env = {
        **os.environ,
        "BENCH_FIXTURES": str(fixtures),
        "BENCH_SCENARIO": scenario,
        "BENCH_WARMUP": str(warmup),
        "BENCH_OUT": str(out),
    }
    subprocess.run(
        [
            str(locust),
            "-f",
            str(ROOT / "benchmarks" / "load" / "locustfile.py"),
            "--headless",
            "--users",
            str(clients),
            "--spawn-rate",
            str(clients),
            "--run-time",
            f"{warmup + duration}s",
            "--host",
            server.url,
            "--only-summary",
            "--loglevel",
            "WARNING",
            "--stop-timeout",
            "10",
        ],
        env=env,
        check=False,
        stdout=subprocess.DEVNULL,
    )
    return summarise(json.loads(out.read_text()))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def summarise(raw: dict) -> dict:
    samples = raw["samples"]
    latencies = [s[1] for s in samples]
    queries = [s[2] for s in samples if s[2] >= 0]
    end = raw["exhausted_at"] or raw["ended_at"]
    window = max(0.001, end - raw["warmup"])
    return {
        "requests": len(samples),
        "seconds": round(window, 1),
        "throughput": round(len(samples) / window, 1),
        "p50": round(percentile(latencies, 0.50), 1),
        "p95": round(percentile(latencies, 0.95), 1),
        "p99": round(percentile(latencies, 0.99), 1),
        "errors": raw["errors"],
        "error_examples": raw["error_examples"],
        "queries": statistics.median(queries) if queries else None,
        "queries_max": max(queries) if queries else None,
        "pool_used_up": raw["exhausted_at"] is not None,
    }


# --- the run -------------------------------------------------------------------------------------------------------
def run_python(module: str, *args: str, env: dict) -> str:
    done = subprocess.run([str(PYTHON), "-m", module, *args], env=env, cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"{module} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def flush_redis() -> None:
    import redis  # in Sopan's virtualenv (the production tier's client)

    redis.Redis.from_url(REDIS).flushdb()


def checkpoint(database: str) -> None:
    """Write out what the generator (or an earlier run) left in PostgreSQL's buffers, so that the checkpoint does
    not fall into a scenario's minute."""
    import psycopg

    with psycopg.connect(PG + database, autocommit=True) as connection:
        connection.execute("CHECKPOINT")


def machine() -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    memory = next(
        line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
    )
    postgres = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", "SHOW server_version"], capture_output=True, text=True
    ).stdout.strip()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(int(memory) / 1024 / 1024, 1),
        "python": platform.python_version(),
        "postgresql": postgres,
        "server": f"gunicorn, {WORKERS} workers × {THREADS} threads (gthread)",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", choices=("kota", "nasional"), default="kota")
    parser.add_argument("--duration", type=int, default=60, help="measured seconds per scenario")
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--orgs", type=int, default=4, help="organisations the clients spread over")
    parser.add_argument("--only", nargs="*", help="scenario names")
    parser.add_argument("--no-peer", action="store_true", help="skip django-helpdesk")
    parser.add_argument("--database", help="another database than sopan_bench_<scale> (a trial on demo data)")
    parser.add_argument(
        "--merge",
        action="store_true",
        help="put the scenarios measured (--only) into the last results of the scale instead of writing new ones",
    )
    args = parser.parse_args()

    WORK.mkdir(parents=True, exist_ok=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    database = args.database or f"sopan_bench_{args.scale}"
    dataset_file = RESULTS / f"dataset-{args.scale}.json"
    if args.database:
        dataset = {"tables": {}, "note": f"trial on {args.database}"}
    elif dataset_file.exists():
        dataset = json.loads(dataset_file.read_text())
    else:
        raise SystemExit(f"no dataset: run `make bench-data SCALE={args.scale}` first")
    env = server_env(database)
    # A data set made by an older checkout lacks the newer migrations (an index, say): measured as it would run
    print(f"== migrations of {database}", flush=True)
    print(run_python("django", "migrate", "--noinput", env=env), flush=True)
    locust = ensure_locust()
    flush_redis()
    checkpoint(database)
    chosen = [s for s in scenarios.SCENARIOS if not args.only or s.name in args.only]

    print(f"== fixtures ({args.orgs} organisations)", flush=True)
    fixtures = WORK / f"fixtures-{args.scale}.json"
    # generous guesses of the writes' throughput (measured at nasional: 8 signups, 85 steps a second), to size the
    # pools they use up: signup links per organisation, open steps in all
    seconds = args.duration + args.warmup
    names = {s.name for s in chosen}
    print(
        run_python(
            "benchmarks.load.prepare",
            "--orgs",
            str(args.orgs),
            "--signups",
            str(30 * seconds if "registration_submit" in names else 0),
            "--steps",
            str(150 * seconds if "step_complete" in names else 0),
            "--out",
            str(fixtures),
            env=env,
        ),
        flush=True,
    )
    organisations = len(json.loads(fixtures.read_text())["orgs"])  # fewer than asked at kota: it has one
    print("== SQL replayed raw", flush=True)
    sql_file = WORK / f"sql-{args.scale}.json"
    print(
        run_python(
            "benchmarks.load.sqlfloor",
            "--fixtures",
            str(fixtures),
            "--out",
            str(sql_file),
            "--only",
            *[s.name for s in chosen],
            env=env,
        ),
        flush=True,
    )
    sql = json.loads(sql_file.read_text())

    server = Server(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "config.wsgi:application"], env, ROOT, WORK / "server.log"
    )
    results: dict = {}
    try:
        timing = {"clients": args.clients, "warmup": args.warmup, "duration": args.duration}

        def measure_floors(when: str) -> dict:
            measured = {}
            for floor in scenarios.FLOORS:
                print(f"== {floor.name} ({when}): {floor.title}", flush=True)
                measured[floor.name] = load(locust, server, fixtures, floor.name, **timing)
                print(f"   {measured[floor.name]}", flush=True)
            return measured

        floors = measure_floors("before")
        for scenario in chosen:
            print(f"== {scenario.name}", flush=True)
            result = load(locust, server, fixtures, scenario.name, **timing)
            result["sql_ms"] = round(sql[scenario.name]["sql_ms"], 2)
            result["sql_queries"] = sql[scenario.name]["queries"]
            result["floor"] = scenarios.floor_of(scenario).name
            results[scenario.name] = result
            print(f"   {result}", flush=True)
        rss = server.worker_rss_mb()
        # The floors again: the machine is not as quiet all through a run (PostgreSQL writing out what the
        # scenarios changed, say); report.add_ratios takes the faster of the two.
        floors_after = measure_floors("after")
    finally:
        server.stop()
    render.add_ratios(results, floors, floors_after)

    if args.merge:
        # A second run for some scenarios (a pool that a few organisations use up too soon, say): each keeps the
        # floors of its own run, and says so.
        out = RESULTS / args.scale
        report = json.loads(out.with_suffix(".json").read_text())
        when = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
        for name, result in results.items():
            result["run"] = {
                "when": when,
                "organisations": organisations,
                "floors": floors,
                "floors_after": floors_after,
            }
            report["scenarios"][name] = result
        out.with_suffix(".json").write_text(json.dumps(report, indent=1))
        out.with_suffix(".md").write_text(render.markdown(report))
        print(out.with_suffix(".md").read_text())
        return

    print("== overdue-step sweep", flush=True)
    sweep = json.loads(run_python("benchmarks.load.sweep", "--runs", "5", env=env).strip().splitlines()[-1])

    peer = None
    results_name = args.scale if not args.database else f"trial-{args.database}"
    if not args.no_peer:
        from benchmarks.load import peer_run

        peer = peer_run.measure(locust, tickets=dataset["tables"]["helpdesk_ticket"]["rows"], timing=timing, load=load)

    report = {
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "scale": args.scale,
        "machine": machine(),
        "dataset": dataset,
        "settings": {
            **timing,
            "organisations": organisations,
            "redis": True,
            "note": "proof of work and rate limits of public forms off (benchmarks/load/settings.py)",
        },
        "floor": floors["floor"],
        "floor_staff": floors["floor_staff"],
        "floor_after": floors_after["floor"],
        "floor_staff_after": floors_after["floor_staff"],
        "scenarios": results,
        "sweep": sweep,
        "worker_rss_mb": [round(x, 1) for x in rss],
        "peer": peer,
    }
    out = (WORK if args.database else RESULTS) / results_name
    out.with_suffix(".json").write_text(json.dumps(report, indent=1))
    out.with_suffix(".md").write_text(render.markdown(report))
    print(out.with_suffix(".md").read_text())


if __name__ == "__main__":
    main()
