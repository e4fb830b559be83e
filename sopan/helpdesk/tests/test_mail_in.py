"""Reading mail (helpdesk.mail.reading): identity, threading headers, text, attachments, and what machines send."""

from __future__ import annotations

import pytest

from sopan.helpdesk.mail import reading as mail_in
from sopan.helpdesk.tests.mails import EXE_BYTES, bounce_mail, make_mail, png_bytes


# --- identity and threading ----------------------------------------------------------------------------------------
def test_a_mail_gives_its_message_id_threading_headers_sender_and_subject():
    raw = make_mail(
        message_id="<abc@cv-maju.example.com>",
        in_reply_to="<ours-2@lpse.salatiga.go.id>",
        references="<ours-1@lpse.salatiga.go.id> <ours-2@lpse.salatiga.go.id>",
        sender="Budi@CV-Maju.example.com",
        subject="Re: [HD-2026-000123] Tidak bisa login",
    )

    parsed = mail_in.parse(raw)

    assert parsed.message_id == "<abc@cv-maju.example.com>" and parsed.has_message_id
    assert parsed.in_reply_to == "<ours-2@lpse.salatiga.go.id>"
    assert parsed.references == ["<ours-1@lpse.salatiga.go.id>", "<ours-2@lpse.salatiga.go.id>"]
    assert parsed.thread_ids == ["<ours-2@lpse.salatiga.go.id>", "<ours-1@lpse.salatiga.go.id>"]
    assert (parsed.sender_name, parsed.sender_address) == ("Budi Santoso", "budi@cv-maju.example.com")
    assert parsed.subject == "Re: [HD-2026-000123] Tidak bisa login"
    assert parsed.ticket_number == "HD-2026-000123"
    assert not parsed.is_auto_reply and not parsed.is_bounce


def test_a_mail_without_message_id_gets_the_same_synthetic_id_every_time():
    raw = make_mail(message_id=None)

    first, again = mail_in.parse(raw), mail_in.parse(raw)

    assert not first.has_message_id
    assert first.message_id == again.message_id == mail_in.synthetic_message_id(raw)
    assert first.message_id != mail_in.parse(make_mail(message_id=None, body="lain")).message_id


def test_an_encoded_subject_and_sender_name_are_decoded():
    raw = (
        b"From: =?utf-8?q?Sri_R=C3=A2hayu?= <sri@example.com>\r\n"
        b"Subject: =?utf-8?b?R2FsYXQ6IHBlbmF3YXJhbiB0aWRhayB0ZXJraXJpbQ==?=\r\n"
        b"Message-ID: <e1@example.com>\r\n\r\nIsi\r\n"
    )

    parsed = mail_in.parse(raw)

    assert parsed.sender_name == "Sri R\u00e2hayu"
    assert parsed.subject == "Galat: penawaran tidak terkirim"


def test_a_mail_without_usable_sender_has_no_sender_address():
    parsed = mail_in.parse(b"From: undisclosed-recipients:;\r\nSubject: x\r\n\r\nisi\r\n")

    assert parsed.sender_address == ""


# --- text ----------------------------------------------------------------------------------------------------------
def test_the_plain_text_is_preferred_to_the_html_rendering():
    raw = make_mail(body="Teks biasa.", html="<p>Teks <b>HTML</b></p>")

    parsed = mail_in.parse(raw)

    assert parsed.body == "Teks biasa."
    assert parsed.attachments == []  # the HTML twin is not an attachment


def test_an_html_only_mail_is_read_as_text_without_tags_scripts_or_quotes():
    html = (
        "<html><head><style>p{color:red}</style></head><body><p>Halo&nbsp;helpdesk,</p>"
        "<div>Galat <b>500</b> &amp; layar putih.<br>Terima kasih</div><script>alert(1)</script>"
        "<blockquote><p>Pesan lama</p></blockquote></body></html>"
    )
    raw = (
        b"From: a@example.com\r\nSubject: x\r\nMessage-ID: <h@example.com>\r\n"
        b"Content-Type: text/html; charset=utf-8\r\n\r\n" + html.encode()
    )

    parsed = mail_in.parse(raw)

    assert parsed.body == "Halo helpdesk,\n\nGalat 500 & layar putih.\nTerima kasih"


@pytest.mark.parametrize(
    "history",
    [
        "On Mon, 5 Jan 2026 at 09:00, Helpdesk LPSE <helpdesk@lpse.salatiga.go.id> wrote:\n> Terima kasih\n> atas",
        "On Mon, 5 Jan 2026 at 09:00, Helpdesk LPSE\n<helpdesk@lpse.salatiga.go.id> wrote:\n> Terima kasih",
        "Pada Sen, 5 Jan 2026 pukul 09.00 Helpdesk LPSE <helpdesk@lpse.salatiga.go.id> menulis:\n> Terima kasih",
        "-----Original Message-----\nFrom: Helpdesk LPSE\nSent: Monday\n\nTerima kasih",
        "________________________________\nDari: Helpdesk LPSE\nTerkirim: Senin\n\nTerima kasih",
        "> Terima kasih\n> atas laporannya",
    ],
)
def test_the_quoted_history_of_a_reply_is_left_out(history):
    raw = make_mail(body=f"Masih gagal, ini kode galatnya: E-17.\n\n{history}\n")

    assert mail_in.parse(raw).body == "Masih gagal, ini kode galatnya: E-17."


def test_a_mail_that_is_only_a_quote_keeps_its_text():
    assert mail_in.strip_quoted("> hanya kutipan\n> saja") == "> hanya kutipan\n> saja"


# --- attachments ---------------------------------------------------------------------------------------------------
def test_attachments_come_with_their_names_and_bytes():
    png = png_bytes()
    raw = make_mail(
        html="<p>isi</p>",
        attachments=(("layar.png", png, "image/png"), ("program.png", EXE_BYTES, "application/octet-stream")),
    )

    parsed = mail_in.parse(raw)

    assert [(a.name, a.content) for a in parsed.attachments] == [("layar.png", png), ("program.png", EXE_BYTES)]


# --- machines ------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("headers", "subject"),
    [
        ({"Auto-Submitted": "auto-replied"}, "Re: laporan"),
        ({"Auto-Submitted": "auto-generated; owner-email=x@example.com"}, "Pemberitahuan"),
        ({"X-Autoreply": "yes"}, "Re: laporan"),
        ({"X-Autorespond": "Saya sedang cuti"}, "Re: laporan"),
        ({"Precedence": "bulk"}, "Buletin"),
        ({"Precedence": "junk"}, "Promo"),
        ({"Precedence": "list"}, "Diskusi"),
        ({"Precedence": "auto_reply"}, "Re: laporan"),
        ({"X-Auto-Response-Suppress": "All"}, "Re: laporan"),
        ({}, "Out of Office: Re: [HD-2026-000001] x"),
        ({}, "Automatic reply: Tidak bisa login"),
        ({}, "Auto: Tidak bisa login"),
        ({}, "Balasan otomatis: Tidak bisa login"),
    ],
)
def test_automatic_replies_are_recognised(headers, subject):
    parsed = mail_in.parse(make_mail(subject=subject, headers=headers))

    assert parsed.is_auto_reply and not parsed.is_bounce
    assert parsed.auto_reason


@pytest.mark.parametrize(
    ("headers", "subject"),
    [
        ({"Auto-Submitted": "no"}, "Tidak bisa login"),
        ({"X-Auto-Response-Suppress": "OOF, AutoReply"}, "Tidak bisa login"),
        ({"Precedence": "first-class"}, "Tidak bisa login"),
        ({}, "Pertanyaan tentang auto-login SPSE"),
        ({}, "Re: Out of stock di e-Katalog"),
    ],
)
def test_a_persons_mail_is_not_taken_for_an_automatic_reply(headers, subject):
    parsed = mail_in.parse(make_mail(subject=subject, headers=headers))

    assert not parsed.is_auto_reply and not parsed.is_bounce


def test_a_delivery_status_report_is_a_bounce():
    parsed = mail_in.parse(bounce_mail())

    assert parsed.is_bounce and not parsed.is_auto_reply
    assert "delivery-status" in parsed.auto_reason


@pytest.mark.parametrize(
    ("sender", "headers"),
    [
        ("MAILER-DAEMON@mail.example.com", {}),
        ("postmaster@example.com", {}),
        ("budi@cv-maju.example.com", {"Return-Path": "<>"}),
        ("budi@cv-maju.example.com", {"X-Failed-Recipients": "x@example.com"}),
    ],
)
def test_mail_from_the_mail_system_is_a_bounce(sender, headers):
    parsed = mail_in.parse(make_mail(sender=sender, name="", subject="Delivery failure", headers=headers))

    assert parsed.is_bounce


def test_a_read_receipt_is_an_automatic_reply():
    raw = (
        b"From: budi@cv-maju.example.com\r\nSubject: Read: laporan\r\nMessage-ID: <r@example.com>\r\n"
        b'Content-Type: multipart/report; report-type=disposition-notification; boundary="B"\r\n\r\n'
        b"--B\r\nContent-Type: text/plain\r\n\r\nDibaca.\r\n--B--\r\n"
    )

    assert mail_in.parse(raw).is_auto_reply


def test_a_ticket_number_is_found_anywhere_in_the_subject():
    assert mail_in.parse(make_mail(subject="Tambahan hd-2026-000042 ya")).ticket_number == "HD-2026-000042"
    assert mail_in.parse(make_mail(subject="Nomor HD-26-42")).ticket_number == ""


def test_a_message_id_is_normalised_and_an_overlong_one_shortened():
    assert mail_in.normalize_message_id("  <a@b>  ") == "<a@b>"
    assert mail_in.normalize_message_id("a@b") == "<a@b>"
    assert mail_in.normalize_message_id("") == ""
    long_id = mail_in.normalize_message_id("<" + "x" * 400 + "@b>")
    assert len(long_id) <= mail_in.MAX_MESSAGE_ID_LENGTH and long_id.endswith("@sopan.invalid>")
