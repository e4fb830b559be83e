"""The printed documents of a coaching programme, official Indonesian letters on the UKPBJ's kop surat (the text is
Indonesian whatever the interface language: the templates write it literally):

1. Undangan: the invitation of one invitee, with the schedule and the check-in code (SOP step 6, "undangan");
2. Laporan Hasil Pembinaan: attendance per criterion and, for vendors, each attendee's score before and after, from
   the Tim Pembinaan to the Kepala UKPBJ through the Kasubag LPSE (SOP step 8, "Dokumen hasil laporan pembinaan").

Printing writes nothing. A report asked before the programme is reported raises `NotAvailable` with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sopan.accounts.models import OrgUnit
from sopan.coaching import criteria, scores, selectors
from sopan.coaching.models import Invitation, Programme
from sopan.core.documents import office
from sopan.core.documents.pdf import html_to_pdf
from sopan.procurement.printing import head_of_ukpbj, ukpbj_name

KIND_NAMES = {"socialisation": "Sosialisasi", "training": "Pelatihan", "clinic": "Klinik"}
CRITERION_NAMES = {
    "sanctioned": "Pelaku usaha terkena sanksi daftar hitam",
    "low_score": "Pelaku usaha berkinerja buruk/cukup",
    "new": "Pelaku usaha baru",
    "passive": "Pelaku usaha pasif",
    "kbli": "Pelaku usaha KBLI tertentu",
    "role": "Pengguna SPSE perangkat daerah",
}
assert set(CRITERION_NAMES) == set(criteria.REGISTRY)


class NotAvailable(Exception):
    """The document's data does not exist yet; the message says why."""


@dataclass(frozen=True)
class Printed:
    filename: str
    content: bytes


def _render(template: str, programme: Programme, context: dict) -> bytes:
    organization = programme.organization
    printed = timezone.localtime()
    base = {
        "programme": programme,
        "kind": KIND_NAMES.get(programme.kind, programme.kind),
        "kop": office.kop_surat(organization, unit_kind=OrgUnit.Kind.UKPBJ),
        "ukpbj": ukpbj_name(organization),
        "printed_on": f"{date_format(printed, 'j F Y H.i')} {organization.zone_abbreviation}",
        "sessions": selectors.sessions_of(programme),
    }
    return html_to_pdf(render_to_string(template, base | context))


def invitation_letter(invitation: Invitation) -> Printed:
    programme = invitation.programme
    organization = programme.organization
    with office.as_written(organization):
        day = timezone.localdate(invitation.sent_at) if invitation.sent_at else timezone.localdate()
        context = {
            "invitation": invitation,
            "signatures": office.signatures(
                office.signature(
                    f"Kepala {ukpbj_name(organization)}",
                    head_of_ukpbj(organization),
                    place_date=office.place_and_date(organization, day),
                )
            ),
        }
        content = _render("coaching/print/undangan.html", programme, context)
    return Printed(f"undangan-pembinaan-{programme.pk}-{invitation.code}.pdf", content)


def report(programme: Programme) -> Printed:
    if programme.status != Programme.Status.REPORTED:
        raise NotAvailable(_("The programme is not reported yet."))
    organization = programme.organization
    attendees = selectors.attendees_of(programme)
    with office.as_written(organization):
        day = timezone.localdate(programme.reported_at)
        context = {
            "counts": [
                (CRITERION_NAMES.get(c.key, c.key), c.invited, c.attended)
                for c in selectors.attendance_by_criterion(programme)
            ],
            "attendees": attendees,
            "scores": scores.before_after(programme, attendees),
            "signatures": office.signatures(
                office.signature("Tim Pembinaan", programme.reported_by, caption="Yang melaporkan,",
                                 place_date=office.place_and_date(organization, day)),
                office.signature(f"Kepala {ukpbj_name(organization)}", head_of_ukpbj(organization),
                                 caption="Mengetahui,"),
            ),
        }  # fmt: skip
        content = _render("coaching/print/laporan.html", programme, context)
    return Printed(f"laporan-pembinaan-{programme.pk}.pdf", content)
