"""A service supplier evaluated twice and replaced, in Chromium (issue 20 §1 and §6), each step by the person who holds
it in their own logged-in tab: the Pengelola Pendukung Layanan fills the Lembar Evaluasi (SOP Pemantauan Kinerja
Pendukung Layanan steps 1–2), the Kepala LPSE asks for another evaluation (step 4, exit "Evaluasi ulang"), the second
round recommends a replacement, the Kepala LPSE approves it and the Pengelola documents the result (step 5), which
opens the Usulan Pengadaan; the Pengelola takes it through steps 1–7 (a refusal on the way: the budget not approved),
the Kepala LPSE approves it and it becomes a procurement package. The pages are in Indonesian; expected texts come
from the catalogue."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sopan.accounts.models import OrgUnit
from sopan.procurement.models import Package
from sopan.sop.api import case_for
from sopan.sop.models import Case
from sopan.suppliers import criteria
from sopan.suppliers.models import Evaluation, Proposal
from sopan.suppliers.tests.factories import bind_supplier_sops, contract, head, id_, officer
from sopan.suppliers.workflows import MONITORING, PROPOSAL
from tests.browser.sessions import post

pytestmark = pytest.mark.browser


def _fill_sheet(page, score: str, notes: str, recommendation: str) -> None:
    for key in criteria.KEYS:
        page.select_option(f"#sheet-form [name='score_{key}']", score)
    page.fill("#sheet-form [name='notes']", notes)
    page.select_option("#sheet-form [name='recommendation']", recommendation)
    assert post(page, "#transition-submit").status == 302


def test_a_supplier_evaluated_twice_then_replaced_through_a_proposal_becoming_a_package(journey, tabs, organization):
    bind_supplier_sops(organization)
    OrgUnit.objects.create(organization=organization, name="Dinas Komunikasi dan Informatika", kind=OrgUnit.Kind.AGENCY)
    internet = contract(organization, ends_in=25)
    pengelola, kepala = tabs(officer(organization)), tabs(head(organization))
    page = pengelola.page

    # the first Lembar Evaluasi (steps 1–2), sent back by the Kepala LPSE (steps 3–4: evaluate again)
    pengelola.goto("suppliers:contract-detail", pk=internet.pk)
    assert post(page, "#evaluation-start").status == 302
    evaluation = Evaluation.objects.get(contract=internet)
    _fill_sheet(page, "3", "Gangguan berulang pada bulan Maret.", "extend")
    kepala.goto("suppliers:evaluation-detail", pk=evaluation.pk)
    kepala.page.fill("#form-evaluate-again [name='note']", "Lampirkan data uptime dari pemantauan jaringan.")
    assert post(kepala.page, "#transition-evaluate_again").status == 302
    expect(kepala.page.locator("#evaluation-status")).to_have_text(id_("Being evaluated"))

    # the second round recommends replacing; the Kepala LPSE approves; the result is documented (step 5)
    pengelola.goto("suppliers:evaluation-detail", pk=evaluation.pk)
    expect(page.locator("#round-1")).to_contain_text("Lampirkan data uptime")
    _fill_sheet(page, "2", "Uptime 97,1 % di bawah 99,5 % yang diperjanjikan.", "replace")
    kepala.goto("suppliers:evaluation-detail", pk=evaluation.pk)
    assert post(kepala.page, "#transition-approve").status == 302
    expect(kepala.page.locator("#evaluation-status")).to_have_text(id_("Approved by the Kepala LPSE"))
    pengelola.goto("suppliers:evaluation-detail", pk=evaluation.pk)
    assert post(page, "#transition-document").status == 302  # to the Usulan Pengadaan it opened
    expect(page.locator("#proposal-status")).to_have_text(id_("Draft"))
    proposal = Proposal.objects.get(evaluation=evaluation)

    # Usulan Pengadaan steps 1–7: the needs, the check of existing assets, the budget and the KAK, its review
    assert post(page, "#transition-submit").status == 302
    page.fill("#id_asset_check", "Tidak ada jalur internet cadangan milik LPSE.")
    assert post(page, "#transition-not_existing").status == 302
    page.fill("#id_budget", "150.000.000")
    page.fill("#id_kak", "Layanan internet dedicated 200 Mbps, uptime 99,5 %.")
    assert post(page, "#transition-send_kak").status == 400  # the budget is not approved yet (step 4)
    expect(page.locator("body")).to_contain_text(
        id_("The budget must be approved before the KAK is drafted (SOP step 4).")
    )
    page.fill("#id_budget", "150.000.000")
    page.check("#id_budget_approved")
    page.fill("#id_kak", "Layanan internet dedicated 200 Mbps, uptime 99,5 %.")
    assert post(page, "#transition-send_kak").status == 302
    page.fill("#id_kak_review", "Spesifikasi sesuai kebutuhan pengguna.")
    assert post(page, "#transition-review_kak").status == 302
    assert post(page, "#transition-propose").status == 302
    expect(page.locator("#proposal-status")).to_have_text(id_("Proposed"))

    # the Kepala LPSE approves; the Pengelola makes it a procurement package
    kepala.goto("suppliers:proposal-detail", pk=proposal.pk)
    assert post(kepala.page, "#transition-approve").status == 302
    pengelola.goto("suppliers:proposal-detail", pk=proposal.pk)
    page.fill("#id_kd_rup", "55667788")
    page.select_option("#id_method", "tender")
    assert post(page, "#package-create").status == 302
    expect(page.locator("#proposal-package")).to_contain_text("55667788")
    printed = page.request.get(pengelola.url("suppliers:evaluation-print", pk=evaluation.pk))
    assert printed.status == 200 and printed.headers["content-type"] == "application/pdf"

    package = Package.objects.get(organization=organization, kd_rup="55667788")
    assert package.pagu == 150_000_000
    assert case_for(evaluation, procedure=MONITORING).status == Case.Status.COMPLETED
    assert case_for(proposal, procedure=PROPOSAL).status == Case.Status.COMPLETED
    tabs.assert_no_browser_errors(allow=("status of 400",))  # the refused KAK answers 400, as it should
