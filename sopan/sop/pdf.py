"""The SOP as a PDF in the official layout: sop/print.html rendered by WeasyPrint.

Printing itself (offline: only this installation's static files and `data:` URIs) is `sopan.core.documents.pdf`.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.template.loader import render_to_string

from sopan.core.documents.pdf import BASE_URL, html_to_pdf, static_path

from .definition import Definition
from .rendering import document

__all__ = ["BASE_URL", "document_pdf", "html_to_pdf", "static_path"]


def document_pdf(definition: Definition, *, status: Mapping[str, str] | None = None) -> bytes:
    """The SOP printed on A4 landscape (identity block, then the flowchart pages), in the active language."""

    html = render_to_string("sop/print.html", {"doc": document(definition, status=status)})
    return html_to_pdf(html)
