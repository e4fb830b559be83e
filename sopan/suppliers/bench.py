"""The suppliers module's benchmark scenario, picked up by benchmarks/load: the contract list (the home page of
/pendukung-layanan/) as the Kepala LPSE opens it (one query a page, selectors.contract_list_for). No datagen phase:
an organisation has tens of contracts, not thousands."""

from benchmarks.load.scenarios import Request, Scenario


def _contract_list(org, item, rng):
    return Request("GET", "/pendukung-layanan/", must_contain="contract-table")


SCENARIOS = (Scenario("supplier_contracts", "Service supplier contracts", "page", "head", build=_contract_list),)
