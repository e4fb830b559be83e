"""One way to serve a file (issue 15 §2): every download and every printed document of the project goes through
`file_response`.

- The content type is the one of the content itself, as the upload checks find it (`sopan.core.uploads.detect`), never
  the stored name's extension nor what a browser claimed when it was uploaded. Text the server produced itself (YAML,
  CSV) may name its precise text type; anything that is not plain text keeps the type found.
- `Content-Disposition: attachment` unless the caller asks for `inline`; the name as given, with the RFC 6266
  `filename*` form when it is not ASCII.
- Inline only sandboxed: `Content-Security-Policy: sandbox` so a document opened in the browser runs nothing with the
  site's rights; HTML and SVG are never inline. A PDF is the one exception: browsers show it in their own viewer,
  which runs apart from the page (Chromium drops the page's CSP for it) and which Chromium refuses to start in a
  sandboxed document ("This page has been blocked"), so an inline PDF with a sandbox could not be read at all; its
  type is the checked content's, so nothing else passes for a PDF. `X-Content-Type-Options: nosniff` always.
- `Cache-Control: private, no-store` where the file is personal (identity scans, vendor documents, ticket attachments).
"""

from __future__ import annotations

import io

from django.core.files.storage import default_storage
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header

from sopan.core.uploads.detect import content_type_of

# what a browser would run with the site's rights if shown inline: always a download
_ACTIVE_TYPES = frozenset({"text/html", "image/svg+xml", "text/xml", "application/xhtml+xml"})
PLAIN_TEXT = "text/plain"
PDF = "application/pdf"


def file_response(
    source: str | FieldFile | bytes,
    *,
    filename: str,
    inline: bool = False,
    personal: bool = False,
    text_type: str = "",
) -> HttpResponse | FileResponse:
    """The response serving `source`: a storage file name, a FieldFile or bytes the server produced.

    A stored file that is missing answers 404. `text_type` (e.g. `"application/yaml; charset=utf-8"`) names the
    precise type of text the server produced itself; it applies only when the content is plain text.
    """
    content = _read(source)
    content_type = content_type_of(content)
    if text_type and content_type == PLAIN_TEXT:
        content_type = text_type
    inline = inline and content_type not in _ACTIVE_TYPES
    if isinstance(source, bytes | bytearray | memoryview):
        response = HttpResponse(content, content_type=content_type)
    else:  # a stored file streams, like the FileResponse it replaces
        response = FileResponse(io.BytesIO(content), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    response["X-Content-Type-Options"] = "nosniff"
    if inline and content_type != PDF:
        response["Content-Security-Policy"] = "sandbox"
    if personal:
        response["Cache-Control"] = "private, no-store"
    return response


def _read(source: str | FieldFile | bytes) -> bytes:
    if isinstance(source, bytes | bytearray | memoryview):
        return bytes(source)
    if isinstance(source, FieldFile):
        name, storage = source.name, source.storage
    else:
        name, storage = source, default_storage
    if not name:
        raise Http404
    try:
        with storage.open(name, "rb") as handle:
            return handle.read()
    except (FileNotFoundError, OSError) as error:
        raise Http404 from error
