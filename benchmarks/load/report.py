"""The Markdown table of a run and its budgets (issue 6 §4), from the run's JSON.

python -m benchmarks.load.report benchmarks/results/kota.json     # prints the table again
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from benchmarks.load import scenarios

BUDGETS = {
    "page": {"p50": 50, "p95": 200},
    "write": {"p50": 50, "p95": 200},
    "json": {"p95": 100},
}
RATIO_TO_FLOOR = 3
SWEEP_MS = 1000
RSS_MB = 250
PEER_FACTOR = 3
LARGE_TABLES = (
    "accounts_organization",
    "vendors_company",
    "vendors_registration",
    "helpdesk_ticket",
    "helpdesk_message",
    "sop_case",
    "sop_steprecord",
)
# Sopan's scenario for each operation compared with django-helpdesk's
PEER_PAIRS = {
    "list": "ticket_list",
    "detail": "ticket_detail",
    "create": "ticket_create",
    "search": "ticket_search",
}


def ratio_to_floor(result: dict, floor: dict) -> float:
    """p50 / (the floor's p50 + the scenario's own SQL time): what the application adds to the framework and the
    database (issue 6 §3)."""
    return round(result["p50"] / (floor["p50"] + result["sql_ms"]), 2)


def _organisations(n: int) -> str:
    return f"{n} organisation" + ("" if n == 1 else "s")


def add_ratios(results: dict, floors: dict, floors_after: dict) -> None:
    """Each scenario's ratio to its floor (`result["floor"]` names it), measured before and after the scenarios: the
    faster of the two measures, so the larger ratio; a floor slowed by a busy moment does not flatter a page."""
    for result in results.values():
        quiet = min(floors[result["floor"]], floors_after[result["floor"]], key=lambda floor: floor["p50"])
        result["ratio_to_floor"] = ratio_to_floor(result, quiet)


def misses(report: dict) -> list[str]:
    """Every budget the run did not meet, in words."""
    found = []
    for name, result in report["scenarios"].items():
        kind = scenarios.BY_NAME[name].kind
        for measure, limit in BUDGETS[kind].items():
            if result[measure] > limit:
                found.append(f"{name}: {measure} {result[measure]} ms > {limit} ms")
        if result["errors"]:
            found.append(f"{name}: {result['errors']} errors")
        if result["ratio_to_floor"] > RATIO_TO_FLOOR:
            found.append(f"{name}: {result['ratio_to_floor']}× the floor > {RATIO_TO_FLOOR}×")
    if report["sweep"]["steady_median_ms"] > SWEEP_MS:
        found.append(f"overdue sweep: {report['sweep']['steady_median_ms']:.0f} ms > {SWEEP_MS} ms")
    if report["worker_rss_mb"] and max(report["worker_rss_mb"]) > RSS_MB:
        found.append(f"web worker memory: {max(report['worker_rss_mb']):.0f} MB > {RSS_MB} MB")
    for operation, factor in peer_factors(report).items():
        if factor is not None and factor < PEER_FACTOR:
            found.append(f"helpdesk {operation}: {factor}× django-helpdesk's throughput < {PEER_FACTOR}×")
    return found


def peer_factors(report: dict) -> dict:
    """Sopan's throughput over django-helpdesk's per operation. Where the peer answered nothing within the measured
    window (each request slower than the window), its throughput is below clients / window: the factor given is the
    lower bound that follows."""
    peer = report.get("peer") or {}
    clients = report["settings"]["clients"]
    factors = {}
    for operation, ours in PEER_PAIRS.items():
        theirs = (peer.get("operations") or {}).get(operation)
        mine = report["scenarios"].get(ours)
        if not (theirs and mine):
            factors[operation] = None
        elif theirs["throughput"]:
            factors[operation] = round(mine["throughput"] / theirs["throughput"], 2)
        else:
            factors[operation] = round(mine["throughput"] / (clients / theirs["seconds"]), 2)
    return factors


def _mark(ok: bool) -> str:
    return "✓" if ok else "✗"


def markdown(report: dict) -> str:
    m = report["machine"]
    d = report["dataset"]
    s = report["settings"]
    lines = [
        f"# Benchmark: `{report['scale']}` — {report['when']}",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB; Python {m['python']}, PostgreSQL "
        f"{m['postgresql']}, Redis; {m['server']}. Load: locust, {s['clients']} clients without think time, "
        f"{s['warmup']} s warm-up then {s['duration']} s measured per scenario, spread over "
        f"{_organisations(s['organisations'])}. {s['note']}.",
        "",
        "Dataset: "
        + ", ".join(f"{table} {d['tables'][table]['rows']:,}" for table in LARGE_TABLES if table in d["tables"])
        + f"; {d.get('database_size', '?')}, generated in {d.get('total_seconds', '?')} s (benchmarks/datagen).",
        "",
        "| Scenario | Kind | req/s | p50 ms | p95 ms | p99 ms | errors | queries | SQL ms | ratio to floor | budget |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|:-:|",
    ]
    for key, title in (
        ("floor", "Floor: bare Django view"),
        ("floor_staff", "Floor: the same view, logged in"),
        ("floor_after", "Floor: bare Django view, after the scenarios"),
        ("floor_staff_after", "Floor: logged in, after the scenarios"),
    ):
        floor = report.get(key)
        if floor:
            lines.append(
                f"| {title} | — | {floor['throughput']} | {floor['p50']} | {floor['p95']} | {floor['p99']} "
                f"| {floor['errors']} | {floor['queries']} | — | — | — |"
            )
    for name, r in report["scenarios"].items():
        scenario = scenarios.BY_NAME[name]
        limits = BUDGETS[scenario.kind]
        ok = all(r[k] <= v for k, v in limits.items()) and not r["errors"] and r["ratio_to_floor"] <= RATIO_TO_FLOOR
        used_up = " (pool used up)" if r["pool_used_up"] else ""
        if r.get("run"):
            used_up += f" (second run, {_organisations(r['run']['organisations'])})"
        lines.append(
            f"| {scenario.title}{used_up} | {scenario.kind} | {r['throughput']} | {r['p50']} | {r['p95']} | "
            f"{r['p99']} | {r['errors']} | {r['queries']} | {r['sql_ms']} | {r['ratio_to_floor']} | {_mark(ok)} |"
        )
    sweep = report["sweep"]
    rss = report["worker_rss_mb"]
    lines += [
        "",
        f"Overdue-step sweep: first run {sweep['runs'][0]['ms']:.0f} ms ({sweep['runs'][0]['flagged']} steps "
        f"flagged), then a median of {sweep['steady_median_ms']:.1f} ms per run "
        f"{_mark(sweep['steady_median_ms'] <= SWEEP_MS)} (budget {SWEEP_MS} ms).",
        "",
        f"Web workers' resident memory after the run: {', '.join(f'{x:.0f} MB' for x in rss)} "
        f"{_mark(bool(rss) and max(rss) <= RSS_MB)} (budget {RSS_MB} MB).",
    ]
    peer = report.get("peer")
    if peer:
        lines += [
            "",
            f"## Helpdesk beside django-helpdesk {peer['version']} ({peer['tickets']:,} tickets each, same server "
            "settings and load)",
            "",
            "| Operation | Sopan req/s | django-helpdesk req/s | Sopan p50 / p95 ms | django-helpdesk p50 / p95 ms | "
            "throughput ratio | budget (≥ 3×) |",
            "|---|---:|---:|---:|---:|---:|:-:|",
        ]
        factors = peer_factors(report)
        for operation, ours in PEER_PAIRS.items():
            mine = report["scenarios"].get(ours)
            theirs = peer["operations"].get(operation)
            if not (mine and theirs):
                continue
            factor = factors[operation]
            met = factor is not None and factor >= PEER_FACTOR
            if not theirs["requests"]:
                factor = f"≥ {factor} (none answered in {theirs['seconds']} s)"
            lines.append(
                f"| {operation} | {mine['throughput']} | {theirs['throughput']} | {mine['p50']} / {mine['p95']} | "
                f"{theirs['p50']} / {theirs['p95']} | {factor} | {_mark(met)} |"
            )
    found = misses(report)
    lines += ["", "## Budgets missed", ""] + ([f"- {miss}" for miss in found] or ["None."])
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown(json.loads(Path(sys.argv[1]).read_text())))
