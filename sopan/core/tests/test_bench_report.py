"""The benchmark's report (benchmarks/load/report.py): each scenario against its floor, and the budgets it misses.

Not a timing test: the figures are made up; what is checked is the arithmetic and the words of the report.
"""

from __future__ import annotations

from benchmarks.load import report, scenarios


def _result(p50, p95=100.0, sql_ms=2.0, errors=0, throughput=100.0):
    return {
        "throughput": throughput,
        "p50": p50,
        "p95": p95,
        "p99": p95,
        "errors": errors,
        "queries": 5,
        "sql_ms": sql_ms,
        "pool_used_up": False,
        "seconds": 60,
    }


def test_public_scenarios_are_held_to_the_anonymous_floor_and_staff_ones_to_the_logged_in_floor():
    assert scenarios.floor_of(scenarios.BY_NAME["public_ticket"]) is scenarios.FLOOR
    assert scenarios.floor_of(scenarios.BY_NAME["ticket_list"]) is scenarios.FLOOR_STAFF
    assert scenarios.FLOOR_STAFF.persona != "public" and scenarios.FLOOR.persona == "public"


def test_the_ratio_to_the_floor_adds_the_scenarios_own_sql_to_the_floor():
    assert report.ratio_to_floor(_result(30.0, sql_ms=4.0), _result(6.0)) == 3.0


def test_each_ratio_takes_the_faster_of_its_floors_two_measures():
    # Given the floors measured before the scenarios and after (the logged-in one slowed before, the bare one after)
    before = {"floor": _result(4.0), "floor_staff": _result(30.0)}
    after = {"floor": _result(9.0), "floor_staff": _result(18.0)}
    results = {
        "ticket_list": {**_result(60.0), "floor": "floor_staff"},
        "public_ticket": {**_result(12.0), "floor": "floor"},
    }
    # When the ratios are added; then each is against the faster measure of its own floor
    report.add_ratios(results, before, after)
    assert results["ticket_list"]["ratio_to_floor"] == 3.0  # 60 / (18 + 2)
    assert results["public_ticket"]["ratio_to_floor"] == 2.0  # 12 / (4 + 2)


def _report(**scenario_results):
    return {
        "when": "2026-12-04T00:00:00+00:00",
        "scale": "kota",
        "machine": {"cpu": "x", "cores": 2, "memory_gb": 1, "python": "3.11", "postgresql": "15", "server": "g"},
        "dataset": {"tables": {"helpdesk_ticket": {"rows": 10}}},
        "settings": {"clients": 8, "warmup": 1, "duration": 60, "organisations": 1, "note": "n"},
        "floor": _result(4.0),
        "floor_staff": _result(8.0),
        "floor_after": _result(5.0),
        "floor_staff_after": _result(9.0),
        "scenarios": scenario_results,
        "sweep": {"runs": [{"ms": 3.0, "flagged": 0}], "steady_median_ms": 1.0},
        "worker_rss_mb": [120.0, 300.0],
        "peer": None,
    }


def test_the_report_names_every_budget_missed_and_shows_both_floors():
    slow = {**_result(120.0, p95=250.0), "ratio_to_floor": 12.0}
    fast = {**_result(20.0, p95=40.0), "ratio_to_floor": 2.0}
    run = _report(ticket_list=slow, public_ticket=fast)
    missed = report.misses(run)
    assert "ticket_list: p50 120.0 ms > 50 ms" in missed
    assert "ticket_list: p95 250.0 ms > 200 ms" in missed
    assert "ticket_list: 12.0× the floor > 3×" in missed
    assert not [m for m in missed if m.startswith("public_ticket")]
    assert "web worker memory: 300 MB > 250 MB" in missed
    table = report.markdown(run)
    assert "| Floor: bare Django view |" in table and "| Floor: the same view, logged in |" in table
    assert "| Floor: bare Django view, after the scenarios | — | 100.0 | 5.0 |" in table
    assert "| Floor: logged in, after the scenarios | — | 100.0 | 9.0 |" in table
    assert "| Ticket list for an agent | page | 100.0 | 120.0 |" in table and "✗" in table
