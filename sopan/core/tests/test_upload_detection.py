"""The type of an upload is found from its bytes in pure Python (`sopan.core.uploads.detect`, no libmagic).

Every type the upload checks accept (PDF, JPEG, PNG; DOCX, XLSX, PPTX where office documents are allowed; CSV and
XLSX for the national blacklist file) is recognised from a real sample made here, and so is every content they must
name to refuse it: programs, web pages, archives (a ZIP that is no Office document among them), old Office files,
other images, and files whose name says something else than their content.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import tarfile
import zipfile

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from sopan.core.tests.test_uploads import NOISE, docx_bytes, image_bytes, pdf_bytes, upload, xlsx_bytes, zip_bytes
from sopan.core.uploads import DOCX, JPEG, PDF, PNG, PPTX, XLSX, check_upload
from sopan.core.uploads.detect import OCTET_STREAM, OLE, ZIP, content_type_of


def pptx_bytes() -> bytes:
    """A presentation package as PowerPoint writes one (content types, relationships, the presentation part)."""
    main = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/ppt/presentation.xml" ContentType="{main}"/></Types>'
        ),
        "_rels/.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Target="ppt/presentation.xml" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument"/></Relationships>'
        ),
        "ppt/presentation.xml": (
            '<p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>'
        ),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def zip_with_content_types_only() -> bytes:
    """A ZIP that has [Content_Types].xml but declares no main document: an archive, not an Office file."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            "[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
        )
        archive.writestr("program.exe", b"MZ" + bytes(64))
    return out.getvalue()


def tar_bytes() -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w") as archive:
        info = tarfile.TarInfo("akta.pdf")
        data = pdf_bytes()
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    return out.getvalue()


def heic_header() -> bytes:
    return b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + bytes(64)


DEFAULT = (PDF, JPEG, PNG)
WITH_OFFICE = (PDF, JPEG, PNG, DOCX, XLSX, PPTX)
CSV_UTF8 = "NPWP;Nama Penyedia;Mulai\n01.234.567.8-901.000;CV Karya Mandiri — Cabang Semarang;01/02/2026\n".encode()
CSV_CP1252 = "NPWP,Nama\n01.234.567.8-901.000,Café Rêve\n".encode("cp1252")

# (sample, the type found): the types the checks accept …
ACCEPTED = {
    "pdf": (pdf_bytes(), PDF),
    "jpeg": (image_bytes("JPEG"), JPEG),
    "png": (image_bytes("PNG"), PNG),
    "docx": (docx_bytes(), DOCX),
    "xlsx": (xlsx_bytes(), XLSX),
    "pptx": (pptx_bytes(), PPTX),
    "csv-utf8": (CSV_UTF8, "text/plain"),
    "csv-utf8-bom": (b"\xef\xbb\xbf" + CSV_UTF8, "text/plain"),
    "csv-windows-1252": (CSV_CP1252, "text/plain"),
    # text that opens like a program or a bzip2 archive
    "csv-starting-with-mz": (b"MZ Konsultan;01.234.567.8-901.000\n", "text/plain"),
    "csv-starting-with-bzh": (b"BZh Abadi,01.234.567.8-901.000\n", "text/plain"),
}
# … and what they must name to refuse it.
REFUSED = {
    "windows-program": (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + bytes(200), "application/x-dosexec"),
    "linux-program": (b"\x7fELF\x02\x01\x01\x00" + bytes(120), "application/x-executable"),
    "macos-program": (b"\xcf\xfa\xed\xfe\x07\x00\x00\x01" + bytes(120), "application/x-executable"),
    "html": (b"<!DOCTYPE html><html><body>Akta</body></html>", "text/html"),
    "html-after-blank-lines": (b"\n\n  <HTML><script>alert(1)</script>", "text/html"),
    "html-fragment": (b"<script>alert(document.cookie)</script>", "text/html"),
    "html-comment": (b"<!-- saved from url --><p>Akta</p>", "text/html"),
    "xml": (b'<?xml version="1.0"?><akta/>', "text/xml"),
    "svg": (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "image/svg+xml"),
    "svg-with-xml-declaration": (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>', "image/svg+xml"),
    "zip": (zip_bytes(), ZIP),
    "zip-with-content-types-but-no-document": (zip_with_content_types_only(), ZIP),
    "empty-zip": (b"PK\x05\x06" + bytes(18), ZIP),
    "gzip": (gzip.compress(b"akta"), "application/gzip"),
    "xz": (lzma.compress(b"akta"), "application/x-xz"),
    "bzip2": (bz2.compress(b"akta"), "application/x-bzip2"),
    "tar": (tar_bytes(), "application/x-tar"),
    "7z": (b"7z\xbc\xaf\x27\x1c\x00\x04" + bytes(64), "application/x-7z-compressed"),
    "rar": (b"Rar!\x1a\x07\x01\x00" + bytes(64), "application/x-rar"),
    "zstd": (b"\x28\xb5\x2f\xfd" + bytes(32), "application/zstd"),
    "old-office": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), OLE),
    "gif": (image_bytes("GIF"), "image/gif"),
    "webp": (image_bytes("WEBP"), "image/webp"),
    "bmp": (image_bytes("BMP"), "image/bmp"),
    "tiff": (image_bytes("TIFF"), "image/tiff"),
    "heic": (heic_header(), "image/heic"),
    # named by puremagic, for the message only
    "mp4-video": (b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(64), "video/mp4"),
    "mp3-audio": (b"ID3\x04\x00\x00\x00\x00\x00\x00" + bytes(200), "audio/mpeg"),
    "noise": (NOISE, OCTET_STREAM),
    "utf16-text": ("NPWP,Nama\n".encode("utf-16"), "text/plain"),
    "utf16-html": ("<html><script>alert(1)</script>".encode("utf-16"), "text/html"),
}


@pytest.mark.parametrize(("content", "expected"), ACCEPTED.values(), ids=ACCEPTED.keys())
def test_every_accepted_type_is_recognised(content, expected):
    assert content_type_of(content) == expected


@pytest.mark.parametrize(("content", "expected"), REFUSED.values(), ids=REFUSED.keys())
def test_every_refused_content_is_named_for_what_it_is(content, expected):
    assert content_type_of(content) == expected


def test_a_pdf_header_behind_html_is_still_a_pdf_so_that_the_pdf_check_refuses_the_polyglot():
    """PDF readers look for %PDF- in the first 1024 bytes; what comes before is skipped, and may be a web page."""
    polyglot = b"<html><body><script>alert(1)</script><!--\n" + pdf_bytes()

    assert content_type_of(polyglot) == PDF
    with pytest.raises(ValidationError) as caught:
        check_upload(upload(polyglot, "akta.pdf"))
    assert caught.value.code == "html_polyglot"


def test_a_pdf_header_further_than_readers_look_is_not_a_pdf():
    assert content_type_of(b"x" * 1024 + pdf_bytes()) == "text/plain"


@pytest.mark.parametrize(
    ("content", "name", "allowed", "code"),
    [
        (image_bytes("PNG"), "akta.pdf", DEFAULT, "extension_mismatch"),  # the content decides, the name must agree
        (b"MZ" + bytes(200), "akta.pdf", DEFAULT, "type_not_allowed"),
        (b"<html><body>x</body></html>", "ktp.jpg", DEFAULT, "type_not_allowed"),
        (zip_bytes(), "berita acara.docx", WITH_OFFICE, "archive"),
        (docx_bytes(), "berita acara.pdf", DEFAULT, "type_not_allowed"),  # where only PDF and images are allowed
        (xlsx_bytes(), "rup.docx", WITH_OFFICE, "extension_mismatch"),
    ],
    ids=["png-named-pdf", "program-named-pdf", "html-named-jpg", "zip-named-docx", "docx-named-pdf", "xlsx-named-docx"],
)
def test_a_renamed_file_is_judged_by_its_content(content, name, allowed, code):
    with pytest.raises(ValidationError) as caught:
        check_upload(upload(content, name), allowed=allowed)
    assert caught.value.code == code


def test_a_large_image_is_named_without_reading_it_whole():
    """JPEG and PNG are found from their first bytes (the checks after read the whole file, within the limit)."""
    out = io.BytesIO()
    Image.new("RGB", (2000, 2000)).save(out, "PNG")

    assert content_type_of(out.getvalue()[:16]) == PNG
