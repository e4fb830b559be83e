"""Test mails as a mail client would send them (RFC 822 bytes), for the e-mail channel's tests."""

from __future__ import annotations

import io
import itertools
from email.message import EmailMessage
from email.utils import format_datetime, formataddr

from django.utils import timezone
from PIL import Image

_serial = itertools.count(1)


def make_mail(
    *,
    sender: str = "budi@cv-maju.example.com",
    name: str = "Budi Santoso",
    subject: str = "Tidak bisa login SPSE",
    body: str = "Saya tidak bisa login ke SPSE sejak pagi.",
    html: str | None = None,
    message_id: str | None = "",
    in_reply_to: str = "",
    references: str = "",
    headers: dict[str, str] | None = None,
    attachments: tuple[tuple[str, bytes, str], ...] = (),
    to: str = "helpdesk@lpse.salatiga.go.id",
) -> bytes:
    """`message_id=""` gives a fresh one, `None` none at all; attachments are (name, content, "maintype/subtype")."""
    msg = EmailMessage()
    msg["From"] = formataddr((name, sender)) if name else sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = format_datetime(timezone.now())
    if message_id is not None:
        msg["Message-ID"] = message_id or f"<test-{next(_serial)}-{id(msg)}@cv-maju.example.com>"
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
    if references:
        msg["References"] = references
    for key, value in (headers or {}).items():
        msg[key] = value
    msg.set_content(body)
    if html is not None:
        msg.add_alternative(html, subtype="html")
    for filename, content, content_type in attachments:
        maintype, subtype = content_type.split("/")
        msg.add_attachment(content, maintype=maintype, subtype=subtype, filename=filename)
    return msg.as_bytes()


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), "red").save(buffer, format="PNG")
    return buffer.getvalue()


# The start of a Windows program (the "MZ" header and its DOS stub), which libmagic knows as such.
EXE_BYTES = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00\xb8" + b"\x00" * 7 + b"@" + b"\x00" * 35 + b"\x80\x00"
    b"\x00\x00\x0e\x1f\xba\x0e\x00\xb4\t\xcd!\xb8\x01L\xcd!This program cannot be run in DOS mode.\r\r\n$"
    + b"\x00" * 7
    + b"PE\x00\x00L\x01\x03\x00"
    + b"\x00" * 200
)


def bounce_mail(*, original_id: str = "<x@sopan.invalid>") -> bytes:
    raw = (
        "From: Mail Delivery System <MAILER-DAEMON@mail.example.com>\r\n"
        "To: helpdesk@lpse.salatiga.go.id\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\n"
        f"Message-ID: <bounce-{next(_serial)}@mail.example.com>\r\n"
        "Auto-Submitted: auto-replied\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n'
        "\r\n"
        "--B\r\n"
        "Content-Type: text/plain\r\n\r\n"
        "This is the mail system. Your message could not be delivered.\r\n"
        "--B\r\n"
        "Content-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mail.example.com\r\n\r\n"
        "Final-Recipient: rfc822; nobody@example.com\r\nAction: failed\r\nStatus: 5.1.1\r\n"
        "--B\r\n"
        "Content-Type: message/rfc822\r\n\r\n"
        f"Message-ID: {original_id}\r\nSubject: [HD-2026-000001] x\r\n\r\nbody\r\n"
        "--B--\r\n"
    )
    return raw.encode()
