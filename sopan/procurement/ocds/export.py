"""Writing one organisation's OCDS release package (issue 17 §7): build, validate, write.

`manage.py export_ocds --organization SLUG --output FILE` and the public JSON endpoint both call
`write_release_package`, so the file and the endpoint are the same document, and neither can publish a package the
official OCDS 1.1.5 schema refuses.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from typing import IO

from django.utils.translation import ngettext

from .releases import OcdsExportError, release_package
from .validation import validate


def build_valid_release_package(packages: Iterable, **kwargs) -> dict:
    """The release package (`releases.release_package` keywords), raising OcdsExportError if the schema refuses it."""
    document = release_package(packages, **kwargs)
    errors = validate(document)
    if errors:
        heading = ngettext(
            "The OCDS release package does not pass the OCDS 1.1.5 schema (%(count)d error):",
            "The OCDS release package does not pass the OCDS 1.1.5 schema (%(count)d errors):",
            len(errors),
        ) % {"count": len(errors)}
        raise OcdsExportError([heading, *errors])
    return document


def dumps(document: dict) -> str:
    """The JSON text: UTF-8 characters as they are, keys in the builder's order, a final newline."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def write_release_package(packages: Iterable, stream: IO, **kwargs) -> dict:
    """Build, validate and write the release package to `stream` as UTF-8 JSON; returns the document.

    `stream` is a binary stream (a file opened "wb", an HttpResponse) or a text stream opened with encoding="utf-8".
    Nothing is written when the package is refused: OcdsExportError carries every schema error ("path: message").
    """
    document = build_valid_release_package(packages, **kwargs)
    text = dumps(document)
    if isinstance(stream, io.TextIOBase):
        stream.write(text)
    else:
        stream.write(text.encode("utf-8"))
    return document
