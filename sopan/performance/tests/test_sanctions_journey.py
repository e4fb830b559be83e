"""A blacklist sanction in Chromium (issue 18 §3), each step by the person who holds it, in their own tab: the PPK
proposes it from the terminated contract's Buruk assessment on the contract's page ("Usulkan sanksi"), the Kepala UKPBJ
reviews it, the PA/KPA imposes it with the SK's dates and finds the SK to print. The pages are in Indonesian."""

from __future__ import annotations

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from sopan.performance.models_sanctions import SanctionProposal
from sopan.performance.tests.factories import bind_performance_sop, company, person
from sopan.performance.tests.factories_sanctions import poor_assessment
from tests.browser.sessions import post

pytestmark = pytest.mark.browser


def _id(msgid: str) -> str:
    with translation.override("id"):
        return translation.gettext(msgid)


def test_ppk_proposes_ukpbj_reviews_and_the_pa_imposes_the_sanction(journey, tabs, organization):
    bind_performance_sop(organization)
    poor = poor_assessment(organization, company(organization, name="CV Lalai Jaya"))
    ppk, head, pa = person(organization, "ppk"), person(organization, "kepala.ukpbj"), person(organization, "pa.kpa")

    page = tabs(ppk).page
    page.goto(tabs(ppk).url("performance:contract-detail", pk=poor.contract_id))
    page.locator("#propose-sanction-link").click()
    page.locator("[name='ground']").select_option("contract_default")
    page.locator("[name='finding']").fill("Penyedia menghentikan pekerjaan pada progres 35%.")
    post(page, "#sanction-form button[type=submit]")
    expect(page.locator("body")).to_contain_text(_id("The sanction is proposed; the UKPBJ reviews it."))
    proposal = SanctionProposal.objects.get()

    page = tabs(head).page
    page.goto(tabs(head).url("performance:sanction-detail", pk=proposal.pk))
    post(page, "#transition-review")
    expect(page.locator("body")).to_contain_text(_id("The proposal is reviewed and sent to the PA/KPA."))

    page = tabs(pa).page
    page.goto(tabs(pa).url("performance:sanction-detail", pk=proposal.pk))
    today = timezone.localdate().isoformat()
    page.locator("[name='impose-sk_date']").fill(today)
    page.locator("[name='impose-starts_on']").fill(today)
    post(page, "#transition-impose")
    expect(page.locator("body")).to_contain_text(_id("The sanction is imposed; the vendor is informed."))
    proposal.refresh_from_db()
    expect(page.locator("#sk")).to_contain_text(proposal.sk_number)
    expect(page.locator("#sk-link")).to_be_visible()
    assert proposal.status == SanctionProposal.Status.IMPOSED
    tabs.assert_no_browser_errors()
