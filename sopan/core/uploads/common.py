"""What the checks of every kind of upload share: the types, the limits, and the ways a file is refused."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext as _

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
OFFICE = (DOCX, XLSX, PPTX)

MB = 1024 * 1024
CHUNK_SIZE = 64 * 1024
# An A4 page scanned at 600 dpi is 4961 × 7016 = 34.8 megapixels, the most a document scan needs; phone cameras make
# 12–24 megapixels. 40 leaves room for both and refuses the 49-megapixel image of issue 13: decoded as RGBA it would
# take 196 MB of memory per upload.
MAX_PIXELS = 40_000_000
# Browsers sniff at most the first 1445 bytes (WHATWG MIME Sniffing, "resource header"); HTML there is a polyglot.
HTML_HEAD_BYTES = 1445
DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass(frozen=True)
class Kind:
    """One kind of file that can be allowed, as messages name it."""

    label: str  # in lists of what is allowed: "PDF, JPG or PNG"
    description: str  # completes "This file is …" and "its content is …"
    extensions: tuple[str, ...]  # the first one is given to a name without extension
    pillow_format: str = ""


def human_size(n: int) -> str:
    """A size as people here write it, in the active language's numbers: "466 B", "12,5 KB", "3,2 MB" (Indonesian,
    decimal comma) or "12.5 KB" (English); units of 1024, one decimal, none when whole. The one size formatter: the
    templates' `filesize` filter is this (Django's `filesizeformat` translates the unit: "466 bita")."""
    if n < 1024:
        return f"{n} B"
    value, unit = n / 1024, "KB"
    for bigger in ("MB", "GB", "TB"):
        if round(value, 1) < 1024:
            break
        value, unit = value / 1024, bigger
    value = round(value, 1)
    return f"{formats.number_format(value, decimal_pos=0 if value == int(value) else 1, use_l10n=True)} {unit}"


def damaged(label: str) -> ValidationError:
    return ValidationError(_("The %(kind)s file is damaged and cannot be opened.") % {"kind": label}, code="damaged")


def megapixels(pixels: int) -> str:
    return f"{pixels / 1_000_000:.1f}".removesuffix(".0")


# --- web page code in PDFs and images (polyglots)
# Tags that make a browser render a page or run a script; followed by a space, a slash or ">" so that binary data
# rarely matches by chance (about once in 10^10 positions).
_MARKUP = re.compile(
    rb"<\s*(?:!doctype|html|head|body|script|iframe|frame|frameset|svg|object|embed|img|meta|style|link|base|form)"
    rb"[\s/>]",
    re.IGNORECASE,
)


def has_markup(data: bytes) -> bool:
    # Without NUL bytes, HTML written in UTF-16 (which browsers read too) is found like ASCII.
    return bool(_MARKUP.search(data.replace(b"\x00", b"")))


def polyglot(label: str) -> ValidationError:
    return ValidationError(
        _(
            "The %(kind)s file contains web page (HTML) code; save it again from the program that made it and "
            "upload that."
        )
        % {"kind": label},
        code="html_polyglot",
    )
