"""The Formulir Konsultasi (seed 004, steps 3, 6 and 7): the record of a report and its solution, archived with the
ticket when the solution is given (step 7, "mengacu pada SOP Pengarsipan Berkas").

Like the registration forms it is an official Indonesian document: its text is Indonesian whatever the UI language
(written literally in the template), under the organisation's kop surat and signed through the core signature block
(sopan.core.documents.office), times in the organisation's zone. `head_of_lpse` is shared by the helpdesk's other
documents (the Berita Acara, the helpdesk report), which the Kepala LPSE signs or acknowledges.
"""

from __future__ import annotations

import zoneinfo

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format

from sopan.accounts.models import RoleAssignment
from sopan.core.documents import office
from sopan.core.documents.pdf import html_to_pdf
from sopan.helpdesk.models import Message, Ticket


def _when(instant, organization) -> str:
    if instant is None:
        return "-"
    local = timezone.localtime(instant, zoneinfo.ZoneInfo(organization.timezone))
    return f"{date_format(local, 'j F Y H.i')} {organization.zone_abbreviation}"


def head_of_lpse(organization):
    """The Kepala LPSE in office today (the latest active assignment), or None."""
    assignment = (
        RoleAssignment.objects.active()
        .filter(organization=organization, role="lpse_head", user__is_active=True)
        .select_related("user")
        .order_by("-valid_from", "-id")
        .first()
    )
    return assignment.user if assignment is not None else None


def consultation_form_pdf(ticket: Ticket) -> bytes:
    organization = ticket.organization
    messages = list(
        Message.objects.filter(ticket=ticket)
        .exclude(kind=Message.Kind.NOTE)
        .exclude(kind=Message.Kind.SYSTEM)
        .order_by("created_at", "id")
    )
    agent = ticket.assignee or ticket.created_by
    with translation.override("id"), timezone.override(organization.timezone):
        signed_on = timezone.localtime(ticket.resolved_at) if ticket.resolved_at else timezone.localdate()
        html = render_to_string(
            "helpdesk/print/formulir_konsultasi.html",
            {
                "ticket": ticket,
                "organization": organization,
                "kop": office.kop_surat(organization),
                "received": _when(ticket.received_at, organization),
                "resolved": _when(ticket.resolved_at, organization),
                "messages": [
                    {"when": _when(m.created_at, organization), "who": m.author_name, "kind": m.kind, "body": m.body}
                    for m in messages
                ],
                "agent": agent,
                "signatures": office.signatures(
                    office.signature(
                        f"Petugas Layanan dan Dukungan\n{office.lpse_name(organization)}",
                        agent,
                        place_date=office.place_and_date(organization, signed_on),
                    )
                ),
                "printed_on": date_format(timezone.localdate(), "j F Y"),
            },
        )
    return html_to_pdf(html)


def consultation_form_name(ticket: Ticket) -> str:
    return f"formulir-konsultasi-{ticket.form_number or ticket.number}.pdf"
