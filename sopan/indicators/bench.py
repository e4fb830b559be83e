"""The unit performance module's benchmark scenarios, picked up by benchmarks/load like every installed module's: the
indicators page /kinerja/ as the Kepala UKPBJ opens it (the year's indicators with their quarters and charts: three
queries for the page, each bound measure once per quarter) and the indicator register. No datagen phase: the demo
indicators of each organisation are the data (eight a year)."""

from benchmarks.load.scenarios import Request, Scenario


def _dashboard(org, item, rng):
    return Request("GET", "/kinerja/", must_contain="indicator-table")


def _register(org, item, rng):
    return Request("GET", "/kinerja/indikator/", must_contain="IKU")


SCENARIOS = (
    Scenario("indicators_dashboard", "Unit performance: the year's indicators, Kepala UKPBJ", "page", "ukpbj",
             build=_dashboard),
    Scenario("indicators_register", "Unit performance: indicator register, Kepala UKPBJ", "page", "ukpbj",
             build=_register),
)  # fmt: skip
