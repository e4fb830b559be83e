"""The SOP document of one stored version, as its organisation prints it: its logo in the identity block and the
approval (Disahkan Oleh) as the version records it. The rest of rendering/ is pure; this reads the version's
organisation and the logo file from storage.

The logo goes into the page as a data: URI: printing (WeasyPrint) fetches static files only, never media, and the
HTML page then needs no second request for it either.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import replace

from ..definition import Person
from .flowchart import DocumentView, document

MAX_LOGO_BYTES = 512 * 1024
LOGO_TYPES = {
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
    b"GIF87a": "image/gif",
    b"GIF89a": "image/gif",
}


def logo_data_uri(organization) -> str:
    """The organisation's logo as a data: URI; empty without one, or when it is missing, too large (over 512 KB)
    or not a PNG, JPEG or GIF image (the document then prints without it rather than failing)."""
    logo = getattr(organization, "logo", None)
    if not logo:
        return ""
    try:
        with logo.storage.open(logo.name, "rb") as handle:
            data = handle.read(MAX_LOGO_BYTES + 1)
    except (OSError, ValueError):
        return ""
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
    """`document()` of a stored version, with its organisation's logo and its approval."""
    definition = version.parsed
    approver = approver_of(version)
    if approver != definition.identity.approved_by:
        definition = replace(definition, identity=replace(definition.identity, approved_by=approver))
    return replace(document(definition, status=status), logo=logo_data_uri(version.organization))
