"""The standards module's benchmark scenario, picked up by benchmarks/load: the overview of LKPP's standards as the
Kepala LPSE opens it (this year's assessments in one query, each installed module's evidence in a fixed number).
No datagen phase: the overview's cost does not grow with the registers (their evidence is aggregated)."""

from benchmarks.load.scenarios import Request, Scenario


def _overview(org, item, rng):
    return Request("GET", "/standar-lpse/", must_contain="standards-table")


SCENARIOS = (Scenario("standards_overview", "LPSE standards overview", "page", "head", build=_overview),)
