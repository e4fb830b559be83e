"""The Berita Acara of an archive disposition (annex 2.6.5 b), an official Indonesian document on the LPSE's kop surat
(the text is Indonesian whatever the interface language: the template writes it literally): Berita Acara Pemusnahan
Arsip for a destruction, Berita Acara Penyerahan Arsip for a transfer, with its number, the rule and its legal source,
the count and dates of the documents, and the first of them by number. Printing writes nothing."""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format

from sopan.archives import selectors
from sopan.archives.models import Disposition, DocumentKind, RetentionRule
from sopan.core.documents import office
from sopan.core.documents.pdf import html_to_pdf

LISTED = 200  # the document lists this many items by number, then "dan N lainnya"
KIND_NAMES = {
    DocumentKind.VENDOR_REGISTRATION: "Berkas pendaftaran pengguna SPSE (penyedia dan non-penyedia)",
    DocumentKind.HELPDESK_TICKET: "Tiket layanan dukungan (helpdesk)",
    DocumentKind.MAIL: "Surat masuk dan surat keluar",
}


@dataclass(frozen=True)
class Printed:
    filename: str
    content: bytes


def _items(disposition: Disposition) -> list:
    archive = selectors.ARCHIVES.get(disposition.kind)
    if archive is None:
        return []
    field = archive.date_field
    rows = archive.queryset(disposition.organization).filter(**{f"{field}__lte": disposition.cutoff})
    if disposition.after is not None:
        rows = rows.filter(**{f"{field}__gt": disposition.after})
    return list(rows.order_by(field, "id")[:LISTED])


def berita_acara(disposition: Disposition) -> Printed:
    organization = disposition.organization
    destroy = disposition.action == RetentionRule.Disposition.DESTROY
    with office.as_written(organization):
        day = timezone.localdate(disposition.decided_at)
        items = _items(disposition)
        context = {
            "d": disposition,
            "title": "BERITA ACARA PEMUSNAHAN ARSIP" if destroy else "BERITA ACARA PENYERAHAN ARSIP",
            "destroy": destroy,
            "kind": KIND_NAMES.get(disposition.kind, disposition.kind),
            "items": items,
            "more": max(disposition.item_count - len(items), 0),
            "date_field": selectors.ARCHIVES[disposition.kind].date_field if items else "",
            "kop": office.kop_surat(organization),
            "printed_on": f"{date_format(timezone.localtime(), 'j F Y H.i')} {organization.zone_abbreviation}",
            "signatures": office.signatures(
                office.signature("Yang memutuskan,", disposition.decided_by,
                                 place_date=office.place_and_date(organization, day)),
            ),
        }  # fmt: skip
        content = html_to_pdf(render_to_string("archives/print/berita_acara.html", context))
    return Printed(f"berita-acara-arsip-{disposition.number.replace('/', '-')}.pdf", content)
