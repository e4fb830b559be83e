"""Mail without an SMTP server (`make run`): kept as .eml files under var/mail, one console line each (issue 14 §8)."""

from __future__ import annotations

import email
import logging
from email import policy

from django.core import mail
from django.test import override_settings


def test_each_mail_is_kept_as_an_eml_file_with_one_console_line(tmp_path, caplog):
    with (
        override_settings(EMAIL_BACKEND="sopan.core.mail_outbox.OutboxBackend", EMAIL_FILE_PATH=str(tmp_path)),
        caplog.at_level(logging.INFO, logger="sopan.mail"),
    ):
        sent = mail.send_mail(
            "Pendaftaran diterima", "Berkas Anda kami terima.\n" * 40, "lpse@example.invalid", ["cv@example.invalid"]
        )
    assert sent == 1
    [kept] = tmp_path.glob("*.eml")
    message = email.message_from_bytes(kept.read_bytes(), policy=policy.default)
    assert (message["To"], message["Subject"]) == ("cv@example.invalid", "Pendaftaran diterima")
    assert "Berkas Anda kami terima." in message.get_content()
    [line] = [record.getMessage() for record in caplog.records if record.name == "sopan.mail"]
    assert "cv@example.invalid" in line and "Pendaftaran diterima" in line and str(kept) in line
    assert "Berkas Anda" not in line  # the body stays in the file, not on the console


def test_the_embedded_tier_keeps_mail_in_var_unless_an_smtp_server_is_set():
    from config.settings import base

    if base.EMAIL_HOST:
        assert base.EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend"
    else:
        assert base.EMAIL_BACKEND == "sopan.core.mail_outbox.OutboxBackend"
        assert str(base.VAR_DIR / "mail") == base.EMAIL_FILE_PATH
