"""The flowchart symbols drawn in a Word table cell: DrawingML shapes (`wps:wsp` with a preset geometry) and the older
VML shapes (`v:shape type="#_x0000_t116"`, `v:rect`, `v:roundrect` …), anchored in the cell's paragraphs.

Word writes a drawing twice inside `mc:AlternateContent` (the DrawingML choice and a VML fallback for old readers): only
the choice is read. Lines and arrows (connectors) are not symbols; text boxes are the labels written beside the arrows
("Ya", "Tidak"), kept as labels.
"""

from __future__ import annotations

from dataclasses import dataclass

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
V = "urn:schemas-microsoft-com:vml"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"

TERMINATOR = "terminator"  # Mulai / Selesai: start or end, decided by the position of the row
PROCESS = "process"
DECISION = "decision"
CONNECTOR = "connector"

# DrawingML preset geometries (ECMA-376 ST_ShapeType) as the symbols of Permen PANRB 35/2012.
PRESETS = {
    "flowChartTerminator": TERMINATOR,
    "flowChartAlternateProcess": TERMINATOR,  # the rounded rectangle many templates draw Mulai/Selesai with
    "roundRect": TERMINATOR,
    "ellipse": TERMINATOR,
    "flowChartProcess": PROCESS,
    "flowChartPredefinedProcess": PROCESS,
    "flowChartDocument": PROCESS,
    "rect": PROCESS,
    "flowChartDecision": DECISION,
    "diamond": DECISION,
    "flowChartOffpageConnector": CONNECTOR,
    "flowChartConnector": CONNECTOR,
    "homePlate": CONNECTOR,
    "pentagon": CONNECTOR,
}
# VML shape types (the number in type="#_x0000_tNNN", MSO_SHAPE_TYPE), and the VML elements that are shapes.
VML_TYPES = {
    "116": TERMINATOR,
    "176": TERMINATOR,
    "2": TERMINATOR,
    "109": PROCESS,
    "112": PROCESS,
    "114": PROCESS,
    "1": PROCESS,
    "110": DECISION,
    "4": DECISION,
    "177": CONNECTOR,
    "120": CONNECTOR,
    "15": CONNECTOR,
}
VML_ELEMENTS = {"rect": PROCESS, "roundrect": TERMINATOR, "oval": TERMINATOR}
VML_TEXT_BOX = "202"


@dataclass(frozen=True)
class Shape:
    symbol: str  # TERMINATOR, PROCESS, DECISION or CONNECTOR; "" for a shape of another kind
    kind: str  # the preset or VML type as written, for messages
    text: str  # the text written inside it


@dataclass(frozen=True)
class CellDrawing:
    shapes: tuple[Shape, ...]  # the symbols (lines, arrows and text boxes left out)
    labels: tuple[str, ...]  # texts of text boxes: the labels beside the arrows


def _q(ns: str, name: str) -> str:
    return f"{{{ns}}}{name}"


def _in_fallback(element, stop) -> bool:
    parent = element.getparent()
    while parent is not None and parent is not stop:
        if parent.tag == _q(MC, "Fallback"):
            return True
        parent = parent.getparent()
    return False


def _text(element) -> str:
    paragraphs = element.iter(_q(W, "p"))
    lines = ("".join(t.text or "" for t in p.iter(_q(W, "t"))) for p in paragraphs)
    return " ".join(line.strip() for line in lines if line.strip())


def _drawingml(element) -> tuple[Shape | None, str | None]:
    """A `wps:wsp`: (shape, None), or (None, label) for a text box, or (None, None) for a line or an arrow."""
    if element.find(_q(WPS, "cNvCnPr")) is not None:  # a connector (arrow)
        return None, None
    text = _text(element)
    props = element.find(_q(WPS, "cNvSpPr"))
    if props is not None and props.get("txBox") in ("1", "true"):
        return None, text
    geometry = element.find(f"{_q(WPS, 'spPr')}/{_q(A, 'prstGeom')}")
    preset = geometry.get("prst", "") if geometry is not None else "custGeom"
    if ("Connector" in preset and preset not in PRESETS) or preset in ("line", "straightConnector1"):
        return None, None
    return Shape(symbol=PRESETS.get(preset, ""), kind=preset, text=text), None


def _vml(element) -> tuple[Shape | None, str | None]:
    name = element.tag.split("}")[1]
    if name in ("line", "polyline", "arc", "curve"):
        return None, None
    text = _text(element)
    if name in VML_ELEMENTS:
        return Shape(symbol=VML_ELEMENTS[name], kind=f"v:{name}", text=text), None
    number = (element.get("type") or "").rsplit("_t", 1)[-1]
    if number == VML_TEXT_BOX:
        return None, text
    if number in ("32", "33", "34", "35", "36", "37", "38", "39", "40", "20"):  # connectors and lines
        return None, None
    return Shape(symbol=VML_TYPES.get(number, ""), kind=f"v:shape {element.get('type') or ''}".strip(), text=text), None


def cell_drawing(tc) -> CellDrawing:
    """The symbols and labels drawn in one table cell (`w:tc` element), in document order."""
    shapes: list[Shape] = []
    labels: list[str] = []
    vml_tags = {_q(V, "shape"), _q(V, "rect"), _q(V, "roundrect"), _q(V, "oval"), _q(V, "line"), _q(V, "polyline")}
    for element in tc.iter(_q(WPS, "wsp"), *vml_tags):
        if _in_fallback(element, tc):
            continue
        shape, label = _drawingml(element) if element.tag == _q(WPS, "wsp") else _vml(element)
        if shape is not None:
            shapes.append(shape)
        elif label:
            labels.append(label)
    return CellDrawing(shapes=tuple(shapes), labels=tuple(labels))
