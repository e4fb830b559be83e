"""A risk in Chromium (issue 19 §5), each step by the person who holds it, in their own logged-in tab: the PA/KPA
identifies a risk from the library (SOP Pengelolaan Risiko steps 1–2), analyses it (3, a rating outside the criteria
refused first), plans and starts its treatment (4 a, 5, 6), records it done with its evidence and rates the residual
risk (7, 8), reports to the coordinator (9); the Kepala UKPBJ escalates it to the committee (10, 11 b); the Sekda
decides it tolerable (12); the Kepala UKPBJ closes it (13 b, 14), and the heat map counts it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sopan.risks.models import Risk, RiskTemplate
from sopan.risks.tests.factories import bind_risk_sops, day, head, id_, owner, pdf_upload, sekda
from sopan.sop.api import case_for
from sopan.sop.models import Case
from tests.browser.sessions import post

pytestmark = pytest.mark.browser


def test_a_risk_identified_analysed_treated_escalated_and_closed(journey, tabs, organization):
    bind_risk_sops(organization)
    template = RiskTemplate.objects.filter(organization=organization, scheme="procurement").first()
    pa, boss, committee = tabs(owner(organization)), tabs(head(organization)), tabs(sekda(organization))

    # identified from the library (steps 1–2)
    page = pa.page
    pa.goto("risks:library")
    page.locator(f"tr[data-template='{template.pk}'] a").click()
    page.fill("#risk-form [name='context_text']", "Rehabilitasi Gedung Kantor")
    assert post(page, "#risk-save").status == 302
    risk = Risk.objects.get(organization=organization)
    expect(page.locator("#risk-status")).to_have_text(id_("Identified"))

    # analysed (step 3): a likelihood of 6 on a 5 × 5 scale is refused, then 4 × 4
    page.fill("#analysis-form [name='inherent_likelihood']", "6")
    page.fill("#analysis-form [name='inherent_impact']", "4")
    assert post(page, "#analysis-submit").status == 400
    expect(page.locator("#analysis-form")).to_contain_text(id_(
        "The likelihood must be between 1 and %(max)s on the criteria “%(criteria)s”.", max=5,
        criteria=risk.criteria.name))  # fmt: skip
    page.fill("#analysis-form [name='inherent_likelihood']", "4")
    assert post(page, "#analysis-submit").status == 302
    expect(page.locator("#risk-inherent")).to_contain_text("Tinggi")

    # treated (steps 4–8): the plan with its owner, started, done with the evidence, the residual rating
    page.fill("#treatment-form [name='action']", "Survei harga ulang dari tiga sumber")
    page.select_option("#treatment-form [name='owner']", str(risk.owner_id))
    page.fill("#treatment-form [name='due_on']", day(7).isoformat())
    assert post(page, "#treatment-add").status == 302
    assert post(page, "#transition-plan").status == 302
    treatment = risk.treatments.get()
    evidence = pdf_upload()
    page.set_input_files(f"#evidence-form-{treatment.pk} [name='evidence']", files=[
        {"name": "survei.pdf", "mimeType": "application/pdf", "buffer": evidence.read()}])  # fmt: skip
    assert post(page, f"#treatment-done-{treatment.pk}").status == 302
    page.fill("#residual-form [name='residual_likelihood']", "2")
    page.fill("#residual-form [name='residual_impact']", "3")
    assert post(page, "#residual-submit").status == 302
    page.fill("#form-report [name='note']", "Survei ulang selesai; HPS direviu.")
    assert post(page, "#transition-report").status == 302

    # the coordinator escalates (10, 11), the committee decides (12), the coordinator closes (13, 14)
    boss.goto("risks:risk-detail", pk=risk.pk)
    boss.page.fill("#form-escalate [name='note']", "Mohon keputusan Sekda atas HPS paket strategis.")
    assert post(boss.page, "#transition-escalate").status == 302
    committee.goto("risks:risk-detail", pk=risk.pk)
    committee.page.select_option("#form-decide [name='disposition']", "tolerable")
    committee.page.fill("#form-decide [name='note']", "Dapat ditolerir.")
    assert post(committee.page, "#transition-decide").status == 302
    boss.goto("risks:risk-detail", pk=risk.pk)
    assert post(boss.page, "#transition-settle").status == 302
    expect(boss.page.locator("#risk-status")).to_have_text(id_("Closed"))
    expect(boss.page.locator("#escalations [data-disposition]")).to_have_count(2)

    boss.goto("risks:risk-list")
    expect(boss.page.locator("#heatmap-procurement-residual [data-cell='2-3']")).to_have_attribute("data-count", "1")
    boss.screenshot("risk-register")
    risk.refresh_from_db()
    assert risk.status == Risk.Status.CLOSED
    assert case_for(risk, procedure=risk.procedure).status == Case.Status.COMPLETED
    tabs.assert_no_browser_errors(allow=("status of 400",))
