"""The SOP printed in the official layout: every catalogue SOP renders (HTML and PDF), long SOPs continue on the next
page through matching off-page connectors, and the status overlay colours the symbols.

The PDF pages are also written as PNGs to test-artifacts/pdf/ for a person to look at.
"""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pypdfium2
import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from sopan.sop import definition as d
from sopan.sop import pdf, rendering

SVG = "{http://www.w3.org/2000/svg}"
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "pdf"
CATALOGUE = [definition for definitions in d.load_catalogue().values() for definition in definitions]
ROLE = "helpdesk_agent"


# --- helpers -------------------------------------------------------------------------------------------------------
def _parse(svg: str) -> ET.Element:
    root = ET.fromstring(str(svg))
    assert root.tag == f"{SVG}svg"
    return root


def _texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def _symbols(root: ET.Element) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if g.get("data-step")]


def _connectors(root: ET.Element, direction: str) -> list[str]:
    return [g.get("data-connector") for g in root.iter(f"{SVG}g") if g.get("data-direction") == direction]


def _long_definition() -> d.Definition:
    """30 steps over 6 lanes: a loop back, decisions with two and three exits, a parallel split and its join,
    sub-steps, a step in two lanes, an off-page connector step and two end terminators."""
    lanes = [
        {"key": f"lane-{i}", "name": f"Pelaksana nomor {i} dengan nama yang panjang", "roles": [ROLE]} for i in range(6)
    ]
    steps: list[dict] = [{"key": "mulai", "number": "", "text": "Mulai", "symbol": "start", "lanes": ["lane-0"]}]
    for n in range(1, 29):
        steps.append(
            {
                "key": f"s{n}",
                "number": str(n),
                "text": f"Langkah {n}: memeriksa berkas permohonan dan mencatat hasil pemeriksaan pada formulir"
                + (" yang telah disediakan oleh petugas" * (n % 3)),
                "symbol": "process",
                "lanes": [f"lane-{(n * 2) % 6}"],
                "requirements": ["Formulir permohonan", "Berkas pendukung"][: 1 + n % 2],
                "time": ["10 menit", "1 hari", "N/A", "2 jam"][n % 4],
                "output": "Berkas yang sudah diperiksa",
                "notes": "Sesuai kebutuhan" if n % 5 == 0 else "",
            }
        )
    steps.append({"key": "selesai", "number": "", "text": "Selesai", "symbol": "end", "lanes": ["lane-5"]})
    by_key = {s["key"]: s for s in steps}
    order = [s["key"] for s in steps]
    for here, there in itertools.pairwise(order):
        if by_key[here]["symbol"] != "end":
            by_key[here]["next"] = there
    # a decision with a loop back over a page boundary
    by_key["s12"].update(
        symbol="decision", next=None, exits=[{"label": "Ya", "to": "s13"}, {"label": "Tidak", "to": "s3"}]
    )
    # a decision with three exits, one a forward jump
    by_key["s16"].update(
        symbol="decision",
        next=None,
        exits=[{"label": "a", "to": "s17"}, {"label": "b", "to": "s19"}, {"label": "c", "to": "s15"}],
    )
    # a parallel split into sub-steps and their join
    by_key["s7"].update(number="7a", next=["s8", "s9", "s10"])
    by_key["s8"].update(number="7b", next="s11")
    by_key["s9"].update(number="7c", next="s11")
    by_key["s10"].update(next="s11")
    by_key["s11"].update(join=True)
    by_key["s20"].update(lanes=["lane-2", "lane-3"])  # one wide symbol
    by_key["s21"].update(lanes=["lane-1", "lane-4"])  # symbols in lanes that are not side by side
    by_key["s22"].update(symbol="connector", text="Dilanjutkan pada SOP Pengarsipan Berkas")
    by_key["s25"].update(symbol="end", next=None)
    by_key["s24"].update(
        symbol="decision", next=None, exits=[{"label": "Ya", "to": "s25"}, {"label": "Tidak", "to": "s26"}]
    )
    for step in steps:
        if step.get("next") is None:
            step.pop("next", None)
    data = {
        "format": d.FORMAT,
        "key": "sintetis-panjang",
        "identity": {
            "title": 'SOP Sintetis yang Panjang <uji> & "kutip"',
            "number": "SOP-UJI/001",
            "organization": "PEMERINTAH KOTA UJI",
            "unit": "LPSE",
            "revision": 2,
            "revised_on": "2024-03-05",
            "effective_on": "2024-04-01",
            "approved_by": {"position": "Kepala LPSE", "name": "Budi", "nip": "198001012005011001"},
            "related": [
                {"title": "SOP Pengarsipan Berkas"},
                {"title": "SOP Telepon", "sop": "penanganan-permasalahan-telepon"},
            ],
        },
        "lanes": lanes,
        "steps": steps,
    }
    return d.from_data(data, source="test", known_roles={ROLE})


LONG = _long_definition()


def _save_pngs(data: bytes, key: str) -> list:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    document = pypdfium2.PdfDocument(data)
    images = []
    try:
        for i in range(len(document)):
            page = document[i]
            width, height = page.get_size()
            assert abs(width - 842) <= 1 and abs(height - 595) <= 1, f"page {i + 1} is {width} x {height} pt"
            image = page.render(scale=1.6).to_pil().convert("RGB")
            image.save(ARTIFACTS / f"{key}-{i + 1}.png")
            images.append(image)
            page.close()
    finally:
        document.close()
    return images


def _dark_share(image, box=None) -> float:
    region = image.crop(box) if box else image
    grey = region.convert("L")
    histogram = grey.histogram()
    return sum(histogram[:128]) / (grey.width * grey.height)


def _count_colour(image, rgb: tuple[int, int, int], tolerance: int = 12) -> int:
    r0, g0, b0 = rgb
    colours = image.getcolors(maxcolors=image.width * image.height)
    return sum(
        count
        for count, (r, g, b) in colours
        if abs(r - r0) <= tolerance and abs(g - g0) <= tolerance and abs(b - b0) <= tolerance
    )


# --- the flowchart SVG ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("definition", [*CATALOGUE, LONG], ids=lambda definition: definition.key)
def test_every_sop_renders_with_each_step_symbol_number_and_exit_label(definition):
    doc = rendering.document(definition)

    roots = [_parse(page.svg) for page in doc.pages]
    symbols = [g.get("data-step") for root in roots for g in _symbols(root)]
    texts = [text for root in roots for text in _texts(root)]
    assert sorted(symbols) == sorted(definition.step_keys)  # one symbol per step, each on exactly one page
    assert [key for page in doc.pages for key in page.steps] == list(definition.step_keys)
    for step in definition.steps:
        if step.number:
            assert step.number in texts, f"step number {step.number} is not printed"
        for exit_ in step.exits:
            assert exit_.label in texts, f"exit label {exit_.label!r} of step {step.number} is not printed"
    for root in roots:
        assert root.get("role") == "img" and root.get("aria-label")
        assert root.find(f"{SVG}title") is not None
        assert not any("style" in element.attrib for element in root.iter()), "inline styles break the CSP"
        assert root.find(f".//{SVG}style") is None
        assert _connectors(root, "out") or _connectors(root, "in") or len(doc.pages) == 1


@pytest.mark.parametrize("definition", [*CATALOGUE, LONG], ids=lambda definition: definition.key)
def test_every_arrow_ends_on_a_symbol_it_leads_to(definition):
    doc = rendering.document(definition)
    arrows = sum(len(_parse(page.svg).findall(f".//{SVG}g[@class='sop-arrows']/{SVG}polyline")) for page in doc.pages)
    edges = sum(len(step.successors) for step in definition.steps)
    assert arrows >= edges  # an arrow crossing a page is drawn twice: to its connector, and from it


def test_long_sop_continues_on_next_pages_through_matching_connectors():
    doc = rendering.document(LONG)

    assert len(doc.pages) >= 3
    outgoing, incoming = [], []
    for page in doc.pages:
        root = _parse(page.svg)
        outgoing += _connectors(root, "out")
        incoming += _connectors(root, "in")
        height = float(root.get("viewBox").split()[3])
        assert height <= rendering.PAGE_HEIGHT + 2, "a page is taller than A4 landscape allows"
    assert outgoing and set(outgoing) == set(incoming)
    for page in doc.pages:  # one connector per target and band on a page
        bands = [
            (g.get("data-connector"), g.get("data-direction"), g.get("data-band"))
            for g in _parse(page.svg).iter(f"{SVG}g")
        ]
        bands = [b for b in bands if b[0]]
        assert len(bands) == len(set(bands))
    # the loop back from step 12 to step 3 crosses pages: it leaves upward and comes back in from below
    page_of = {key: page.number for page in doc.pages for key in page.steps}
    assert page_of["s12"] != page_of["s3"]


def test_header_is_repeated_on_every_page_in_the_active_language():
    with translation.override("en"):
        doc = rendering.document(LONG)
    for page in doc.pages:
        texts = _texts(_parse(page.svg))
        for header in ("Activity", "Executors", "Service standard", "Requirements", "Time", "Output", "Notes"):
            assert header in texts
        assert "Pelaksana nomor 5 dengan" in " ".join(texts)


def test_text_is_escaped_in_svg_and_html():
    doc = rendering.document(LONG)
    html = render_to_string("sop/_document.html", {"doc": doc})

    assert "<uji>" not in html
    assert "&lt;uji&gt;" in html
    for page in doc.pages:
        ET.fromstring(str(page.svg))  # well-formed although the title has < & and quotes


def test_status_overlay_fills_symbols_and_adds_a_legend():
    status = {"mulai": "done", "s1": "done", "s2": "overdue", "s3": "open", "s4": "skipped"}
    doc = rendering.document(LONG, status=status)

    assert [entry.status for entry in doc.legend][:4] == ["done", "open", "overdue", "skipped"]
    root = _parse(doc.pages[0].svg)
    fills = {g.get("data-step"): g.get("fill") for g in _symbols(root)}
    assert fills["s2"] == rendering.STATUS_FILL["overdue"]
    assert fills["s1"] == rendering.STATUS_FILL["done"]
    assert fills["s3"] == rendering.STATUS_FILL["open"]
    assert fills["s5"] == rendering.UNTOUCHED_FILL
    assert root.find(f".//{SVG}g[@class='sop-legend']") is not None


def test_unknown_status_is_refused():
    with pytest.raises(ValueError, match="unknown step status"):
        rendering.document(LONG, status={"s1": "late"})


def test_without_status_there_is_no_legend():
    doc = rendering.document(LONG)
    assert doc.legend == ()
    assert "sop-legend" not in str(doc.pages[0].svg)


# --- the HTML -------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("definition", CATALOGUE, ids=lambda definition: definition.key)
def test_document_template_prints_identity_block_and_every_page(definition):
    with translation.override("id"):
        html = render_to_string("sop/_document.html", {"doc": rendering.document(definition)})

    identity = definition.identity
    assert html.count('class="sop-sheet"') == len(rendering.document(definition).pages)
    for value in (identity.title, identity.number, identity.approved_by.name, *identity.legal_basis):
        if value:
            assert _escaped(value) in html
    if identity.effective_on:
        assert str(identity.effective_on.year) in html
    assert not re.search(r"\sstyle=", html)


def test_document_dates_are_written_the_indonesian_way():
    with translation.override("id"):
        html = render_to_string("sop/_document.html", {"doc": rendering.document(LONG)})
    assert "1 April 2024" in html
    assert "5 Maret 2024" in html
    assert "NIP. 19800101 200501 1 001" in html  # grouped as an NIP is printed


def test_print_page_is_standalone_with_print_stylesheet():
    html = render_to_string("sop/print.html", {"doc": rendering.document(LONG)})
    assert "sop/print.css" in html
    assert "bootstrap" not in html
    assert html.count("<svg") == len(rendering.document(LONG).pages)


def _escaped(value: str) -> str:
    return (
        value.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#x27;")
    )


# --- the PDF -------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("definition", [*CATALOGUE, LONG], ids=lambda definition: definition.key)
def test_pdf_is_a4_landscape_with_inked_flowchart_pages(definition):
    with translation.override("id"):
        data = pdf.document_pdf(definition)

    assert data.startswith(b"%PDF")
    images = _save_pngs(data, definition.key)
    expected = 1 + len(rendering.document(definition).pages)
    assert len(images) >= expected  # the identity block, then the flowchart pages
    for image in images[-len(rendering.document(definition).pages) :]:
        w, h = image.size
        table = (int(w * 0.04), int(h * 0.05), int(w * 0.96), int(h * 0.3))  # the header and first rows
        assert _dark_share(image, table) > 0.01, "a flowchart page looks blank"
    assert _dark_share(images[0], (0, 0, images[0].width, images[0].height // 3)) > 0.005


def test_pdf_with_status_shows_the_overdue_red():
    data = pdf.document_pdf(LONG, status={"mulai": "done", "s1": "done", "s2": "overdue", "s3": "open"})
    images = _save_pngs(data, f"{LONG.key}-status")
    red = tuple(int(rendering.STATUS_FILL["overdue"][i : i + 2], 16) for i in (1, 3, 5))
    green = tuple(int(rendering.STATUS_FILL["done"][i : i + 2], 16) for i in (1, 3, 5))
    assert _count_colour(images[1], red) > 200
    assert _count_colour(images[1], green) > 200
    assert _count_colour(images[-1], red) < _count_colour(images[1], red)


def test_pdf_reads_static_files_from_disk_and_nothing_else():
    assert pdf.static_path(settings.STATIC_URL + "sop/print.css").name == "print.css"
    assert pdf.static_path(settings.STATIC_URL + "../secret") is None
    assert pdf.static_path("https://example.org/evil.css") is None


def test_pdf_follows_the_active_language():
    with translation.override("en"):
        english = pdf.document_pdf(LONG)
    text = _pdf_text(english)
    assert "Activity" in text
    assert "SOP number" in text


def _pdf_text(data: bytes) -> str:
    document = pypdfium2.PdfDocument(data)
    try:
        parts = []
        for i in range(len(document)):
            page = document[i]
            textpage = page.get_textpage()
            parts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return re.sub(r"\s+", " ", " ".join(parts))
    finally:
        document.close()


# --- the Keterkaitan map ----------------------------------------------------------------------------------------
def test_related_map_links_sops_and_shows_external_ones_dashed():
    telephone = next(definition for definition in CATALOGUE if definition.key == "penanganan-permasalahan-telepon")
    svg = rendering.related_map([LONG, telephone], urls={"sintetis-panjang": "/sop/1/"}, current="sintetis-panjang")

    root = _parse(svg)
    nodes = [g for g in root.iter(f"{SVG}g") if "sop-map-node" in (g.get("class") or "")]
    internal = {g.get("data-sop") for g in nodes if "sop-map-external" not in g.get("class")}
    external = [g for g in nodes if "sop-map-external" in g.get("class")]
    assert internal == {"sintetis-panjang", "penanganan-permasalahan-telepon"}
    assert external and all(g.find(f"{SVG}rect").get("stroke-dasharray") for g in external)
    assert "SOP Pengarsipan Berkas" in _texts(root)
    assert len(root.findall(f".//{SVG}g[@class='sop-map-edges']/{SVG}polyline")) >= 2
    assert [a.get("href") for a in root.iter(f"{SVG}a")] == ["/sop/1/"]
    assert root.get("role") == "img"
