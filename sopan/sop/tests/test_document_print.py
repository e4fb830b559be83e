"""The SOP document as printed: the identity block of the Permen PANRB 35/2012 Lembar Pengesahan (logo and header
on the left; Nomor SOP, dates, Disahkan Oleh with the approver's name and NIP, Nama SOP on the right; the six list
fields below) on the page and in the PDF, and printing the page from the browser prints only the document."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from sopan.core.testing import login
from sopan.sop import rendering
from sopan.sop.services import versions
from sopan.sop.tests import factories

# A 1×1 PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
LABELS_IN_ORDER = (
    "Nomor SOP",
    "Tanggal Pembuatan",
    "Tanggal Revisi",
    "Tanggal Efektif",
    "Disahkan Oleh",
    "Nama SOP",
    "Dasar Hukum",
    "Kualifikasi Pelaksana",
    "Keterkaitan",
    "Peralatan/Perlengkapan",
    "Peringatan",
    "Pencatatan dan Pendataan",
)


@pytest.fixture
def approved(organization, lpse_head, settings, tmp_path):
    """Salatiga's SOP with a logo, approved by its Kepala LPSE (who has an NIP) and in force."""
    settings.MEDIA_ROOT = tmp_path
    organization.logo.save("logo.png", ContentFile(PNG), save=True)
    lpse_head.nip = "196802051998031010"
    lpse_head.save(update_fields=["nip"])
    version = versions.sop_import(organization=organization, text=factories.SMALL, by=lpse_head)
    versions.version_submit(version=version, by=lpse_head)
    versions.version_approve(version=version, by=lpse_head)
    return versions.version_make_effective(version=version, by=lpse_head)


@pytest.mark.django_db
def test_the_identity_block_prints_as_the_lembar_pengesahan_with_logo_and_approver(approved, lpse_head):
    with translation.override("id"):
        html = render_to_string("sop/_document.html", {"doc": rendering.version_document(approved)})
    header = html[: html.index('class="sop-identity sop-identity-lists"')]
    # the logo and the header lines in the left cell, before the right column's labels
    assert header.index('class="sop-identity-logo" src="data:image/png;base64,') < header.index("PEMERINTAH KOTA")
    assert header.index("PEMERINTAH KOTA SALATIGA") < header.index("Nomor SOP")
    positions = [html.index(f">{label}<") for label in LABELS_IN_ORDER]
    assert positions == sorted(positions), "the labels are not in the Permen's order"
    approval = re.search(r'<td class="sop-identity-approval">(.*?)</td>', html, re.S).group(1)
    assert "Kepala LPSE" in approval and 'class="sop-identity-signature"' in approval
    assert lpse_head.get_full_name() in approval and "NIP. 19680205 199803 1 010" in approval
    assert '<td class="sop-identity-number">SOP-UJI-001</td>' in html


@pytest.mark.django_db
def test_the_pdf_of_a_version_prints_its_logo_and_approver(client, approved, lpse_head):
    import pypdfium2

    login(client, lpse_head)
    response = client.get(reverse("sop:version-pdf", kwargs={"pk": approved.pk}), HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    document = pypdfium2.PdfDocument(response.content)
    try:
        page = document[0]
        width, height = page.get_size()
        assert width > height  # A4 landscape
        text = page.get_textpage().get_text_range()
        images = [obj for obj in page.get_objects() if obj.type == pypdfium2.raw.FPDF_PAGEOBJ_IMAGE]
    finally:
        document.close()
    assert "Disahkan Oleh" in text and lpse_head.get_full_name() in text and "19680205 199803 1 010" in text
    assert images, "the organisation's logo is not printed"


@pytest.mark.django_db
def test_a_logo_that_is_not_a_png_jpeg_or_gif_image_is_left_out(organization, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    assert rendering.logo_data_uri(organization) == ""  # none
    organization.logo.save("logo.png", ContentFile(b"<svg onload='alert(1)'></svg>"), save=True)
    assert rendering.logo_data_uri(organization) == ""
    organization.logo.save("logo.png", ContentFile(PNG), save=True)
    assert rendering.logo_data_uri(organization).startswith("data:image/png;base64,iVBOR")


# --- printing the HTML page from the browser -------------------------------------------------------------------
SOP_CSS = Path(settings.BASE_DIR) / "sopan" / "sop" / "static" / "sop" / "sop.css"


def _print_block(css: str) -> str:
    start = css.index("@media print")
    return css[start:]


def test_the_page_stylesheet_prints_only_the_document_on_a4_landscape():
    css = SOP_CSS.read_text()
    assert re.search(r"@page\s*\{[^}]*size:\s*A4 landscape", css)
    block = _print_block(css)
    hidden = block[: block.index("display: none !important")]
    for selector in ("body > nav", "body > footer", "main > [aria-live]", ".alert", ".btn", ".breadcrumb", "form"):
        assert selector in hidden, selector
    assert re.search(r"h2,\s*h3,\s*h4,\s*\.sop-sheet-caption\s*\{\s*break-after: avoid", block)
    assert re.search(r"thead\s*\{\s*display: table-header-group", block)
    assert re.search(r"tr,\s*\.sop-identity-approval,\s*\.sop-flowchart-frame\s*\{\s*break-inside: avoid", block)


@pytest.mark.django_db
def test_everything_on_the_sop_page_but_the_document_is_left_out_of_print(client, approved, lpse_head):
    login(client, lpse_head)
    html = client.get(reverse("sop:version-detail", kwargs={"pk": approved.pk})).content.decode()
    assert re.search(r'<div class="[^"]*d-print-none[^"]*" id="version-header">', html)
    for details in re.findall(r"<details[^>]*>", html):
        assert "d-print-none" in details
    assert html.index('id="version-header"') < html.index('class="sop-document"')


def test_the_label_rows_of_the_identity_lists_stay_with_their_texts_in_both_prints():
    """A label row (Dasar Hukum | Kualifikasi Pelaksana …) never ends a page, in the PDF and in the browser."""
    doc = rendering.document(factories.definition())
    html = render_to_string("sop/_document.html", {"doc": doc})
    label_rows = re.findall(r"<tr[^>]*>\s*<th scope=\"col\"", html)
    assert len(label_rows) >= 3 and all('class="sop-identity-label-row"' in row for row in label_rows)
    print_css = (SOP_CSS.parent / "print.css").read_text()
    assert re.search(r"\.sop-identity-label-row\s*\{\s*break-after: avoid", print_css)
    assert re.search(r"\.sop-identity-label-row\s*\{\s*break-after: avoid", _print_block(SOP_CSS.read_text()))


@pytest.mark.django_db
def test_a_version_is_drawn_once_per_progress_and_language(approved):
    """The drawing is kept for the process (issue 21: 40 % of a package page), but never shown for another progress
    or language, and the logo is read from storage once."""
    first = rendering.version_document(approved, status={"ajukan": "done"})
    again = rendering.version_document(approved, status={"ajukan": "done"})
    assert again.pages is first.pages  # kept, not drawn again
    assert again.logo == first.logo and first.logo.startswith("data:image/png;base64,")
    other = rendering.version_document(approved, status={"ajukan": "open"})
    assert other.pages is not first.pages and other.pages[0].svg != first.pages[0].svg
    with translation.override("id" if translation.get_language() == "en" else "en"):
        other_language = rendering.version_document(approved, status={"ajukan": "done"})
    assert other_language.pages is not first.pages and other_language.pages[0].svg != first.pages[0].svg
