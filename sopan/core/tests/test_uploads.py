"""Uploaded files are judged by their content: real PDFs, images and archives are made here, in the test."""

from __future__ import annotations

import gzip
import hashlib
import io
import struct
import tarfile
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image
from pypdf import PdfWriter
from pypdf.actions import JavaScript
from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, TextStringObject

from sopan.core import uploads
from sopan.core.uploads import JPEG, MB, PDF, PNG, CheckedFile, check_upload, human_size


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


# --- real files, made here -----------------------------------------------------------------------------------------
def pdf_bytes(change=None, *, pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)  # A4
    if change:
        change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def image_bytes(fmt: str, size=(40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, fmt)
    return out.getvalue()


def zip_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("akta.pdf", pdf_bytes())
    return out.getvalue()


def tar_bytes() -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w") as archive:
        data = pdf_bytes()
        info = tarfile.TarInfo("akta.pdf")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    return out.getvalue()


def blank_png(width: int, height: int) -> bytes:
    """A valid black-and-white PNG, written row by row: a huge image in a few kilobytes (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte, then 1 bit per pixel
    compressor = zlib.compressobj(9)
    idat = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def with_javascript_link(writer: PdfWriter) -> None:
    """A link on the page that runs JavaScript when clicked: outside the catalogue, on an annotation."""
    action = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("x")})
    link = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([FloatObject(0), FloatObject(0), FloatObject(100), FloatObject(100)]),
            NameObject("/A"): action,
        }
    )
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(link)])


def with_launch_action(writer: PdfWriter) -> None:
    launch = DictionaryObject({NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("cmd.exe")})
    writer.root_object[NameObject("/OpenAction")] = launch


NOISE = b"".join(hashlib.sha256(bytes([i])).digest() for i in range(64))  # bytes of no known type


def upload(content: bytes, name: str = "dokumen.pdf", content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def refused(uploaded, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        check_upload(uploaded, **kwargs)
    return caught.value


# --- accepted files ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("content", "name", "content_type"),
    [
        (pdf_bytes(), "akta.pdf", PDF),
        (pdf_bytes(pages=3), "akta.pdf", PDF),
        (image_bytes("PNG"), "ktp.png", PNG),
        (image_bytes("JPEG"), "ktp.jpg", JPEG),
        (image_bytes("JPEG"), "ktp.jpeg", JPEG),
    ],
)
def test_a_real_pdf_or_image_is_accepted_with_what_it_is(content, name, content_type):
    checked = check_upload(upload(content, name))

    assert checked == CheckedFile(
        name=name,
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
    )


def test_the_browsers_content_type_is_ignored():
    checked = check_upload(upload(image_bytes("PNG"), "foto", content_type="application/pdf"))

    assert checked.content_type == PNG
    assert checked.name == "foto.png"


def test_a_file_of_exactly_the_limit_is_accepted():
    content = pdf_bytes()

    assert check_upload(upload(content), max_bytes=len(content)).size == len(content)


def test_allowed_narrows_the_types():
    error = refused(upload(image_bytes("PNG"), "foto.png"), allowed=(PDF,))

    assert error.messages == ["This file is a PNG image, not PDF."]
    assert error.code == "type_not_allowed"


def test_allowing_a_type_whose_content_cannot_be_checked_is_a_programming_error():
    with pytest.raises(ValueError, match="application/zip"):
        check_upload(upload(zip_bytes(), "x.zip"), allowed=(PDF, "application/zip"))


# --- size ----------------------------------------------------------------------------------------------------------
def test_an_empty_file_is_refused():
    error = refused(upload(b"", "kosong.pdf"))

    assert error.messages == ["The file is empty."]
    assert error.code == "empty"


def test_an_oversized_file_is_refused_with_its_size_and_the_limit():
    error = refused(upload(b"%PDF-1.7\n" + b"0" * (6 * MB), "besar.pdf"))

    assert error.messages == ["The file is 6 MB; the limit is 5 MB."]
    assert error.code == "too_large"


def test_the_limit_can_be_lowered():
    content = pdf_bytes()

    error = refused(upload(content), max_bytes=100)

    assert error.messages == [f"The file is {len(content)} bytes; the limit is 100 bytes."]


def test_one_byte_over_does_not_read_as_the_same_size_as_the_limit():
    error = refused(upload(b"%PDF-1.7\n" + b"0" * (5 * MB - 8), "besar.pdf"))

    assert error.messages == ["The file is larger than the limit of 5 MB."]


class EndlessUpload:
    """An upload that does not say its size and would never end: only the chunks asked for are made."""

    name = "endless.pdf"
    size = None

    def __init__(self):
        self.chunks_read = 0

    def chunks(self, chunk_size=64 * 1024):
        while True:
            self.chunks_read += 1
            yield b"%PDF-1.7\n".ljust(chunk_size, b"0")


def test_an_oversized_upload_is_read_only_up_to_the_limit():
    endless = EndlessUpload()

    error = refused(endless, max_bytes=MB)

    assert error.messages == ["The file is larger than the limit of 1 MB."]
    assert endless.chunks_read == MB // uploads.CHUNK_SIZE + 1


# --- names ---------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "uploaded",
    [
        ContentFile(pdf_bytes(), name="../x.pdf"),  # Django's UploadedFile keeps only the base name; File does not
        ContentFile(pdf_bytes(), name="a/b.pdf"),
        SimpleUploadedFile("C:\\x.pdf", pdf_bytes()),  # a Windows path survives Django's base name on Linux
        SimpleUploadedFile("..\\..\\x.pdf", pdf_bytes()),
        SimpleUploadedFile("C:x.pdf", pdf_bytes()),
        ContentFile(pdf_bytes(), name=".."),
    ],
)
def test_a_name_with_a_folder_path_is_refused(uploaded):
    error = refused(uploaded)

    assert error.messages == ["The file name must not contain a folder path."]
    assert error.code == "name_path"


@pytest.mark.parametrize(
    "name", ["akta\n.pdf", "akta\x00.pdf", "akta\x1b[31m.pdf", "akta\u202efdp.exe", "a\u200bkta.pdf"]
)
def test_a_name_with_control_characters_is_refused(name):
    error = refused(ContentFile(pdf_bytes(), name=name))

    assert error.messages == ["The file name must not contain control characters."]
    assert error.code == "name_control"


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("Laporan Keuangan 2024.PDF", "Laporan Keuangan 2024.pdf"),
        ("akta", "akta.pdf"),
        ("Akta No. 12", "Akta No. 12.pdf"),
        ("Laporan 2024.1", "Laporan 2024.1.pdf"),
        (".pdf", "file.pdf"),
        ("...rahasia.pdf", "rahasia.pdf"),
        ("", "file.pdf"),
        ("  akta   pendirian .pdf", "akta pendirian.pdf"),
        ('a<b>:c?"d|e*.pdf', "a_b__c__d_e_.pdf"),
    ],
)
def test_the_name_is_made_safe_and_gets_the_extension_of_its_content(name, safe):
    assert check_upload(ContentFile(pdf_bytes(), name=name)).name == safe


def test_a_long_name_is_shortened_and_keeps_its_extension():
    name = check_upload(upload(pdf_bytes(), "a" * 300 + ".pdf")).name

    assert name == "a" * 96 + ".pdf"


def test_a_long_name_in_a_wide_script_stays_within_what_file_systems_allow():
    name = check_upload(upload(pdf_bytes(), "📄" * 90 + ".pdf")).name

    assert name.endswith(".pdf")
    assert len(name.encode()) <= uploads.MAX_NAME_BYTES


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (image_bytes("PNG"), "akta.pdf", "The file is named .pdf but its content is a PNG image."),
        (image_bytes("JPEG"), "ktp.png", "The file is named .png but its content is a JPG image."),
        (pdf_bytes(), "akta.jpg", "The file is named .jpg but its content is a PDF document."),
        (pdf_bytes(), "siup.v2", "The file is named .v2 but its content is a PDF document."),
        (image_bytes("PNG"), "shell.php", "The file is named .php but its content is a PNG image."),
    ],
)
def test_a_name_whose_extension_does_not_match_the_content_is_refused(content, name, message):
    error = refused(upload(content, name))

    assert error.messages == [message]
    assert error.code == "extension_mismatch"


# --- types that are not allowed ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (zip_bytes(), "This file is a ZIP archive, not PDF, JPG or PNG."),
        (gzip.compress(pdf_bytes()), "This file is a gzip archive, not PDF, JPG or PNG."),
        (tar_bytes(), "This file is a TAR archive, not PDF, JPG or PNG."),
        # The signatures that open every 7z and RAR archive (the tools are not installed to make whole ones).
        (b"7z\xbc\xaf\x27\x1c\x00\x04" + bytes(64), "This file is a 7z archive, not PDF, JPG or PNG."),
        (b"Rar!\x1a\x07\x01\x00" + bytes(64), "This file is a RAR archive, not PDF, JPG or PNG."),
    ],
)
def test_archives_are_refused_whatever_their_name(content, message):
    error = refused(upload(content, "akta.pdf"))

    assert error.messages == [message]
    assert error.code == "archive"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<!DOCTYPE html><html><body>Akta</body></html>", "This file is a web page (HTML), not PDF, JPG or PNG."),
        (b"Akta pendirian\n", "This file is a text file, not PDF, JPG or PNG."),
        (image_bytes("GIF"), "This file is a GIF image, not PDF, JPG or PNG."),
        (b"MZ" + bytes(200), "This file is a Windows program, not PDF, JPG or PNG."),
        (NOISE, "This file is a file of type application/octet-stream, not PDF, JPG or PNG."),
    ],
)
def test_other_contents_are_refused_naming_what_they_are(content, message):
    error = refused(upload(content, "akta"))

    assert error.messages == [message]
    assert error.code == "type_not_allowed"


# --- PDF content ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("keep", [0.9, 0.5, 0.2])
def test_a_truncated_pdf_is_refused_as_damaged(keep):
    content = pdf_bytes()

    error = refused(upload(content[: int(len(content) * keep)]))

    assert error.messages == ["The PDF file is damaged and cannot be opened."]
    assert error.code == "damaged"


def test_a_pdf_without_pages_is_refused():
    error = refused(upload(pdf_bytes(pages=0)))

    assert error.messages == ["The PDF file has no pages."]
    assert error.code == "pdf_no_pages"


@pytest.mark.parametrize(
    "encrypt",
    [
        lambda writer: writer.encrypt("rahasia"),
        # No password to open it, only restrictions: still encrypted, and still refused.
        lambda writer: writer.encrypt(user_password="", owner_password="pemilik"),
    ],
)
def test_an_encrypted_pdf_is_refused(encrypt):
    error = refused(upload(pdf_bytes(encrypt)))

    assert error.messages == [
        "The PDF file is encrypted; save it without a password or protection and upload it again."
    ]
    assert error.code == "pdf_encrypted"


@pytest.mark.parametrize(
    "content",
    [
        pdf_bytes(lambda writer: writer.add_open_action(JavaScript("app.alert('x');"))),  # the names tree
        pdf_bytes(with_javascript_link),  # a link on a page
        # The same with the names written in hex escapes (#61 is "a", #53 is "S"), as malicious files do.
        pdf_bytes(lambda writer: writer.add_open_action(JavaScript("app.alert('x');")))
        .replace(b"/JavaScript", b"/J#61vaScript")
        .replace(b"/JS ", b"/J#53 "),
    ],
)
def test_a_pdf_with_javascript_is_refused(content):
    error = refused(upload(content))

    assert error.messages == ["The PDF file contains JavaScript; upload a PDF without scripts."]
    assert error.code == "pdf_javascript"


def test_a_pdf_with_embedded_files_is_refused():
    error = refused(upload(pdf_bytes(lambda writer: writer.add_attachment("payload.exe", b"MZ" + bytes(100)))))

    assert error.messages == ["The PDF file contains embedded files; upload a PDF without attachments."]
    assert error.code == "pdf_embedded_file"


def test_a_pdf_that_launches_a_program_is_refused():
    error = refused(upload(pdf_bytes(with_launch_action)))

    assert error.messages == ["The PDF file contains an action that starts a program."]
    assert error.code == "pdf_launch"


def test_a_pdf_with_more_objects_than_can_be_checked_is_refused(monkeypatch):
    monkeypatch.setattr(uploads, "PDF_MAX_OBJECTS", 3)

    error = refused(upload(pdf_bytes(pages=5)))

    assert error.code == "pdf_too_complex"


# --- image content -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("fmt", "name", "label"), [("PNG", "ktp.png", "PNG"), ("JPEG", "ktp.jpg", "JPG")])
def test_a_truncated_image_is_refused_as_damaged(fmt, name, label):
    content = image_bytes(fmt, size=(300, 200))

    error = refused(upload(content[: len(content) // 2], name))

    assert error.messages == [f"The {label} file is damaged and cannot be opened."]
    assert error.code == "damaged"


@pytest.mark.parametrize(("fmt", "name"), [("PNG", "ktp.png"), ("JPEG", "ktp.jpg")])
def test_a_truncated_image_is_refused_even_after_weasyprint_relaxed_pillow(monkeypatch, fmt, name):
    import weasyprint  # noqa: F401 - importing it sets ImageFile.LOAD_TRUNCATED_IMAGES for the whole process
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    content = image_bytes(fmt, size=(300, 200))

    assert refused(upload(content[: len(content) // 2], name)).code == "damaged"
    assert refused(upload(content[: len(content) - 2], name)).code == "damaged"  # only the end marker missing


def test_a_png_with_a_wrong_checksum_is_refused_as_damaged():
    content = bytearray(image_bytes("PNG"))
    content[-20] ^= 0xFF  # inside the image data: its CRC no longer matches

    error = refused(upload(bytes(content), "ktp.png"))

    assert error.code == "damaged"


def test_an_image_over_the_pixel_limit_is_refused_with_its_size():
    error = refused(upload(blank_png(8000, 7000), "denah.png"))

    assert error.messages == ["The image is 8000 × 7000 pixels (56 megapixels); the limit is 50 megapixels."]
    assert error.code == "image_too_large"


@pytest.mark.parametrize(
    ("side", "message"),
    [
        # Over Pillow's warning threshold (DecompressionBombWarning)
        (10_000, "The image has more than 89.5 megapixels; the limit is 50 megapixels."),
        # Over twice that, where Pillow refuses outright (DecompressionBombError)
        (20_000, "The image has more than 179 megapixels; the limit is 50 megapixels."),
    ],
)
def test_a_decompression_bomb_is_refused(side, message):
    bomb = blank_png(side, side)
    assert len(bomb) < 100_000  # tiny on disk, gigabytes once decoded

    error = refused(upload(bomb, "bom.png"))

    assert error.messages == [message]
    assert error.code == "image_too_large"


# --- sizes for people ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("n", "shown"),
    [
        (0, "0 bytes"),
        (1, "1 byte"),
        (1023, "1023 bytes"),
        (1024, "1 KB"),
        (1536, "1.5 KB"),
        (1024 * 1024 - 1, "1 MB"),
        (5 * MB, "5 MB"),
        (int(7.5 * MB), "7.5 MB"),
        (3 * 1024 * MB, "3 GB"),
    ],
)
def test_human_size(n, shown):
    assert human_size(n) == shown
