"""The LPSE standards in Chromium (issue 20 §6): the Administrator Sistem's change request is approved by the Kepala
LPSE (someone other than its requester), then the Kepala LPSE self-assesses the change standard, its live evidence
(the change just approved) kept with the assessment. The pages are in Indonesian; expected texts come from the
catalogue."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sopan.standards.models import Assessment, ChangeRequest
from sopan.standards.tests.factories import admin, head, id_, requested
from tests.browser.sessions import post

pytestmark = pytest.mark.browser


def test_a_change_is_approved_and_its_standard_self_assessed(journey, tabs, organization):
    change = requested(organization, by=admin(organization), title="Pemutakhiran SPSE 4.5")
    boss = tabs(head(organization))
    page = boss.page

    boss.goto("standards:change-detail", pk=change.pk)
    assert post(page, "#transition-approve").status == 302
    expect(page.locator("#change-status")).to_have_text(id_("Approved"))

    year = timezone.localdate().year
    boss.goto("standards:assessment", standard="change", year=year)
    expect(page.locator("#live-evidence")).to_contain_text(id_("Change requests this year"))
    page.select_option("#assessment-form [name='level']", "3")
    page.fill("#assessment-form [name='notes']", "Perubahan diajukan, disetujui pihak lain, dengan rencana rollback.")
    assert post(page, "#assessment-save").status == 302
    expect(page.locator("#saved-evidence")).to_contain_text(id_("Changes waiting for a decision"))
    boss.screenshot("assessed")

    change.refresh_from_db()
    assert change.status == ChangeRequest.Status.APPROVED and change.decided_by == head(organization)
    assert Assessment.objects.get(organization=organization, standard="change", year=year).level == 3
    tabs.assert_no_browser_errors()
