"""Text measuring and wrapping: glyph widths of DejaVu Sans (the font the PDF uses), so that cells wrap as printed."""

from __future__ import annotations

import functools
from pathlib import Path

from .style import FONT_SIZE


def _find_font(name: str) -> Path | None:
    for root in ("/usr/share/fonts", "/usr/local/share/fonts", str(Path.home() / ".fonts")):
        found = sorted(Path(root).glob(f"**/{name}")) if Path(root).is_dir() else []
        if found:
            return found[0]
    return None


@functools.cache
def _advances(bold: bool) -> dict[str, float]:
    """Advance widths in em of DejaVu Sans (the font of the PDF); empty when the font is not installed."""
    path = _find_font("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    if path is None:
        return {}
    try:
        from fontTools.ttLib import TTFont

        font = TTFont(str(path), lazy=True)
        per_em = font["head"].unitsPerEm
        metrics = font["hmtx"].metrics
        return {chr(code): metrics[glyph][0] / per_em for code, glyph in font.getBestCmap().items()}
    except (ImportError, OSError, KeyError, ValueError):
        return {}


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """The printed width of `text` in points (an estimate when DejaVu Sans is not installed)."""
    advances = _advances(bold)
    default = 0.62 if bold else 0.58
    return size * sum(advances.get(char, default) for char in text)


def wrap(text: str, width: float, size: float = FONT_SIZE, *, bold: bool = False) -> list[str]:
    """Break `text` into lines no wider than `width`; a word too long for a line breaks after / or -, or anywhere."""
    lines: list[str] = []
    for paragraph in str(text).splitlines() or [""]:
        words = paragraph.split()
        line = ""
        for word in words:
            candidate = f"{line} {word}" if line else word
            if text_width(candidate, size, bold=bold) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            line = word
            while text_width(line, size, bold=bold) > width and len(line) > 1:
                cut = _cut(line, width, size, bold)
                lines.append(line[:cut])
                line = line[cut:]
        lines.append(line)
    return lines


def _cut(word: str, width: float, size: float, bold: bool) -> int:
    fits = 1
    while fits < len(word) and text_width(word[: fits + 1], size, bold=bold) <= width:
        fits += 1
    for i in range(fits - 1, 0, -1):
        if word[i - 1] in "/-_.,;":
            return i
    return fits
