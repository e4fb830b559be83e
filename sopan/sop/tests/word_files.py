"""Word SOPs built for the tests with python-docx, in the layouts of the seeds: the identity table, then the flowchart
table with the symbols drawn as real shapes (DrawingML inside mc:AlternateContent with a VML fallback, or VML alone),
anchored in the cell of their lane."""

from __future__ import annotations

import io
from itertools import count

import docx
from docx.oxml import parse_xml

NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)
_ids = count(1)
# What Word writes as the VML fallback of each preset (deliberately another type for the terminator: the reader must
# take the DrawingML choice and ignore the fallback).
_FALLBACK = {"flowChartTerminator": "#_x0000_t109", "flowChartProcess": "#_x0000_t109"}


def _txbx(text: str) -> str:
    return (
        f"<wps:txbx><w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent></wps:txbx>" if text else ""
    )


def drawingml(preset: str, text: str = "", *, text_box: bool = False, connector: bool = False) -> str:
    """A floating DrawingML shape anchored in the paragraph, as Word 2010+ writes it (with its VML fallback)."""
    n = next(_ids)
    box = ' txBox="1"' if text_box else ""
    nv = "<wps:cNvCnPr/>" if connector else f"<wps:cNvSpPr{box}/>"
    return (
        f'<w:r {NS}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        f'<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="{n}" behindDoc="0" '
        f'locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
        f'<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="900000" cy="300000"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
        f'<wp:docPr id="{n}" name="Shape {n}"/><wp:cNvGraphicFramePr/>'
        f'<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f'<wps:wsp>{nv}<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="900000" cy="300000"/></a:xfrm>'
        f'<a:prstGeom prst="{preset}"><a:avLst/></a:prstGeom></wps:spPr>{_txbx(text)}<wps:bodyPr/></wps:wsp>'
        f"</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        f'<mc:Fallback><w:pict><v:shape type="{_FALLBACK.get(preset, "#_x0000_t1")}" style="width:70pt;height:24pt">'
        f"</v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )


def vml(shape_type: str, text: str = "") -> str:
    """A VML shape alone, as Word 2007 and older converters write it (e.g. "#_x0000_t110", a decision)."""
    box = f"<v:textbox><w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent></v:textbox>"
    return (
        f'<w:r {NS}><w:pict><v:shape type="{shape_type}" style="width:60pt;height:40pt">{box}</v:shape></w:pict></w:r>'
    )


def draw(cell, *runs: str) -> None:
    """Anchor shapes in the cell's first paragraph."""
    paragraph = cell.paragraphs[0]._p
    for run in runs:
        paragraph.append(parse_xml(run))


def fill(table, row: int, texts: list[str]) -> None:
    for i, text in enumerate(texts):
        if text:
            table.cell(row, i).text = text


def identity_table(document, rows: list[list[str]]):
    table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
    for i, row in enumerate(rows):
        fill(table, i, row)
    return table


def flowchart_two_row_header(document, lanes: list[str], rows: int):
    """No | Aktivitas | Pelaksana (over the lanes) | Mutu Baku (over Persyaratan/Perlengkapan, Waktu, Output) | Ket,
    as Batang's SOP-LPSE.BTG-017 and the Pagar Alam SOPs print it."""
    cols = 2 + len(lanes) + 3 + 1
    table = document.add_table(rows=2 + rows, cols=cols)
    table.cell(0, 0).merge(table.cell(1, 0)).text = "No"
    table.cell(0, 1).merge(table.cell(1, 1)).text = "Aktivitas"
    table.cell(0, 2).merge(table.cell(0, 1 + len(lanes))).text = "Pelaksana"
    table.cell(0, 2 + len(lanes)).merge(table.cell(0, 4 + len(lanes))).text = "Mutu Baku"
    table.cell(0, cols - 1).merge(table.cell(1, cols - 1)).text = "Ket"
    fill(table, 1, ["", "", *lanes, "Persyaratan/Perlengkapan", "Waktu", "Output"])
    return table


def as_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def new_document():
    return docx.Document()
