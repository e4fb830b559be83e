"""PDF uploads: parsed as a reader would, every object looked at, every stream measured while it is inflated."""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterable, Iterator

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from pypdf import PdfReader, filters
from pypdf.errors import LimitReachedError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

from sopan.core.uploads.common import (
    CHUNK_SIZE,
    HTML_HEAD_BYTES,
    MAX_PIXELS,
    damaged,
    has_markup,
    human_size,
    megapixels,
    polyglot,
)

# The streams of a PDF may expand to this many times the size limit in all (80 MB for 5 MB): text and fonts expand
# 3–5 times, a 1-bit page scanned at 600 dpi is 4.4 MB however well it compressed; the bomb of issue 13 expands
# 204 KB to 200 MB.
PDF_DECODED_FACTOR = 16
PDF_MAX_OBJECTS = 100_000  # a 5 MB document has far fewer; more means a crafted file


def check_pdf(content: bytes, max_bytes: int) -> None:
    # pypdf raises many kinds of exception on malformed input (its own, ValueError, KeyError, RecursionError…):
    # whatever it raises, the file cannot be read.
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        encrypted = reader.is_encrypted
        pages = 0 if encrypted else len(reader.pages)
        problem = None if encrypted or not pages else _pdf_problem(reader, PDF_DECODED_FACTOR * max_bytes)
    except LimitReachedError as error:  # pypdf's own bound, on the streams it decodes to parse (object streams)
        raise _pdf_bomb(PDF_DECODED_FACTOR * max_bytes) from error
    except Exception as error:
        raise damaged("PDF") from error
    if encrypted:
        raise ValidationError(
            _("The PDF file is encrypted; save it without a password or protection and upload it again."),
            code="pdf_encrypted",
        )
    if not pages:
        raise ValidationError(_("The PDF file has no pages."), code="pdf_no_pages")
    if problem:
        raise problem
    # Readers skip whatever comes before the header, browsers render it: HTML there, or in the first bytes, makes
    # the file a web page as well as a PDF. (Checked last: an XFA form's <script> is better named as what it is.)
    header = content.find(b"%PDF-")
    if has_markup(content[: max(header, 0) + HTML_HEAD_BYTES]):
        raise polyglot("PDF")


def _pdf_messages() -> dict[str, str]:
    return {
        "pdf_javascript": _("The PDF file contains JavaScript; upload a PDF without scripts."),
        "pdf_embedded_file": _("The PDF file contains embedded files; upload a PDF without attachments."),
        "pdf_launch": _("The PDF file contains an action that starts a program."),
        "pdf_xfa": _(
            "The PDF file contains an XFA form, which can run scripts; print it to a new PDF and upload that."
        ),
        "pdf_rich_media": _("The PDF file contains multimedia or 3D content; upload a PDF without it."),
        "pdf_action": _(
            "The PDF file contains an action that sends form data or opens another file; upload a PDF without it."
        ),
        "pdf_automatic_link": _(
            "The PDF file opens a web address by itself when it is viewed; upload a PDF without it."
        ),
        "pdf_link": _(
            "The PDF file has a link that is not a web or e-mail address (for example to a file or a network share); "
            "upload a PDF without it."
        ),
        "pdf_too_complex": _("The PDF file has too many objects to be checked."),
    }


_PDF_SCRIPT_KEYS = frozenset({"/JS", "/JavaScript"})
_PDF_FILE_KEYS = frozenset({"/EmbeddedFiles", "/EmbeddedFile", "/EF"})
_PDF_MEDIA_KEYS = frozenset({"/RichMediaContent", "/RichMediaSettings", "/3DD"})
_PDF_MEDIA_SUBTYPES = frozenset({"/RichMedia", "/3D", "/U3D", "/PRC", "/Movie", "/Screen"})
_PDF_MEDIA_ACTIONS = frozenset({"/Rendition", "/Movie", "/GoTo3DView", "/RichMediaExecute"})
# Actions that send data out or open another file. They are refused even on a click: an uploaded letter or deed has
# no use for them, and one click on a GoToR to \\host\share hands the viewer's Windows password hash to that host.
_PDF_OUTSIDE_ACTIONS = frozenset({"/SubmitForm", "/ImportData", "/GoToR", "/GoToE"})
# A link a person clicks may open a web page or write an e-mail: scanned letters and exported documents carry their
# sender's website, the viewer asks before leaving, and it is what the person chose. Other schemes (file:, a UNC
# path, javascript:) or a relative address resolved against an unknown base are refused.
_WEB_SCHEMES = ("http://", "https://", "mailto:")


def _pdf_problem(reader: PdfReader, decoded_limit: int) -> ValidationError | None:
    """What makes the document unfit, looking at every object of the file, not only what the catalogue reaches:
    a link annotation can run JavaScript, an attachment can hang on an annotation, and a viewer repairing a file (or
    a script inside it) finds objects no page refers to."""
    references = [(number, generation) for generation, table in reader.xref.items() for number in table]
    packed = [(number, 0) for number in reader.xref_objStm]  # objects inside object streams
    if len(references) + len(packed) > PDF_MAX_OBJECTS:
        return ValidationError(_pdf_messages()["pdf_too_complex"], code="pdf_too_complex")
    # Streams first, one by one and before any object is unpacked from them: only objects listed directly can be
    # streams (object streams hold no streams).
    meter = _Meter(decoded_limit)
    for number, generation in references:
        item = IndirectObject(number, generation, reader).get_object()
        if isinstance(item, StreamObject):
            problem = _pdf_stream_problem(item, meter)
            if problem:
                return problem
    code = _pdf_active_content(reader, [IndirectObject(n, g, reader) for n, g in references + packed])
    return ValidationError(_pdf_messages()[code], code=code) if code else None


def _resolved(value):
    return value.get_object() if isinstance(value, IndirectObject) else value


def _pdf_active_content(reader: PdfReader, objects: list[IndirectObject]) -> str | None:
    seen: set[tuple[int, int]] = set()
    stack: list = [reader.trailer, *objects]
    automatic: list = []  # actions run without a click: OpenAction, and the additional actions (/AA) of anything
    containers = 0
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            reference = (item.idnum, item.generation)
            if reference in seen:
                continue
            seen.add(reference)
            item = item.get_object()
        if isinstance(item, DictionaryObject):  # streams are dictionaries too; their data is measured elsewhere
            containers += 1
            code = _pdf_dictionary_problem(item)
            if code:
                return code
            if "/OpenAction" in item:
                automatic.append(item.raw_get("/OpenAction"))
            triggers = _resolved(item.raw_get("/AA")) if "/AA" in item else None
            if isinstance(triggers, DictionaryObject):
                automatic.extend(triggers.raw_get(key) for key in triggers)
            stack.extend(item.raw_get(key) for key in item)
        elif isinstance(item, ArrayObject):
            containers += 1
            stack.extend(item)
        if containers > PDF_MAX_OBJECTS:
            return "pdf_too_complex"
    return "pdf_automatic_link" if _opens_web_address(automatic) else None


def _pdf_dictionary_problem(item: DictionaryObject) -> str | None:
    keys = item.keys()
    kind, subtype, action = (
        _resolved(item.raw_get(key)) if key in item else None for key in ("/Type", "/Subtype", "/S")
    )
    # /S also names page-label styles, transitions, structure elements; it is an action when /Type is absent or
    # says so.
    is_action = kind in (None, "/Action")
    if keys & _PDF_SCRIPT_KEYS or action == "/JavaScript":
        return "pdf_javascript"
    if "/XFA" in keys:  # XFA forms carry their own scripts (<script> in the template), not seen as /JS
        return "pdf_xfa"
    if keys & _PDF_FILE_KEYS or kind == "/EmbeddedFile":
        return "pdf_embedded_file"
    if action == "/Launch":
        return "pdf_launch"
    if keys & _PDF_MEDIA_KEYS or subtype in _PDF_MEDIA_SUBTYPES or (is_action and action in _PDF_MEDIA_ACTIONS):
        return "pdf_rich_media"
    if is_action and action in _PDF_OUTSIDE_ACTIONS:
        return "pdf_action"
    if (
        is_action
        and action == "/URI"
        and not _is_web_address(_resolved(item.raw_get("/URI")) if "/URI" in item else "")
    ):
        return "pdf_link"
    return None


def _is_web_address(uri) -> bool:
    text = uri if isinstance(uri, str) else bytes(uri).decode("latin-1") if isinstance(uri, bytes) else ""
    return text.strip().lower().startswith(_WEB_SCHEMES)


def _opens_web_address(actions: list) -> bool:
    """Whether any of these actions, or the actions they chain to (/Next: one action or an array), opens a web
    address. Every other dangerous action is refused wherever it is; a web address only when nobody clicked."""
    seen: set[tuple[int, int]] = set()
    stack = list(actions)
    while stack:
        action = stack.pop()
        if isinstance(action, IndirectObject):
            if (action.idnum, action.generation) in seen:
                continue  # a cycle of /Next
            seen.add((action.idnum, action.generation))
            action = action.get_object()
        if not isinstance(action, DictionaryObject):
            continue  # an OpenAction that is a destination ([page /Fit]) goes nowhere else
        if "/S" in action and _resolved(action.raw_get("/S")) == "/URI":
            return True
        following = _resolved(action.raw_get("/Next")) if "/Next" in action else None
        if isinstance(following, ArrayObject):
            stack.extend(following)
        elif following is not None:
            stack.append(action.raw_get("/Next"))
    return False


# --- PDF streams: measured while they are inflated
class _TooMuch(Exception):
    pass


class _Meter:
    """Counts decoded bytes across all the streams of one file, and stops at the limit."""

    def __init__(self, limit: int):
        self.limit, self.used = limit, 0

    def add(self, n: int) -> None:
        self.used += n
        if self.used > self.limit:
            raise _TooMuch


_FLATE = frozenset({"/FlateDecode", "/Fl"})
# Filters pypdf decodes for us: ASCII ones shrink, LZW and run-length are bounded by pypdf (75 MB a stream) and
# counted here. Image codecs (DCT, JPX, JBIG2, CCITT) are not decoded: their size is bounded by the pixel limit.
_PYPDF_FILTERS = {
    "/ASCIIHexDecode": filters.ASCIIHexDecode,
    "/AHx": filters.ASCIIHexDecode,
    "/ASCII85Decode": filters.ASCII85Decode,
    "/A85": filters.ASCII85Decode,
    "/LZWDecode": filters.LZWDecode,
    "/LZW": filters.LZWDecode,
    "/RunLengthDecode": filters.RunLengthDecode,
    "/RL": filters.RunLengthDecode,
}


def _pdf_stream_problem(item: StreamObject, meter: _Meter) -> ValidationError | None:
    if _resolved(item.get("/Subtype")) == "/Image":
        width, height = _resolved(item.get("/Width")), _resolved(item.get("/Height"))
        if isinstance(width, int) and isinstance(height, int) and width * height > MAX_PIXELS:
            limit = {"width": width, "height": height, "megapixels": megapixels(width * height)}
            return ValidationError(
                _(
                    "The PDF file contains an image of %(width)s × %(height)s pixels (%(megapixels)s megapixels); "
                    "the limit is %(limit)s megapixels."
                )
                % {**limit, "limit": megapixels(MAX_PIXELS)},
                code="pdf_image_too_large",
            )
    names = _resolved(item.get("/Filter"))
    names = [_resolved(name) for name in names] if isinstance(names, ArrayObject) else [names] if names else []
    # The encoded bytes as they are in the file: get_data() would decode the whole stream at once, which is what a
    # bomb wants.
    chunks: Iterable[bytes] = [item._data]
    for name in names:
        if name in _FLATE:
            chunks = _inflate(chunks, meter)
        elif name in _PYPDF_FILTERS:
            chunks = _decode_with(_PYPDF_FILTERS[name], chunks, meter)
        else:
            break
    try:
        for _chunk in chunks:
            pass
    except _TooMuch:
        return _pdf_bomb(meter.limit)
    except LimitReachedError:
        return _pdf_bomb(meter.limit)
    except Exception:  # noqa: S110 - a stream that does not decode is no bomb; viewers show what they can of it
        pass
    return None


def _inflate(chunks: Iterable[bytes], meter: _Meter) -> Iterator[bytes]:
    """Deflated data inflated CHUNK_SIZE bytes at a time, each piece counted before the next is made."""
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 32)  # zlib or gzip header, as readers accept
    first = True
    for chunk in chunks:
        data = chunk
        while True:
            try:
                out = inflater.decompress(data, CHUNK_SIZE)
            except zlib.error:
                if not first:
                    raise
                # No header at all: raw deflate, which readers (pypdf among them) inflate as well.
                inflater = zlib.decompressobj(-zlib.MAX_WBITS)
                out = inflater.decompress(data, CHUNK_SIZE)
            first = False
            meter.add(len(out))
            if out:
                yield out
            data = inflater.unconsumed_tail
            if inflater.eof or (not data and len(out) < CHUNK_SIZE):
                break
        if inflater.eof:
            return


def _decode_with(decoder, chunks: Iterable[bytes], meter: _Meter) -> Iterator[bytes]:
    decoded = decoder.decode(b"".join(chunks))
    meter.add(len(decoded))
    yield decoded


def _pdf_bomb(limit: int) -> ValidationError:
    return ValidationError(
        _("The PDF file expands to more than %(limit)s when opened (a compression bomb).")
        % {"limit": human_size(limit)},
        code="pdf_decompression_bomb",
    )
