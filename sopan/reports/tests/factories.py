"""Factories of the periodic reports' tests: the people (the demo personas) and reports at each status, made through
the services."""

from __future__ import annotations

from sopan.procurement.tests.factories import person
from sopan.reports import services
from sopan.reports.models import Report
from sopan.reports.periods import Quarter
from sopan.reports.selectors import today_of


def kepala_lpse(organization):
    return person(organization, "kepala.lpse")


def kepala_ukpbj(organization):
    return person(organization, "kepala.ukpbj")


def last_quarter(organization) -> Quarter:
    return Quarter.containing(today_of(organization)).previous()


def draft(organization, quarter: Quarter | None = None) -> Report:
    quarter = quarter or last_quarter(organization)
    return services.report_create_quarterly(organization=organization, year=quarter.year, quarter=quarter.quarter,
                                            by=kepala_lpse(organization))  # fmt: skip


def written(organization, **kwargs) -> Report:
    report = draft(organization, **kwargs)
    return services.narrative_save(
        report=report,
        introduction="Pendahuluan.",
        conclusion="Kesimpulan.",
        commentary={"helpdesk": "Komentar helpdesk."},
        by=kepala_lpse(organization),
    )


def approved(organization, **kwargs) -> Report:
    head = kepala_lpse(organization)
    report = services.report_submit(report=written(organization, **kwargs), by=head)
    return services.report_approve(report=report, by=head)


def forwarded(organization, **kwargs) -> Report:
    return services.report_forward(report=approved(organization, **kwargs), by=kepala_ukpbj(organization))
