"""Demo periodic reports (idempotent), on every demo organisation with an LPSE: the last quarter's report approved by
the Kepala LPSE (with its narrative, its figures frozen), and the current quarter's as a draft."""

from __future__ import annotations

from sopan.accounts.models import OrgUnit, RoleAssignment
from sopan.reports import services
from sopan.reports.models import Report
from sopan.reports.periods import Quarter
from sopan.reports.selectors import today_of

INTRODUCTION = (
    "Sesuai Peraturan Wali Kota Salatiga Nomor 41 Tahun 2024 Pasal 11, Kepala LPSE menyampaikan laporan triwulan "
    "pelaksanaan tugas dan fungsi Layanan Pengadaan Secara Elektronik kepada Wali Kota melalui Kepala UKPBJ."
)
CONCLUSION = (
    "Layanan berjalan baik. Rekomendasi: menambah petugas helpdesk pada masa puncak tender dan melanjutkan pelatihan "
    "SPSE bagi PPK."
)


def _holder(organization, role: str):
    assignment = (
        RoleAssignment.objects.active()
        .filter(organization=organization, role=role, user__is_active=True)
        .select_related("user")
        .order_by("id")
        .first()
    )
    return assignment.user if assignment else None


def _quarterly(organization, quarter: Quarter, head) -> Report:
    found = Report.objects.filter(organization=organization, kind=Report.Kind.QUARTERLY, year=quarter.year,
                                  quarter=quarter.quarter).first()  # fmt: skip
    return found or services.report_create_quarterly(
        organization=organization, year=quarter.year, quarter=quarter.quarter, by=head
    )


def seed(organization) -> None:
    if not organization.units.filter(kind=OrgUnit.Kind.LPSE, is_active=True).exists():
        return
    head = _holder(organization, "lpse_head")
    if head is None:
        return
    current = Quarter.containing(today_of(organization))
    last = _quarterly(organization, current.previous(), head)
    if last.is_draft:
        keys = [section["key"] for section in last.snapshot or []]
        commentary = {"helpdesk": "Seluruh laporan permasalahan ditindaklanjuti paling lama 1 hari kerja."}
        last = services.narrative_save(report=last, introduction=INTRODUCTION, conclusion=CONCLUSION, by=head,
                                       commentary={k: v for k, v in commentary.items() if k in keys})  # fmt: skip
        last = services.report_submit(report=last, by=head)
        services.report_approve(report=last, by=head)
    _quarterly(organization, current, head)
