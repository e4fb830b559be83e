"""Print an SOP in the official Permen PANRB 35/2012 layout: the identity block and the flowchart table.

Pure Python (no database). `document()` gives a template everything it needs: the identity values and the flowchart
split into A4-landscape pages, each page one SVG that draws the whole table (No | Kegiatan | one column per Pelaksana
| Mutu Baku: Kelengkapan, Waktu, Output | Keterangan) with its header repeated. The table is drawn in SVG, text
wrapping included (glyph widths of DejaVu Sans, the font the PDF uses), so row heights and arrows are exact and the
page on screen and the PDF look the same.

The flowchart: one row per step, its symbol in its lane column(s) (terminator, process, decision, off-page
connector), orthogonal arrows to its successors. An arrow runs straight down, or out of a symbol's side and down into
the next one; where a lane column is blocked (a forward jump past another symbol of that lane, a loop back up) it runs
along a side channel in the gutter beside a lane. Where an arrow crosses a page boundary, a lettered off-page
connector ends it on one page and the same letter starts it again on the other.

The SVG carries no style attributes or elements (the Content-Security-Policy forbids inline styles): presentation
attributes only. `related_map()` draws the Keterkaitan between the SOPs of one organisation.
"""

from .flowchart import DocumentView, FlowchartPage, LegendEntry, document
from .office import approver_of, logo_data_uri, version_document
from .related import MAP_ARC_STEP, MAP_FONT, MAP_NODE_W, MAP_ROW_GAP, related_map
from .style import (
    APPROACH,
    BAND_H,
    CELL_PAD_X,
    CELL_PAD_Y,
    CONNECTOR_SIZE,
    DECISION_H,
    FONT_FAMILY,
    FONT_SIZE,
    GRID,
    GUTTER_MIN,
    HEAD_HALF,
    HEAD_LEN,
    HEADER_FILL,
    HEADER_FONT_SIZE,
    INK,
    JOG,
    LABEL_FONT_SIZE,
    LEGEND_H,
    LINE_HEIGHT,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    PROCESS_H,
    ROW_MARGIN,
    STATUS_FILL,
    STATUSES,
    SYMBOL_MAX_W,
    TERMINATOR_H,
    TRACK_STEP,
    UNTOUCHED_FILL,
)
from .table import Lines
from .text import text_width, wrap

__all__ = [
    "APPROACH",
    "BAND_H",
    "CELL_PAD_X",
    "CELL_PAD_Y",
    "CONNECTOR_SIZE",
    "DECISION_H",
    "FONT_FAMILY",
    "FONT_SIZE",
    "GRID",
    "GUTTER_MIN",
    "HEADER_FILL",
    "HEADER_FONT_SIZE",
    "HEAD_HALF",
    "HEAD_LEN",
    "INK",
    "JOG",
    "LABEL_FONT_SIZE",
    "LEGEND_H",
    "LINE_HEIGHT",
    "MAP_ARC_STEP",
    "MAP_FONT",
    "MAP_NODE_W",
    "MAP_ROW_GAP",
    "PAGE_HEIGHT",
    "PAGE_WIDTH",
    "PROCESS_H",
    "ROW_MARGIN",
    "STATUSES",
    "STATUS_FILL",
    "SYMBOL_MAX_W",
    "TERMINATOR_H",
    "TRACK_STEP",
    "UNTOUCHED_FILL",
    "DocumentView",
    "FlowchartPage",
    "LegendEntry",
    "Lines",
    "approver_of",
    "document",
    "logo_data_uri",
    "related_map",
    "text_width",
    "version_document",
    "wrap",
]
