"""A small IMAP client for the helpdesk's mailbox (stdlib `imaplib`).

Mail is found by what it lacks: the keyword `$SopanProcessed`, set once the mail's handling is committed. Processed
mail is flagged, never deleted or moved, so the LPSE keeps its full mailbox and a mail client shows what was read by
Sopan. Messages are fetched with BODY.PEEK[] (the whole RFC 822 message without setting \\Seen: people reading the
same mailbox still see it as new).
"""

from __future__ import annotations

import imaplib
import re
import ssl

PROCESSED = "$SopanProcessed"
TIMEOUT = 30  # seconds for connecting and for every command
BATCH = 200  # at most this many messages per poll, so one run stays short; the rest come at the next poll

_UID = re.compile(rb"UID (\d+)")


class MailboxError(Exception):
    """The IMAP server refused something (login, folder, search, fetch, flag); the message says what."""


def _quote(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


class MailboxClient:
    """`with MailboxClient.for_mailbox(mailbox) as client:` connects, logs in and selects the folder."""

    def __init__(
        self,
        *,
        host: str,
        port: int,
        use_ssl: bool,
        username: str,
        password: str,
        folder: str = "INBOX",
        timeout: float = TIMEOUT,
    ):
        self.host, self.port, self.use_ssl = host, port, use_ssl
        self.username, self.password, self.folder = username, password, folder or "INBOX"
        self.timeout = timeout
        self.connection: imaplib.IMAP4 | None = None

    @classmethod
    def for_mailbox(cls, mailbox, *, timeout: float = TIMEOUT) -> MailboxClient:
        return cls(
            host=mailbox.host,
            port=mailbox.port,
            use_ssl=mailbox.use_ssl,
            username=mailbox.username,
            password=mailbox.password,
            folder=mailbox.folder,
            timeout=timeout,
        )

    # --- session ---------------------------------------------------------------------------------------------
    def __enter__(self) -> MailboxClient:
        self.connect()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def connect(self) -> None:
        if self.use_ssl:
            context = ssl.create_default_context()
            self.connection = imaplib.IMAP4_SSL(self.host, self.port, ssl_context=context, timeout=self.timeout)
        else:
            self.connection = imaplib.IMAP4(self.host, self.port, timeout=self.timeout)
        try:
            self._ok(self.connection.login(self.username, self.password), "LOGIN")
            self._ok(self.connection.select(_quote(self.folder)), f"SELECT {self.folder}")
        except imaplib.IMAP4.error as error:
            self.close()
            raise MailboxError(str(error)) from error
        # Without keywords a processed mail could not be marked, and would be read again at every poll.
        permanent = b" ".join(x for x in self.connection.untagged_responses.get("PERMANENTFLAGS", []) if x)
        if permanent and b"\\*" not in permanent and PROCESSED.encode() not in permanent:
            self.close()
            raise MailboxError(f"the folder {self.folder} does not allow the keyword {PROCESSED}")

    def close(self) -> None:
        connection, self.connection = self.connection, None
        if connection is None:
            return
        try:
            if connection.state == "SELECTED":
                connection.close()  # CLOSE expunges nothing we flagged: we never set \Deleted
            connection.logout()
        except (imaplib.IMAP4.error, OSError):
            pass

    # --- commands --------------------------------------------------------------------------------------------
    def unprocessed(self, limit: int = BATCH) -> list[str]:
        """UIDs of the messages not yet processed (nor deleted by someone), oldest first."""
        data = self._uid("SEARCH", None, "NOT", "KEYWORD", PROCESSED, "NOT", "DELETED")
        uids = [uid.decode() for uid in (data[0] or b"").split()]
        return sorted(uids, key=int)[:limit]

    def fetch(self, uid: str) -> bytes:
        """The whole message (RFC 822 bytes) by UID."""
        data = self._uid("FETCH", uid, "(BODY.PEEK[])")
        for item in data:
            if isinstance(item, tuple) and len(item) == 2:
                return item[1]
        raise MailboxError(f"message UID {uid} is gone")

    def mark_processed(self, uid: str) -> None:
        self._uid("STORE", uid, "+FLAGS.SILENT", f"({PROCESSED})")

    def flags(self, uid: str) -> list[str]:
        data = self._uid("FETCH", uid, "(FLAGS)")
        text = b" ".join(x if isinstance(x, bytes) else x[0] for x in data if x).decode()
        match = re.search(r"FLAGS \(([^)]*)\)", text)
        return match.group(1).split() if match else []

    def _uid(self, command: str, *args) -> list:
        if self.connection is None:
            raise MailboxError("not connected")
        try:
            typ, data = self.connection.uid(command, *args)
        except imaplib.IMAP4.error as error:
            raise MailboxError(f"{command}: {error}") from error
        self._ok((typ, data), command)
        return data

    @staticmethod
    def _ok(response, what: str) -> None:
        typ, data = response
        if typ != "OK":
            detail = b" ".join(x for x in data if isinstance(x, bytes)).decode(errors="replace")
            raise MailboxError(f"{what}: {typ} {detail}".strip())
