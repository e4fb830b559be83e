"""Uploaded files checked by what they contain, not by their name or by what the browser says they are.

`check_upload` reads at most the size limit (plus one byte, to know it was passed), finds the type from the bytes
(`detect`, pure Python), and then opens the file the way a reader would:
- a PDF must parse, have pages and be unencrypted; every object in it (not only those the catalogue reaches) is
  looked at, and it may carry no JavaScript, XFA form, multimedia, embedded file, no action that starts a program,
  sends data or opens another file, and no web address opened without a click; its streams may not expand past a few
  times the size limit (measured while inflating, so a bomb is never inflated in memory), nor its images past the
  pixel limit;
- an image must decode and stay under the pixel limit (decompression bombs);
- an office document (OOXML, only where the caller allows it) must be a well-formed package within zip limits, with
  no macros, ActiveX, embedded objects or archives, and no outside file loaded when it opens;
- PDFs and images may not carry web page (HTML) code where a browser sniffing the content would find it
  (polyglots).
Other archives are never accepted. The name is kept only as a label: no folder, no control characters, limited in
length, with an extension that matches the content.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sopan.core.uploads.common import (
    CHUNK_SIZE,
    DOCX,
    DRIVE,
    JPEG,
    MAX_PIXELS,
    MB,
    OFFICE,
    PDF,
    PNG,
    PPTX,
    XLSX,
    Kind,
    human_size,
)
from sopan.core.uploads.detect import OLE, ZIP, content_type_of
from sopan.core.uploads.images import check_image
from sopan.core.uploads.office import check_package, open_package
from sopan.core.uploads.pdf import check_pdf

__all__ = [
    "CHUNK_SIZE",
    "DOCX",
    "JPEG",
    "MAX_BYTES",
    "MAX_PIXELS",
    "MB",
    "OFFICE",
    "PDF",
    "PNG",
    "PPTX",
    "XLSX",
    "CheckedFile",
    "check_name_characters",
    "check_text_upload",
    "check_upload",
    "human_size",
]

MAX_BYTES = 5 * MB
MAX_NAME_LENGTH = 100  # characters, extension included
MAX_NAME_BYTES = 200  # in UTF-8: file systems allow 255 bytes per name


@dataclass(frozen=True)
class CheckedFile:
    name: str  # safe file name: no folder, no control characters, length-limited, extension matching the content
    content_type: str  # found from the content
    size: int
    sha256: str
    content: bytes


# The types whose content this module knows how to check; only these can be allowed.
_KINDS = {
    PDF: Kind("PDF", gettext_lazy("a PDF document"), (".pdf",)),
    JPEG: Kind("JPG", gettext_lazy("a JPG image"), (".jpg", ".jpeg"), pillow_format="JPEG"),
    PNG: Kind("PNG", gettext_lazy("a PNG image"), (".png",), pillow_format="PNG"),
    DOCX: Kind("DOCX", gettext_lazy("a Word document"), (".docx",)),
    XLSX: Kind("XLSX", gettext_lazy("an Excel workbook"), (".xlsx",)),
    PPTX: Kind("PPTX", gettext_lazy("a PowerPoint presentation"), (".pptx",)),
}

_ARCHIVES = {
    ZIP: gettext_lazy("a ZIP archive"),
    "application/gzip": gettext_lazy("a gzip archive"),
    "application/x-gzip": gettext_lazy("a gzip archive"),
    "application/x-7z-compressed": gettext_lazy("a 7z archive"),
    "application/x-rar": gettext_lazy("a RAR archive"),
    "application/vnd.rar": gettext_lazy("a RAR archive"),
    "application/x-bzip2": gettext_lazy("a bzip2 archive"),
    "application/x-xz": gettext_lazy("an XZ archive"),
    "application/x-tar": gettext_lazy("a TAR archive"),
    "application/zstd": gettext_lazy("a Zstandard archive"),
}

# What other contents are called in messages; anything else is named by its MIME type.
_DESCRIPTIONS = {
    **_ARCHIVES,
    "application/x-dosexec": gettext_lazy("a Windows program"),
    "application/x-executable": gettext_lazy("a program"),
    "text/html": gettext_lazy("a web page (HTML)"),
    "text/plain": gettext_lazy("a text file"),
    "image/gif": gettext_lazy("a GIF image"),
    "image/webp": gettext_lazy("a WebP image"),
    "image/bmp": gettext_lazy("a BMP image"),
    "image/tiff": gettext_lazy("a TIFF image"),
    "image/heic": gettext_lazy("a HEIC photo"),
    "image/svg+xml": gettext_lazy("an SVG image"),
    OLE: gettext_lazy("an old-format Office document"),
}

# An extension is a dot and up to 8 letters or digits, at least one a letter ("Laporan 2024.1" has none).
_EXTENSION = re.compile(r"\.(?=[0-9]*[A-Za-z])[A-Za-z0-9]{1,8}$")
_UNSAFE = re.compile(r'[<>:"|?*]')  # not allowed in Windows names, where the file may be downloaded to
_SPACES = re.compile(r"\s+")


def check_upload(uploaded, *, allowed=(PDF, JPEG, PNG), max_bytes: int = MAX_BYTES) -> CheckedFile:
    """Check an uploaded file (a Django UploadedFile or File) by its content; raise ValidationError if unfit."""
    unknown = set(allowed) - set(_KINDS)
    if unknown:
        raise ValueError(f"check_upload cannot check the content of {sorted(unknown)}")
    raw_name = unicodedata.normalize("NFC", getattr(uploaded, "name", None) or "")
    check_name_characters(raw_name)
    content = _read_at_most(uploaded, max_bytes)
    if not content:
        raise ValidationError(_("The file is empty."), code="empty")
    if len(content) > max_bytes:
        _refuse_size(getattr(uploaded, "size", None), max_bytes)
    content_type = content_type_of(content)  # a ZIP is already named by the Office type its package declares
    if any(t in OFFICE for t in allowed) and content_type == OLE:
        raise ValidationError(
            _(
                "This file is an old-format Office document (.doc, .xls or .ppt); "
                "save it as .docx, .xlsx or .pptx and upload it again."
            ),
            code="office_legacy",
        )
    if content_type not in allowed:
        raise ValidationError(
            _("This file is %(kind)s, not %(allowed)s.")
            % {"kind": _describe(content_type), "allowed": _either([_KINDS[t].label for t in dict.fromkeys(allowed)])},
            code="archive" if content_type in _ARCHIVES else "type_not_allowed",
        )
    kind = _KINDS[content_type]
    # The content first: a macro-enabled document named .docm is told about its macros, not about its name.
    if content_type == PDF:
        check_pdf(content, max_bytes)
    elif content_type in OFFICE:
        check_package(open_package(content), kind, max_bytes)
    else:
        check_image(content, kind)
    name = _safe_name(raw_name, kind)
    return CheckedFile(
        name=name,
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
    )


# --- reading -----------------------------------------------------------------------------------------------------
def _read_at_most(uploaded, max_bytes: int) -> bytes:
    """The content, but never more than max_bytes + 1 bytes: an oversized upload is not read into memory."""
    declared = getattr(uploaded, "size", None)
    if declared is not None and declared > max_bytes:
        _refuse_size(declared, max_bytes)
    buffer = bytearray()
    for chunk in uploaded.chunks(chunk_size=CHUNK_SIZE):
        buffer += chunk[: max_bytes + 1 - len(buffer)]
        if len(buffer) > max_bytes:
            break
    return bytes(buffer)


def _refuse_size(size: int | None, max_bytes: int) -> None:
    limit = human_size(max_bytes)
    if size is not None and size > max_bytes and human_size(size) != limit:
        message = _("The file is %(size)s; the limit is %(limit)s.") % {"size": human_size(size), "limit": limit}
    else:  # the exact size is unknown, or would read the same as the limit
        message = _("The file is larger than the limit of %(limit)s.") % {"limit": limit}
    raise ValidationError(message, code="too_large")


# --- names -------------------------------------------------------------------------------------------------------
def check_name_characters(name: str) -> None:
    if "/" in name or "\\" in name or DRIVE.match(name) or name.strip() in (".", ".."):
        raise ValidationError(_("The file name must not contain a folder path."), code="name_path")
    # Cc: control characters (new lines, NUL…); Cf: invisible format characters, among them the right-to-left
    # override that makes "fdp.exe" look like "exe.pdf".
    if any(unicodedata.category(char) in ("Cc", "Cf") for char in name):
        raise ValidationError(_("The file name must not contain control characters."), code="name_control")


def _safe_name(name: str, kind: Kind) -> str:
    name = _SPACES.sub(" ", _UNSAFE.sub("_", name)).strip()
    match = _EXTENSION.search(name)
    stem, extension = (name[: match.start()], match.group().lower()) if match else (name, "")
    if extension and extension not in kind.extensions:
        raise ValidationError(
            _("The file is named %(extension)s but its content is %(kind)s.")
            % {"extension": extension, "kind": kind.description},
            code="extension_mismatch",
        )
    extension = extension or kind.extensions[0]
    stem = stem.strip().lstrip(".")  # no hidden files
    stem = stem[: MAX_NAME_LENGTH - len(extension)]
    while len((stem + extension).encode()) > MAX_NAME_BYTES:
        stem = stem[:-1]
    stem = stem.rstrip(". ")  # Windows drops trailing dots and spaces
    return (stem or "file") + extension


def _describe(content_type: str) -> str:
    known = _KINDS.get(content_type)
    if known:
        return str(known.description)
    if content_type in _DESCRIPTIONS:
        return str(_DESCRIPTIONS[content_type])
    return _("a file of type %(type)s") % {"type": content_type}


def _either(labels: list[str]) -> str:
    if len(labels) == 1:
        return labels[0]
    return _("%(items)s or %(last)s") % {"items": ", ".join(labels[:-1]), "last": labels[-1]}


def check_text_upload(uploaded, *, max_bytes: int, what: str) -> str:
    """Check an uploaded text file (a YAML definition …) by its content and give its text.

    Its name may hold no folder or control characters, and its content must be plain UTF-8 text: not a web page, an
    SVG, an archive or a program whatever its name says. `what` names the expected file in the message ("a YAML
    text file"). Size and encoding are left to the caller, whose messages are its own.
    """
    check_name_characters(unicodedata.normalize("NFC", getattr(uploaded, "name", None) or ""))
    content = _read_at_most(uploaded, max_bytes)
    found = content_type_of(content) if content else "text/plain"
    if found != "text/plain":
        raise ValidationError(
            _("This file is %(kind)s, not %(allowed)s.") % {"kind": _describe(found), "allowed": what},
            code="type_not_allowed",
        )
    return content.decode("utf-8")
