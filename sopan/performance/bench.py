"""Vendor performance's benchmark scenarios (issue 21: the new modules' main pages join the benchmark), picked up by
benchmarks/load like every installed module's, all as the Kepala UKPBJ (who sees every contract of the organisation):
the contract list (a keyset page, the overdue assessments beside it), the contracts whose assessment is overdue, the
report per agency of the current year (one grouped query), and a contract's page with its assessment (the pool
"contracts" of `benchmarks.load.prepare.contract_pools`: contracts spread over the whole table, assessed or not).
The data is `benchmarks/datagen/performance.py`'s."""

from benchmarks.load.scenarios import Request, Scenario


def _contract_list(org, item, rng):
    return Request("GET", "/kinerja-penyedia/", must_contain='rel="next"')  # the first page, with a next one


def _overdue(org, item, rng):
    return Request("GET", "/kinerja-penyedia/?tampil=overdue", must_contain="data-contract=")


def _report(org, item, rng):
    return Request("GET", "/kinerja-penyedia/laporan/", must_contain="report-table")


def _contract(org, item, rng):
    return Request("GET", f"/kinerja-penyedia/kontrak/{item}/", must_contain="contract-facts")


SCENARIOS = (
    Scenario("performance_contracts", "Vendor performance: contract list, Kepala UKPBJ", "page", "ukpbj",
             build=_contract_list),
    Scenario("performance_overdue", "Vendor performance: overdue assessments, Kepala UKPBJ", "page", "ukpbj",
             build=_overdue),
    Scenario("performance_report", "Vendor performance: report per agency, Kepala UKPBJ", "page", "ukpbj",
             build=_report),
    Scenario("performance_contract", "Vendor performance: a contract's page with its assessment", "page", "ukpbj",
             "contracts", build=_contract),
)  # fmt: skip
