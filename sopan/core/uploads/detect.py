"""The type of a file found from its bytes, in pure Python (no libmagic, nothing to install on the machine).

The types the upload checks decide on are found by rules of our own, exact and in a fixed order, so that a library
update cannot change what is accepted:
- the signatures that open a file (PDF, PNG, JPEG, GIF, WebP, BMP, TIFF, HEIC; ZIP, gzip, bzip2, XZ, Zstandard, 7z,
  RAR, TAR; the OLE compound file of the Office formats before 2007; Windows, Linux and macOS programs);
- a ZIP is named by the Office type its package declares (`office.package_type`), else it stays an archive;
- a PDF header within the first 1024 bytes (PDF readers skip what comes before it, so HTML there is a polyglot that
  the PDF check refuses, not a web page to wave through);
- text (UTF-8, a single-byte code page, or UTF-16 with its byte order mark): HTML when it opens the way a browser
  recognises a web page (WHATWG MIME Sniffing, "rules for identifying an unknown MIME type"), XML or SVG by their
  opening, otherwise plain text (CSV is plain text here).
Anything else is named by puremagic, for messages only ("This file is a file of type video/mp4"): none of those
types is ever accepted. What nothing recognises is application/octet-stream. The names are the ones libmagic gave,
which the callers' tables use.
"""

from __future__ import annotations

import re

import puremagic

from sopan.core.uploads.common import JPEG, PDF, PNG
from sopan.core.uploads.office import open_package, package_type

OCTET_STREAM = "application/octet-stream"
ZIP = "application/zip"
OLE = "application/x-ole-storage"  # .doc, .xls, .ppt (and .msi, .msg): one OLE compound file

# (signature, offset, type): the first bytes of each kind of file.
_SIGNATURES: tuple[tuple[bytes, int, str], ...] = (
    (b"%PDF-", 0, PDF),
    (b"\x89PNG\r\n\x1a\n", 0, PNG),
    (b"\xff\xd8\xff", 0, JPEG),
    (b"GIF87a", 0, "image/gif"),
    (b"GIF89a", 0, "image/gif"),
    (b"II*\x00", 0, "image/tiff"),
    (b"MM\x00*", 0, "image/tiff"),
    (b"PK\x03\x04", 0, ZIP),
    (b"PK\x05\x06", 0, ZIP),  # an empty archive
    (b"PK\x07\x08", 0, ZIP),  # a spanned archive
    (b"\x1f\x8b", 0, "application/gzip"),
    (b"BZh", 0, "application/x-bzip2"),
    (b"\xfd7zXZ\x00", 0, "application/x-xz"),
    (b"\x28\xb5\x2f\xfd", 0, "application/zstd"),
    (b"7z\xbc\xaf\x27\x1c", 0, "application/x-7z-compressed"),
    (b"Rar!\x1a\x07", 0, "application/x-rar"),
    (b"ustar", 257, "application/x-tar"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 0, OLE),
    (b"MZ", 0, "application/x-dosexec"),
    (b"\x7fELF", 0, "application/x-executable"),
    (b"\xcf\xfa\xed\xfe", 0, "application/x-executable"),  # Mach-O, 64-bit
    (b"\xce\xfa\xed\xfe", 0, "application/x-executable"),  # Mach-O, 32-bit
    (b"\xca\xfe\xba\xbe", 0, "application/x-executable"),  # Mach-O, universal (also a Java class file)
)
_HEIF_BRANDS = (b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1")
_BMP_HEADER_SIZES = (12, 40, 52, 56, 64, 108, 124)
PDF_HEADER_WITHIN = 1024  # how far PDF readers look for %PDF-

# Bytes that do not occur in text: control characters other than tab, line and page breaks and escape.
_BINARY = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
# WHATWG MIME Sniffing: a web page opens with one of these tags (after white space), followed by a space or ">".
_HTML_OPENING = re.compile(
    rb"<(?:!doctype html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p|!--)[ >\t\n\f\r]",
    re.IGNORECASE,
)
_BZIP2 = re.compile(rb"BZh[1-9](?:1AY&SY|\x17rE8P\x90)")  # the block size, then a block or the end of the stream
_SVG = re.compile(rb"<svg[\s>]", re.IGNORECASE)
TEXT_SAMPLE = 64 * 1024  # text is judged by its beginning, as libmagic did

# puremagic's names for the few types both know, in the names the callers use.
_ALIASES = {
    "application/x-gzip": "application/gzip",
    "application/vnd.rar": "application/x-rar",
    "image/x-ms-bmp": "image/bmp",
    "application/msword": OLE,
    "application/vnd.ms-excel": OLE,
    "application/vnd.ms-powerpoint": OLE,
    "application/xml": "text/xml",
}
_PUREMAGIC_MIN_CONFIDENCE = 0.5  # below this puremagic matched two or three bytes, which noise does too


def content_type_of(content: bytes) -> str:
    """The MIME type of the content, as the upload checks and their messages name it."""
    for signature, offset, found in _SIGNATURES:
        if content.startswith(signature, offset) and _confirmed(found, content):
            return package_type_of(content) if found == ZIP else found
    image = _other_image(content)
    if image:
        return image
    if b"%PDF-" in content[:PDF_HEADER_WITHIN]:
        return PDF
    sample = _as_utf8(content[:TEXT_SAMPLE])
    if sample and not _BINARY.search(sample):
        return _text_type(sample)
    return _named_by_puremagic(content)


def _as_utf8(sample: bytes) -> bytes:
    """Text in UTF-16 with its byte order mark (Excel's "Unicode Text", Notepad's "Unicode") as UTF-8, to be judged
    like any other text; other bytes as they are."""
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return sample.decode("utf-16", errors="replace").encode()
    return sample


def _confirmed(found: str, content: bytes) -> bool:
    """The short signatures that text can also start with ("MZ Consulting;…", "BZh…") need more than the opening."""
    if found == "application/x-dosexec":
        return b"\x00" in content[2:64]  # a program's header has zero bytes; text has none
    if found == "application/x-bzip2":
        return bool(_BZIP2.match(content))
    return True


def package_type_of(content: bytes) -> str:
    """A ZIP is the Office document its package declares (a .docx, .xlsx, .pptx), or else an archive."""
    package = open_package(content)
    return package_type(package) if package else ZIP


def _other_image(content: bytes) -> str:
    """Images whose signature needs more than a fixed opening: WebP and HEIC in their containers, BMP by its header."""
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "image/webp"
    if content[4:8] == b"ftyp" and content[8:12] in _HEIF_BRANDS:
        return "image/heic"
    if (
        content[:2] == b"BM"
        and len(content) >= 18
        and content[6:10] == b"\x00\x00\x00\x00"  # reserved
        and int.from_bytes(content[14:18], "little") in _BMP_HEADER_SIZES
    ):
        return "image/bmp"
    return ""


def _text_type(sample: bytes) -> str:
    head = sample.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\n\r\f")
    if _HTML_OPENING.match(head):
        return "text/html"
    if head[:5].lower() == b"<?xml" or head[:9].lower() == b"<!doctype":
        return "image/svg+xml" if _SVG.search(head[:4096]) else "text/xml"
    if _SVG.match(head):
        return "image/svg+xml"
    return "text/plain"


def _named_by_puremagic(content: bytes) -> str:
    try:
        matches = puremagic.magic_string(content)
    except (puremagic.PureError, ValueError):
        return OCTET_STREAM
    for match in matches:
        if match.mime_type and match.confidence >= _PUREMAGIC_MIN_CONFIDENCE:
            return _ALIASES.get(match.mime_type, match.mime_type)
    return OCTET_STREAM
