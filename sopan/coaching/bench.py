"""The coaching module's benchmark scenario, picked up by benchmarks/load like every installed module's: the
programme list as the Kepala UKPBJ opens it (one query a page, selectors.programme_list_for)."""

from benchmarks.load.scenarios import Request, Scenario


def _programme_list(org, item, rng):
    return Request("GET", "/pembinaan/", must_contain="programme-table")


SCENARIOS = (Scenario("coaching_programmes", "Coaching programme list", "page", "ukpbj", build=_programme_list),)
