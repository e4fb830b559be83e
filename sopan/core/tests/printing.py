"""Helpers for testing printed documents (imported by conftest.py, the printing tests and the print journey).

Printed documents are tested on the static storage production uses (`PRODUCTION_STORAGES`): `{% static %}` then
writes hashed names (`sop/print.d0a18b3683ca.css`) that exist only in the collected STATIC_ROOT. Tests that printed
with plain `StaticFilesStorage` passed while every production PDF but one came out unstyled (issue 14 §1).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

# The same backend config/settings/base.py picks when DEBUG is off (make run, production).
PRODUCTION_STATICFILES = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
PRINT_LOGGER = "sopan.core.documents.pdf"

MM_PER_POINT = 25.4 / 72
PAPER_MM = {"A4": (210, 297), "F4": (215, 330), "Letter": (216, 279)}
TOLERANCE_MM = 1.5


def production_storages(current: dict) -> dict:
    return {**current, "staticfiles": PRODUCTION_STATICFILES}


# Compressed twins (.gz, .br) take most of collectstatic's time and nothing reads them when printing (the print code
# reads the hashed file itself): the test session's collection makes none. Names, hashes and manifest are production's.
NOT_COMPRESSED = ("css", "js", "mjs", "cjs", "map", "svg", "json", "txt", "html", "md", "ts", "woff", "woff2", "ttf")


def collect_static(root: Path) -> Path:
    """collectstatic into `root` with the production storage (hashed names, manifest); the front-end packages come
    from node_modules, which `make test` installs first (`make assets`)."""
    from django.conf import settings
    from django.core.management import call_command
    from django.test import override_settings

    with override_settings(
        STATIC_ROOT=str(root),
        STORAGES=production_storages(settings.STORAGES),
        WHITENOISE_SKIP_COMPRESS_EXTENSIONS=NOT_COMPRESSED,
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
    assert (root / "staticfiles.json").is_file(), "collectstatic wrote no manifest"
    return root


# --- reading PDFs ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Page:
    width_mm: float
    height_mm: float
    text: str  # white space runs made single spaces
    words: dict  # word -> list of (left, bottom, right, top) in points, for `box_of`

    @property
    def orientation(self) -> str:
        return "landscape" if self.width_mm > self.height_mm else "portrait"

    @property
    def size(self) -> str | None:
        """The paper's name ("A4") when the page is one of the known sizes, in either orientation."""
        short, long = sorted((self.width_mm, self.height_mm))
        for name, (w, h) in PAPER_MM.items():
            if abs(short - w) <= TOLERANCE_MM and abs(long - h) <= TOLERANCE_MM:
                return name
        return None


def pdf_pages(data: bytes, *, find: tuple[str, ...] = ()) -> list[Page]:
    """Every page's size, text, and where each string of `find` is on it (pypdfium2)."""
    import pypdfium2

    assert data.startswith(b"%PDF"), f"not a PDF: {data[:40]!r}"
    document = pypdfium2.PdfDocument(data)
    try:
        pages = []
        for index in range(len(document)):
            page = document[index]
            width, height = page.get_size()
            textpage = page.get_textpage()
            text = re.sub(r"\s+", " ", textpage.get_text_range())
            words = {}
            for word in find:
                searcher = textpage.search(word, match_case=True)
                boxes = []
                while (found := searcher.get_next()) is not None:
                    start, count = found
                    boxes.append(_union([textpage.get_charbox(i) for i in range(start, start + count)]))
                searcher.close()
                words[word] = boxes
            textpage.close()
            page.close()
            pages.append(Page(width * MM_PER_POINT, height * MM_PER_POINT, text, words))
        return pages
    finally:
        document.close()


def _union(boxes):
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def inside_page(page: Page, box) -> bool:
    """Whether a text box lies wholly on the paper (a table cut at the page edge puts its last column off it)."""
    left, bottom, right, top = (value * MM_PER_POINT for value in box)
    return left >= 0 and bottom >= 0 and right <= page.width_mm + 0.5 and top <= page.height_mm + 0.5


# --- load errors -----------------------------------------------------------------------------------------------
class RecordList(logging.Handler):
    """The ERROR records of the print logger during a test (the print code logs every resource it could not load)."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    @property
    def messages(self) -> list[str]:
        return [record.getMessage() for record in self.records]

    def clear(self) -> None:
        self.records.clear()
