"""The verifier's document panel (issue 14 §7): which document is shown, and the entered data it is checked against
(SOP Rekrutmen dan Registrasi Penyedia, step 12), shown beside it."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from sopan.vendors.models import BusinessScale, Document, LegalForm, Registration
from sopan.vendors.registration.printing import format_npwp

# What each kind of document is checked against (step 12: the documents checked against the entered data), shown
# beside it. A document of the LPSE's own list (another code) is checked against all of the entered data.
CHECKED_AGAINST = {
    "ktp": ("holder", "nik", "position"),
    "npwp": ("company", "npwp", "address"),
    "nib": ("company", "nib", "kbli", "business_scale", "address"),
    "siup-sbu": ("company", "kbli", "address"),
    "akta-pendirian": ("company", "legal_form", "holder", "position"),
    "akta-perubahan": ("company", "legal_form", "holder", "position"),
    "formulir-pendaftaran": ("company", "npwp", "holder", "email", "phone", "username"),
    "formulir-keikutsertaan": ("company", "npwp", "holder", "position"),
    "surat-penunjukan-admin": ("company", "holder", "position", "nik", "username"),
    "surat-kuasa": ("holder", "brought_by"),
    "surat-tugas": ("holder", "position", "agency", "role", "letter"),
}


def entered_data(registration: Registration, nik_masked: str) -> dict[str, tuple]:
    """The entered data by key, as (label, value, monospace); the NIK masked (UU 27/2022)."""
    company = registration.company if registration.company_id else None
    data = {
        "nik": (_("NIK"), nik_masked, True),
        "username": (_("User ID"), f"{registration.user.username} · {registration.user.email}", False),
        "brought_by": (_("Received from"), registration.brought_by or "—", False),
    }
    if company is not None:
        data.update(
            company=(_("Company name"), company.name, False),
            legal_form=(_("Legal form"), LegalForm(company.legal_form).label, False),
            npwp=("NPWP", format_npwp(company.npwp), True),
            nib=("NIB", company.nib or "—", True),
            kbli=("KBLI", ", ".join(company.kbli) or "—", False),
            business_scale=(
                _("Business scale"),
                BusinessScale(company.business_scale).label if company.business_scale else "—",
                False,
            ),
            address=(_("Address"), f"{company.address}, {company.regency} {company.postal_code}".strip(), False),
            phone=(_("Phone"), company.phone, False),
            email=(_("Company e-mail"), company.email, False),
            holder=(_("Administrator"), company.admin_name, False),
            position=(_("Position"), company.admin_position, False),
        )
    else:
        data.update(
            holder=(_("Name"), registration.person_name, False),
            position=(_("Position"), registration.person_position, False),
            agency=(_("Agency"), registration.agency_name, False),
            role=(_("Role asked for"), registration.requested_role, False),
            letter=(_("Surat Tugas / SK"), registration.letter_number or "—", False),
        )
    return data


def selected_index(items: list[dict], wanted: str | None) -> tuple[int | None, bool]:
    """The index of the document shown in the panel, and whether the verifier asked for it (then its viewer is drawn
    in the page). Without a choice, the first document still to be checked is offered, its viewer not loaded."""
    uploaded = [index for index, item in enumerate(items) if item["document"] is not None]
    if wanted:
        for index in uploaded:
            if str(items[index]["document"].pk) == wanted:
                return index, True
        raise Http404  # not a current document of this registration
    pending = [i for i in uploaded if items[i]["document"].verdict == Document.Verdict.PENDING]
    return (pending or uploaded or [None])[0], False
