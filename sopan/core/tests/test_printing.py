"""Every kind of printed document, printed on the production static storage (issue 14 §1).

With DEBUG off `{% static %}` writes hashed names that only the collected STATIC_ROOT holds; the print code used to look
them up with the staticfiles finders, which know only source names, so every document but the compliance report came
out unstyled (the SOP on A4 portrait with its Output and Keterangan columns cut off). Each kind below is printed the way
its view prints it, with `production_static` on, and checked for its paper, its orientation, no resource that failed
to load (the autouse `print_load_errors` fixture fails the test on any), and something only its stylesheet puts there.

A new kind of document is one entry in `KINDS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import translation

from sopan.core.documents import pdf
from sopan.core.testing import login
from sopan.core.tests.printing import Page, inside_page, pdf_pages

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("production_static")]

SOP_KEY = "rekrutmen-registrasi-penyedia"  # Pagar Alam's SOP with three flowchart pages


# --- how each kind is printed ------------------------------------------------------------------------------------
def _sop_definition():
    from sopan.sop import definition as d

    return next(x for x in d.load_catalogue()["pagar-alam"] if x.key == SOP_KEY)


def _print_sop(request) -> bytes:
    from sopan.sop.pdf import document_pdf

    with translation.override("id"):
        return document_pdf(_sop_definition())


def _download(request, persona: str, url: str, params: dict | None = None) -> bytes:
    client = request.getfixturevalue("client")
    login(client, request.getfixturevalue("personas")[persona])
    response = client.get(url, params or {})
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    return response.content


def _print_compliance(request) -> bytes:
    return _download(request, "lpse_head", reverse("compliance:report"), {"format": "pdf"})


def _registration(request):
    from sopan.vendors.defaults import ensure_required_documents
    from sopan.vendors.tests import factories

    organization = request.getfixturevalue("organization")
    officer = request.getfixturevalue("personas")["registration_officer"]
    factories.bind_registration_sop(organization)
    ensure_required_documents(organization)
    return factories.received_registration(organization, officer)


def _print_vendor_form(code: str) -> Callable:
    def make(request) -> bytes:
        from sopan.vendors.registration import printing

        return printing.render_form(code, _registration(request))

    return make


def _print_receipt(request) -> bytes:
    from sopan.vendors.registration import printing

    return printing.receipt_pdf(_registration(request))


def _print_consultation_form(request) -> bytes:
    from sopan.helpdesk.tests.factories import make_ticket
    from sopan.helpdesk.tickets.printing import consultation_form_pdf

    organization = request.getfixturevalue("organization")
    agent = request.getfixturevalue("personas")["helpdesk_agent"]
    return consultation_form_pdf(make_ticket(organization, assignee=agent))


def _print_berita_acara(request) -> bytes:
    from sopan.helpdesk.announcements.printing import report_pdf
    from sopan.helpdesk.tests.factories import closed_outage

    organization = request.getfixturevalue("organization")
    agent = request.getfixturevalue("personas")["helpdesk_agent"]
    announcement = closed_outage(organization, by=agent, cause="Kabel fiber optik putus; diganti penyedia jaringan.")
    return report_pdf(announcement)


def _print_helpdesk_report(request) -> bytes:
    from sopan.helpdesk.defaults import ensure_priority_table

    ensure_priority_table(request.getfixturevalue("organization"))
    return _download(
        request, "lpse_head", reverse("helpdesk:report-pdf"), {"mode": "quarter", "year": 2025, "quarter": 1}
    )


# --- what only the stylesheets print -----------------------------------------------------------------------------
def _numbered(template: str) -> Callable[[list[Page]], None]:
    """The page numbers of the @page margin boxes ("Halaman 1 dari 2"): counters exist only where the stylesheet
    loaded; an unstyled page prints none."""

    def check(pages: list[Page]) -> None:
        for number, page in enumerate(pages, start=1):
            expected = template.format(page=number, pages=len(pages))
            assert expected in page.text, f"page {number} has no {expected!r}: {page.text[:200]}"

    return check


def _sop_layout(pages: list[Page]) -> None:
    """The SOP's page label and counters, and the flowchart (SOP format: No, Kegiatan, Pelaksana, Mutu Baku …
    Keterangan) whole on its own pages: each flowchart page of the document is a PDF page whose last column's header,
    Keterangan, lies on the paper; the identity block is a page without it."""
    from sopan.sop.rendering import document

    _numbered("Halaman {page} / {pages}")(pages)
    flowchart_pages = [page for page in pages if page.words["Keterangan"]]
    assert len(flowchart_pages) == len(document(_sop_definition()).pages)
    assert not pages[0].words["Keterangan"], "the identity block shares its page with the flowchart"
    for page in flowchart_pages:
        assert all(inside_page(page, box) for box in page.words["Keterangan"]), "the flowchart is cut at the edge"
        assert all(inside_page(page, box) for box in page.words["Output"])


@dataclass(frozen=True)
class Kind:
    key: str
    make: Callable  # (pytest request) -> PDF bytes, printed as its view prints it
    styled: Callable[[list[Page]], None]  # asserts what only the document's stylesheet prints
    size: str = "A4"
    orientation: str = "portrait"
    find: tuple[str, ...] = ()  # strings whose place on the page `styled` needs


OFFICE_FORM = _numbered("Halaman {page} dari {pages}")  # vendors/print.css, the office documents' stylesheet

KINDS = [
    # The SOP itself (Permen PANRB 35/2012 layout) and its compliance report (the Peringatan clause's deviations)
    Kind("sop", _print_sop, _sop_layout, orientation="landscape", find=("Keterangan", "Output")),
    Kind("compliance-report", _print_compliance, _numbered("{page} / {pages}"), orientation="landscape"),
    # SOP Rekrutmen dan Registrasi Penyedia: the forms of steps 2–5, the receipt of step 8
    *(
        Kind(code, _print_vendor_form(code), OFFICE_FORM)
        for code in ("formulir-pendaftaran", "formulir-keikutsertaan", "surat-penunjukan-admin", "surat-kuasa")
    ),
    Kind("tanda-terima-berkas", _print_receipt, OFFICE_FORM),
    # Seed 004: the Formulir Konsultasi (steps 3, 6, 7); Perwali 41/2024 annex 2.6.4 b, Pasal 11: the Berita Acara
    # Gangguan and the quarter's helpdesk report
    Kind("formulir-konsultasi", _print_consultation_form, OFFICE_FORM),
    Kind("berita-acara-gangguan", _print_berita_acara, OFFICE_FORM),
    Kind("laporan-helpdesk", _print_helpdesk_report, OFFICE_FORM),
]


def test_the_registry_covers_every_vendor_form():
    from sopan.vendors.registration.printing import FORMS

    assert set(FORMS) <= {kind.key for kind in KINDS}


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.key)
def test_each_document_prints_styled_on_its_paper(kind, request, print_load_errors):
    data = kind.make(request)

    pages = pdf_pages(data, find=kind.find)

    assert pages
    for number, page in enumerate(pages, start=1):
        assert page.size == kind.size, f"page {number} is {page.width_mm:.0f} × {page.height_mm:.0f} mm"
        assert page.orientation == kind.orientation, f"page {number} is {page.orientation}"
    assert print_load_errors.messages == []
    kind.styled(pages)


# --- the static lookup -----------------------------------------------------------------------------------------
def test_hashed_static_names_are_found_in_the_collected_root(production_static):
    hashed = pdf.static_url("sop/print.css")
    assert hashed.startswith("https://sopan.invalid/static/sop/print.") and hashed.endswith(".css")
    assert hashed != "https://sopan.invalid/static/sop/print.css"  # the manifest storage is really on

    found = pdf.static_path(hashed)

    assert found is not None and found.parent == production_static / "sop"
    assert pdf.static_path("/static/sop/print.css").name == "print.css"  # a source name still works


def test_source_names_are_found_by_the_finders_in_development(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.STATIC_ROOT = str(tmp_path)  # nothing collected

    found = pdf.static_path(pdf.static_url("vendors/print.css"))

    assert found is not None and found.name == "print.css" and found.parent.name == "vendors"


@pytest.mark.parametrize(
    "url",
    [
        "/static/../config/settings/base.py",
        "/static/sop/../../../conftest.py",
        "/static/%2e%2e/%2e%2e/conftest.py",
        "/static//etc/passwd",
        "/static/..%5c..%5cconftest.py",
        "/static/staticfiles.json/../../conftest.py",
        "https://example.org/static/sop/print.css",  # another host
        "http://sopan.invalid/static/sop/print.css",  # another scheme than the base's
        "file:///etc/passwd",
        "ftp://sopan.invalid/static/sop/print.css",
        "/media/logo.png",  # media are embedded as data: URIs, never fetched
        "/static/",
    ],
)
def test_nothing_outside_the_static_files_is_read(url):
    assert pdf.static_path(url) is None


def test_static_files_served_from_another_address_are_still_read_from_disk(settings):
    settings.STATIC_URL = "https://cdn.lpse.example/static/"

    url = pdf.static_url("vendors/print.css")

    assert url.startswith("https://cdn.lpse.example/static/vendors/print.")
    assert pdf.static_path(url) is not None
    assert pdf.static_path(url.replace("cdn.lpse.example", "cdn.evil.example")) is None


def test_a_stylesheet_that_does_not_load_is_logged_with_its_url(print_load_errors):
    html = '<link rel="stylesheet" href="/static/sop/missing.css"><img src="https://example.org/logo.png"><p>x</p>'

    data = pdf.html_to_pdf(html)

    assert data.startswith(b"%PDF")
    messages = print_load_errors.messages
    print_load_errors.clear()  # provoked on purpose: the autouse fixture must not fail this test
    assert len(messages) == 2, messages
    assert "https://sopan.invalid/static/sop/missing.css" in messages[0]
    assert "https://example.org/logo.png" in messages[1]


def test_an_added_stylesheet_that_does_not_load_is_logged_too(print_load_errors):
    pdf.html_to_pdf("<p>x</p>", stylesheets=["sop/missing.css"])  # not in the manifest either

    messages = print_load_errors.messages
    print_load_errors.clear()
    assert len(messages) == 1 and "sop/missing.css" in messages[0]


def test_data_uris_still_print(print_load_errors):
    pixel = (
        "data:image/png;base64,"
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
    )

    data = pdf.html_to_pdf(f'<img src="{pixel}" style="width:20mm"><p>Logo</p>')

    assert data.startswith(b"%PDF") and print_load_errors.messages == []
