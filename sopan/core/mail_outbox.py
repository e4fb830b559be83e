"""Mail of an installation without an SMTP server (the embedded tier, `make run`): each message is kept as an .eml
file under `var/mail/` and the console gets one line for it, instead of the whole message (a demo seeding sends
dozens of mails; printed whole they buried what an operator needs, issue 14 §8).

An .eml file opens in any mail program, so a demonstration can still show the mail the vendor received."""

from __future__ import annotations

import logging
import uuid
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

logger = logging.getLogger("sopan.mail")


class OutboxBackend(BaseEmailBackend):
    """Writes each message to `EMAIL_FILE_PATH/<time>-<id>.eml` and logs "mail kept" with its recipients and subject."""

    def __init__(self, *, file_path: str | Path | None = None, fail_silently: bool = False, **kwargs):
        super().__init__(fail_silently=fail_silently, **kwargs)
        self.directory = Path(file_path or settings.EMAIL_FILE_PATH)

    def send_messages(self, email_messages) -> int:
        if not email_messages:
            return 0
        self.directory.mkdir(parents=True, exist_ok=True)
        sent = 0
        for message in email_messages:
            name = f"{timezone.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:8]}.eml"
            path = self.directory / name
            try:
                path.write_bytes(message.message().as_bytes(linesep="\r\n"))
            except OSError:
                if not self.fail_silently:
                    raise
                continue
            logger.info(
                "mail kept, not sent (no EMAIL_HOST): to %s, %r, %s",
                ", ".join(message.recipients()),
                message.subject,
                path,
            )
            sent += 1
        return sent
