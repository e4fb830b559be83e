"""The Berita Acara Gangguan of a closed announcement, as a PDF (Perwali Salatiga 41/2024 annex 2.6.4 b): the record of
an outage or maintenance, its start and end, duration, the services and tenders affected, the cause and the action
taken, signed by the officer who closed it and acknowledged by the Kepala LPSE. Pokja Pemilihan attach it to justify
changing a tender's schedule.

The document is an official Indonesian letter: its text is Indonesian whatever the UI language (the template writes
it literally, not through gettext), times are in the organisation's zone with WIB/WITA/WIT. It is printed on the
organisation's kop surat with the core signature blocks (sopan.core.documents.office) and the stylesheet of the
registration forms (vendors/print), rendered through `sopan.sop.pdf.html_to_pdf`, which reads only this
installation's static files.
"""

from __future__ import annotations

import datetime

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format

from sopan.core.documents import office
from sopan.core.documents.pdf import html_to_pdf
from sopan.helpdesk.models import Announcement
from sopan.helpdesk.tickets.printing import head_of_lpse

TEMPLATE = "helpdesk/announcements/print/berita_acara.html"
TITLES = {
    Announcement.Kind.OUTAGE: ("BERITA ACARA GANGGUAN", "Gangguan layanan"),
    Announcement.Kind.MAINTENANCE: ("BERITA ACARA PEMELIHARAAN SISTEM", "Pemeliharaan sistem (terjadwal)"),
}


def report_filename(announcement: Announcement) -> str:
    return f"berita-acara-{announcement.report_number or announcement.pk}.pdf"


def report_pdf(announcement: Announcement) -> bytes:
    """The PDF of a closed announcement; an ongoing one has no Berita Acara yet (ValueError: a view answers 404)."""
    return html_to_pdf(report_html(announcement))


def report_html(announcement: Announcement) -> str:
    if announcement.status != Announcement.Status.CLOSED or announcement.ended_at is None:
        raise ValueError("only a closed announcement has a Berita Acara")
    organization = announcement.organization
    with office.as_written(organization):
        return render_to_string(TEMPLATE, _context(announcement))


def duration_text(delta: datetime.timedelta) -> str:
    """ "2 hari 3 jam 5 menit", "45 menit", "0 menit": whole minutes, largest units first (Indonesian, printed)."""
    minutes = int(delta.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [f"{days} hari" if days else "", f"{hours} jam" if hours else "", f"{minutes} menit" if minutes else ""]
    return " ".join(part for part in parts if part) or "0 menit"


def _moment(value: datetime.datetime | None, zone: str) -> str:
    """ "Senin, 12 Januari 2026 pukul 08.00 WIB" in the active (organisation's) zone."""
    if value is None:
        return "-"
    local = timezone.localtime(value)
    return f"{date_format(local, 'l, j F Y')} pukul {date_format(local, 'H.i')} {zone}"


def _context(announcement: Announcement) -> dict:
    organization = announcement.organization
    zone = organization.zone_abbreviation
    title, kind_label = TITLES[announcement.kind]
    head = head_of_lpse(organization)
    officer = announcement.closed_by
    signed_on = timezone.localtime(announcement.updated_at or announcement.ended_at)
    return {
        "announcement": announcement,
        "organization": organization,
        "kop": office.kop_surat(organization),
        "lpse_name": office.lpse_name(organization),
        "title": title,
        "kind_label": kind_label,
        "zone": zone,
        "started": _moment(announcement.started_at, zone),
        "expected_end": _moment(announcement.expected_end_at, zone) if announcement.expected_end_at else "",
        "ended": _moment(announcement.ended_at, zone),
        "duration": duration_text(announcement.ended_at - announcement.started_at),
        "tender_codes": announcement.tender_codes,
        "signatures": office.signatures(
            office.signature(
                f"Petugas Layanan Dukungan\n{office.lpse_name(organization)}", officer, caption="Yang membuat,"
            ),
            office.signature(
                f"Kepala {office.lpse_name(organization)}",
                head,
                caption="Mengetahui,",
                place_date=office.place_and_date(organization, signed_on),
            ),
        ),
        "signed_on": office.indonesian_date(signed_on),
        "signed_day": date_format(signed_on, "l"),
        "printed_on": date_format(timezone.localtime(), "j F Y H.i") + f" {zone}",
    }
