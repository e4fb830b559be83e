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
HASHED_COPY = "*." + "[0-9a-f]" * 12 + ".*"  # "print.d0a18b3683ca.css", as the manifest storage names its copies


def collect_static(root: Path) -> Path:
    """collectstatic into `root` with the production storage (hashed names, manifest)."""
    from django.conf import settings
    from django.core.management import call_command
    from django.test import override_settings

    sources, fallback = _static_sources(settings.STATICFILES_DIRS, Path(settings.STATIC_ROOT))
    # Copies an earlier collectstatic left carry their own hashed and compressed twins: those are not sources.
    ignore = ["*.gz", "*.br", HASHED_COPY] if fallback else []
    with override_settings(
        STATIC_ROOT=str(root),
        STORAGES=production_storages(settings.STORAGES),
        STATICFILES_DIRS=sources,
        WHITENOISE_SKIP_COMPRESS_EXTENSIONS=NOT_COMPRESSED,
    ):
        call_command("collectstatic", interactive=False, verbosity=0, ignore_patterns=ignore)
    assert (root / "staticfiles.json").is_file(), "collectstatic wrote no manifest"
    return root


def _static_sources(dirs, collected: Path) -> tuple[list, bool]:
    """STATICFILES_DIRS, where a front-end package that is not installed (no node_modules on this machine: `make
    assets` not run) is taken from the copy an earlier collectstatic (`make run`) left in STATIC_ROOT, so pages that
    link Bootstrap render on the manifest storage instead of failing with "Missing staticfiles manifest entry". CI
    installs the packages and collects from them."""
    sources, fallback = [], False
    for entry in dirs:
        prefix, path = entry if isinstance(entry, tuple) else ("", entry)
        if Path(path).is_dir() or not prefix or not (collected / prefix).is_dir():
            sources.append(entry)
            continue
        sources.append((prefix, str(collected / prefix)))
        fallback = True
    return sources, fallback


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
