"""Test data for the sanction proposals: a poor assessment made through the service, a package with its Pokja, an
entry of the imported national blacklist, and proposals taken through the services up to a status."""

from __future__ import annotations

import datetime

from django.utils import timezone

from sopan.performance import services, services_sanctions
from sopan.performance.models import Contract
from sopan.performance.tests.factories import contract, person
from sopan.procurement.models import PokjaAssignment, PokjaAssignmentMember
from sopan.procurement.tests.factories import make_package
from sopan.vendors.models import BlacklistEntry, BlacklistImport

POOR = {"quality": 1, "cost": 0, "time": 0, "service": 1}
FINDING = "Pekerjaan dihentikan penyedia pada progres 40% tanpa alasan yang dapat diterima."


def poor_assessment(organization, company, **fields):
    """A terminated contract of the PPK `ppk`, assessed Buruk through the service (its case records steps 3–5)."""
    given = contract(organization, company=company, ending=Contract.Ending.TERMINATION, **fields)
    services._open_case(given, strict=True)
    return services.assessment_record(contract=given, by=person(organization, "ppk"), seen_version=given.version,
                                      scores=POOR)  # fmt: skip


def pokja_package(organization, member_username: str = "pokja", **fields):
    package = make_package(organization, **fields)
    assignment = PokjaAssignment.objects.create(
        package=package, decree_number="SK-POKJA/1", decree_date=timezone.localdate(),
        assigned_by=person(organization, "kepala.ukpbj"),
    )  # fmt: skip
    PokjaAssignmentMember.objects.create(assignment=assignment, user=person(organization, member_username))
    return package


def national_entry(organization, *, npwp="", nib="", starts_on=None, ends_on=None, sk="KEP-DH/LKPP/2026/7"):
    source = BlacklistImport.objects.create(organization=organization, file_name="dh.xlsx", sha256="0" * 64, rows=1,
                                            imported_at=timezone.now(),
                                            imported_by=person(organization, "kepala.lpse"))  # fmt: skip
    return BlacklistEntry.objects.create(organization=organization, source=source, name="Terdaftar", npwp=npwp,
                                         nib=nib, sk_number=sk, violation="Wanprestasi", starts_on=starts_on,
                                         ends_on=ends_on)  # fmt: skip


def proposal_at(organization, assessment, status: str, *, ground="contract_default"):
    """A proposal from the assessment, taken through the services to `status` (proposed, reviewed, imposed, reported,
    returned, rejected)."""
    org = organization
    proposal = services_sanctions.proposal_create(organization=org, by=person(org, "ppk"), assessment=assessment,
                                                  ground=ground, finding=FINDING)  # fmt: skip
    if status == "proposed":
        return proposal
    head = person(org, "kepala.ukpbj")
    if status == "returned":
        return services_sanctions.proposal_return(proposal=proposal, by=head, note="Lengkapi kronologi.")
    proposal = services_sanctions.proposal_review(proposal=proposal, by=head)
    if status == "reviewed":
        return proposal
    pa = person(org, "pa.kpa")
    if status == "rejected":
        return services_sanctions.proposal_reject(proposal=proposal, by=pa, reason="Bukti belum cukup.")
    today = timezone.localdate()
    proposal = services_sanctions.proposal_impose(proposal=proposal, by=pa, sk_date=today, starts_on=today)
    if status == "imposed":
        return proposal
    return services_sanctions.proposal_report(proposal=proposal, by=pa, reported_on=today,
                                              reference="INAPROC-" + str(today.year))  # fmt: skip


def days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)
