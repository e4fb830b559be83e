"""The printable forms of vendor registration (SOP Rekrutmen dan Registrasi Penyedia, steps 2–5 and 8), as PDFs
prefilled from the online data, and the Formulir Tanda Terima Berkas the front office gives when it receives the file
(steps 7–11). At archiving (step 15) the same PDFs are kept with the case (`archive_forms`).

The documents are official Indonesian letters submitted to an Indonesian office: their text is Indonesian whatever
the UI language (templates under vendors/print/ write it literally, not through gettext). Only the labels shown in the
UI (`FormSpec.label`) are translated. Dates are written the Indonesian way ("25 November 2026") and times in the
organisation's zone.

Rendering goes through WeasyPrint with the same offline URL fetcher as the SOP print (`sopan.sop.pdf`): only static
files of this installation are read, nothing is fetched from the network.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sopan.accounts.models import OrgUnit
from sopan.core.documents import office
from sopan.core.documents.pdf import html_to_pdf
from sopan.vendors.models import ApplicantKind, Document, Registration
from sopan.vendors.regions import province_name

VENDOR = ApplicantKind.VENDOR
NON_VENDOR = ApplicantKind.NON_VENDOR


@dataclass(frozen=True)
class FormSpec:
    code: str  # the same code as the RequiredDocument the signed form is uploaded under
    label: Promise  # shown in the UI (translated)
    title: str  # the document's own Indonesian name: used in the archive, like the LPSE's document labels
    template: str
    kinds: tuple[str, ...]  # applicant kinds that print it
    filename_stem: str

    def filename(self, registration: Registration) -> str:
        return f"{self.filename_stem}-{registration.number}.pdf"


FORMS: dict[str, FormSpec] = {
    spec.code: spec
    for spec in (
        FormSpec(
            "formulir-pendaftaran",
            _("Registration form (Formulir Pendaftaran)"),
            "Formulir Pendaftaran",
            "vendors/print/formulir_pendaftaran.html",
            (VENDOR, NON_VENDOR),
            "formulir-pendaftaran",
        ),
        FormSpec(
            "formulir-keikutsertaan",
            _("Participation form (Formulir Keikutsertaan)"),
            "Formulir Keikutsertaan",
            "vendors/print/formulir_keikutsertaan.html",
            (VENDOR,),
            "formulir-keikutsertaan",
        ),
        FormSpec(
            "surat-penunjukan-admin",
            _("Appointment of the administrator (Surat Penunjukan Admin)"),
            "Surat Penunjukan Admin",
            "vendors/print/surat_penunjukan_admin.html",
            (VENDOR,),
            "surat-penunjukan-admin",
        ),
        FormSpec(
            "surat-kuasa",
            _("Power of attorney for handing over the file (Surat Kuasa)"),
            "Surat Kuasa",
            "vendors/print/surat_kuasa.html",
            (VENDOR,),
            "surat-kuasa",
        ),
    )
}

RECEIPT = FormSpec(
    "tanda-terima-berkas",
    _("File receipt (Formulir Tanda Terima Berkas)"),
    "Formulir Tanda Terima Berkas",
    "vendors/print/tanda_terima.html",
    (VENDOR, NON_VENDOR),
    "tanda-terima-berkas",
)

# Official Indonesian names, printed whatever the UI language.
LEGAL_FORM_NAMES = {
    "pt": "Perseroan Terbatas (PT)",
    "cv": "Persekutuan Komanditer (CV)",
    "firma": "Firma",
    "koperasi": "Koperasi",
    "perorangan": "Perorangan",
    "persekutuan_perdata": "Persekutuan Perdata",
    "yayasan": "Yayasan",
    "bumn_bumd": "BUMN / BUMD",
    "other": "Lainnya",
}
ROLE_NAMES = {
    "commitment_officer": "Pejabat Pembuat Komitmen (PPK)",
    "selection_group_member": "Anggota Kelompok Kerja (Pokja) Pemilihan",
    "procurement_officer": "Pejabat Pengadaan",
    "auditor": "Auditor (APIP)",
}
# Positions of a company's leader: when the admin holds one, the admin signs the letters as the leader (the seed,
# step 4: a director who is the admin states so himself instead of appointing someone).
LEADER_POSITIONS = frozenset(
    {
        "direktur",
        "direktur utama",
        "direktris",
        "pemilik",
        "owner",
        "pimpinan",
        "pimpinan perusahaan",
        "ketua",
        "ketua koperasi",
        "ketua pengurus",
        "persero pengurus",
        "pengurus",
        "kuasa direktur",
    }
)
SHORT_HASH = 16  # hex digits of the SHA-256 printed on the receipt


def format_npwp(value: str) -> str:
    """15-digit NPWP in its printed form 01.234.567.8-505.000; any other value (the 16-digit NPWP) as it is."""
    digits = "".join(c for c in value or "" if c.isdigit())
    if len(digits) != 15:
        return value or ""
    return f"{digits[:2]}.{digits[2:5]}.{digits[5:8]}.{digits[8]}-{digits[9:12]}.{digits[12:]}"


def forms_for(registration: Registration) -> list[FormSpec]:
    """What this applicant prints: a vendor all four forms, a non-vendor user the Formulir Pendaftaran only."""
    return [spec for spec in FORMS.values() if registration.applicant_kind in spec.kinds]


def render_form(code: str, registration: Registration) -> bytes:
    """The PDF of one form, prefilled. An unknown code, or one this applicant does not print, raises KeyError (a
    view answers 404)."""
    spec = FORMS[code]
    if registration.applicant_kind not in spec.kinds:
        raise KeyError(code)
    return _render(spec, registration)


def receipt_pdf(registration: Registration) -> bytes:
    """The Formulir Tanda Terima Berkas: who brought the file, who received it and when, the documents received."""
    if registration.received_at is None:
        raise ValueError("the file of this registration has not been received")
    documents = [
        {"label": document.requirement.label, "name": document.name, "short_hash": document.sha256[:SHORT_HASH]}
        for document in Document.objects.filter(registration=registration, is_current=True)
        .select_related("requirement")
        .order_by("requirement__position", "requirement_id")
    ]
    return _render(RECEIPT, registration, documents=documents)


def archive_forms(registration: Registration) -> list[tuple[str, str, bytes]]:
    """(label, file name, PDF) of every form of the applicant, and the receipt once the file was received: kept with
    the case at archiving (step 15). The label is the document's Indonesian name, like the other archived files'."""
    result = [
        (spec.title, spec.filename(registration), _render(spec, registration)) for spec in forms_for(registration)
    ]
    if registration.received_at is not None:
        result.append((RECEIPT.title, RECEIPT.filename(registration), receipt_pdf(registration)))
    return result


# --- rendering ---------------------------------------------------------------------------------------------------
def _render(spec: FormSpec, registration: Registration, **extra) -> bytes:

    organization = registration.organization
    with office.as_written(organization):
        context = _context(spec, registration) | extra
        html = render_to_string(spec.template, context)
    return html_to_pdf(html)


def _leader_signature(company, *, admin_is_leader: bool, caption: str, place_date: str = "", stamp: bool = False):
    """The company's leader signs its letters: the admin by name when the admin is the leader, else a blank name
    under "Pimpinan Perusahaan". A company's officer has no NIP."""
    if admin_is_leader:
        return office.signature(
            company.admin_position,
            name=company.admin_name,
            caption=caption,
            place_date=place_date,
            stamp=stamp,
            civil_servant=False,
        )
    return office.signature(
        "Pimpinan Perusahaan", caption=caption, place_date=place_date, stamp=stamp, civil_servant=False
    )


def _signatures(spec: FormSpec, registration: Registration, context: dict) -> list:
    """The signature row of each document, left to right (core/documents/_signature.html)."""
    company = context["company"]
    dated = f"{context['place']}, {context['printed_on']}"
    if spec is RECEIPT:
        receiver = context.get("receiver")
        bringer = registration.brought_by or registration.applicant_name
        return office.signatures(
            office.signature(
                company.name if company else "Pemohon",
                name=bringer,
                caption="Yang menyerahkan,",
                civil_servant=False,
            ),
            office.signature(
                f"Petugas Registrasi\n{context['lpse_name']}",
                receiver,
                caption="Yang menerima,",
                place_date=context["received_place_date"],
            ),
        )
    if company is None:  # the non-vendor user's Formulir Pendaftaran: acknowledged by the superior who assigned them
        return office.signatures(
            office.signature("Atasan langsung / pejabat yang menugaskan", caption="Mengetahui,"),
            office.signature("Pemohon", name=registration.person_name, place_date=dated, civil_servant=False),
        )
    leader = context["admin_is_leader"]
    if spec.code == "formulir-pendaftaran":
        return office.signatures(
            _leader_signature(company, admin_is_leader=leader, caption=company.name, place_date=dated)
        )
    if spec.code == "formulir-keikutsertaan":
        return office.signatures(
            _leader_signature(company, admin_is_leader=leader, caption=company.name, place_date=dated, stamp=True)
        )
    if spec.code == "surat-penunjukan-admin":
        appointed = None
        if not leader:
            appointed = office.signature(
                company.admin_position, name=company.admin_name, caption="Yang ditunjuk,", civil_servant=False
            )
        return office.signatures(
            appointed,
            _leader_signature(company, admin_is_leader=leader, caption=company.name, place_date=dated, stamp=True),
        )
    if spec.code == "surat-kuasa":
        return office.signatures(
            office.signature("Penerima Kuasa", name=registration.brought_by, civil_servant=False),
            _leader_signature(company, admin_is_leader=leader, caption="Pemberi Kuasa,", place_date=dated, stamp=True),
        )
    raise KeyError(spec.code)


def _context(spec: FormSpec, registration: Registration) -> dict:
    organization = registration.organization
    company = registration.company if registration.company_id else None
    today = timezone.localdate()
    context = {
        "spec": spec,
        "registration": registration,
        "organization": organization,
        "kop": office.kop_surat(organization),
        "lpse_name": office.lpse_name(organization),
        "lpse_unit": office.unit_name(organization, OrgUnit.Kind.LPSE),
        "user": registration.user,
        "printed_on": office.indonesian_date(today),
        "company": company,
    }
    if company is not None:
        leader = company.admin_position.strip().lower() in LEADER_POSITIONS
        context.update(
            npwp=format_npwp(company.npwp),
            legal_form=LEGAL_FORM_NAMES.get(company.legal_form, company.legal_form),
            province=province_name(company.province) or company.province,
            kbli=", ".join(company.kbli or []),
            place=office.town_of(company.regency),  # the company's letters are dated where it is
            admin_is_leader=leader,
        )
    else:
        context.update(
            role=ROLE_NAMES.get(registration.requested_role, registration.requested_role),
            place=office.place_of(organization),
        )
    if registration.received_at is not None:
        received = timezone.localtime(registration.received_at)
        receiver = registration.received_by
        context.update(
            received_on=f"{date_format(received, 'j F Y H.i')} {organization.zone_abbreviation}",
            received_place_date=office.place_and_date(organization, received),
            receiver=receiver,
            receiver_nip=f"NIP {office.format_nip(receiver.nip)}" if receiver is not None and receiver.nip else "",
        )
    if spec is not RECEIPT or registration.received_at is not None:
        context["signatures"] = _signatures(spec, registration, context)
    return context
