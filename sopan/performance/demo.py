"""Demo vendor performance for `make run`: the contracts of the demo organisation's PPK and their assessments, made
through the services by the persons who hold the roles, so every audit event and SOP step exists as in real use.

- the handed-over demo package (procurement's demo records its BAST: the `contract_ended` hook made its contract) is
  assessed "Baik";
- hand-entered contracts: one assessed "Sangat Baik" with the demo vendor's (CV Maju Jaya) response, one terminated
  for the vendor's fault ("Buruk", then its blacklist sanction proposed, reviewed, imposed by an SK and reported:
  `seed_sanction`), one e-purchasing order rated two stars ("Cukup"), and two ended long ago and not assessed: overdue.

Only where the organisation's SOP serves "vendor_performance" and it has a PPK and active companies. Idempotent: a
contract is made once by its number; an assessed contract is left alone.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from sopan.accounts.models import RoleAssignment
from sopan.performance import services
from sopan.performance.models import Contract
from sopan.performance.workflows import PROCEDURE
from sopan.sop import api as sop_api
from sopan.vendors.models import Company

E = Contract.Ending
ALL_GOOD = {"quality": 3, "cost": 3, "time": 3, "service": 3}
GOOD = {"quality": 2, "cost": 3, "time": 2, "service": 2}
# number, name, days since it ended, ending, method, value, assessment (scores, stars or None: left overdue)
CONTRACTS = (
    ("DEMO-KP-01", "Pengadaan Seragam Petugas Lapangan", 20, E.HANDOVER, "direct_procurement", 180_000_000,
     ALL_GOOD),
    ("DEMO-KP-02", "Pembangunan Pagar Kantor Dinas", 25, E.TERMINATION, "tender", 420_000_000,
     {"quality": 1, "cost": 2, "time": 0, "service": 1}),
    ("DEMO-KP-03", "Pengadaan Alat Tulis Kantor (katalog elektronik)", 12, E.HANDOVER, "e_purchasing", 35_000_000, 2),
    ("DEMO-KP-04", "Rehabilitasi Saluran Irigasi Tersier", 60, E.HANDOVER, "direct_procurement", 190_000_000, None),
    ("DEMO-KP-05", "Jasa Pemeliharaan Taman Kota", 45, E.FORCE_MAJEURE, "tender", 310_000_000, None),
)  # fmt: skip


def _ppk(organization):
    assignment = (
        RoleAssignment.objects.active()
        .filter(organization=organization, role="commitment_officer", user__is_active=True)
        .select_related("user")
        .order_by("id")
        .first()
    )
    return assignment.user if assignment else None


def seed(organization) -> None:
    try:
        sop_api.version_for(organization=organization, procedure=PROCEDURE)
    except sop_api.ProcedureNotReady:
        return
    ppk = _ppk(organization)
    companies = list(Company.objects.filter(organization=organization, status=Company.Status.ACTIVE).order_by("id"))
    if ppk is None or not companies:
        return
    persona = next((c for c in companies if c.admin_user and c.admin_user.username.endswith("penyedia.admin")), None)
    first = persona or companies[0]
    for index, spec in enumerate(CONTRACTS):
        company = first if index == 0 else companies[index % len(companies)]
        with transaction.atomic():
            _contract(organization, ppk, company, spec, respond=index == 0 and persona is not None)
    _assess_handed_over(organization, ppk, companies)
    seed_sanction(organization, ppk)


def _contract(organization, ppk, company, spec, *, respond: bool) -> None:
    number, name, days, ending, method, value, result = spec
    if Contract.objects.filter(organization=organization, number=number).exists():
        return
    today = timezone.localdate()
    contract = services.contract_record(
        organization=organization, by=ppk, name=name, number=number, company=company,
        ended_on=today - datetime.timedelta(days=days), ending=ending, kind="goods", method=method,
        value=Decimal(value),
    )  # fmt: skip
    if result is None:  # left awaiting: overdue by now
        return
    scores, stars = (None, result) if isinstance(result, int) else (result, None)
    assessment = services.assessment_record(
        contract=contract, by=ppk, seen_version=contract.version, scores=scores, stars=stars,
        sikap_reference=f"SIKAP-{today.year}-{number[-2:]}" if scores else "",
        notes="Rapat penilaian bersama penyedia.",
    )  # fmt: skip
    if respond:
        text = "Terima kasih atas penilaiannya; kami akan mempertahankan kinerja."
        services.assessment_respond(assessment=assessment, by=company.admin_user, text=text)


def _assess_handed_over(organization, ppk, companies) -> None:
    """The handed-over demo packages' contracts (made at their BAST by the hook), assessed "Baik"."""
    for contract in Contract.objects.filter(organization=organization, package__isnull=False,
                                            status=Contract.Status.AWAITING):  # fmt: skip
        if contract.commitment_officer_id not in (None, ppk.pk):
            continue
        with transaction.atomic():
            services.assessment_record(contract=contract, by=ppk, seen_version=contract.version,
                                       company=companies[-1], scores=GOOD)  # fmt: skip


# --- issue 18 §3: the terminated contract's Buruk assessment -> proposal -> reviewed -> imposed (SK) -> reported
def _holder(organization, role: str, unit_id=None):
    rows = RoleAssignment.objects.active().filter(organization=organization, role=role, user__is_active=True)
    if unit_id is not None:
        rows = rows.filter(unit_id=unit_id)
    found = rows.select_related("user").order_by("id").first()
    return found.user if found else None


def seed_sanction(organization, ppk) -> None:
    """DEMO-KP-02 (terminated for the vendor's fault, assessed "Buruk"): its PPK proposes the blacklist sanction, the
    Kepala UKPBJ reviews it, the PA/KPA of the agency imposes it by an SK and reports it to LKPP. Once: a contract
    with a proposal is left alone."""
    from sopan.performance import services_sanctions as sanctions
    from sopan.performance.models import Assessment, Band
    from sopan.performance.models_sanctions import SanctionProposal

    assessment = Assessment.objects.filter(organization=organization, contract__number="DEMO-KP-02",
                                           band=Band.POOR).select_related("contract").first()  # fmt: skip
    if assessment is None or SanctionProposal.objects.filter(assessment=assessment).exists():
        return
    head = _holder(organization, "ukpbj_head")
    pa = _holder(organization, "budget_holder", unit_id=assessment.contract.agency_id)
    if head is None or pa is None:
        return
    today = timezone.localdate()
    with transaction.atomic():
        proposal = sanctions.proposal_create(
            organization=organization, by=ppk, assessment=assessment, ground="contract_default",
            finding="Kontrak diputus karena penyedia menghentikan pekerjaan pada progres 35% tanpa alasan yang sah.",
        )  # fmt: skip
        proposal = sanctions.proposal_review(proposal=proposal, by=head, note="Berkas usulan lengkap.")
        proposal = sanctions.proposal_impose(proposal=proposal, by=pa, sk_date=today, starts_on=today)
        sanctions.proposal_report(proposal=proposal, by=pa, reported_on=today, reference=f"INAPROC-DH-{today.year}-01")
