"""The helpdesk end to end in Chromium (issue 5 "Done when"), as the LPSE's desk and its users use it:

1. a helpdesk agent takes a telephone call on the Formulir Konsultasi with the keyboard alone, finds the returning
   caller by their telephone number, and reads out the ticket number (HD-…) and the consultation form number (FK-…)
   (SOP Penanganan Permasalahan Pengguna SPSE melalui Telepon, steps 2, 3, 5 "Tidak" and 8), which the caller also
   gets by mail; on the next call the same caller is found by e-mail, with that ticket;
2. a vendor reports a problem on the public form, with a screenshot and the proof of work; a mail arrives in the
   helpdesk's IMAP mailbox (a real dovecot), is polled into a ticket, and the reporter's answer to the acknowledgement
   joins that same ticket;
3. the agent asks the web reporter for information and waits: the resolution clock stops; the reporter answers through
   the link of the mail and the clock runs again;
4. the ticket is reported to Helpdesk Eproc LKPP with LKPP's reference, LKPP's answer is recorded, and it is resolved
   with the written solution;
5. the reporter tracks the ticket by number and e-mail (a wrong e-mail shows nothing);
6. an outage is announced (public page, Atom feed), closed, and its Berita Acara Gangguan PDF downloaded;
7. the compliance report shows the telephone SOP's steps with their times.

The pages are in Indonesian (the default); expected texts come from the same catalogue through gettext, so the checks
follow the translation instead of copying it.
"""

from __future__ import annotations

import datetime
import os
import re

import pypdfium2
import pytest
from django.core import mail
from django.utils import timezone, translation
from playwright.sync_api import expect

from sopan.core.testing import run_background_tasks
from sopan.helpdesk import tasks_mail
from sopan.helpdesk.defaults import ensure_priority_table
from sopan.helpdesk.models import Announcement, Channel, Escalation, InboundMail, Mailbox, Ticket
from sopan.helpdesk.tests.factories import bind_telephone_sop
from sopan.helpdesk.tests.imap_server import ImapServer, dovecot_path
from sopan.helpdesk.tests.mails import make_mail, png_bytes
from sopan.helpdesk.tickets import services as ticket_services
from tests.browser.sessions import post

pytestmark = pytest.mark.browser

HELPDESK_ADDRESS = "helpdesk@lpse.salatiga.go.id"
CALLER = {"name": "Budi Santoso", "phone": "0812 2233 4455", "email": "budi@majujaya.co.id"}
WEB_REPORTER = {"name": "Siti Aminah", "email": "siti@sinarabadi.co.id"}
MAIL_SENDER = "rina@cv-sejahtera.example.com"
NUMBER = re.compile(r"HD-\d{4}-\d{6}")
FORM_NUMBER = re.compile(r"FK-\d{4}-\d+")


def _id(msgid: str) -> str:
    """The Indonesian text of an English msgid, as the pages show it."""
    with translation.override("id"):
        return translation.gettext(msgid)


def _label(choice) -> str:
    with translation.override("id"):
        return str(choice.label)


# --- the mailbox: a real IMAP server -----------------------------------------------------------------------------
@pytest.fixture
def imap(tmp_path):
    """Dovecot on the loopback interface (as in sopan/helpdesk/tests/test_mail): skipped without it, unless
    SOPAN_REQUIRE_IMAP=1 (CI), where its absence fails."""
    binary = dovecot_path()
    if binary is None:
        if os.environ.get("SOPAN_REQUIRE_IMAP", "") not in ("", "0"):
            pytest.fail("SOPAN_REQUIRE_IMAP=1 but dovecot is not installed (Debian package dovecot-imapd).")
        pytest.skip("needs dovecot (Debian package dovecot-imapd); SOPAN_REQUIRE_IMAP=1 makes this a failure")
    server = ImapServer(root=tmp_path / "dovecot")
    server.start(binary)
    yield server
    server.stop()


@pytest.fixture
def helpdesk(personas):
    """The organisation's helpdesk: the priority table, the telephone SOP in force, and a returning caller (a call of
    last week, solved on the spot)."""
    organization = personas["helpdesk_agent"].organization
    ensure_priority_table(organization)
    bind_telephone_sop(organization)
    ticket_services.ticket_create(
        organization=organization,
        channel=Channel.PHONE,
        reporter={**CALLER, "institution": "CV Maju Jaya", "user_type": "vendor"},
        problem={"subject": "Lupa kata sandi akun SPSE", "description": "Tidak dapat masuk ke SPSE."},
        by=personas["helpdesk_agent"],
        solution="Kata sandi diatur ulang melalui menu Lupa Kata Sandi.",
        received_at=timezone.now() - datetime.timedelta(days=7),
    )
    return organization


def _mail_to(address: str, *, containing: str = "") -> list:
    return [m for m in mail.outbox if address in m.to and containing in m.body]


def _link_in(message) -> str:
    """The path of the reporter's link in a mail (the live server's address differs from SITE_URL)."""
    return re.search(r"https?://\S+?(/bantuan/\S+/t/\S+/)", message.body).group(1)


def _poll_mailbox() -> None:
    """What the scheduler does every minute: enqueue the poll; then the worker runs it (and the mails it sends)."""
    tasks_mail.poll_mailboxes.enqueue()
    run_background_tasks()


def test_the_helpdesk_takes_calls_web_reports_and_mail_waits_escalates_resolves_and_is_tracked(
    journey, tabs, personas, helpdesk, imap
):
    organization = helpdesk
    agent = personas["helpdesk_agent"]
    desk = tabs(agent)
    work = desk.page

    # === 1. A telephone call, on the Formulir Konsultasi, by keyboard ============================================
    desk.goto("helpdesk:ticket-list")
    work.click("#ticket-call-new")
    expect(work.locator("#id_phone")).to_be_focused()  # the call is picked up: type the number at once
    # (the field has the focus while the page is parsed, before its deferred scripts run: type once they have, or
    # the typing reaches no lookup on a busy machine)
    work.wait_for_load_state("load")
    work.keyboard.type(CALLER["phone"])
    # the caller called before: found by the telephone number while typing, with their last ticket
    match = work.locator("#caller-matches [data-caller-fill]")
    expect(match).to_contain_text(CALLER["name"])
    expect(work.locator("#caller-matches")).to_contain_text("Lupa kata sandi akun SPSE")
    desk.screenshot("01-call-returning-caller")
    # the lookup runs as the number is typed: let the last answer land before using it (a later answer replaces the
    # suggestions, and a key pressed on the replaced button would be lost on a busy machine)
    work.wait_for_function("() => !document.querySelector('.htmx-request')")
    expect(match).to_contain_text(CALLER["name"])
    match.focus()
    work.keyboard.press("Enter")  # "use these details": name, e-mail, company and user type filled in
    expect(work.locator("#id_name")).to_have_value(CALLER["name"])
    expect(work.locator("#id_email")).to_have_value(CALLER["email"])
    expect(work.locator("#id_institution")).to_have_value("CV Maju Jaya")
    expect(work.locator("#id_user_type")).to_have_value("vendor")
    expect(work.locator("#id_subject")).to_be_focused()  # and on to the problem
    work.keyboard.type("Penawaran tidak dapat diunggah")
    work.keyboard.press("Enter")  # Enter in a one-line field moves on, it does not save a half-filled form
    expect(work.locator("#id_description")).to_be_focused()
    work.keyboard.type("Saat mengunggah dokumen penawaran muncul pesan galat.\nSudah dicoba dengan peramban lain.")
    # back to what it concerns: the error code, the tender (ticking it goes to the tender code), the application
    work.keyboard.press("Shift+Tab")
    work.keyboard.press("Shift+Tab")
    expect(work.locator("#id_error_code")).to_be_focused()
    work.keyboard.type("ERR-UPLOAD-413")
    work.keyboard.press("Shift+Tab")
    expect(work.locator("#id_affects_tender")).to_be_focused()
    work.keyboard.press("Space")
    expect(work.locator("#id_tender_code")).to_be_focused()
    work.keyboard.type("10012026")
    work.keyboard.press("Shift+Tab")
    expect(work.locator("#id_application")).to_be_focused()
    expect(work.locator("#id_application")).to_have_value("spse")
    desk.screenshot("02-call-form")
    with work.expect_navigation():
        work.keyboard.press("Control+Enter")  # saves from anywhere in the form
    # the numbers to read out to the caller
    ticket_number = work.locator("#ticket-number").inner_text().strip()
    form_number = work.locator("#form-number").inner_text().strip()
    assert NUMBER.fullmatch(ticket_number), ticket_number
    assert FORM_NUMBER.fullmatch(form_number), form_number
    expect(work.locator("main h1")).to_have_text(_id("Give these numbers to the reporter"))
    expect(work.locator("#intake-tell")).to_contain_text(CALLER["email"])
    desk.screenshot("03-call-numbers")
    call = Ticket.objects.get(number=ticket_number)
    assert (call.channel, call.status, call.form_number) == (Channel.PHONE, Ticket.Status.RECORDED, form_number)
    assert (call.reporter_name, call.reporter_institution, call.user_type) == (CALLER["name"], "CV Maju Jaya", "vendor")
    assert (call.application, call.tender_code, call.affects_tender, call.error_code) == (
        "spse",
        "10012026",
        True,
        "ERR-UPLOAD-413",
    )
    assert call.contact.tickets.count() == 2  # the same caller as last week
    run_background_tasks()
    [confirmation] = _mail_to(CALLER["email"], containing=ticket_number)  # as the page told the caller
    assert form_number in confirmation.body
    # the next call: the same caller, found by e-mail this time, now with the ticket just recorded
    expect(work.locator("#intake-again")).to_be_focused()
    with work.expect_navigation():
        work.keyboard.press("Enter")
    expect(work.locator("#id_phone")).to_be_focused()
    work.keyboard.press("Tab")
    work.keyboard.type(CALLER["email"])
    expect(work.locator("#caller-matches [data-caller-fill]")).to_have_count(1)
    expect(work.locator("#caller-matches")).to_contain_text(ticket_number)
    # the ticket page, found by the consultation form's number, shows the call as recorded
    desk.goto("helpdesk:ticket-list")
    work.fill("#ticket-filter [name=q]", form_number)
    with work.expect_navigation():
        work.press("#ticket-filter [name=q]", "Enter")
    work.locator(f"#ticket-table tr[data-ticket='{ticket_number}'] a:has-text('{ticket_number}')").click()
    expect(work.locator("#ticket-form-number")).to_have_text(form_number)
    expect(work.locator("#ticket-status")).to_have_text(_label(Ticket.Status.RECORDED))
    expect(work.locator("#affects-tender")).to_be_visible()
    expect(work.locator("#other-tickets")).to_contain_text("Lupa kata sandi akun SPSE")

    # === 2a. A web report, with a screenshot and the proof of work ================================================
    page = journey.page
    journey.goto("helpdesk:public-home", org=organization.slug)
    page.click("#link-report")
    page.fill("#report-form [name=name]", WEB_REPORTER["name"])  # focusing the form starts the proof of work
    page.fill("#report-form [name=email]", WEB_REPORTER["email"])
    page.fill("#report-form [name=phone]", "0856 1111 2222")
    page.fill("#report-form [name=institution]", "PT Sinar Abadi")
    page.select_option("#report-form [name=user_type]", "vendor")
    page.fill("#report-form [name=tender_code]", "20032026")
    page.fill("#report-form [name=subject]", "Jadwal tender tidak tampil")
    page.fill("#report-form [name=description]", "Halaman jadwal tender kosong setelah masuk sebagai penyedia.")
    page.set_input_files(
        "#report-form [name=attachments]",
        files=[{"name": "jadwal-kosong.png", "mimeType": "image/png", "buffer": png_bytes()}],
    )
    expect(page.locator("altcha-widget .altcha")).to_have_attribute("data-state", "verified")
    journey.screenshot("04-web-report")
    assert post(page, "#report-form button[type=submit]").status == 302
    web_number = page.locator("#ticket-number").inner_text().strip()
    assert NUMBER.fullmatch(web_number), web_number
    expect(page.locator("#report-done")).to_contain_text(WEB_REPORTER["email"])
    journey.screenshot("05-web-report-done")
    web = Ticket.objects.get(number=web_number)
    assert web.channel == Channel.WEB and web.form_number == ""
    assert list(web.attachments.values_list("name", "content_type")) == [("jadwal-kosong.png", "image/png")]
    run_background_tasks()
    [created] = _mail_to(WEB_REPORTER["email"], containing=web_number)

    # === 2b. A mail in the helpdesk's mailbox, then the reporter's answer to the acknowledgement ==================
    Mailbox.objects.create(
        organization=organization,
        address=HELPDESK_ADDRESS,
        host=imap.host,
        port=imap.port,
        use_ssl=False,
        username=imap.user,
        password=imap.password,
    )
    first_id = "<sejahtera-1@cv-sejahtera.example.com>"
    imap.deliver(
        make_mail(
            sender=MAIL_SENDER,
            name="Rina Lestari",
            subject="Sertifikat elektronik kedaluwarsa",
            body="Sertifikat elektronik kami kedaluwarsa sehingga tidak bisa menandatangani penawaran.",
            message_id=first_id,
            to=HELPDESK_ADDRESS,
        )
    )
    _poll_mailbox()
    mailed = Ticket.objects.get(organization=organization, channel=Channel.EMAIL)
    [acknowledgement] = _mail_to(MAIL_SENDER, containing=mailed.number)
    assert acknowledgement.subject == f"[{mailed.number}] Sertifikat elektronik kedaluwarsa"
    imap.deliver(
        make_mail(
            sender=MAIL_SENDER,
            name="Rina Lestari",
            subject=f"Re: [{mailed.number}] Sertifikat elektronik kedaluwarsa",
            body="Berikut nomor NPWP perusahaan kami: 01.234.567.8-901.000\n\n> Kami telah menerima laporan Anda",
            in_reply_to=acknowledgement.extra_headers["Message-ID"],
            references=f"{first_id} {acknowledgement.extra_headers['Message-ID']}",
            to=HELPDESK_ADDRESS,
        )
    )
    _poll_mailbox()
    assert list(InboundMail.objects.values_list("outcome", flat=True).order_by("pk")) == [
        InboundMail.Outcome.NEW_TICKET,
        InboundMail.Outcome.ADDED,
    ]
    assert Ticket.objects.filter(organization=organization, channel=Channel.EMAIL).count() == 1  # no duplicate

    # the agent sees one ticket from that sender, both mails in its conversation
    desk.goto("helpdesk:ticket-list")
    work.fill("#ticket-filter [name=q]", MAIL_SENDER)
    with work.expect_navigation():
        work.press("#ticket-filter [name=q]", "Enter")
    rows = work.locator("#ticket-table tbody tr[data-ticket]")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(mailed.number)
    expect(rows.first).to_contain_text(_label(Channel.EMAIL))
    desk.screenshot("06-list-mail-ticket")
    rows.first.locator(f"a:has-text('{mailed.number}')").click()
    from_reporter = work.locator("#conversation [data-kind=from_reporter]")
    expect(from_reporter).to_have_count(2)
    expect(from_reporter.nth(0)).to_contain_text("Sertifikat elektronik kami kedaluwarsa")
    expect(from_reporter.nth(1)).to_contain_text("nomor NPWP perusahaan kami")
    expect(from_reporter.nth(1)).not_to_contain_text("Kami telah menerima laporan Anda")  # the quote is cut
    desk.screenshot("07-mail-thread")

    # === 3. The agent asks the web reporter for information; the clock stops, then runs again ====================
    desk.goto("helpdesk:ticket-list")
    work.locator(f"#ticket-table tr[data-ticket='{web_number}'] a:has-text('{web_number}')").click()
    expect(work.locator("#conversation")).to_contain_text("jadwal-kosong.png")  # the screenshot came with it
    post(work, "#ticket-take")
    expect(work.locator("#ticket-status")).to_have_text(_label(Ticket.Status.IN_PROGRESS))
    expect(work.locator("#sla-paused")).to_have_count(0)
    work.fill("#ticket-reply-form [name=body]", "Mohon kirim nama pengguna SPSE Anda dan peramban yang dipakai.")
    work.check("#ticket-reply-form [name=wait]")
    post(work, "#ticket-reply")
    expect(work.locator("#ticket-status")).to_have_text(_label(Ticket.Status.WAITING))
    expect(work.locator("#sla-paused")).to_have_text(_id("Clock stopped"))
    expect(work.locator("#paused-since")).to_be_visible()
    desk.screenshot("08-waiting-clock-stopped")
    # the reporter gets the question by mail, with the link to their ticket
    run_background_tasks()
    [question] = _mail_to(WEB_REPORTER["email"], containing="Mohon kirim nama pengguna")
    page.goto(journey.base_url + _link_in(question))
    expect(page.locator("#ticket-status")).to_have_text(_label(Ticket.Status.WAITING))
    expect(page.locator("#waiting-for-you")).to_be_visible()
    expect(page.locator("#resolution-due")).to_have_text(_id("on hold while the helpdesk waits for your answer"))
    expect(page.locator("#conversation")).to_contain_text("Mohon kirim nama pengguna")
    journey.screenshot("09-reporter-asked")
    page.fill("#reply-form [name=body]", "Nama pengguna: sinarabadi. Peramban: Firefox 128.")
    post(page, "#reply-form button[type=submit]")
    expect(page.locator("#ticket-status")).to_have_text(_label(Ticket.Status.IN_PROGRESS))
    expect(page.locator("#waiting-for-you")).to_have_count(0)
    expect(page.locator("#resolution-due")).not_to_have_text(_id("on hold while the helpdesk waits for your answer"))
    # the agent's page: the clock runs again
    work.reload()
    expect(work.locator("#ticket-status")).to_have_text(_label(Ticket.Status.IN_PROGRESS))
    expect(work.locator("#sla-paused")).to_have_count(0)
    expect(work.locator("#paused-since")).to_have_count(0)
    expect(work.locator("#conversation [data-kind=from_reporter]").last).to_contain_text("sinarabadi")

    # === 4. Reported to Helpdesk Eproc LKPP, LKPP's answer recorded, resolved with the solution ===================
    # a folded form is loaded when its summary is opened (issue 21)
    work.locator("details:has([hx-get$='/eskalasi-lkpp/formulir/']) > summary").click()
    form = work.locator("#ticket-escalate-lkpp-form")
    expect(form).to_be_visible()
    form.locator("[name=kind]").select_option(Escalation.Kind.LKPP_EPROC)
    form.locator("[name=reference]").fill("LKPP-2026-77881")
    form.locator("[name=reason]").fill("Jadwal tender kosong untuk penyedia; mohon pengecekan di server SPSE.")
    post(work, "#ticket-escalate-lkpp")
    escalation = Escalation.objects.get(ticket=web)
    entry = work.locator(f"#escalation-{escalation.pk}")
    expect(entry).to_contain_text(_label(Escalation.Kind.LKPP_EPROC))
    expect(entry).to_contain_text("LKPP-2026-77881")
    entry.locator("summary").click()
    entry.locator("[name$=answer]").fill("Cache jadwal di server SPSE sudah dibersihkan; jadwal tampil kembali.")
    post(work, entry.locator("button[type=submit]"))
    entry = work.locator(f"#escalation-{escalation.pk}")
    expect(entry).to_contain_text("jadwal tampil kembali")
    desk.screenshot("10-escalated-answered")
    solution = "Cache jadwal di server SPSE dibersihkan oleh LKPP. Silakan muat ulang halaman jadwal tender."
    work.locator("details:has([hx-get$='/selesaikan/formulir/']) > summary").click()
    expect(work.locator("#ticket-resolve-form")).to_be_visible()
    work.fill("#ticket-resolve-form [name=resolution]", solution)
    post(work, "#ticket-resolve")
    expect(work.locator("#ticket-status")).to_have_text(_label(Ticket.Status.RESOLVED))
    expect(work.locator("#ticket-resolution")).to_have_text(solution)
    desk.screenshot("11-resolved")
    escalation.refresh_from_db()
    assert (escalation.external_reference, escalation.answered_at is not None) == ("LKPP-2026-77881", True)

    # === 5. The reporter tracks the ticket by number and e-mail ===================================================
    page.context.clear_cookies()
    journey.goto("helpdesk:public-home", org=organization.slug)
    page.click("#link-track")
    page.fill("#track-form [name=number]", web_number)
    page.fill("#track-form [name=email]", "orang.lain@example.com")  # a wrong e-mail reveals nothing
    post(page, "#track-form button[type=submit]")
    expect(page.locator("#not-found")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Cache jadwal")
    expect(page.locator("main")).not_to_contain_text("Jadwal tender tidak tampil")
    page.fill("#track-form [name=number]", web_number.lower())
    page.fill("#track-form [name=email]", WEB_REPORTER["email"].upper())
    post(page, "#track-form button[type=submit]")
    expect(page.locator("#ticket-number")).to_have_text(web_number)
    expect(page.locator("#ticket-status")).to_have_text(_label(Ticket.Status.RESOLVED))
    expect(page.locator("#confirm")).to_contain_text(solution)
    journey.screenshot("12-tracked-resolved")
    # the reporter confirms: closed
    post(page, "#confirm-button")
    expect(page.locator("#ticket-status")).to_have_text(_label(Ticket.Status.CLOSED))
    web.refresh_from_db()
    assert web.status == Ticket.Status.CLOSED
    assert created.subject.startswith(f"[{web_number}]")

    # === 7. The compliance report: the telephone SOP's steps, with their times ====================================
    head = tabs(personas["lpse_head"])
    head.goto("compliance:report")
    table = head.page.locator("main table:has(caption:has-text('SOP Penanganan Permasalahan Pengguna SPSE'))")
    expect(table).to_have_count(1)
    answer_row = table.locator("tbody tr:has-text('Menerima telepon dengan ramah')")
    expect(answer_row).to_contain_text("10 detik")  # the mutu baku of step 2
    form_row = table.locator("tbody tr:has-text('Menanyakan identitas pengguna')")
    expect(form_row).to_contain_text("2 menit")
    numbers_row = table.locator("tbody tr:has-text('memberikan nomor formulir konsultasi')")
    expect(numbers_row).to_have_count(1)
    cells = form_row.locator("td")
    assert int(cells.nth(4).inner_text()) == 2  # the two calls recorded their form
    assert cells.nth(8).inner_text().strip() not in ("", "—")  # the median time, measured
    head.screenshot("13-compliance")

    tabs.assert_no_browser_errors()


def test_an_outage_is_announced_closed_and_its_berita_acara_printed(journey, tabs, personas, helpdesk):
    organization = helpdesk
    desk = tabs(personas["helpdesk_agent"])
    work = desk.page

    # === 6. An outage is announced: the public page and the feed show it =========================================
    desk.goto("helpdesk:ticket-list")
    work.click("#nav-announcements")
    work.click("#announcement-new")
    work.select_option("#announcement-form [name=kind]", Announcement.Kind.OUTAGE)
    work.fill("#announcement-form [name=title]", "Gangguan akses SPSE")
    work.fill("#announcement-form [name=body]", "SPSE tidak dapat diakses karena gangguan jaringan pusat data.")
    work.fill("#announcement-form [name=services]", "SPSE")
    work.fill("#announcement-form [name=affected_tenders]", "10012026")
    post(work, "#announcement-form button[type=submit]")
    announcement = Announcement.objects.get(organization=organization)
    expect(work.locator("main h1")).to_contain_text(_id("Ongoing outage"))
    desk.screenshot("01-announced")

    page = journey.page
    journey.goto("helpdesk:public-home", org=organization.slug)
    expect(page.locator("#ongoing-announcements")).to_contain_text("Gangguan akses SPSE")
    page.click("#link-announcements")
    card = page.locator(f"#announcement-{announcement.pk}")
    expect(card).to_contain_text("Gangguan akses SPSE")
    expect(card).to_contain_text(_id("Ongoing outage"))
    journey.screenshot("02-public-ongoing")
    feed = page.request.get(journey.base_url + page.locator("#announcement-feed").get_attribute("href"))
    assert feed.status == 200 and feed.headers["content-type"].startswith("application/atom+xml")
    assert "<title>Gangguan akses SPSE</title>" in feed.text()

    # === closed with the cause: the Berita Acara Gangguan, a real PDF =============================================
    work.click("#announcement-close")
    work.fill("#announcement-close-form [name=cause]", "Kabel fiber optik putus; diganti oleh penyedia jaringan.")
    post(work, "#announcement-close-form button[type=submit]")
    announcement.refresh_from_db()
    assert announcement.status == Announcement.Status.CLOSED and announcement.report_number
    expect(work.locator("main")).to_contain_text(announcement.report_number)
    desk.screenshot("03-closed")

    page.reload()
    expect(page.locator("#announcements-none")).to_be_visible()
    expect(page.locator(f"#announcement-{announcement.pk}")).to_contain_text(_id("Ended"))
    page.click(f"#announcement-{announcement.pk} a")
    journey.screenshot("04-public-ended")
    pdf = page.request.get(journey.base_url + page.locator("#announcement-report").get_attribute("href"))
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    content = pdf.body()
    assert content[:4] == b"%PDF"
    document = pypdfium2.PdfDocument(content)
    text = re.sub(r"\s+", " ", " ".join(document[i].get_textpage().get_text_range() for i in range(len(document))))
    assert "BERITA ACARA" in text.upper()
    assert announcement.report_number in text
    assert "Kabel fiber optik putus" in text
    feed = page.request.get(journey.url("helpdesk:public-announcement-feed", org=organization.slug))
    assert _id("Ended: %(title)s") % {"title": "Gangguan akses SPSE"} in feed.text()
    # back on the help page (the breadcrumb): no disruption is shown any more
    page.locator("nav[aria-label=breadcrumb] a").first.click()
    expect(page.locator("#link-report")).to_be_visible()
    expect(page.locator("#ongoing-announcements")).to_have_count(0)

    tabs.assert_no_browser_errors()
