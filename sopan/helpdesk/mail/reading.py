"""Reading a mail that arrived in the helpdesk's mailbox: its identity, threading headers, sender, text, attachments,
and whether a machine sent it (an automatic reply or a bounce, which must never open a ticket nor be answered: that
is how mail loops start).

Only the standard library (`email` with `policy.default`); nothing here touches the database.
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr
from html.parser import HTMLParser

MAX_MESSAGE_ID_LENGTH = 300  # InboundMail.message_id, Message.email_message_id
SYNTHETIC_DOMAIN = "sopan.invalid"
TICKET_NUMBER = re.compile(r"\bHD-\d{4}-\d{6}\b", re.IGNORECASE)
_ANGLE_ID = re.compile(r"<[^<>\s]+>")

# Subjects of out-of-office and other automatic answers (English, Indonesian, and a few common others).
_AUTO_SUBJECT = re.compile(
    r"^\s*(?:"
    r"out of (?:the )?office|automatic reply|auto(?:matic)?[- ]?reply|auto(?:matic)? response|autoreply|auto:"
    r"|balasan otomatis|jawaban otomatis|balasan di luar kantor|sedang di luar kantor|di luar kantor"
    r"|abwesenheitsnotiz|réponse automatique|respuesta automática"
    r")",
    re.IGNORECASE,
)
_PRECEDENCE_AUTO = frozenset({"bulk", "junk", "list", "auto_reply"})
_BOUNCE_LOCALPARTS = frozenset({"mailer-daemon", "postmaster"})

# Where the quoted history of a reply starts (the line itself and everything below it are dropped).
_QUOTE_HEADERS = (
    re.compile(r"^\s*On\b.{0,300}\bwrote:\s*$", re.IGNORECASE | re.DOTALL),
    re.compile(r"^\s*Pada\b.{0,300}\bmenulis:\s*$", re.IGNORECASE | re.DOTALL),
    re.compile(r"^\s*Am\b.{0,300}\bschrieb\b.{0,200}:\s*$", re.IGNORECASE | re.DOTALL),
    re.compile(r"^\s*Le\b.{0,300}\ba écrit\s*:\s*$", re.IGNORECASE | re.DOTALL),
    re.compile(r"^\s*-{2,}\s*(?:Original Message|Pesan Asli|Forwarded message|Pesan yang diteruskan)\s*-{2,}", re.I),
    re.compile(r"^\s*_{10,}\s*$"),  # Outlook's line above "From: … Sent: …"
    re.compile(r"^\s*(?:From|Dari):\s.+$", re.IGNORECASE),  # a header block pasted by the mail client
)


@dataclass(frozen=True)
class MailAttachment:
    name: str
    content: bytes
    content_type: str  # as the sender declared it: a label only, the content is checked on intake


@dataclass(frozen=True)
class ParsedMail:
    message_id: str  # "<id@host>"; a synthetic one from the bytes' hash when the mail has none
    has_message_id: bool
    in_reply_to: str
    references: list[str]
    sender_address: str  # lower-case
    sender_name: str
    subject: str
    body: str  # the new text of the mail, quoted history removed
    attachments: list[MailAttachment] = field(default_factory=list)
    is_auto_reply: bool = False
    is_bounce: bool = False
    auto_reason: str = ""  # which header or subject said so (recorded with the InboundMail)
    ticket_number: str = ""  # HD-2026-000123 found in the subject

    @property
    def thread_ids(self) -> list[str]:
        """The Message-IDs this mail answers, nearest first (In-Reply-To, then References from the end)."""
        ids = [self.in_reply_to] if self.in_reply_to else []
        ids += [ref for ref in reversed(self.references) if ref not in ids]
        return ids


def synthetic_message_id(raw: bytes) -> str:
    """A stable Message-ID for a mail that has none: the same bytes always give the same id."""
    return f"<{hashlib.sha256(raw).hexdigest()}@{SYNTHETIC_DOMAIN}>"


def normalize_message_id(value: str) -> str:
    """The "<id@host>" of a header value; "" when there is none. An over-long id is replaced by its hash."""
    value = (value or "").strip()
    match = _ANGLE_ID.search(value)
    if match:
        found = match.group()
    elif value and " " not in value:
        found = f"<{value}>"
    else:
        return ""
    if len(found) > MAX_MESSAGE_ID_LENGTH:
        found = f"<{hashlib.sha256(found.encode()).hexdigest()}@{SYNTHETIC_DOMAIN}>"
    return found


def message_id_of(raw: bytes) -> str:
    """The mail's Message-ID, or its synthetic one; never fails (used to record a mail that could not be read)."""
    try:
        found = normalize_message_id(str(_parse(raw).get("Message-ID", "") or ""))
    except Exception:  # a mail broken enough for the parser is still recorded under its hash
        found = ""
    return found or synthetic_message_id(raw)


def parse(raw: bytes) -> ParsedMail:
    msg = _parse(raw)
    header_id = normalize_message_id(_header(msg, "Message-ID"))
    sender_name, sender_address = _sender(msg)
    subject = " ".join(_header(msg, "Subject").split())
    body_part = msg.get_body(preferencelist=("plain", "html"))
    body = _text_of(body_part) if body_part is not None else ""
    is_bounce, bounce_reason = _bounce(msg, sender_address)
    is_auto, auto_reason = (False, "") if is_bounce else _auto_reply(msg, subject)
    number = TICKET_NUMBER.search(subject)
    return ParsedMail(
        message_id=header_id or synthetic_message_id(raw),
        has_message_id=bool(header_id),
        in_reply_to=normalize_message_id(_header(msg, "In-Reply-To")),
        references=_ANGLE_ID.findall(_header(msg, "References")),
        sender_address=sender_address,
        sender_name=sender_name,
        subject=subject,
        body=strip_quoted(body),
        attachments=list(_attachments(msg, body_part)),
        is_auto_reply=is_auto,
        is_bounce=is_bounce,
        auto_reason=bounce_reason or auto_reason,
        ticket_number=number.group().upper() if number else "",
    )


# --- headers -----------------------------------------------------------------------------------------------------
def _parse(raw: bytes) -> EmailMessage:
    return BytesParser(policy=policy.default).parsebytes(raw)


def _header(msg: EmailMessage, name: str) -> str:
    """A header as text; a header the policy cannot parse is read raw instead of failing the whole mail."""
    try:
        value = msg.get(name)
    except Exception:
        value = None
        for key, raw_value in msg.raw_items():
            if key.lower() == name.lower():
                value = raw_value
                break
    return str(value) if value is not None else ""


def _sender(msg: EmailMessage) -> tuple[str, str]:
    raw_from = _header(msg, "From")
    try:
        addresses = msg["From"].addresses if msg["From"] is not None else ()
    except Exception:
        addresses = ()
    if addresses:
        name, address = addresses[0].display_name, addresses[0].addr_spec
    else:
        pairs = getaddresses([raw_from]) or [parseaddr(raw_from)]
        name, address = pairs[0]
    address = (address or "").strip().lower()
    if "@" not in address or address.startswith("@"):
        address = ""
    return " ".join((name or "").split()), address


def _auto_reply(msg: EmailMessage, subject: str) -> tuple[bool, str]:
    auto_submitted = _header(msg, "Auto-Submitted").split(";")[0].strip().lower()
    if auto_submitted and auto_submitted != "no":
        return True, f"Auto-Submitted: {auto_submitted}"
    for name in ("X-Autoreply", "X-Autorespond", "X-Autogenerated", "X-Auto-Generated"):
        value = _header(msg, name).strip().lower()
        if value and value not in ("no", "false", "0"):
            return True, f"{name}: {value}"
    precedence = _header(msg, "Precedence").strip().lower()
    if precedence in _PRECEDENCE_AUTO:
        return True, f"Precedence: {precedence}"
    # Exchange marks its own automatic messages (out-of-office replies among them) "All"; a person's mail does not
    # carry it. A bare "OOF" only asks others not to answer with an out-of-office, so it says nothing of the sender.
    suppress = {v.strip().lower() for v in _header(msg, "X-Auto-Response-Suppress").split(",")}
    if "all" in suppress:
        return True, "X-Auto-Response-Suppress: All"
    if msg.get_content_type() == "multipart/report":  # a read receipt (disposition-notification) and the like
        return True, f"multipart/report; report-type={msg.get_param('report-type', '')}"
    if _AUTO_SUBJECT.match(subject):
        return True, f"Subject: {subject[:100]}"
    return False, ""


def _bounce(msg: EmailMessage, sender_address: str) -> tuple[bool, str]:
    if msg.get_content_type() == "multipart/report" and str(msg.get_param("report-type", "")).lower() == (
        "delivery-status"
    ):
        return True, "multipart/report; report-type=delivery-status"
    local = sender_address.split("@")[0]
    if local in _BOUNCE_LOCALPARTS:
        return True, f"From: {sender_address}"
    return_path = _header(msg, "Return-Path").strip()
    if return_path and return_path.replace(" ", "") == "<>":
        return True, "Return-Path: <>"
    if _header(msg, "X-Failed-Recipients").strip():
        return True, "X-Failed-Recipients"
    return False, ""


# --- text --------------------------------------------------------------------------------------------------------
def _text_of(part) -> str:
    try:
        content = part.get_content()
    except Exception:  # unknown charset: the bytes as Latin-1 never fail and keep ASCII readable
        payload = part.get_payload(decode=True) or b""
        content = payload.decode("latin-1")
    if not isinstance(content, str):
        return ""
    if part.get_content_subtype() == "html":
        content = html_to_text(content)
    return content.replace("\r\n", "\n").replace("\r", "\n")


class _TextExtractor(HTMLParser):
    _BREAKS = frozenset({"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "hr"})
    _SKIP = frozenset({"script", "style", "head", "title"})

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.quote_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in self._SKIP:
            self.skipping += 1
        if tag == "blockquote":  # quoted history in HTML mail: kept as "> " lines so it is stripped like plain text
            self.quote_depth += 1
        if tag in self._BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self._SKIP and self.skipping:
            self.skipping -= 1
        if tag == "blockquote" and self.quote_depth:
            self.quote_depth -= 1
        if tag in self._BREAKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if self.skipping:
            return
        text = " ".join(data.split()) if not data.isspace() else ""
        if not text:
            return
        if self.quote_depth and (not self.parts or self.parts[-1].endswith("\n")):
            text = "> " + text
        self.parts.append(text + " ")


def html_to_text(markup: str) -> str:
    extractor = _TextExtractor()
    extractor.feed(markup)
    extractor.close()
    lines = [" ".join(line.split()) for line in "".join(extractor.parts).split("\n")]
    text = "\n".join(lines)
    return html.unescape(re.sub(r"\n{3,}", "\n\n", text)).strip()


def strip_quoted(text: str) -> str:
    """The new text of a reply: everything from the first quote marker on is dropped, and "> " lines.

    A mail that is all quote (a forward without comment) keeps its whole text, so nothing is lost.
    """
    lines = text.replace("\r\n", "\n").split("\n")
    kept: list[str] = []
    for i, line in enumerate(lines):
        two_lines = line + " " + lines[i + 1] if i + 1 < len(lines) else line  # Gmail wraps "On … \n … wrote:"
        if any(p.match(line) for p in _QUOTE_HEADERS) or (
            line.strip() and any(p.match(two_lines) for p in _QUOTE_HEADERS[:4])
        ):
            break
        if line.lstrip().startswith(">"):
            continue
        kept.append(line.rstrip())
    result = "\n".join(kept).strip()
    return result or text.strip()


# --- attachments -------------------------------------------------------------------------------------------------
def _attachments(msg: EmailMessage, body_part):
    """Every leaf part that is not the text chosen as the body nor its alternative rendering."""
    for part in _leaves(msg):
        if part is body_part:
            continue
        filename = part.get_filename()
        disposition = part.get_content_disposition()
        if not filename and disposition != "attachment" and part.get_content_maintype() in ("text", "multipart"):
            continue  # the text/html twin of the body, or a signature's text
        if part.get_content_type() in ("message/delivery-status", "application/pgp-signature"):
            continue
        if part.get_content_maintype() == "message":
            payload = part.get_payload()
            inner = payload[0] if isinstance(payload, list) and payload else None
            content = inner.as_bytes() if inner is not None else b""
            name = filename or "message.eml"
        else:
            content = part.get_payload(decode=True) or b""
            name = filename or "attachment"
        yield MailAttachment(name=_clean_name(name), content=content, content_type=part.get_content_type())


def _leaves(part):
    if part.get_content_maintype() == "multipart":
        for sub in part.iter_parts():
            yield from _leaves(sub)
    else:
        yield part


def _clean_name(name: str) -> str:
    return " ".join(str(name).split())[:200] or "attachment"
