"""The module's benchmark scenarios, picked up by benchmarks/load: the backup log and the archives overview as the
Kepala LPSE opens them (a fixed number of queries; the due counts are bounded, selectors.COUNT_LIMIT). No datagen
phase: the archives read the registrations and tickets the other modules' datagen already makes."""

from benchmarks.load.scenarios import Request, Scenario


def _backups(org, item, rng):
    return Request("GET", "/standar-lpse/cadangan/", must_contain="backup-table")


def _archives(org, item, rng):
    return Request("GET", "/standar-lpse/arsip/", must_contain="due-table")


SCENARIOS = (
    Scenario("archives_backups", "SPSE backup log", "page", "head", build=_backups),
    Scenario("archives_due", "Archives due for destruction or transfer", "page", "head", build=_archives),
)
