"""Uploaded files checked by what they contain, not by their name or by what the browser says they are.

`check_upload` reads at most the size limit (plus one byte, to know it was passed), finds the type from the bytes
(libmagic), and then opens the file the way a reader would:
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
import io
import re
import unicodedata
import warnings
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import magic
from defusedxml.ElementTree import fromstring as parse_xml
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from PIL import Image
from pypdf import PdfReader, filters
from pypdf.errors import LimitReachedError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
OFFICE = (DOCX, XLSX, PPTX)

MB = 1024 * 1024
MAX_BYTES = 5 * MB
# An A4 page scanned at 600 dpi is 4961 × 7016 = 34.8 megapixels, the most a document scan needs; phone cameras make
# 12–24 megapixels. 40 leaves room for both and refuses the 49-megapixel image of issue 13: decoded as RGBA it would
# take 196 MB of memory per upload.
MAX_PIXELS = 40_000_000
# The streams of a PDF may expand to this many times the size limit in all (80 MB for 5 MB): text and fonts expand
# 3–5 times, a 1-bit page scanned at 600 dpi is 4.4 MB however well it compressed; the bomb of issue 13 expands
# 204 KB to 200 MB. An office package may expand more (spreadsheet XML is verbose): 20 times.
PDF_DECODED_FACTOR = 16
OOXML_EXPANSION_FACTOR = 20
# Apache POI refuses a part that inflates more than 100 times (its ZipSecureFile); small parts may, they cost nothing.
OOXML_MAX_RATIO = 100
OOXML_RATIO_FROM = MB
OOXML_MAX_ENTRIES = 1000  # a Word document has 10–30 parts, a workbook with pictures a few hundred
OOXML_MAX_XML = 2 * MB  # content types and relationships are read whole; they are a few kilobytes
# Browsers sniff at most the first 1445 bytes (WHATWG MIME Sniffing, "resource header"); HTML there is a polyglot.
HTML_HEAD_BYTES = 1445
MAX_NAME_LENGTH = 100  # characters, extension included
MAX_NAME_BYTES = 200  # in UTF-8: file systems allow 255 bytes per name
CHUNK_SIZE = 64 * 1024
PDF_MAX_OBJECTS = 100_000  # a 5 MB document has far fewer; more means a crafted file


@dataclass(frozen=True)
class CheckedFile:
    name: str  # safe file name: no folder, no control characters, length-limited, extension matching the content
    content_type: str  # found from the content
    size: int
    sha256: str
    content: bytes


@dataclass(frozen=True)
class _Kind:
    label: str  # in lists of what is allowed: "PDF, JPG or PNG"
    description: str  # completes "This file is …" and "its content is …"
    extensions: tuple[str, ...]  # the first one is given to a name without extension
    pillow_format: str = ""


# The types whose content this module knows how to check; only these can be allowed.
_KINDS = {
    PDF: _Kind("PDF", gettext_lazy("a PDF document"), (".pdf",)),
    JPEG: _Kind("JPG", gettext_lazy("a JPG image"), (".jpg", ".jpeg"), pillow_format="JPEG"),
    PNG: _Kind("PNG", gettext_lazy("a PNG image"), (".png",), pillow_format="PNG"),
    DOCX: _Kind("DOCX", gettext_lazy("a Word document"), (".docx",)),
    XLSX: _Kind("XLSX", gettext_lazy("an Excel workbook"), (".xlsx",)),
    PPTX: _Kind("PPTX", gettext_lazy("a PowerPoint presentation"), (".pptx",)),
}

# What libmagic calls the Office formats before 2007 (one OLE compound file, macros and all).
_LEGACY_OFFICE = frozenset(
    {
        "application/msword",
        "application/vnd.ms-excel",
        "application/vnd.ms-powerpoint",
        "application/vnd.ms-office",
        "application/x-ole-storage",
        "application/CDFV2",
    }
)

_ARCHIVES = {
    "application/zip": gettext_lazy("a ZIP archive"),
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
    "application/msword": gettext_lazy("a Word document"),
    "application/vnd.ms-excel": gettext_lazy("an Excel workbook"),
    "application/vnd.ms-powerpoint": gettext_lazy("a PowerPoint presentation"),
    "application/vnd.ms-office": gettext_lazy("an old-format Office document"),
    "application/x-ole-storage": gettext_lazy("an old-format Office document"),
    "application/CDFV2": gettext_lazy("an old-format Office document"),
}

# An extension is a dot and up to 8 letters or digits, at least one a letter ("Laporan 2024.1" has none).
_EXTENSION = re.compile(r"\.(?=[0-9]*[A-Za-z])[A-Za-z0-9]{1,8}$")
_DRIVE = re.compile(r"^[A-Za-z]:")
_UNSAFE = re.compile(r'[<>:"|?*]')  # not allowed in Windows names, where the file may be downloaded to
_SPACES = re.compile(r"\s+")


def human_size(n: int) -> str:
    """A size as people read it: "512 bytes", "1.5 KB", "5 MB" (units of 1024)."""
    if n < 1024:
        return ngettext("%(count)s byte", "%(count)s bytes", n) % {"count": n}
    value, unit = n / 1024, "KB"
    for bigger in ("MB", "GB"):
        if round(value, 1) < 1024:
            break
        value, unit = value / 1024, bigger
    return f"{value:.1f}".removesuffix(".0") + f" {unit}"


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
    content_type = magic.from_buffer(content, mime=True)
    package = None
    if any(t in OFFICE for t in allowed):
        if content_type in _LEGACY_OFFICE:
            raise ValidationError(
                _(
                    "This file is an old-format Office document (.doc, .xls or .ppt); "
                    "save it as .docx, .xlsx or .pptx and upload it again."
                ),
                code="office_legacy",
            )
        if content_type in OFFICE or content_type == "application/zip":
            # libmagic names an OOXML package only when its parts are in the order Office writes them; the package's
            # own content types say what it is (and a zip without them stays an archive).
            package = _open_package(content)
            content_type = _package_type(package) if package else content_type
    if content_type not in allowed:
        raise ValidationError(
            _("This file is %(kind)s, not %(allowed)s.")
            % {"kind": _describe(content_type), "allowed": _either([_KINDS[t].label for t in dict.fromkeys(allowed)])},
            code="archive" if content_type in _ARCHIVES else "type_not_allowed",
        )
    kind = _KINDS[content_type]
    # The content first: a macro-enabled document named .docm is told about its macros, not about its name.
    if content_type == PDF:
        _check_pdf(content, max_bytes)
    elif content_type in OFFICE:
        _check_package(package or _open_package(content), kind, max_bytes)
    else:
        _check_image(content, kind)
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
    if "/" in name or "\\" in name or _DRIVE.match(name) or name.strip() in (".", ".."):
        raise ValidationError(_("The file name must not contain a folder path."), code="name_path")
    # Cc: control characters (new lines, NUL…); Cf: invisible format characters, among them the right-to-left
    # override that makes "fdp.exe" look like "exe.pdf".
    if any(unicodedata.category(char) in ("Cc", "Cf") for char in name):
        raise ValidationError(_("The file name must not contain control characters."), code="name_control")


def _safe_name(name: str, kind: _Kind) -> str:
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


# --- content -----------------------------------------------------------------------------------------------------
def _damaged(label: str) -> ValidationError:
    return ValidationError(_("The %(kind)s file is damaged and cannot be opened.") % {"kind": label}, code="damaged")


def _check_pdf(content: bytes, max_bytes: int) -> None:
    # pypdf raises many kinds of exception on malformed input (its own, ValueError, KeyError, RecursionError…):
    # whatever it raises, the file cannot be read.
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        encrypted = reader.is_encrypted
        pages = 0 if encrypted else len(reader.pages)
        problem = None if encrypted or not pages else _pdf_problem(reader, PDF_DECODED_FACTOR * max_bytes)
    except LimitReachedError as error:  # pypdf's own bound, on the streams it decodes to parse (object streams)
        raise _pdf_bomb(PDF_DECODED_FACTOR * max_bytes) from error
    except Exception as error:
        raise _damaged("PDF") from error
    if encrypted:
        raise ValidationError(
            _("The PDF file is encrypted; save it without a password or protection and upload it again."),
            code="pdf_encrypted",
        )
    if not pages:
        raise ValidationError(_("The PDF file has no pages."), code="pdf_no_pages")
    if problem:
        raise problem
    # Readers skip whatever comes before the header, browsers render it: HTML there, or in the first bytes, makes
    # the file a web page as well as a PDF. (Checked last: an XFA form's <script> is better named as what it is.)
    header = content.find(b"%PDF-")
    if _has_markup(content[: max(header, 0) + HTML_HEAD_BYTES]):
        raise _polyglot("PDF")


def _pdf_messages() -> dict[str, str]:
    return {
        "pdf_javascript": _("The PDF file contains JavaScript; upload a PDF without scripts."),
        "pdf_embedded_file": _("The PDF file contains embedded files; upload a PDF without attachments."),
        "pdf_launch": _("The PDF file contains an action that starts a program."),
        "pdf_xfa": _(
            "The PDF file contains an XFA form, which can run scripts; print it to a new PDF and upload that."
        ),
        "pdf_rich_media": _("The PDF file contains multimedia or 3D content; upload a PDF without it."),
        "pdf_action": _(
            "The PDF file contains an action that sends form data or opens another file; upload a PDF without it."
        ),
        "pdf_automatic_link": _(
            "The PDF file opens a web address by itself when it is viewed; upload a PDF without it."
        ),
        "pdf_link": _(
            "The PDF file has a link that is not a web or e-mail address (for example to a file or a network share); "
            "upload a PDF without it."
        ),
        "pdf_too_complex": _("The PDF file has too many objects to be checked."),
    }


_PDF_SCRIPT_KEYS = frozenset({"/JS", "/JavaScript"})
_PDF_FILE_KEYS = frozenset({"/EmbeddedFiles", "/EmbeddedFile", "/EF"})
_PDF_MEDIA_KEYS = frozenset({"/RichMediaContent", "/RichMediaSettings", "/3DD"})
_PDF_MEDIA_SUBTYPES = frozenset({"/RichMedia", "/3D", "/U3D", "/PRC", "/Movie", "/Screen"})
_PDF_MEDIA_ACTIONS = frozenset({"/Rendition", "/Movie", "/GoTo3DView", "/RichMediaExecute"})
# Actions that send data out or open another file. They are refused even on a click: an uploaded letter or deed has
# no use for them, and one click on a GoToR to \\host\share hands the viewer's Windows password hash to that host.
_PDF_OUTSIDE_ACTIONS = frozenset({"/SubmitForm", "/ImportData", "/GoToR", "/GoToE"})
# A link a person clicks may open a web page or write an e-mail: scanned letters and exported documents carry their
# sender's website, the viewer asks before leaving, and it is what the person chose. Other schemes (file:, a UNC
# path, javascript:) or a relative address resolved against an unknown base are refused.
_WEB_SCHEMES = ("http://", "https://", "mailto:")


def _pdf_problem(reader: PdfReader, decoded_limit: int) -> ValidationError | None:
    """What makes the document unfit, looking at every object of the file, not only what the catalogue reaches:
    a link annotation can run JavaScript, an attachment can hang on an annotation, and a viewer repairing a file (or
    a script inside it) finds objects no page refers to."""
    references = [(number, generation) for generation, table in reader.xref.items() for number in table]
    packed = [(number, 0) for number in reader.xref_objStm]  # objects inside object streams
    if len(references) + len(packed) > PDF_MAX_OBJECTS:
        return ValidationError(_pdf_messages()["pdf_too_complex"], code="pdf_too_complex")
    # Streams first, one by one and before any object is unpacked from them: only objects listed directly can be
    # streams (object streams hold no streams).
    meter = _Meter(decoded_limit)
    for number, generation in references:
        item = IndirectObject(number, generation, reader).get_object()
        if isinstance(item, StreamObject):
            problem = _pdf_stream_problem(item, meter)
            if problem:
                return problem
    code = _pdf_active_content(reader, [IndirectObject(n, g, reader) for n, g in references + packed])
    return ValidationError(_pdf_messages()[code], code=code) if code else None


def _resolved(value):
    return value.get_object() if isinstance(value, IndirectObject) else value


def _pdf_active_content(reader: PdfReader, objects: list[IndirectObject]) -> str | None:
    seen: set[tuple[int, int]] = set()
    stack: list = [reader.trailer, *objects]
    automatic: list = []  # actions run without a click: OpenAction, and the additional actions (/AA) of anything
    containers = 0
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            reference = (item.idnum, item.generation)
            if reference in seen:
                continue
            seen.add(reference)
            item = item.get_object()
        if isinstance(item, DictionaryObject):  # streams are dictionaries too; their data is measured elsewhere
            containers += 1
            code = _pdf_dictionary_problem(item)
            if code:
                return code
            if "/OpenAction" in item:
                automatic.append(item.raw_get("/OpenAction"))
            triggers = _resolved(item.raw_get("/AA")) if "/AA" in item else None
            if isinstance(triggers, DictionaryObject):
                automatic.extend(triggers.raw_get(key) for key in triggers)
            stack.extend(item.raw_get(key) for key in item)
        elif isinstance(item, ArrayObject):
            containers += 1
            stack.extend(item)
        if containers > PDF_MAX_OBJECTS:
            return "pdf_too_complex"
    return "pdf_automatic_link" if _opens_web_address(automatic) else None


def _pdf_dictionary_problem(item: DictionaryObject) -> str | None:
    keys = item.keys()
    kind, subtype, action = (
        _resolved(item.raw_get(key)) if key in item else None for key in ("/Type", "/Subtype", "/S")
    )
    # /S also names page-label styles, transitions, structure elements; it is an action when /Type is absent or
    # says so.
    is_action = kind in (None, "/Action")
    if keys & _PDF_SCRIPT_KEYS or action == "/JavaScript":
        return "pdf_javascript"
    if "/XFA" in keys:  # XFA forms carry their own scripts (<script> in the template), not seen as /JS
        return "pdf_xfa"
    if keys & _PDF_FILE_KEYS or kind == "/EmbeddedFile":
        return "pdf_embedded_file"
    if action == "/Launch":
        return "pdf_launch"
    if keys & _PDF_MEDIA_KEYS or subtype in _PDF_MEDIA_SUBTYPES or (is_action and action in _PDF_MEDIA_ACTIONS):
        return "pdf_rich_media"
    if is_action and action in _PDF_OUTSIDE_ACTIONS:
        return "pdf_action"
    if (
        is_action
        and action == "/URI"
        and not _is_web_address(_resolved(item.raw_get("/URI")) if "/URI" in item else "")
    ):
        return "pdf_link"
    return None


def _is_web_address(uri) -> bool:
    text = uri if isinstance(uri, str) else bytes(uri).decode("latin-1") if isinstance(uri, bytes) else ""
    return text.strip().lower().startswith(_WEB_SCHEMES)


def _opens_web_address(actions: list) -> bool:
    """Whether any of these actions, or the actions they chain to (/Next: one action or an array), opens a web
    address. Every other dangerous action is refused wherever it is; a web address only when nobody clicked."""
    seen: set[tuple[int, int]] = set()
    stack = list(actions)
    while stack:
        action = stack.pop()
        if isinstance(action, IndirectObject):
            if (action.idnum, action.generation) in seen:
                continue  # a cycle of /Next
            seen.add((action.idnum, action.generation))
            action = action.get_object()
        if not isinstance(action, DictionaryObject):
            continue  # an OpenAction that is a destination ([page /Fit]) goes nowhere else
        if "/S" in action and _resolved(action.raw_get("/S")) == "/URI":
            return True
        following = _resolved(action.raw_get("/Next")) if "/Next" in action else None
        if isinstance(following, ArrayObject):
            stack.extend(following)
        elif following is not None:
            stack.append(action.raw_get("/Next"))
    return False


# --- PDF streams: measured while they are inflated
class _TooMuch(Exception):
    pass


class _Meter:
    """Counts decoded bytes across all the streams of one file, and stops at the limit."""

    def __init__(self, limit: int):
        self.limit, self.used = limit, 0

    def add(self, n: int) -> None:
        self.used += n
        if self.used > self.limit:
            raise _TooMuch


_FLATE = frozenset({"/FlateDecode", "/Fl"})
# Filters pypdf decodes for us: ASCII ones shrink, LZW and run-length are bounded by pypdf (75 MB a stream) and
# counted here. Image codecs (DCT, JPX, JBIG2, CCITT) are not decoded: their size is bounded by the pixel limit.
_PYPDF_FILTERS = {
    "/ASCIIHexDecode": filters.ASCIIHexDecode,
    "/AHx": filters.ASCIIHexDecode,
    "/ASCII85Decode": filters.ASCII85Decode,
    "/A85": filters.ASCII85Decode,
    "/LZWDecode": filters.LZWDecode,
    "/LZW": filters.LZWDecode,
    "/RunLengthDecode": filters.RunLengthDecode,
    "/RL": filters.RunLengthDecode,
}


def _pdf_stream_problem(item: StreamObject, meter: _Meter) -> ValidationError | None:
    if _resolved(item.get("/Subtype")) == "/Image":
        width, height = _resolved(item.get("/Width")), _resolved(item.get("/Height"))
        if isinstance(width, int) and isinstance(height, int) and width * height > MAX_PIXELS:
            limit = {"width": width, "height": height, "megapixels": _megapixels(width * height)}
            return ValidationError(
                _(
                    "The PDF file contains an image of %(width)s × %(height)s pixels (%(megapixels)s megapixels); "
                    "the limit is %(limit)s megapixels."
                )
                % {**limit, "limit": _megapixels(MAX_PIXELS)},
                code="pdf_image_too_large",
            )
    names = _resolved(item.get("/Filter"))
    names = [_resolved(name) for name in names] if isinstance(names, ArrayObject) else [names] if names else []
    # The encoded bytes as they are in the file: get_data() would decode the whole stream at once, which is what a
    # bomb wants.
    chunks: Iterable[bytes] = [item._data]
    for name in names:
        if name in _FLATE:
            chunks = _inflate(chunks, meter)
        elif name in _PYPDF_FILTERS:
            chunks = _decode_with(_PYPDF_FILTERS[name], chunks, meter)
        else:
            break
    try:
        for _chunk in chunks:
            pass
    except _TooMuch:
        return _pdf_bomb(meter.limit)
    except LimitReachedError:
        return _pdf_bomb(meter.limit)
    except Exception:  # noqa: S110 - a stream that does not decode is no bomb; viewers show what they can of it
        pass
    return None


def _inflate(chunks: Iterable[bytes], meter: _Meter) -> Iterator[bytes]:
    """Deflated data inflated CHUNK_SIZE bytes at a time, each piece counted before the next is made."""
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 32)  # zlib or gzip header, as readers accept
    first = True
    for chunk in chunks:
        data = chunk
        while True:
            try:
                out = inflater.decompress(data, CHUNK_SIZE)
            except zlib.error:
                if not first:
                    raise
                # No header at all: raw deflate, which readers (pypdf among them) inflate as well.
                inflater = zlib.decompressobj(-zlib.MAX_WBITS)
                out = inflater.decompress(data, CHUNK_SIZE)
            first = False
            meter.add(len(out))
            if out:
                yield out
            data = inflater.unconsumed_tail
            if inflater.eof or (not data and len(out) < CHUNK_SIZE):
                break
        if inflater.eof:
            return


def _decode_with(decoder, chunks: Iterable[bytes], meter: _Meter) -> Iterator[bytes]:
    decoded = decoder.decode(b"".join(chunks))
    meter.add(len(decoded))
    yield decoded


def _pdf_bomb(limit: int) -> ValidationError:
    return ValidationError(
        _("The PDF file expands to more than %(limit)s when opened (a compression bomb).")
        % {"limit": human_size(limit)},
        code="pdf_decompression_bomb",
    )


# --- web page code in PDFs and images (polyglots)
# Tags that make a browser render a page or run a script; followed by a space, a slash or ">" so that binary data
# rarely matches by chance (about once in 10^10 positions).
_MARKUP = re.compile(
    rb"<\s*(?:!doctype|html|head|body|script|iframe|frame|frameset|svg|object|embed|img|meta|style|link|base|form)"
    rb"[\s/>]",
    re.IGNORECASE,
)


def _has_markup(data: bytes) -> bool:
    # Without NUL bytes, HTML written in UTF-16 (which browsers read too) is found like ASCII.
    return bool(_MARKUP.search(data.replace(b"\x00", b"")))


def _polyglot(label: str) -> ValidationError:
    return ValidationError(
        _(
            "The %(kind)s file contains web page (HTML) code; save it again from the program that made it and "
            "upload that."
        )
        % {"kind": label},
        code="html_polyglot",
    )


# --- office documents (OOXML) ----------------------------------------------------------------------------------
_OOXML_MAIN = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": DOCX,
    "application/vnd.ms-word.document.macroenabled.main+xml": DOCX,
    "application/vnd.ms-word.template.macroenabledtemplate.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml": XLSX,
    "application/vnd.ms-excel.sheet.macroenabled.main+xml": XLSX,
    "application/vnd.ms-excel.template.macroenabled.main+xml": XLSX,
    "application/vnd.ms-excel.sheet.binary.macroenabled.main": XLSX,
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": PPTX,
    "application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml": PPTX,
    "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml": PPTX,
    "application/vnd.ms-powerpoint.presentation.macroenabled.main+xml": PPTX,
    "application/vnd.ms-powerpoint.slideshow.macroenabled.main+xml": PPTX,
    "application/vnd.ms-powerpoint.template.macroenabled.main+xml": PPTX,
}
# The first bytes of archives and of OLE compound files (what Office embeds objects as).
_ARCHIVE_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"\xd0\xcf\x11\xe0", b"Rar!", b"7z\xbc\xaf", b"\x1f\x8b", b"BZh")
_ARCHIVE_SUFFIXES = (".zip", ".rar", ".7z", ".gz", ".tar", ".cab", ".jar", ".exe", ".dll")
_PACKAGE = "{http://schemas.openxmlformats.org/package/2006/content-types}"


class _Package:
    """An OOXML package as read once: its parts and the content type of each (a part name is case-insensitive)."""

    def __init__(self, archive: zipfile.ZipFile, defaults: dict[str, str], overrides: dict[str, str]):
        self.archive, self.defaults, self.overrides = archive, defaults, overrides

    def content_type(self, part: str) -> str:
        part = "/" + part.lstrip("/").lower()
        return self.overrides.get(part) or self.defaults.get(part.rsplit(".", 1)[-1], "")


def _open_package(content: bytes) -> _Package | None:
    """The package, or None when the content is no zip with content types (then it is an archive)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        if "[Content_Types].xml" not in archive.namelist():
            return None
        types = _read_xml(archive, "[Content_Types].xml")
    except Exception:
        return None
    defaults = {
        e.get("Extension", "").lower(): e.get("ContentType", "").lower() for e in types.iter(f"{_PACKAGE}Default")
    }
    overrides = {
        e.get("PartName", "").lower(): e.get("ContentType", "").lower() for e in types.iter(f"{_PACKAGE}Override")
    }
    return _Package(archive, defaults, overrides)


def _read_xml(archive: zipfile.ZipFile, name: str):
    """A small XML part, parsed without entities or DTDs (defusedxml: no billion laughs, no outside files)."""
    info = archive.getinfo(name)
    if info.file_size > OOXML_MAX_XML:
        raise ValueError(f"{name} is {info.file_size} bytes")
    with archive.open(info) as part:
        return parse_xml(part.read(OOXML_MAX_XML + 1))


def _relationships(archive: zipfile.ZipFile, name: str) -> list[tuple[str, str, str]]:
    """(type, target, mode) of each relationship in a .rels part."""
    return [
        (e.get("Type", ""), e.get("Target", ""), e.get("TargetMode", ""))
        for e in _read_xml(archive, name).iter()
        if e.tag.endswith("}Relationship")
    ]


def _package_type(package: _Package) -> str:
    """The Office type the package declares through its main part, or application/zip if it declares none."""
    try:
        main = next(
            (t for kind, t, _m in _relationships(package.archive, "_rels/.rels") if kind.endswith("/officeDocument")),
            "",
        )
    except Exception:
        main = ""
    return _OOXML_MAIN.get(package.content_type(main), "application/zip") if main else "application/zip"


def _check_package(package: _Package | None, kind: _Kind, max_bytes: int) -> None:
    if package is None:
        raise _damaged(kind.label)
    infos = package.archive.infolist()
    if len(infos) > OOXML_MAX_ENTRIES:
        raise ValidationError(
            _("The %(kind)s file has %(count)s parts; the limit is %(limit)s.")
            % {"kind": kind.label, "count": len(infos), "limit": OOXML_MAX_ENTRIES},
            code="office_too_many_parts",
        )
    names = [info.filename for info in infos]
    if len({name.lower() for name in names}) != len(names) or any(map(_unsafe_part_name, names)):
        # Two parts of one name are read differently by different programs; a path leads out of any folder the
        # package is unpacked into.
        raise ValidationError(
            _("The %(kind)s file contains a part with an unsafe name; upload a document saved by Office.")
            % {"kind": kind.label},
            code="office_unsafe_name",
        )
    # The sizes the zip declares are the most zipfile will inflate (it stops at the declared size and checks the CRC),
    # so they bound what any part can cost.
    bomb = any(
        i.file_size > OOXML_RATIO_FROM and i.file_size > OOXML_MAX_RATIO * max(i.compress_size, 1) for i in infos
    )
    if bomb:
        raise ValidationError(
            _("The %(kind)s file contains a part that is compressed suspiciously much (a zip bomb).")
            % {"kind": kind.label},
            code="office_bomb",
        )
    limit = OOXML_EXPANSION_FACTOR * max_bytes
    if sum(i.file_size for i in infos) > limit:
        raise ValidationError(
            _("The %(kind)s file expands to more than %(limit)s when opened (a compression bomb).")
            % {"kind": kind.label, "limit": human_size(limit)},
            code="office_bomb",
        )
    try:
        found = _package_findings(package, infos)
    except Exception as error:
        raise _damaged(kind.label) from error
    messages = {
        "office_macros": _(
            "The %(kind)s file contains macros; save it as %(extension)s without macros and upload it again."
        ),
        "office_activex": _("The %(kind)s file contains ActiveX controls; upload a document without them."),
        "office_embedded": _("The %(kind)s file contains embedded objects or files; upload a document without them."),
        "office_external": _(
            "The %(kind)s file links to an outside file or template that is loaded when it is opened; "
            "upload a document without such links."
        ),
    }
    for code, message in messages.items():  # the most dangerous first
        if code in found:
            raise ValidationError(message % {"kind": kind.label, "extension": kind.extensions[0]}, code=code)


def _unsafe_part_name(name: str) -> bool:
    return (
        name.startswith("/")
        or "\\" in name
        or bool(_DRIVE.match(name))
        or ".." in name.split("/")
        or any(unicodedata.category(char) in ("Cc", "Cf") for char in name)
    )


def _package_findings(package: _Package, infos: list[zipfile.ZipInfo]) -> set[str]:
    found: set[str] = set()
    for content_type in [*package.defaults.values(), *package.overrides.values()]:
        if "macroenabled" in content_type or "vbaproject" in content_type:
            found.add("office_macros")
        if "activex" in content_type:
            found.add("office_activex")
        if "oleobject" in content_type:
            found.add("office_embedded")
    for info in infos:
        name = info.filename.lower()
        if name.endswith(("vbaproject.bin", "vbadata.xml")):  # also when no content type admits it
            found.add("office_macros")
        elif "/activex/" in f"/{name}":
            found.add("office_activex")
        elif "/embeddings/" in f"/{name}" or name.endswith(_ARCHIVE_SUFFIXES):
            found.add("office_embedded")
        elif not info.is_dir():
            with package.archive.open(info) as part:  # a picture that is really an archive or an OLE file
                if part.read(8).startswith(_ARCHIVE_MAGIC):
                    found.add("office_embedded")
        if name.endswith(".rels"):
            for kind, _target, mode in _relationships(package.archive, info.filename):
                relation = kind.rsplit("/", 1)[-1].lower()
                if relation == "vbaproject":
                    found.add("office_macros")
                elif relation in ("control", "activexcontrolbinary"):
                    found.add("office_activex")
                elif relation in ("oleobject", "package") and mode.lower() != "external":
                    found.add("office_embedded")
                # An outside target is fetched when the document opens (a template, a linked picture, an OLE link,
                # a subdocument) – from a web server or a network share that then learns the reader's Windows
                # password hash. Hyperlinks are followed only on a click, and Office asks first.
                if mode.lower() == "external" and relation != "hyperlink":
                    found.add("office_external")
    return found


def _check_image(content: bytes, kind: _Kind) -> None:
    if _has_markup(content[:HTML_HEAD_BYTES]):
        raise _polyglot(kind.label)
    try:
        with warnings.catch_warnings():
            # Pillow warns above ~89 megapixels and refuses above twice that; both mean a decompression bomb.
            # (catch_warnings is process-wide while it lasts; the warning it turns into an error has one meaning.)
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                width, height, pillow_format = *image.size, image.format
    except Image.DecompressionBombError as error:
        raise _too_many_pixels(over=2 * Image.MAX_IMAGE_PIXELS) from error
    except Image.DecompressionBombWarning as error:
        raise _too_many_pixels(over=Image.MAX_IMAGE_PIXELS) from error
    except Exception as error:
        raise _damaged(kind.label) from error
    if pillow_format != kind.pillow_format:
        raise _damaged(kind.label)
    if width * height > MAX_PIXELS:
        raise _too_many_pixels(width, height)
    if not _ends_whole(content, pillow_format):
        raise _damaged(kind.label)
    try:
        with Image.open(io.BytesIO(content)) as image:
            image.verify()  # structure and checksums
        with Image.open(io.BytesIO(content)) as image:
            image.load()  # every pixel, and the text chunks a PNG may keep after them
            metadata = _image_metadata(image)
    except Exception as error:
        raise _damaged(kind.label) from error
    if any(map(_has_markup, metadata)):
        raise _polyglot(kind.label)


def _image_metadata(image) -> list[bytes]:
    """The text an image carries besides its pixels, where HTML may hide past the first bytes: a JPEG's comments and
    APP segments (XMP…), a PNG's text chunks (compressed ones inflated by Pillow, within its own limits). A camera or
    scanner writes no HTML there. The binary Exif block (with its thumbnail) and the ICC profile are left out: they
    are not text, and random bytes would match sooner or later."""
    segments = [
        data for _marker, data in getattr(image, "applist", []) if not data.startswith((b"Exif\x00", b"ICC_PROFILE"))
    ]
    texts = [value.encode("utf-8", "replace") for value in getattr(image, "text", {}).values()]
    return segments + texts


def _ends_whole(content: bytes, pillow_format: str) -> bool:
    """The image's end marker is there: a JPEG's end-of-image after its last scan, a PNG's IEND chunk with its CRC.

    Checked by hand because WeasyPrint sets Pillow's process-wide ImageFile.LOAD_TRUNCATED_IMAGES on import, after
    which Pillow pads a cut-off image silently instead of failing."""
    if pillow_format == "JPEG":
        return content.rfind(b"\xff\xd9") > content.rfind(b"\xff\xda")
    if pillow_format == "PNG":
        return b"IEND\xaeB`\x82" in content
    return True


def _megapixels(pixels: int) -> str:
    return f"{pixels / 1_000_000:.1f}".removesuffix(".0")


def _too_many_pixels(width: int = 0, height: int = 0, *, over: int = 0) -> ValidationError:
    limit = _megapixels(MAX_PIXELS)
    if over:  # Pillow stopped before giving the size: the image is past Pillow's own, higher limit
        message = _("The image has more than %(megapixels)s megapixels; the limit is %(limit)s megapixels.") % {
            "megapixels": _megapixels(over),
            "limit": limit,
        }
    else:
        message = _(
            "The image is %(width)s × %(height)s pixels (%(megapixels)s megapixels); the limit is %(limit)s megapixels."
        ) % {"width": width, "height": height, "megapixels": _megapixels(width * height), "limit": limit}
    return ValidationError(message, code="image_too_large")
