"""Uploaded files checked by what they contain, not by their name or by what the browser says they are.

`check_upload` reads at most the size limit (plus one byte, to know it was passed), finds the type from the bytes
(libmagic), and then opens the file the way a reader would: a PDF must parse, have pages, be unencrypted and carry no
JavaScript, embedded files or launch actions; an image must decode and stay under a pixel limit (decompression
bombs). Archives are never accepted, which is also how zip bombs stay out. The name is kept only as a label: no
folder, no control characters, limited in length, with an extension that matches the content.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import warnings
from dataclasses import dataclass

import magic
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"

MB = 1024 * 1024
MAX_BYTES = 5 * MB
MAX_PIXELS = 50_000_000
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
}

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
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": gettext_lazy("a Word document"),
    "application/vnd.ms-excel": gettext_lazy("an Excel workbook"),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": gettext_lazy("an Excel workbook"),
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
    if content_type not in allowed:
        raise ValidationError(
            _("This file is %(kind)s, not %(allowed)s.")
            % {"kind": _describe(content_type), "allowed": _either([_KINDS[t].label for t in dict.fromkeys(allowed)])},
            code="archive" if content_type in _ARCHIVES else "type_not_allowed",
        )
    kind = _KINDS[content_type]
    name = _safe_name(raw_name, kind)
    if content_type == PDF:
        _check_pdf(content)
    else:
        _check_image(content, kind)
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


def _check_pdf(content: bytes) -> None:
    # pypdf raises many kinds of exception on malformed input (its own, ValueError, KeyError, RecursionError…):
    # whatever it raises, the file cannot be read.
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        encrypted = reader.is_encrypted
        pages = 0 if encrypted else len(reader.pages)
        active = None if encrypted or not pages else _pdf_active_content(reader)
    except Exception as error:
        raise _damaged("PDF") from error
    if encrypted:
        raise ValidationError(
            _("The PDF file is encrypted; save it without a password or protection and upload it again."),
            code="pdf_encrypted",
        )
    if not pages:
        raise ValidationError(_("The PDF file has no pages."), code="pdf_no_pages")
    if active:
        code, message = {
            "javascript": ("pdf_javascript", _("The PDF file contains JavaScript; upload a PDF without scripts.")),
            "embedded_file": (
                "pdf_embedded_file",
                _("The PDF file contains embedded files; upload a PDF without attachments."),
            ),
            "launch": ("pdf_launch", _("The PDF file contains an action that starts a program.")),
            "too_complex": ("pdf_too_complex", _("The PDF file has too many objects to be checked.")),
        }[active]
        raise ValidationError(message, code=code)


_PDF_SCRIPT_KEYS = frozenset({"/JS", "/JavaScript"})
_PDF_FILE_KEYS = frozenset({"/EmbeddedFiles", "/EmbeddedFile", "/EF"})


def _pdf_active_content(reader: PdfReader) -> str | None:
    """What active content the document holds, looking at every object reachable from its catalogue.

    Not only the catalogue and its names tree: a link annotation on a page can run JavaScript or launch a program
    as well, and an attachment can hang on an annotation.
    """
    seen: set[tuple[int, int]] = set()
    stack = [reader.trailer.raw_get("/Root")]
    visited = 0
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            reference = (item.idnum, item.generation)
            if reference in seen:
                continue
            seen.add(reference)
            item = item.get_object()
        visited += 1
        if visited > PDF_MAX_OBJECTS:
            return "too_complex"
        if isinstance(item, DictionaryObject):  # streams are dictionaries too; their data is not looked at
            for key, value in item.items():
                if key in _PDF_SCRIPT_KEYS or (key == "/S" and value == "/JavaScript"):
                    return "javascript"
                if key in _PDF_FILE_KEYS:
                    return "embedded_file"
                if key == "/S" and value == "/Launch":
                    return "launch"
                stack.append(value)
        elif isinstance(item, ArrayObject):
            stack.extend(item)
    return None


def _check_image(content: bytes, kind: _Kind) -> None:
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
            image.load()  # every pixel
    except Exception as error:
        raise _damaged(kind.label) from error


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
