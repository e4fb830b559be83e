"""Stored documents shown as pictures of their pages, so that nothing a file contains runs in the reader's browser
(issue 13 §3): a PDF page is rasterised on the server by PDFium (pypdfium2), an uploaded image is decoded and drawn
anew, and either way the browser receives a PNG that Pillow encoded from pixels. No byte of the original reaches the
browser, so a polyglot file (a PDF that is also HTML or a script) has nothing left to be sniffed as.

Why PDFium runs no document script here: JavaScript in a PDF runs only through PDFium's form-fill environment
(`FPDFDOC_InitFormFillEnvironment`, `PdfDocument.init_forms()` in pypdfium2) with a V8 engine compiled in. This module
never initialises forms, renders with `may_draw_forms=False`, and the pinned pypdfium2 build carries no V8 and no XFA
(`pypdfium2.version.PDFIUM_INFO.flags` is empty; a test keeps it so).

Bounded work: at most MAX_PAGES pages are offered, a page is drawn at most at MAX_SCALE and within MAX_SIDE and
MAX_PIXELS, so a crafted page size cannot make the server allocate gigabytes.
"""

from __future__ import annotations

import io
import math
import threading

import pypdfium2
from PIL import Image, ImageOps

from sopan.core import uploads

MAX_PAGES = 50  # pages offered in the viewer; the rest are in the download
MAX_SCALE = 2.0  # 144 dpi: a KTP's digits stay legible when zoomed in the browser
MAX_SIDE = 2000  # pixels of the longer side of a drawn page
MAX_PIXELS = 3_000_000  # pixels of a drawn page (about 9 MB in memory as RGB)
PDF = "application/pdf"

# PDFium is not thread-safe (pypdfium2's documentation says to serialise calls within a process), and gunicorn runs
# several threads per worker. The lock is per process and guards a C library, not shared state, so it does not have
# to agree with other processes or hosts.
_PDFIUM = threading.Lock()


class Unreadable(Exception):
    """The file cannot be drawn (damaged, or not a PDF or image after all)."""


def page_count(content: bytes, content_type: str) -> int:
    """How many pages the file has: an image one, a PDF its own count (the viewer offers up to MAX_PAGES)."""
    if content_type != PDF:
        return 1
    with _PDFIUM:
        document = _open_pdf(content)
        try:
            return len(document)
        finally:
            document.close()


def page_png(content: bytes, content_type: str, number: int) -> bytes:
    """Page `number` (1-based) drawn as a PNG. Raises IndexError for a page the viewer does not offer."""
    if content_type == PDF:
        image = _pdf_page(content, number)
    elif number == 1:
        image = _image(content)
    else:
        raise IndexError(number)
    output = io.BytesIO()
    image.save(output, format="PNG", optimize=False)
    return output.getvalue()


def _open_pdf(content: bytes) -> pypdfium2.PdfDocument:
    try:
        return pypdfium2.PdfDocument(content)
    except pypdfium2.PdfiumError as error:
        raise Unreadable(str(error)) from error


def _scale(width: float, height: float) -> float:
    """The largest scale up to MAX_SCALE at which the page stays within MAX_SIDE and MAX_PIXELS."""
    width, height = max(width, 1.0), max(height, 1.0)
    # 1 % below the exact limits: the renderer rounds each side up to whole pixels.
    return min(MAX_SCALE, 0.99 * MAX_SIDE / max(width, height), 0.99 * math.sqrt(MAX_PIXELS / (width * height)))


def _pdf_page(content: bytes, number: int) -> Image.Image:
    if not 1 <= number <= MAX_PAGES:
        raise IndexError(number)
    with _PDFIUM:
        document = _open_pdf(content)
        try:
            if number > len(document):
                raise IndexError(number)
            page = document[number - 1]
            try:
                width, height = page.get_size()
                bitmap = page.render(scale=_scale(width, height), may_draw_forms=False)
                image = bitmap.to_pil().convert("RGB")  # a copy: the bitmap's buffer is freed with the document
                bitmap.close()
            except pypdfium2.PdfiumError as error:
                raise Unreadable(str(error)) from error
            finally:
                page.close()
        finally:
            document.close()
    return image


def _image(content: bytes) -> Image.Image:
    try:
        with Image.open(io.BytesIO(content)) as source:
            # The upload check refused larger images already; checked again because files may predate it.
            if source.width * source.height > uploads.MAX_PIXELS:
                raise Unreadable("too many pixels")
            image = ImageOps.exif_transpose(source)
            image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as error:  # what Pillow raises on bad data
        raise Unreadable(str(error)) from error
    factor = _scale(image.width, image.height) / MAX_SCALE  # images are shown at their size, only ever shrunk
    if factor < 1:
        image = image.resize((max(1, int(image.width * factor)), max(1, int(image.height * factor))))
    return image
