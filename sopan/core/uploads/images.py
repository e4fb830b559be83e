"""Image uploads (JPEG, PNG): decoded whole, within a pixel limit, with no web page code in them."""

from __future__ import annotations

import io
import warnings

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image

from sopan.core.uploads.common import HTML_HEAD_BYTES, MAX_PIXELS, Kind, damaged, has_markup, megapixels, polyglot


def check_image(content: bytes, kind: Kind) -> None:
    if has_markup(content[:HTML_HEAD_BYTES]):
        raise polyglot(kind.label)
    try:
        with warnings.catch_warnings():
            # Pillow warns above ~89 megapixels and refuses above twice that; both mean a decompression bomb.
            # (catch_warnings is process-wide while it lasts; the warning it turns into an error has one meaning.)
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                width, height, pillow_format = *image.size, image.format
    except Image.DecompressionBombError as error:
        raise _too_many_pixels(over=2 * Image.MAX_IMAGE_PIXELS) from error
    except Image.DecompressionBombWarning as error:
        raise _too_many_pixels(over=Image.MAX_IMAGE_PIXELS) from error
    except Exception as error:
        raise damaged(kind.label) from error
    if pillow_format != kind.pillow_format:
        raise damaged(kind.label)
    if width * height > MAX_PIXELS:
        raise _too_many_pixels(width, height)
    if not _ends_whole(content, pillow_format):
        raise damaged(kind.label)
    try:
        with Image.open(io.BytesIO(content)) as image:
            image.verify()  # structure and checksums
        with Image.open(io.BytesIO(content)) as image:
            image.load()  # every pixel, and the text chunks a PNG may keep after them
            metadata = _image_metadata(image)
    except Exception as error:
        raise damaged(kind.label) from error
    if any(map(has_markup, metadata)):
        raise polyglot(kind.label)


def _image_metadata(image) -> list[bytes]:
    """The text an image carries besides its pixels, where HTML may hide past the first bytes: a JPEG's comments and
    APP segments (XMP…), a PNG's text chunks (compressed ones inflated by Pillow, within its own limits). A camera or
    scanner writes no HTML there. The binary Exif block (with its thumbnail) and the ICC profile are left out: they
    are not text, and random bytes would match sooner or later."""
    segments = [
        data for _marker, data in getattr(image, "applist", []) if not data.startswith((b"Exif\x00", b"ICC_PROFILE"))
    ]
    texts = [value.encode("utf-8", "replace") for value in getattr(image, "text", {}).values()]
    return segments + texts


def _ends_whole(content: bytes, pillow_format: str) -> bool:
    """The image's end marker is there: a JPEG's end-of-image after its last scan, a PNG's IEND chunk with its CRC.

    Checked by hand because WeasyPrint sets Pillow's process-wide ImageFile.LOAD_TRUNCATED_IMAGES on import, after
    which Pillow pads a cut-off image silently instead of failing."""
    if pillow_format == "JPEG":
        return content.rfind(b"\xff\xd9") > content.rfind(b"\xff\xda")
    if pillow_format == "PNG":
        return b"IEND\xaeB`\x82" in content
    return True


def _too_many_pixels(width: int = 0, height: int = 0, *, over: int = 0) -> ValidationError:
    limit = megapixels(MAX_PIXELS)
    if over:  # Pillow stopped before giving the size: the image is past Pillow's own, higher limit
        message = _("The image has more than %(megapixels)s megapixels; the limit is %(limit)s megapixels.") % {
            "megapixels": megapixels(over),
            "limit": limit,
        }
    else:
        message = _(
            "The image is %(width)s × %(height)s pixels (%(megapixels)s megapixels); the limit is %(limit)s megapixels."
        ) % {"width": width, "height": height, "megapixels": megapixels(width * height), "limit": limit}
    return ValidationError(message, code="image_too_large")
