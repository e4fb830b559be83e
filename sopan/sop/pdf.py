"""The SOP as a PDF in the official layout: sop/print.html rendered by WeasyPrint.

Everything the page needs comes from this installation: the stylesheet is read from disk through Django's
staticfiles finders and any other address is refused, so printing never touches the network (an office may be
offline, and a document must not call out to addresses written into it).
"""

from __future__ import annotations

import mimetypes
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from .definition import Definition
from .rendering import document

# A base address that is never fetched: relative and /static/ links resolve against it, then map to files on disk.
BASE_URL = "https://sopan.invalid/"


def document_pdf(definition: Definition, *, status: Mapping[str, str] | None = None) -> bytes:
    """The SOP printed on A4 landscape (identity block, then the flowchart pages), in the active language."""

    html = render_to_string("sop/print.html", {"doc": document(definition, status=status)})
    return html_to_pdf(html)


def html_to_pdf(html: str) -> bytes:
    """Any printable page of Sopan as a PDF: its /static/ links are read from disk, nothing else is fetched."""
    from weasyprint import HTML

    return HTML(string=html, base_url=BASE_URL, url_fetcher=_static_fetcher()).write_pdf()


def static_path(url: str) -> Path | None:
    """The file on disk behind a static URL of this site (absolute, or relative to BASE_URL); None for any other."""
    path = urlsplit(url).path
    static = urlsplit(settings.STATIC_URL or "/static/").path
    if not static.endswith("/"):
        static += "/"
    if not path.startswith(static):
        return None
    relative = unquote(path[len(static) :])
    if not relative or ".." in Path(relative).parts:
        return None
    found = finders.find(relative)
    return Path(found) if found else None


def _static_fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFetcher(URLFetcher):
        """Answers static files from disk and `data:` URLs; refuses everything else."""

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
