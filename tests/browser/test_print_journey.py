"""Every kind of printed document, downloaded in Chromium the way its users get it, from a server that runs on the
production static storage (issue 14 §1 "Done when").

The server of this module is not pytest-django's `live_server` (whose static handler serves source names through the
finders, as `runserver` does): it is Django's live server thread with WhiteNoise serving the collected STATIC_ROOT,
as production does with DEBUG off. `{% static %}` writes hashed names there, which is where the printing used to
fail. Each person logs in once and fetches their documents in one pass; every PDF is checked by
`assert_office_document` (paper, orientation, the organisation's name in the kop surat, the signer's name).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from django.test.testcases import LiveServerThread
from django.urls import reverse

from sopan.core.tests.printing import pdf_pages
from sopan.helpdesk.defaults import ensure_priority_table
from sopan.helpdesk.tests.factories import closed_outage, make_ticket
from sopan.vendors.defaults import ensure_required_documents
from sopan.vendors.registration.printing import forms_for
from sopan.vendors.tests import factories

pytestmark = pytest.mark.browser

# Letters the vendor writes on the company's own kop surat (the organisation is their addressee).
COMPANY_LETTERS = {"formulir-keikutsertaan", "surat-penunjukan-admin", "surat-kuasa"}
KOP_SHARE = 0.3  # the kop surat is in the top part of the first page


MONTHS = "Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember"
PLACE_AND_DATE = re.compile(rf"[A-Z][\w'-]*, (\d{{1,2}} (?:{MONTHS}) \d{{4}})")  # "Salatiga, 6 Desember 2026"
SIGNING_ROOM_MM = 25  # place and date, caption, position (about 14 mm), then room to sign and stamp above the name


def assert_office_document(
    pdf_bytes: bytes,
    *,
    size: str,
    orientation: str,
    organisation: str,
    signer: str | None = None,
    nip: str | None = None,
    dated: bool = True,
) -> None:
    """A printed office document: every page on `size` paper in `orientation`, the organisation's name in the kop surat
    (the top of the first page), and the signature block of `signer`: the place and date ("Salatiga, 6 Desember
    2026") above, room to sign and stamp, the name, and the NIP (grouped as printed) under it."""
    pages = pdf_pages(pdf_bytes, find=(organisation,))
    assert pages, "an empty PDF"
    for number, page in enumerate(pages, start=1):
        assert (page.size, page.orientation) == (size, orientation), (
            f"page {number} is {page.width_mm:.0f} × {page.height_mm:.0f} mm, {page.orientation}"
        )
    first = pages[0]
    kop = [box for box in first.words[organisation] if box[3] / 72 * 25.4 >= first.height_mm * (1 - KOP_SHARE)]
    assert kop, f"{organisation!r} is not in the kop surat of the first page: {first.text[:300]}"
    if signer is None:
        return
    signed = [number for number, page in enumerate(pages) if signer in page.text]
    assert signed, f"the signer {signer!r} is not on the document"
    text = pages[signed[-1]].text
    before = text[: text.rindex(signer)]
    if nip is not None:
        after = text[text.rindex(signer) + len(signer) :]
        assert f"NIP {nip}" in " ".join(after.split()[:6]), f"no NIP {nip} under {signer!r}: {after[:120]!r}"
    if not dated:
        return
    dates = PLACE_AND_DATE.findall(before)
    assert dates, f"no place and date above the signature of {signer!r}: {before[-300:]!r}"
    page = pdf_pages(pdf_bytes, find=(dates[-1], signer))[signed[-1]]
    name_top = page.words[signer][-1][3]  # boxes are (left, bottom, right, top) in points, in text order
    above = [box[1] for box in page.words[dates[-1]] if box[1] > name_top]
    assert above, f"the date {dates[-1]!r} is not above {signer!r}"
    gap_mm = (min(above) - name_top) / 72 * 25.4
    assert gap_mm >= SIGNING_ROOM_MM, f"only {gap_mm:.0f} mm between the date and {signer!r}: no room to sign"


# --- a server on the production static storage -------------------------------------------------------------------
def _passthrough(app):
    return app  # no static handler: WhiteNoise (in the middleware) serves the collected files, as in production


@pytest.fixture
def production_server(production_static, transactional_db):
    """Django's live server thread with the production static storage on (started after the settings changed, so its
    WhiteNoise reads the collected STATIC_ROOT)."""
    thread = LiveServerThread("127.0.0.1", _passthrough)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield f"http://{thread.host}:{thread.port}"
    thread.terminate()


@pytest.fixture
def office(journey, tabs, production_server):
    """Tabs of people on the production server (the `journey` tab is the anonymous public)."""
    journey.base_url = production_server  # tabs are opened on the journey's address
    return tabs


def _download(tab, selector: str) -> bytes:
    """Click the visible link, as its user does, and keep the PDF the browser receives.

    A link marked `download` is saved by the browser. Other documents are sent inline (Chromium opens its viewer) or
    as attachments (Chromium saves them): their response is taken on its way to the browser, which then handles it as
    it would have."""
    page = tab.page
    link = page.locator(selector)
    assert link.is_visible(), f"no link {selector} on {page.url}"
    if link.get_attribute("download") is not None:  # the browser saves it without showing a response
        with page.expect_download() as saving:
            link.click()
        assert saving.value.failure() is None, saving.value.failure()
        return Path(saving.value.path()).read_bytes()
    target = urljoin(page.url, link.get_attribute("href"))
    received = []

    def keep(route):
        response = route.fetch()
        received.append((response.status, response.headers, response.body()))
        route.fulfill(response=response)

    def is_target(url: str) -> bool:  # not a glob: a query's "?" must match itself
        return url == target

    page.route(is_target, keep)
    try:
        with page.expect_response(lambda response: is_target(response.url)):
            link.click()
    finally:
        page.unroute(is_target, keep)
    [(status, headers, body)] = received
    assert status == 200 and headers["content-type"] == "application/pdf", (status, headers)
    return body


# --- the journey -------------------------------------------------------------------------------------------------
def test_every_document_prints_as_an_office_document_on_the_production_storage(journey, office, personas):
    organization = personas["lpse_head"].organization
    head, agent, officer = personas["lpse_head"], personas["helpdesk_agent"], personas["registration_officer"]
    letterhead = organization.name.upper()  # "PEMERINTAH KOTA SALATIGA"
    head.nip = "198005122005012003"  # the Kepala LPSE signs the report and the Berita Acara with a NIP
    head.save(update_fields=["nip"])
    head_nip = "19800512 200501 2 003"  # as printed
    # Given a vendor's file received at the front office (SOP Rekrutmen dan Registrasi Penyedia, steps 1–11),
    sop_version = factories.bind_registration_sop(organization)
    ensure_required_documents(organization)
    registration = factories.received_registration(organization, officer)
    company = registration.company
    # a helpdesk ticket taken by the agent, and an outage announced and closed (its Berita Acara numbered)
    ensure_priority_table(organization)
    ticket = make_ticket(organization, assignee=agent)
    outage = closed_outage(organization, by=agent)

    # The vendor prints the registration forms (steps 2–5) and the receipt of the file (step 8)
    vendor = office(registration.user)
    vendor.goto("vendors:registration-status")
    vendor.screenshot("01-vendor-status")
    for number, spec in enumerate(forms_for(registration), start=1):
        pdf = _download(vendor, f"#print-forms li:nth-child({number}) a")
        assert_office_document(
            pdf,
            size="A4",
            orientation="portrait",
            organisation=company.name.upper() if spec.code in COMPANY_LETTERS else letterhead,
            signer=company.admin_name,  # the factory's admin is the Direktur, who signs
        )
    assert_office_document(
        _download(vendor, "#receipt-link"),
        size="A4",
        orientation="portrait",
        organisation=letterhead,
        signer=officer.full_name,
    )

    # The Kepala LPSE prints the SOP in force, the compliance report and the quarter's helpdesk report
    lpse = office(head)
    lpse.page.goto(lpse.base_url + reverse("sop:version-detail", kwargs={"pk": sop_version.pk}))
    assert_office_document(
        _download(lpse, "#download-pdf"),
        size="A4",
        orientation="landscape",
        organisation=sop_version.parsed.identity.organization,  # the SOP's own header (Pagar Alam's text here)
        signer=sop_version.parsed.identity.approved_by.name,
        dated=False,  # the Lembar Pengesahan's "Disahkan oleh" carries no place and date
    )
    lpse.goto("compliance:report")
    assert_office_document(
        _download(lpse, "a[href$='format=pdf']"), size="A4", orientation="landscape", organisation=letterhead
    )
    lpse.goto("helpdesk:report")
    lpse.screenshot("02-helpdesk-report")
    assert_office_document(
        _download(lpse, "#report-pdf"),
        size="A4",
        orientation="portrait",
        organisation=letterhead,
        signer=head.full_name,
        nip=head_nip,
    )

    # The agent prints the ticket's Formulir Konsultasi (seed 004, steps 3, 6 and 7)
    desk = office(agent)
    desk.goto("helpdesk:ticket-detail", pk=ticket.pk)
    assert_office_document(
        _download(desk, "#ticket-print"),
        size="A4",
        orientation="portrait",
        organisation=letterhead,
        signer=agent.full_name,
    )

    # Anyone downloads the Berita Acara Gangguan of the ended outage from the public page
    journey.goto("helpdesk:public-announcement-detail", org=organization.slug, pk=outage.pk)
    assert_office_document(
        _download(journey, "#announcement-report"),
        size="A4",
        orientation="portrait",
        organisation=letterhead,
        signer=head.full_name,
        nip=head_nip,
    )

    office.assert_no_browser_errors()
