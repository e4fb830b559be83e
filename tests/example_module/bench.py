"""The example module's benchmark scenario, picked up by benchmarks/load like every installed module's."""

from benchmarks.load.scenarios import Request, Scenario


def _index(org, item, rng):
    return Request("GET", "/contoh/", must_contain="Salam dari modul contoh")


SCENARIOS = (Scenario("example_index", "Example module page", "page", "head", build=_index),)
