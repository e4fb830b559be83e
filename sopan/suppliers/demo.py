"""Demo service suppliers for `make run`, made through the services by the persons who hold the roles, so every
audit event and SOP step exists as in real use: an internet provider whose contract ends within 30 days, evaluated
twice (the Kepala LPSE asked for another evaluation, then approved a replacement) with its Usulan Pengadaan opened and
its KAK being drafted; a hosting provider running; a maintenance contract already expired. Each contract comes with
its signed contract (a one-page PDF standing in for the scan).

Only where SOPs in force serve the three procedures (sop's demo binds them first) and the Pengelola Pendukung Layanan
and the Kepala LPSE have holders. Idempotent: an organisation with suppliers is left alone."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape

from sopan.accounts.models import RoleAssignment
from sopan.core.documents.pdf import html_to_pdf
from sopan.sop import api as sop_api
from sopan.suppliers.models import Contract, Supplier
from sopan.suppliers.services import contracts, evaluations, proposals
from sopan.suppliers.workflows import MANAGEMENT, MONITORING, PROPOSAL

SCORES = {"availability": 3, "response": 2, "quality": 3, "compliance": 4, "reporting": 3}


def _holder(organization, role: str):
    found = (
        RoleAssignment.objects.active()
        .filter(organization=organization, role=role, user__is_active=True)
        .select_related("user")
        .order_by("id")
        .first()
    )
    return found.user if found else None


def _ready(organization) -> bool:
    try:
        for procedure in (MANAGEMENT, MONITORING, PROPOSAL):
            sop_api.version_for(organization=organization, procedure=procedure)
    except sop_api.ProcedureNotReady:
        return False
    return True


def _contract_pdf(organization, name, number, title) -> SimpleUploadedFile:
    """A one-page stand-in for the signed contract (the demo has no scans)."""
    html = (
        f"<h1>Kontrak Nomor {escape(number)}</h1><p>{escape(title)}</p>"
        f"<p>Antara {escape(organization.name)} dan {escape(name)}.</p>"
    )
    return SimpleUploadedFile(f"kontrak-{number.replace('/', '-')}.pdf", html_to_pdf(html), "application/pdf")


def _contract(organization, officer, name, service, number, title, starts, ends, value) -> Contract:
    supplier = Supplier.objects.create(
        organization=organization, name=name, service=service, contact_person="Bagian Layanan Pelanggan"
    )
    today = timezone.localdate()
    return contracts.contract_register(
        documents={"contract": _contract_pdf(organization, name, number, title)},
        supplier=supplier,
        by=officer,
        number=number,
        title=title,
        value=value,
        starts_on=today + datetime.timedelta(days=starts),
        ends_on=today + datetime.timedelta(days=ends),
    )


@transaction.atomic
def seed(organization) -> None:
    officer, head = _holder(organization, "service_support_officer"), _holder(organization, "lpse_head")
    if officer is None or head is None or not _ready(organization):
        return
    if Supplier.objects.filter(organization=organization).exists():
        return
    internet = _contract(
        organization,
        officer,
        "PT Jaringan Nusantara Data",
        "internet",
        "027/LPSE/2025",
        "Layanan internet dedicated 100 Mbps",
        -340,
        25,
        180_000_000,
    )
    _contract(
        organization,
        officer,
        "PT Awan Server Indonesia",
        "hosting",
        "031/LPSE/2025",
        "Colocation server SPSE",
        -200,
        165,
        96_000_000,
    )
    _contract(
        organization,
        officer,
        "CV Teknik Mandiri",
        "maintenance",
        "012/LPSE/2024",
        "Pemeliharaan perangkat jaringan",
        -400,
        -35,
        42_000_000,
    )
    evaluation = evaluations.evaluation_start(contract=internet, by=officer)
    evaluations.evaluation_submit(
        evaluation=evaluation,
        scores=SCORES,
        recommendation="extend",
        by=officer,
        notes="Gangguan berulang pada bulan Maret; waktu tanggap rata-rata 6 jam.",
    )
    evaluations.evaluation_return(
        evaluation=evaluation, by=head, note="Lampirkan data uptime dari pemantauan jaringan sebelum menyimpulkan."
    )
    evaluations.evaluation_submit(
        evaluation=evaluation,
        scores=SCORES | {"availability": 2},
        recommendation="replace",
        notes="Uptime 97,1 % di bawah 99,5 % yang diperjanjikan dalam KAK.",
        by=officer,
    )
    evaluations.evaluation_approve(evaluation=evaluation, by=head)
    _row, proposal = evaluations.evaluation_document(evaluation=evaluation, by=officer)
    proposal = proposals.proposal_move(proposal=proposal, name="submit", by=officer)  # Usulan Pengadaan steps 1–2
    proposals.proposal_move(  # step 3 b: the KAK is being drafted
        proposal=proposal,
        name="not_existing",
        by=officer,
        asset_check="Tidak ada jalur internet cadangan milik LPSE; perangkat jaringan yang ada cukup untuk 200 Mbps.",
    )
