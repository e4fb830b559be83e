"""A quarter's KPIs in Chromium (issue 19 §5), each step by the person who holds it: the Penanggung Jawab Kinerja
enters the realisation of an entered indicator (SOP steps 11–12), the year's page shows it beside the realisation
Sopan computes from its own data, and the Kepala UKPBJ approves the performance report the team submitted (step
17). The pages are in Indonesian; expected texts come from the catalogue."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sopan.indicators import services
from sopan.indicators.models import Realisation, Report
from sopan.indicators.selectors import today_of
from sopan.indicators.tests.factories import bind_performance_sop, head, id_, indicator, officer, team
from tests.browser.sessions import post

pytestmark = pytest.mark.browser


def test_a_quarters_kpis_filled_in_and_the_report_approved(journey, tabs, organization):
    bind_performance_sop(organization)
    year = today_of(organization).year
    entered = indicator(organization, year=year, code="IKU-06", name="Indeks kepuasan pengguna", target="80")
    computed = indicator(organization, year=year, code="IKU-05", name="Jumlah penilaian kinerja penyedia",
                         target="4", measure="performance.assessments_done")  # fmt: skip
    report = services.report_create(organization=organization, year=year, period="q1", by=team(organization))
    report = services.report_update(report=report, analysis="Tercapai.", recommendations="", by=team(organization))
    services.report_submit(report=report, by=team(organization))
    pj, boss = tabs(officer(organization)), tabs(head(organization))

    # the Penanggung Jawab Kinerja enters the first quarter's realisation (steps 11–12)
    pj.goto("indicators:indicator-detail", pk=entered.pk)
    page = pj.page
    page.select_option("#realisation-form [name='quarter']", "1")
    page.fill("#realisation-form [name='value']", "60")
    assert post(page, "#realisation-submit").status == 302
    expect(page.locator("body")).to_contain_text(id_("The realisation is recorded."))

    # the year's page: the entered realisation with its achievement, the computed one marked as such
    pj.goto("indicators:dashboard")
    expect(page.locator(f"tr[data-indicator='{entered.pk}'] td[data-quarter='1'] [data-realisation]")).to_have_text(
        "60"
    )
    expect(page.locator(f"tr[data-indicator='{entered.pk}'] td[data-quarter='1'] [data-achievement]")).to_contain_text(
        "75"
    )
    expect(page.locator(f"tr[data-indicator='{computed.pk}']")).to_contain_text(id_("computed"))
    expect(
        page.locator(f"svg.indicator-chart[data-indicator='{entered.pk}'] rect.bar-realisation").first
    ).to_be_attached()
    pj.screenshot("kpis")

    # the Kepala UKPBJ approves the report (step 17)
    boss.goto("indicators:report-detail", pk=report.pk)
    assert post(boss.page, "#transition-approve").status == 302
    expect(boss.page.locator("#report-status")).to_have_text(id_("Approved"))

    assert Realisation.objects.get(indicator=entered, quarter=1).value == 60
    assert Report.objects.get(pk=report.pk).status == Report.Status.APPROVED
    tabs.assert_no_browser_errors()
