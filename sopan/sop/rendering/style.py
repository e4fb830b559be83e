"""Page and type: the measurements and colours of the printed flowchart."""

# Units are PostScript points. A4 landscape is 842 x 595 pt; print.css gives 34 pt margins left and right, so the
# flowchart is drawn at its printed size; on screen it scales to the width of its container.
PAGE_WIDTH = 774.0
PAGE_HEIGHT = 512.0  # the height budget of one flowchart page (A4 landscape less margins and footer)
FONT_FAMILY = "DejaVu Sans, Verdana, Arial, sans-serif"
FONT_SIZE = 7.0
HEADER_FONT_SIZE = 7.0
LABEL_FONT_SIZE = 6.0
LINE_HEIGHT = 1.25
CELL_PAD_X = 3.0
CELL_PAD_Y = 3.5

INK = "#000000"
GRID = "#6c6c6c"
HEADER_FILL = "#e6e6e6"
STATUS_FILL = {
    "done": "#a6dba0",
    "open": "#9ec5fe",
    "overdue": "#f0625d",
    "skipped": "#d9d9d9",
}
UNTOUCHED_FILL = "#ffffff"
STATUSES = ("done", "open", "overdue", "skipped")

# Symbol sizes and the space kept around them for arrows.
TERMINATOR_H = 16.0
PROCESS_H = 18.0
DECISION_H = 26.0
CONNECTOR_SIZE = 16.0
SYMBOL_MAX_W = 62.0
GUTTER_MIN = 12.0  # between a symbol and its lane's border: room for the side channels
ROW_MARGIN = 13.0  # above and below a symbol: room for arrows turning into it
APPROACH = 6.5  # where an arrow from a side channel turns into the top of a symbol
JOG = 6.5  # where an arrow leaving the bottom of a symbol turns aside
TRACK_STEP = 4.0
BAND_H = 40.0  # the band of off-page connectors at the top or bottom of a page
HEAD_LEN = 5.0
HEAD_HALF = 2.2
LEGEND_H = 16.0
