"""Vendor registration end to end in Chromium (issue 4 "Done when"), along SOP Rekrutmen dan Registrasi Penyedia:

a vendor signs up (step 1: e-mail, proof of work, the confirmation link, the online form), prints the forms (2–5),
uploads the berkas and books an appointment (6); the front office receives it (7–11); a verifier asks for a missing
document (12 "Tidak", 13); the vendor completes it (6–7); the verifier approves (12 "Ya", 14) and the file is archived
(15); the vendor logs in with an active account; the compliance report shows the procedure's steps with their times.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from sopan.core.testing import run_background_tasks
from sopan.vendors.defaults import ensure_required_documents
from sopan.vendors.models import Company, Registration
from sopan.vendors.selectors import requirements_for
from sopan.vendors.tests import factories
from tests.browser.sessions import post

pytestmark = pytest.mark.browser

PASSWORD = "Kata-Sandi-Yang-Panjang-2026"


def _accept_confirmations(page) -> None:
    page.on("dialog", lambda dialog: dialog.accept())


def _upload(page, requirement: str, name: str) -> None:
    """Upload a real PDF in the row of one required document (the row is replaced through htmx)."""
    row = page.locator(f"[id^='doc-row-']:has(input[type=file]):has-text('{requirement}')").first
    # The picker speaks Indonesian, not the browser's language, and names the chosen file (issue 14 §6).
    expect(row.locator("[data-file-picker].is-enhanced label")).to_contain_text("Pilih berkas")
    expect(row.locator("[data-file-name]")).to_have_text("Belum ada berkas dipilih")
    row.locator("input[type=file]").set_input_files(
        files=[{"name": name, "mimeType": "application/pdf", "buffer": factories.pdf_bytes(name)}]
    )
    expect(row.locator("[data-file-name]")).to_have_text(name)
    with page.expect_response(lambda r: r.request.method == "POST" and "/daftar/dokumen/" in r.url) as sent:
        row.locator("button[type=submit]").click()
    assert sent.value.status == 200, sent.value.text()


def test_a_vendor_registers_is_asked_for_a_document_completes_it_and_is_approved(journey, tabs, personas):
    organization = personas["lpse_head"].organization
    factories.bind_registration_sop(organization)
    ensure_required_documents(organization)
    factories.slot(organization, days=2)
    officer, verifier, head = personas["registration_officer"], personas["verifier"], personas["lpse_head"]
    page = journey.page
    _accept_confirmations(page)

    # --- Step 1: the vendor asks for the link, passing the check "I am not a robot" ---------------------------------
    journey.goto("vendors:signup", org=organization.slug)
    page.fill("input[name=email]", "admin@sumberrejeki.co.id")
    expect(page.locator("altcha-widget .altcha")).to_have_attribute("data-state", "verified")
    journey.screenshot("01-signup")
    assert post(page, "#signup-form button[type=submit]").status == 200
    expect(page.locator("main")).to_contain_text("admin@sumberrejeki.co.id")

    # the confirmation link arrives by mail
    run_background_tasks()
    [message] = [m for m in mail.outbox if m.to == ["admin@sumberrejeki.co.id"]]
    link = re.search(r"https?://\S+/daftar/formulir/\S+/", message.body).group(0)
    page.goto(journey.base_url + link[link.index("/daftar/") :])

    # --- the online form -------------------------------------------------------------------------------------------
    npwp = factories.valid_npwp(4242)
    values = {
        "name": "CV Sumber Rejeki",
        "npwp": npwp,
        "nib": "9120107654321",
        "kbli": "41011, 43211",
        "address": "Jl. Diponegoro No. 12",
        "regency": "Kota Salatiga",
        "postal_code": "50711",
        "phone": "0298 321000",
        "email": "kantor@sumberrejeki.co.id",
        "admin_name": "Slamet Riyadi",
        "admin_position": "Direktur",
        "admin_phone": "0812 3456 7890",
        "username": "sumberrejeki",
        "password": PASSWORD,
        "password_again": PASSWORD,
    }
    for field, value in values.items():
        page.fill(f"#registration-form [name={field}]", value)
    page.select_option("#registration-form [name=legal_form]", "cv")
    page.select_option("#registration-form [name=province]", "33")
    # a NIK with an impossible birth date is refused next to its field, and nothing is created
    page.fill("#registration-form [name=admin_nik]", "3373013102850001")
    assert post(page, "#registration-form button[type=submit]").status == 200
    expect(page.locator("#id_admin_nik_error")).to_contain_text("31")
    assert not Registration.objects.exists()
    page.fill("#registration-form [name=admin_nik]", "3373011708850001")
    for field in ("password", "password_again"):
        page.fill(f"#registration-form [name={field}]", PASSWORD)
    journey.screenshot("02-form")
    post(page, "#registration-form button[type=submit]")
    expect(page).to_have_url(journey.url("vendors:registration-status"))
    registration = Registration.objects.get(company__npwp=npwp)
    run_background_tasks()
    assert any("sumberrejeki" in m.body and registration.number in m.body for m in mail.outbox)

    # --- Steps 2–5: the forms print as PDF, prefilled --------------------------------------------------------------
    pdf = page.request.get(journey.url("vendors:form-print", code="formulir-pendaftaran"))
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body()[:4] == b"%PDF"

    # --- Step 6: the berkas, uploaded; the appointment ----------------------------------------------------------------
    journey.goto("vendors:documents")
    for requirement in requirements_for(registration):
        if requirement.is_required:
            _upload(page, requirement.label, f"{requirement.code}.pdf")
    journey.screenshot("03-documents")
    journey.goto("vendors:appointment")
    post(page, "main form button[type=submit] >> nth=0")
    journey.goto("vendors:registration-status")
    post(page, "#prepare")
    registration.refresh_from_db()
    assert registration.status == Registration.Status.READY and registration.slot_id

    # --- Steps 7–11: the front office receives the file and prints the receipt --------------------------------------
    desk = tabs(officer).page
    desk.goto(journey.url("vendors:desk") + f"?q={registration.number}")
    receive = reverse("vendors:desk-receive", kwargs={"pk": registration.pk})
    post(desk, desk.locator(f"form[action='{receive}'] button"))
    registration.refresh_from_db()
    assert registration.status == Registration.Status.RECEIVED and registration.received_by == officer
    receipt = desk.request.get(journey.url("vendors:receipt-pdf", pk=registration.pk))
    assert receipt.status == 200 and receipt.body()[:4] == b"%PDF"

    # --- Step 12 "Tidak" → 13: the verifier checks the documents and asks for a missing one --------------------------
    work = tabs(verifier).page
    _accept_confirmations(work)
    work.goto(journey.url("vendors:queue"))
    expect(work.locator("main")).to_contain_text(registration.number)
    work.goto(journey.url("vendors:workspace", pk=registration.pk))
    post(work, "#take-form button")
    _check_documents(work, flag="npwp")
    tabs(verifier).screenshot("04-workspace")
    work.fill("#completion-form [name=note]", "Unggah NPWP atas nama CV Sumber Rejeki.")
    post(work, "#completion-form button")
    registration.refresh_from_db()
    assert registration.status == Registration.Status.COMPLETION_REQUESTED

    # --- back to 6–7: the vendor sees what is missing and completes it ----------------------------------------------
    journey.goto("vendors:registration-status")
    expect(page.locator("main")).to_contain_text("NPWP asli hilang")
    journey.goto("vendors:documents")
    _upload(page, "NPWP", "npwp-benar.pdf")
    journey.goto("vendors:registration-status")
    post(page, "#resubmit")
    registration.refresh_from_db()
    assert registration.status == Registration.Status.IN_VERIFICATION

    # --- Step 12 "Ya" → 14 → 15: the verifier approves --------------------------------------------------------------
    work.goto(journey.url("vendors:workspace", pk=registration.pk))
    _check_documents(work, flag=None)
    _acknowledge_findings(work)
    post(work, "#approve-form button")
    registration.refresh_from_db()
    assert registration.status == Registration.Status.APPROVED
    assert Company.objects.get(pk=registration.company_id).status == Company.Status.ACTIVE
    assert registration.archived_files.filter(kind="form").exists()

    # --- the vendor logs in with an active account ----------------------------------------------------------------
    page.context.clear_cookies()
    journey.goto("accounts:login")
    page.fill("input[name=username]", "sumberrejeki")
    page.fill("input[name=password]", PASSWORD)
    journey.submit("password")
    expect(page.locator("nav")).to_contain_text(re.compile("Perusahaan saya|My company"))
    page.goto(journey.url("vendors:company-mine"))
    expect(page.locator("main")).to_contain_text("CV Sumber Rejeki")
    journey.screenshot("05-company")

    # --- the compliance report shows this procedure's steps with their times ---------------------------------------
    report = tabs(head).page
    report.goto(journey.url("compliance:report"))
    expect(report.locator("main")).to_contain_text("Menerima Berkas Permohonan")
    expect(report.locator("main")).to_contain_text("Menyetujui permohonan")
    tabs(head).screenshot("06-compliance")

    tabs.assert_no_browser_errors()


def _check_documents(page, *, flag: str | None) -> None:
    """Go through the documents one at a time (issue 14 §7): choose each from the list (htmx swaps the panel), open an
    identity document in the viewer first (issue 13 §8: its pages arrive as images drawn on the server), and mark it:
    all as matching, except `flag` (a requirement code) as incomplete."""
    codes = [li.get_attribute("data-requirement") for li in page.locator("#document-list li:has(a)").all()]
    for code in codes:
        panel = page.locator("#document-panel")
        if not panel.locator(f"[data-selected='{code}']").count():  # a saved check already brought the next one
            page.locator(f"#document-list li[data-requirement='{code}'] a").click()
        expect(panel.locator(f"[data-selected='{code}']")).to_be_visible()
        assert page.locator("[data-viewer]").count() <= 1  # at most its own viewer, never one per document
        if panel.locator("[data-must-show]").count():
            _show_document(page, panel)
        verdict = "incomplete" if code == flag else "matches"
        panel.locator(f"input[name$=verdict][value={verdict}]").check()
        if verdict != "matches":
            panel.locator("form.check-form [name$=note]").fill("NPWP asli hilang, yang diunggah milik pribadi")
        post(page, panel.locator("form.check-form button[type=submit]"))
        expect(page.locator(f"#document-list li[data-requirement='{code}'] [data-verdict='{verdict}']")).to_be_visible()


def _show_document(page, section) -> None:
    """Show the veiled identity document in the viewer (logged), and see its first page drawn."""
    if section.locator("[data-view-document]").count():
        section.locator("[data-view-document]").click()
    reveal = section.locator("[data-viewer-reveal]")
    expect(reveal).to_be_visible()
    with page.expect_response(lambda r: r.request.method == "POST" and "/lihat/" in r.url) as shown:
        reveal.click()
    assert shown.value.status == 200, shown.value.text()
    first_page = section.locator("img.doc-page").first
    expect(first_page).to_be_visible()
    page.wait_for_function("image => image.complete && image.naturalWidth > 0", arg=first_page.element_handle())


def _acknowledge_findings(page) -> None:
    """Acknowledge every automatic finding with a note, as approval requires (issue 13 §8)."""
    while page.locator("form.acknowledge-form").count():
        form = page.locator("form.acknowledge-form").first
        form.locator("[name=note]").fill("Sudah dicek dengan dokumen asli; tidak menghalangi persetujuan.")
        post(page, form.locator("button[type=submit]"))
    expect(page.locator("#unacknowledged")).to_have_count(0)
