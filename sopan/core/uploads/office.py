"""Office uploads (OOXML: .docx, .xlsx, .pptx): a zip package checked within limits, without active content."""

from __future__ import annotations

import io
import unicodedata
import zipfile

from defusedxml.ElementTree import fromstring as parse_xml
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sopan.core.uploads.common import DOCX, DRIVE, MB, PPTX, XLSX, Kind, damaged, human_size

# An office package may expand to this many times the size limit (spreadsheet XML is verbose; 100 MB for 5 MB).
OOXML_EXPANSION_FACTOR = 20
# Apache POI refuses a part that inflates more than 100 times (its ZipSecureFile); small parts may, they cost nothing.
OOXML_MAX_RATIO = 100
OOXML_RATIO_FROM = MB
OOXML_MAX_ENTRIES = 1000  # a Word document has 10–30 parts, a workbook with pictures a few hundred
OOXML_MAX_XML = 2 * MB  # content types and relationships are read whole; they are a few kilobytes

_OOXML_MAIN = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": DOCX,
    "application/vnd.ms-word.document.macroenabled.main+xml": DOCX,
    "application/vnd.ms-word.template.macroenabledtemplate.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml": XLSX,
    "application/vnd.ms-excel.sheet.macroenabled.main+xml": XLSX,
    "application/vnd.ms-excel.template.macroenabled.main+xml": XLSX,
    "application/vnd.ms-excel.sheet.binary.macroenabled.main": XLSX,
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": PPTX,
    "application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml": PPTX,
    "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml": PPTX,
    "application/vnd.ms-powerpoint.presentation.macroenabled.main+xml": PPTX,
    "application/vnd.ms-powerpoint.slideshow.macroenabled.main+xml": PPTX,
    "application/vnd.ms-powerpoint.template.macroenabled.main+xml": PPTX,
}
# The first bytes of archives and of OLE compound files (what Office embeds objects as).
_ARCHIVE_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"\xd0\xcf\x11\xe0", b"Rar!", b"7z\xbc\xaf", b"\x1f\x8b", b"BZh")
_ARCHIVE_SUFFIXES = (".zip", ".rar", ".7z", ".gz", ".tar", ".cab", ".jar", ".exe", ".dll")
_PACKAGE = "{http://schemas.openxmlformats.org/package/2006/content-types}"


class Package:
    """An OOXML package as read once: its parts and the content type of each (a part name is case-insensitive)."""

    def __init__(self, archive: zipfile.ZipFile, defaults: dict[str, str], overrides: dict[str, str]):
        self.archive, self.defaults, self.overrides = archive, defaults, overrides

    def content_type(self, part: str) -> str:
        part = "/" + part.lstrip("/").lower()
        return self.overrides.get(part) or self.defaults.get(part.rsplit(".", 1)[-1], "")


def open_package(content: bytes) -> Package | None:
    """The package, or None when the content is no zip with content types (then it is an archive)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        if "[Content_Types].xml" not in archive.namelist():
            return None
        types = _read_xml(archive, "[Content_Types].xml")
    except Exception:
        return None
    defaults = {
        e.get("Extension", "").lower(): e.get("ContentType", "").lower() for e in types.iter(f"{_PACKAGE}Default")
    }
    overrides = {
        e.get("PartName", "").lower(): e.get("ContentType", "").lower() for e in types.iter(f"{_PACKAGE}Override")
    }
    return Package(archive, defaults, overrides)


def _read_xml(archive: zipfile.ZipFile, name: str):
    """A small XML part, parsed without entities or DTDs (defusedxml: no billion laughs, no outside files)."""
    info = archive.getinfo(name)
    if info.file_size > OOXML_MAX_XML:
        raise ValueError(f"{name} is {info.file_size} bytes")
    with archive.open(info) as part:
        return parse_xml(part.read(OOXML_MAX_XML + 1))


def _relationships(archive: zipfile.ZipFile, name: str) -> list[tuple[str, str, str]]:
    """(type, target, mode) of each relationship in a .rels part."""
    return [
        (e.get("Type", ""), e.get("Target", ""), e.get("TargetMode", ""))
        for e in _read_xml(archive, name).iter()
        if e.tag.endswith("}Relationship")
    ]


def package_type(package: Package) -> str:
    """The Office type the package declares through its main part, or application/zip if it declares none."""
    try:
        main = next(
            (t for kind, t, _m in _relationships(package.archive, "_rels/.rels") if kind.endswith("/officeDocument")),
            "",
        )
    except Exception:
        main = ""
    return _OOXML_MAIN.get(package.content_type(main), "application/zip") if main else "application/zip"


def check_package(package: Package | None, kind: Kind, max_bytes: int) -> None:
    if package is None:
        raise damaged(kind.label)
    infos = package.archive.infolist()
    if len(infos) > OOXML_MAX_ENTRIES:
        raise ValidationError(
            _("The %(kind)s file has %(count)s parts; the limit is %(limit)s.")
            % {"kind": kind.label, "count": len(infos), "limit": OOXML_MAX_ENTRIES},
            code="office_too_many_parts",
        )
    names = [info.filename for info in infos]
    if len({name.lower() for name in names}) != len(names) or any(map(_unsafe_part_name, names)):
        # Two parts of one name are read differently by different programs; a path leads out of any folder the
        # package is unpacked into.
        raise ValidationError(
            _("The %(kind)s file contains a part with an unsafe name; upload a document saved by Office.")
            % {"kind": kind.label},
            code="office_unsafe_name",
        )
    # The sizes the zip declares are the most zipfile will inflate (it stops at the declared size and checks the CRC),
    # so they bound what any part can cost.
    bomb = any(
        i.file_size > OOXML_RATIO_FROM and i.file_size > OOXML_MAX_RATIO * max(i.compress_size, 1) for i in infos
    )
    if bomb:
        raise ValidationError(
            _("The %(kind)s file contains a part that is compressed suspiciously much (a zip bomb).")
            % {"kind": kind.label},
            code="office_bomb",
        )
    limit = OOXML_EXPANSION_FACTOR * max_bytes
    if sum(i.file_size for i in infos) > limit:
        raise ValidationError(
            _("The %(kind)s file expands to more than %(limit)s when opened (a compression bomb).")
            % {"kind": kind.label, "limit": human_size(limit)},
            code="office_bomb",
        )
    try:
        found = _package_findings(package, infos)
    except Exception as error:
        raise damaged(kind.label) from error
    messages = {
        "office_macros": _(
            "The %(kind)s file contains macros; save it as %(extension)s without macros and upload it again."
        ),
        "office_activex": _("The %(kind)s file contains ActiveX controls; upload a document without them."),
        "office_embedded": _("The %(kind)s file contains embedded objects or files; upload a document without them."),
        "office_external": _(
            "The %(kind)s file links to an outside file or template that is loaded when it is opened; "
            "upload a document without such links."
        ),
    }
    for code, message in messages.items():  # the most dangerous first
        if code in found:
            raise ValidationError(message % {"kind": kind.label, "extension": kind.extensions[0]}, code=code)


def _unsafe_part_name(name: str) -> bool:
    return (
        name.startswith("/")
        or "\\" in name
        or bool(DRIVE.match(name))
        or ".." in name.split("/")
        or any(unicodedata.category(char) in ("Cc", "Cf") for char in name)
    )


def _package_findings(package: Package, infos: list[zipfile.ZipInfo]) -> set[str]:
    found: set[str] = set()
    for content_type in [*package.defaults.values(), *package.overrides.values()]:
        if "macroenabled" in content_type or "vbaproject" in content_type:
            found.add("office_macros")
        if "activex" in content_type:
            found.add("office_activex")
        if "oleobject" in content_type:
            found.add("office_embedded")
    for info in infos:
        name = info.filename.lower()
        if name.endswith(("vbaproject.bin", "vbadata.xml")):  # also when no content type admits it
            found.add("office_macros")
        elif "/activex/" in f"/{name}":
            found.add("office_activex")
        elif "/embeddings/" in f"/{name}" or name.endswith(_ARCHIVE_SUFFIXES):
            found.add("office_embedded")
        elif not info.is_dir():
            with package.archive.open(info) as part:  # a picture that is really an archive or an OLE file
                if part.read(8).startswith(_ARCHIVE_MAGIC):
                    found.add("office_embedded")
        if name.endswith(".rels"):
            for kind, _target, mode in _relationships(package.archive, info.filename):
                relation = kind.rsplit("/", 1)[-1].lower()
                if relation == "vbaproject":
                    found.add("office_macros")
                elif relation in ("control", "activexcontrolbinary"):
                    found.add("office_activex")
                elif relation in ("oleobject", "package") and mode.lower() != "external":
                    found.add("office_embedded")
                # An outside target is fetched when the document opens (a template, a linked picture, an OLE link,
                # a subdocument) – from a web server or a network share that then learns the reader's Windows
                # password hash. Hyperlinks are followed only on a click, and Office asks first.
                if mode.lower() == "external" and relation != "hyperlink":
                    found.add("office_external")
    return found
