"""The quarterly LPSE report in Chromium (issue 19 §5): the Kepala LPSE generates the last quarter's report from live
data, writes the narrative, submits and approves it (Perwali Salatiga 41/2024 Pasal 11), and downloads the PDF and
the DOCX. The pages are in Indonesian; expected texts come from the catalogue."""

from __future__ import annotations

import pytest
from django.utils import translation
from playwright.sync_api import expect

from sopan.reports.models import Report
from sopan.reports.tests.factories import kepala_lpse, last_quarter
from tests.browser.sessions import post

pytestmark = pytest.mark.browser


def id_(msgid: str) -> str:
    with translation.override("id"):
        return translation.gettext(msgid)


def test_the_kepala_lpse_generates_writes_and_approves_the_quarterly_report(journey, tabs, organization):
    quarter = last_quarter(organization)
    head = tabs(kepala_lpse(organization))
    page = head.page
    head.goto("reports:report-list")
    expect(page.locator("#missing-quarter")).to_be_visible()
    page.fill("#quarterly-form [name='year']", str(quarter.year))
    page.select_option("#quarterly-form [name='quarter']", str(quarter.quarter))
    assert post(page, "#quarterly-create").status == 302
    expect(page.locator("#section-helpdesk")).to_contain_text(id_("Helpdesk: problem reports and their handling"))

    page.fill("#narrative-form [name='introduction']", "Laporan pelaksanaan tugas LPSE triwulan lalu.")
    page.fill("#narrative-form [name='comment_helpdesk']", "Semua laporan ditindaklanjuti dalam 1 hari kerja.")
    page.fill("#narrative-form [name='conclusion']", "Layanan berjalan baik.")
    assert post(page, "#narrative-save").status == 302
    assert post(page, "#transition-submit").status == 302
    expect(page.locator("#report-status")).to_have_text(id_("Submitted for approval"))
    assert post(page, "#transition-approve").status == 302
    expect(page.locator("#report-status")).to_have_text(id_("Approved by the Kepala LPSE"))
    expect(page.locator("#section-helpdesk")).to_contain_text("Semua laporan ditindaklanjuti")
    head.screenshot("approved")

    report = Report.objects.get(organization=organization, year=quarter.year, quarter=quarter.quarter)
    pdf = page.request.get(head.url("reports:report-pdf", pk=report.pk))
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    word = page.request.get(head.url("reports:report-docx", pk=report.pk))
    assert word.status == 200 and word.body()[:2] == b"PK"
    assert report.status == Report.Status.APPROVED and report.snapshot_at is not None
    tabs.assert_no_browser_errors()
