"""The printed documents of a package (issue 17 §5), official Indonesian letters on the organisation's kop surat:

1. Surat Permohonan pelaksanaan pemilihan penyedia: the PPK to the Kepala UKPBJ, with the six items handed over
   (SOP Persiapan Pemilihan Penyedia step 2);
2. Surat Penetapan Pokja Pemilihan: the Kepala UKPBJ's decree, its number and date as recorded, the members and their
   place in the Pokja (step 3);
3. Berita Acara Hasil Reviu: one per review round, the findings and the outcome, signed by the Pokja (steps 4–5);
4. Surat Tugas Pendampingan: the Kepala UKPBJ assigns a Jabfung PPBJ to assist the agency's PPK (SOP Persiapan
   Pengadaan steps 6–7; Perencanaan Pengadaan step 4 is the same kind of assignment). The assignment is not stored:
   the letter names the Jabfung chosen when printing.

The text is Indonesian whatever the interface language (the templates write it literally). A document whose data does
not exist yet raises `NotAvailable` with the reason (the view answers 404 with it). Printing writes nothing but the
number series and the package's register of letters: the letters that Sopan numbers (1, 3, 4) draw their number with
`numbering.next_number` on their first print, inside the transaction that renders them, so a failed rendering gives
its number back (gap-free), and keep it with their date in `PackageLetter`: a reprint is the same letter. The SK keeps
the number of the decree as recorded.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sopan.accounts.models import OrgUnit, RoleAssignment, User
from sopan.core.documents import numbering, office
from sopan.core.documents.pdf import html_to_pdf
from sopan.core.templatetags.sopan import rupiah
from sopan.procurement.models import (
    Package,
    PackageLetter,
    PokjaAssignment,
    PreparationDocument,
    Review,
    SelectionRequest,
)

# The number series (core NumberSeries.series, at most 20 characters) and the code printed in the number.
SERIES = {
    "request": ("PBJ-PERMOHONAN", "PMH-PBJ"),
    "review": ("PBJ-BA-REVIU", "BA-REVIU"),
    "assistance": ("PBJ-ST-PENDAMPINGAN", "ST-PBJ"),
    "availability": ("PBJ-ANALISA-KETERS", "LHAK-PBJ"),  # printing_availability.py
}
JABFUNG_ROLE = "procurement_specialist"
HEAD_ROLE = "ukpbj_head"

# The items of SOP Persiapan Pemilihan Penyedia step 2, as the SOP names them (printed, not translated).
REQUEST_ITEMS = {
    SelectionRequest.Item.PPK_DECREE: "SK Penetapan PPK",
    SelectionRequest.Item.PREPARATION_DOCUMENTS: "Dokumen Persiapan Pengadaan",
    SelectionRequest.Item.BUDGET_DOCUMENT: "Dokumen Anggaran Belanja (RKA-KL/Pemda)",
    SelectionRequest.Item.RUP_ID: "ID Paket RUP",
    SelectionRequest.Item.USE_SCHEDULE: "Rencana Waktu Penggunaan Barang/Jasa",
    SelectionRequest.Item.REQUEST_LETTER: "Surat permohonan pelaksanaan pemilihan penyedia",
}
DOCUMENT_NAMES = {
    PreparationDocument.Kind.SPECIFICATION: "Spesifikasi Teknis / Kerangka Acuan Kerja (KAK)",
    PreparationDocument.Kind.HPS: "Harga Perkiraan Sendiri (HPS)",
    PreparationDocument.Kind.DRAFT_CONTRACT: "Rancangan Kontrak",
}
KIND_NAMES = {
    "goods": "Pengadaan Barang",
    "construction": "Pekerjaan Konstruksi",
    "consultancy": "Jasa Konsultansi",
    "other_services": "Jasa Lainnya",
}
METHOD_NAMES = {
    "tender": "Tender",
    "selection": "Seleksi",
    "quick_tender": "Tender Cepat",
    "direct_procurement": "Pengadaan Langsung",
    "direct_appointment": "Penunjukan Langsung",
    "e_purchasing": "E-purchasing",
    "self_managed": "Swakelola",
}
FUNDING_NAMES = {"apbd": "APBD", "apbdp": "APBD-P", "apbn": "APBN", "dak": "DAK", "blud": "BLUD", "other": "Lainnya"}
POKJA_PLACES = ("Ketua merangkap Anggota", "Sekretaris merangkap Anggota")  # then "Anggota"


class NotAvailable(Exception):
    """The document's data does not exist yet (or no longer fits): the message (translated: it is shown on the
    404 page, not printed) says why."""


@dataclass(frozen=True)
class Printed:
    filename: str
    content: bytes


# --- people -----------------------------------------------------------------------------------------------------------
def _holders(organization, role: str):
    return (
        User.objects.filter(
            is_active=True,
            pk__in=RoleAssignment.objects.active().filter(organization=organization, role=role).values("user_id"),
        )
        .order_by("full_name", "id")
        .only("id", "full_name", "username", "nip")
    )


def appointed_jabfung(package: Package) -> list[User]:
    """The Jabfung PPBJ the Kepala UKPBJ appointed to assist with the package, each with a Surat Tugas to print
    (`Assistance` with its letter), in the order of their names."""
    return list(
        User.objects.filter(assistances__package=package, assistances__letter__isnull=False)
        .distinct()
        .order_by("full_name", "id")
        .only("id", "full_name", "username", "nip")
    )


def head_of_ukpbj(organization) -> User | None:
    """The Kepala UKPBJ in office today (the latest active assignment), or None."""
    assignment = (
        RoleAssignment.objects.active()
        .filter(organization=organization, role=HEAD_ROLE, user__is_active=True)
        .select_related("user")
        .order_by("-valid_from", "-id")
        .first()
    )
    return assignment.user if assignment is not None else None


def pokja_places(members) -> list[tuple[object, str]]:
    """(member, place in the Pokja): the first appointed is the ketua, the second the sekretaris, the rest anggota.
    The model records no place, so the order of appointment decides it."""
    return [(m, POKJA_PLACES[i] if i < len(POKJA_PLACES) else "Anggota") for i, m in enumerate(members)]


def _assignment_at(package, when: datetime.datetime | None = None) -> PokjaAssignment | None:
    """The Pokja's decree in force at `when` (the latest made by then), else the active one."""
    assignments = package.pokja_assignments.order_by("-created_at", "-id")
    if when is not None:
        found = assignments.filter(created_at__lte=when).first()
        if found is not None:
            return found
    return assignments.filter(is_active=True).first()


def _members(assignment: PokjaAssignment):
    return list(assignment.members.select_related("user").order_by("id"))


# --- the documents ----------------------------------------------------------------------------------------------------
def request_letter(package: Package) -> Printed:
    """1. Surat Permohonan (SOP Persiapan Pemilihan Penyedia step 2), dated the day the PPK requested."""
    request = SelectionRequest.objects.filter(package=package).select_related("submitted_by").first()
    if request is None:
        raise NotAvailable(_("The commitment officer (PPK) has not requested the selection of a provider yet."))
    organization = package.organization
    with office.as_written(organization):
        day = timezone.localtime(request.submitted_at).date()
        items = [(label, item in request.items) for item, label in REQUEST_ITEMS.items()]
        ppk = request.submitted_by
        context = {
            "items": items,
            "ppk": ppk,
            "ukpbj": ukpbj_name(organization),
            "kop": office.kop_surat(organization, unit=package.agency.name),
            "signatures": office.signatures(
                office.signature(
                    f"Pejabat Pembuat Komitmen\n{package.agency.name}",
                    ppk,
                    place_date=office.place_and_date(organization, day),
                )
            ),
        }
        return numbered_letter(
            package, "request", "procurement/print/permohonan.html", context, day, package.agency.code
        )


def pokja_decree(package: Package) -> Printed:
    """2. Surat Penetapan Pokja Pemilihan (SOP Persiapan Pemilihan Penyedia step 3): the active decree."""
    assignment = _assignment_at(package)
    if assignment is None:
        raise NotAvailable(_("The Head of UKPBJ has not appointed the selection working group of this package yet."))
    organization = package.organization
    ukpbj = ukpbj_name(organization)
    with office.as_written(organization):
        context = {
            "assignment": assignment,
            "decree_date": office.indonesian_date(assignment.decree_date),
            "members": pokja_places(_members(assignment)),
            "ukpbj": ukpbj,
            "kop": office.kop_surat(organization, unit_kind=OrgUnit.Kind.UKPBJ),
            "signatures": office.signatures(
                office.signature(
                    f"Kepala {ukpbj}",
                    assignment.assigned_by,
                    caption="Ditetapkan oleh,",
                    place_date=office.place_and_date(organization, assignment.decree_date),
                )
            ),
        }
        html = _render("procurement/print/sk_pokja.html", package, context)
    filename = f"sk-pokja-{package.kd_rup}.pdf"
    return Printed(filename, html_to_pdf(html))


def review_report(package: Package, round_: int) -> Printed:
    """3. Berita Acara Hasil Reviu of one round (SOP Persiapan Pemilihan Penyedia steps 4–5)."""
    review = Review.objects.filter(package=package, round=round_).select_related("reviewed_by").first()
    if review is None:
        raise NotAvailable(
            _("The selection working group has not done review round %(round)s yet.") % {"round": round_}
        )
    organization = package.organization
    assignment = _assignment_at(package, review.at)
    members = pokja_places(_members(assignment)) if assignment else []
    with office.as_written(organization):
        at = timezone.localtime(review.at)
        documents = {d.kind: d for d in package.preparation_documents.all()}
        context = {
            "review": review,
            "assignment": assignment,
            "decree_date": office.indonesian_date(assignment.decree_date) if assignment else "",
            "members": members,
            "complete": review.outcome == Review.Outcome.COMPLETE,
            "day_name": date_format(at, "l"),
            "at_date": office.indonesian_date(at),
            "resubmitted_on": office.indonesian_date(timezone.localtime(review.resubmitted_at))
            if review.resubmitted_at
            else "",
            "documents": [(name, documents.get(kind)) for kind, name in DOCUMENT_NAMES.items()],
            "ukpbj": ukpbj_name(organization),
            "kop": office.kop_surat(organization, unit_kind=OrgUnit.Kind.UKPBJ),
            "signature_rows": _rows(
                [office.signature(f"{place}\nPokja Pemilihan", m.user) for m, place in members], size=3
            ),
            "place_date": office.place_and_date(organization, at),
        }
        return numbered_letter(package, "review", "procurement/print/ba_reviu.html", context, at.date(), "POKJA",
                         key=str(round_), stem=f"ba-reviu-{round_}")  # fmt: skip


def assistance_letter(package: Package, jabfung: User | None = None, *, assistance=None) -> Printed:
    """4. Surat Tugas Pendampingan (SOP Perencanaan Pengadaan step 4; Persiapan Pengadaan step 6): the stored
    assignment (`Assistance`, services_assistance.assistance_appoint), with the number and date drawn at the
    appointment and kept in `PackageLetter`. `assistance` given: that one; else the package's latest assignment of
    `jabfung` (the print view's choice). A Jabfung chosen at print time who was never appointed gets no letter."""
    from sopan.procurement.models import Assistance

    if assistance is None:
        stored = Assistance.objects.filter(package=package, jabfung__isnull=False, letter__isnull=False)
        if jabfung is not None:
            stored = stored.filter(jabfung=jabfung)
        assistance = stored.select_related("jabfung", "letter").order_by("-assigned_at", "-id").first()
    if assistance is None or assistance.package_id != package.pk or assistance.letter_id is None:
        if package.status == Package.Status.CANCELLED or SelectionRequest.objects.filter(package=package).exists():
            raise NotAvailable(
                _(
                    "The preparation of this package is over: assistance with the HPS and the draft contract is no "
                    "longer assigned."
                )
            )
        raise NotAvailable(
            _("The Kepala UKPBJ has not appointed this Jabfung PPBJ to assist with this package: appoint one on the "
              "package's page first.")
        )  # fmt: skip
    jabfung, letter = assistance.jabfung, assistance.letter
    organization = package.organization
    ukpbj = ukpbj_name(organization)
    with office.as_written(organization):
        context = {
            "jabfung": jabfung,
            "jabfung_nip": office.format_nip(jabfung.nip),
            "stage": assistance.stage,
            "ukpbj": ukpbj,
            "kop": office.kop_surat(organization, unit_kind=OrgUnit.Kind.UKPBJ),
            "signatures": office.signatures(
                office.signature(
                    f"Kepala {ukpbj}",
                    assistance.assigned_by or head_of_ukpbj(organization),
                    place_date=office.place_and_date(organization, letter.dated_on),
                )
            ),
        }
        return numbered_letter(package, "assistance", "procurement/print/surat_tugas.html", context,
                               letter.dated_on, "UKPBJ", key=letter.key)  # fmt: skip


def ukpbj_name(organization) -> str:
    return office.unit_name(organization, OrgUnit.Kind.UKPBJ) or "Unit Kerja Pengadaan Barang/Jasa (UKPBJ)"


def _rows(blocks: list, *, size: int) -> list[list]:
    """Signature blocks in rows of `size` (a Pokja of five does not fit on one line)."""
    return [blocks[i : i + size] for i in range(0, len(blocks), size)]


def _package_facts(package: Package) -> list[tuple[str, str]]:
    return [
        ("Kode RUP", package.kd_rup),
        ("Nama Paket", package.name),
        ("Perangkat Daerah / Satuan Kerja", package.agency.name),
        ("Jenis Pengadaan", KIND_NAMES.get(package.kind, package.kind)),
        ("Metode Pemilihan", METHOD_NAMES.get(package.method, package.method)),
        ("Pagu Anggaran", rupiah(package.pagu)),
        ("Harga Perkiraan Sendiri (HPS)", rupiah(package.hps) if package.hps is not None else "-"),
        ("Sumber Dana", f"{FUNDING_NAMES.get(package.funding_source, package.funding_source)} {package.fiscal_year}"),
    ]


def _render(template: str, package: Package, context: dict) -> str:
    printed = timezone.localtime()
    base = {
        "package": package,
        "organization": package.organization,
        "facts": _package_facts(package),
        "place": office.place_of(package.organization),
        "printed_on": f"{date_format(printed, 'j F Y H.i')} {package.organization.zone_abbreviation}",
    }
    return render_to_string(template, base | context)


def issued(package, kind: str, key: str = "") -> PackageLetter | None:
    """The letter as issued by an earlier print, if any (its number and date are kept)."""
    return PackageLetter.objects.filter(package=package, kind=kind, key=key).first()


def numbered_letter(
    package, kind: str, template: str, context: dict, day: datetime.date, unit_code: str, *, key="", stem=""
):
    """The letter's number: drawn in the year of its date on the first print and kept in the package's register of
    letters (`PackageLetter`), the same on every reprint. Drawn, recorded and rendered in one transaction, the
    package's row locked so that two first prints at once draw one number: a rendering that fails gives the number
    back (gap-free)."""
    series, code = SERIES[kind]
    with transaction.atomic():
        Package.objects.select_for_update().filter(pk=package.pk).first()
        letter = issued(package, kind, key)
        if letter is None:
            value = numbering.next_number(package.organization, series, year=day.year)
            letter = PackageLetter.objects.create(
                package=package,
                kind=kind,
                key=key,
                value=value,
                number=f"{value}/{code}/{unit_code}/{day.year}",
                dated_on=day,
            )
        html = _render(template, package, context | {"number": letter.number})
        content = html_to_pdf(html)
    stem = stem or {"request": "surat-permohonan", "assistance": "surat-tugas"}[kind]
    return Printed(f"{stem}-{package.kd_rup}-{letter.value}-{letter.dated_on.year}.pdf", content)
