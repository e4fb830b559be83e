"""The risk register's benchmark scenario, picked up by benchmarks/load like every installed module's: the register
with its heat maps as the Kepala UKPBJ opens it (selectors.risk_list_for, one query a page, and heat_maps_for, three).
No datagen phase: the demo's risks are enough for the page's shape (its queries do not grow with the rows)."""

from benchmarks.load.scenarios import Request, Scenario


def _risk_list(org, item, rng):
    return Request("GET", "/risiko/", must_contain="risk-table")


SCENARIOS = (Scenario("risk_register", "Risk register with heat maps", "page", "ukpbj", build=_risk_list),)
