"""The unit performance module's benchmark scenarios, picked up by benchmarks/load like every installed module's: the
indicators page /kinerja/ as the Kepala UKPBJ opens it (the year's indicators with their quarters and charts: three
queries for the page, each bound measure once per quarter) and the indicator register. No datagen phase: the demo
indicators (eight a year) are made for each organisation measured that has none (`prepare`)."""

from benchmarks.load.scenarios import Request, Scenario


def prepare(organization) -> None:
    """The demo's indicators of the year, through the module's services, for an organisation that has none."""
    from sopan.indicators import demo
    from sopan.indicators.models import Indicator

    if not Indicator.objects.filter(organization=organization).exists():
        demo.seed(organization)


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
