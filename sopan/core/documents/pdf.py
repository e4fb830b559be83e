"""Printing any page of Sopan as a PDF with WeasyPrint, offline (DESIGN.md §3: core.documents).

Everything a printed page needs comes from this installation: stylesheets and images are read from the static files
and `data:` URIs (an organisation's logo is embedded that way); any other address is refused, so printing never
touches the network (an office may be offline, and a document must not call out to addresses written into it).

A static URL is found the way the site serves it:
- in production (`CompressedManifestStaticFilesStorage`, DEBUG off) `{% static %}` writes hashed names
  (`sop/print.d0a18b3683ca.css`) that exist only in STATIC_ROOT, where collectstatic put them;
- in development (`StaticFilesStorage`) it writes the source names, which the staticfiles finders know.

A stylesheet or image that cannot be loaded makes a document that looks wrong (an unstyled form, a cut table), so it
must not pass silently: WeasyPrint's load errors are logged as errors of `sopan.core.documents.pdf`, with the URL.
"""

from __future__ import annotations

import logging
import mimetypes
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation

logger = logging.getLogger(__name__)

# A base address that is never fetched: relative and /static/ links resolve against it, then map to files on disk.
BASE_URL = "https://sopan.invalid/"

# How WeasyPrint's `weasyprint` logger words a resource it could not load (stylesheet, image, inline SVG, attachment).
LOAD_ERROR_PREFIX = "Failed to load"


def html_to_pdf(html: str, *, stylesheets: Iterable[str] = ()) -> bytes:
    """Any printable page of Sopan as a PDF: its static links are read from disk, `data:` URIs are embedded, nothing
    else is fetched. `stylesheets` are static names (`"sop/compliance.css"`) added to the page's own.

    Resources that fail to load are logged as errors (`load_errors` below); the PDF is still made."""
    from weasyprint import CSS, HTML

    fetcher = _static_fetcher()
    with load_errors() as errors:
        sheets = []
        for name in stylesheets:
            try:
                sheets.append(CSS(url=static_url(name), url_fetcher=fetcher))
            except Exception as error:  # WeasyPrint logs the page's own links the same way and goes on
                errors.append(f"{LOAD_ERROR_PREFIX} stylesheet {name}: {error}")
        return HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).write_pdf(stylesheets=sheets)


@contextmanager
def load_errors() -> Iterator[list[str]]:
    """Collects WeasyPrint's "Failed to load …" messages of this thread while printing, as a list of strings, and
    logs each as an ERROR of Sopan's logger when the block ends."""
    messages: list[str] = []
    handler = _LoadErrorHandler(messages)
    weasyprint_logger = logging.getLogger("weasyprint")
    weasyprint_logger.addHandler(handler)
    try:
        yield messages
    finally:
        weasyprint_logger.removeHandler(handler)
        for message in messages:
            logger.error("Printing without a resource of the page: %s", message)


class _LoadErrorHandler(logging.Handler):
    def __init__(self, messages: list[str]):
        super().__init__(logging.DEBUG)
        self.messages = messages
        self.thread = threading.get_ident()  # another thread printing at the same time reports its own

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread != self.thread:
            return
        message = record.getMessage()
        if message.startswith(LOAD_ERROR_PREFIX):
            self.messages.append(message)


def static_url(name: str) -> str:
    """The absolute URL of a static file as a printed page links it (the hashed name in production)."""
    return urljoin(BASE_URL, staticfiles_storage.url(name))


def static_path(url: str) -> Path | None:
    """The file on disk behind a static URL of this site (absolute, or relative to BASE_URL); None for anything else:
    another host or scheme, a path outside STATIC_URL, a way out of the static folders (`..`, absolute parts)."""
    relative = _static_name(url)
    if relative is None:
        return None
    return _found_by_finders(relative) or _collected(relative)


def _allowed_origins() -> set[tuple[str, str]]:
    origins = {_origin(BASE_URL)}
    static = urlsplit(settings.STATIC_URL or "/static/")
    if static.netloc:  # static files served from another address (a CDN): their URLs name it
        origins.add(_origin(settings.STATIC_URL))
    return origins


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return (parts.scheme.lower(), parts.netloc.lower())


def _static_name(url: str) -> str | None:
    """The static file's name (`sop/print.css`) in a URL of this site, or None."""
    absolute = urljoin(BASE_URL, url)
    if _origin(absolute) not in _allowed_origins():
        return None
    path = urlsplit(absolute).path
    prefix = urlsplit(settings.STATIC_URL or "/static/").path
    if not prefix.endswith("/"):
        prefix += "/"
    if not path.startswith(prefix):
        return None
    relative = unquote(path[len(prefix) :])
    if not relative or "\\" in relative or "\x00" in relative or relative.startswith("/"):
        return None
    parts = PurePosixPath(relative).parts
    if any(part in ("..", ".") for part in parts) or ":" in parts[0]:
        return None
    return relative


def _found_by_finders(relative: str) -> Path | None:
    """Development: the source file, wherever an app or STATICFILES_DIRS holds it (finders know no hashed names)."""
    try:
        found = finders.find(relative)
    except SuspiciousFileOperation:
        return None
    return Path(found) if found else None


def _collected(relative: str) -> Path | None:
    """Production: the file collectstatic wrote into STATIC_ROOT (hashed names included), never one outside it."""
    if not settings.STATIC_ROOT:
        return None
    root = Path(settings.STATIC_ROOT).resolve()
    candidate = (root / relative).resolve()
    if not candidate.is_relative_to(root) or not candidate.is_file():
        return None
    return candidate


def _static_fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFetcher(URLFetcher):
        """Answers static files from disk and `data:` URIs; refuses everything else."""

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = static_path(url)
            if path is None:
                raise ValueError(f"not a static file of this site: {url}")
            mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            response_headers = {
                "Content-Type": mime_type + ("; charset=utf-8" if mime_type.startswith("text/") else "")
            }
            return URLFetcherResponse(url, path.read_bytes(), response_headers)

    return StaticFetcher(allowed_protocols=("data", "https", "http"))
