"""The SOP document of one stored version, as its organisation prints it: its logo in the identity block and the
approval (Disahkan Oleh) as the version records it. The rest of rendering/ is pure; this reads the version's
organisation and the logo file from storage.

The logo goes into the page as a data: URI: printing (WeasyPrint) fetches static files only, never media, and the
HTML page then needs no second request for it either.
"""

from __future__ import annotations

import base64
import threading
from collections.abc import Mapping
from dataclasses import replace

from django.utils.translation import get_language

from ..definition import Person
from .flowchart import DocumentView, document

MAX_LOGO_BYTES = 512 * 1024
LOGO_TYPES = {
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
    b"GIF87a": "image/gif",
    b"GIF89a": "image/gif",
}


class _Kept:
    """A small cache for the process (its threads share it), oldest out first: what is drawn or read again and
    again for every page that shows a case on its SOP."""

    def __init__(self, size: int):
        self.size = size
        self.items: dict = {}
        self.lock = threading.Lock()

    def get(self, key):
        return self.items.get(key)

    def put(self, key, value):
        with self.lock:
            if len(self.items) >= self.size:
                self.items.pop(next(iter(self.items)), None)
            self.items[key] = value
        return value


# A logo's file is never rewritten in place (core.files names each upload by a new UUID), so its
# name (in its storage's folder or bucket) is its key.
_LOGOS = _Kept(64)
# The drawn flowchart of a definition with a progress overlay: about 40 % of a package page's time (issue 21).
_DOCUMENTS = _Kept(128)


def logo_data_uri(organization) -> str:
    """The organisation's logo as a data: URI; empty without one, or when it is missing, too large (over 512 KB)
    or not a PNG, JPEG or GIF image (the document then prints without it rather than failing). Kept per file name
    for the process: the storage (object storage in production) is read once per logo."""
    logo = getattr(organization, "logo", None)
    if not logo:
        return ""
    storage = logo.storage
    key = (getattr(storage, "location", ""), getattr(storage, "bucket_name", ""), logo.name)
    found = _LOGOS.get(key)
    if found is None:
        try:
            with logo.storage.open(logo.name, "rb") as handle:
                data = handle.read(MAX_LOGO_BYTES + 1)
        except (OSError, ValueError):
            return ""  # not kept: the storage may answer next time
        found = _LOGOS.put(key, _data_uri(data))
    return found


def _data_uri(data: bytes) -> str:
    if len(data) > MAX_LOGO_BYTES:
        return ""
    mime = next((kind for magic, kind in LOGO_TYPES.items() if data.startswith(magic)), "")
    if not mime:
        return ""
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def approver_of(version) -> Person:
    """Disahkan Oleh as printed: the position the SOP names, with the name and NIP recorded when it was approved
    (version_approve writes them into the definition; an approval recorded without them takes the approver's)."""
    person = version.parsed.identity.approved_by
    user = version.approved_by if version.approved_by_id else None
    if user is not None and not person.name:
        person = replace(person, name=user.get_full_name(), nip=person.nip or (user.nip or ""))
    return person


def version_document(version, *, status: Mapping[str, str] | None = None) -> DocumentView:
    """`document()` of a stored version, with its organisation's logo and its approval.

    Drawn once per process for each definition, approver, language and progress: the definition object is shared
    by every version holding the same data (`SopVersion.parsed`), and the drawing depends on nothing else (the
    entry keeps its definition, so a key is never taken by another object given the same id)."""
    definition = version.parsed
    approver = approver_of(version)
    overlay = tuple(sorted(status.items())) if status is not None else None
    key = (id(definition), approver, get_language(), overlay)
    found = _DOCUMENTS.get(key)
    if found is None or found[0] is not definition:
        shown = definition
        if approver != definition.identity.approved_by:
            shown = replace(definition, identity=replace(definition.identity, approved_by=approver))
        found = _DOCUMENTS.put(key, (definition, document(shown, status=status)))
    return replace(found[1], logo=logo_data_uri(version.organization))
