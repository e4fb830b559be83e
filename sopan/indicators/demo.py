"""Demo unit performance for `make run`, made through the services by the persons who hold the roles so every audit
event and SOP step exists as in real use: the current year's indicators (one computed from each measure Sopan
offers, three entered), their realisations for the quarters begun with evidence-free notes, an action plan where a
quarter is under target, and the performance reports: the previous quarter's approved, the current one drafted.

Realisations and reports only where an SOP in force serves `unit_performance` (sop's demo binds it first, in
INSTALLED_APPS order) and the Penanggung Jawab Kinerja and the Kepala UKPBJ have holders. Idempotent: an indicator of
the same code and year, a realisation or report already there, is left alone."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction

from sopan.accounts.models import RoleAssignment
from sopan.core import measures
from sopan.indicators import scores, services
from sopan.indicators.models import Indicator, Realisation, Report
from sopan.indicators.selectors import today_of
from sopan.indicators.workflows import PROCEDURE
from sopan.sop import api as sop_api

# code, name, unit, better, baseline, yearly target, quarterly targets, measure
COMPUTED = (
    (
        "IKU-01",
        "Persentase langkah SOP yang selesai tepat waktu",
        "%",
        "higher",
        "80",
        "90",
        ("90",) * 4,
        "sop.on_time_rate",
    ),
    (
        "IKU-02",
        "Persentase tiket helpdesk yang diselesaikan sesuai SLA",
        "%",
        "higher",
        "85",
        "95",
        ("95",) * 4,
        "helpdesk.sla_resolution",
    ),
    (
        "IKU-03",
        "Rata-rata waktu verifikasi pendaftaran penyedia",
        "hari",
        "lower",
        "5",
        "3",
        ("3",) * 4,
        "vendors.verification_days",
    ),
    (
        "IKU-04",
        "Rata-rata waktu siklus paket pengadaan",
        "hari",
        "lower",
        "120",
        "90",
        ("90",) * 4,
        "procurement.cycle_days",
    ),
    (
        "IKU-05",
        "Jumlah penilaian kinerja penyedia",
        "penilaian",
        "higher",
        "20",
        "40",
        ("10",) * 4,
        "performance.assessments_done",
    ),
)
ENTERED = (
    ("IKU-06", "Indeks kepuasan pengguna layanan LPSE", "indeks", "higher", "3.2", "3.5", ("3.5",) * 4,
     ("3.4", "3.6", "3.5", "3.7")),
    ("IKU-07", "Persentase paket tender yang diumumkan sesuai jadwal RUP", "%", "higher", "70", "85",
     ("70", "80", "85", "85"), ("62", "81", "86", "88")),
    ("IKU-08", "Jumlah sosialisasi SPSE bagi OPD dan pelaku usaha", "kegiatan", "higher", "4", "8",
     ("2", "2", "2", "2"), ("2", "3", "2", "2")),
)  # fmt: skip


def _holder(organization, *roles):
    for role in roles:
        found = (RoleAssignment.objects.active().filter(organization=organization, role=role, user__is_active=True)
                 .select_related("user").order_by("id").first())  # fmt: skip
        if found:
            return found.user
    return None


def _indicator(organization, year, code, name, unit, better, baseline, target, quarterly, measure="") -> Indicator:
    found = Indicator.objects.filter(organization=organization, year=year, code=code).first()
    if found:
        return found
    q = [Decimal(v) for v in quarterly]
    return Indicator.objects.create(
        organization=organization, year=year, code=code, name=name, unit=unit, better=better,
        baseline=Decimal(baseline), target=Decimal(target), target_q1=q[0], target_q2=q[1], target_q3=q[2],
        target_q4=q[3], measure=measure if measures.get(measure) else "",
        definition=f"{name}: realisasi dibandingkan target per triwulan.", area="Tata kelola pengadaan",
    )  # fmt: skip


def _ready(organization) -> bool:
    try:
        sop_api.version_for(organization=organization, procedure=PROCEDURE)
    except sop_api.ProcedureNotReady:
        return False
    return True


@transaction.atomic
def seed(organization) -> None:
    today = today_of(organization)
    year, current = today.year, scores.quarter_of(today)
    for code, name, unit, better, baseline, target, quarterly, measure in COMPUTED:
        _indicator(organization, year, code, name, unit, better, baseline, target, quarterly, measure)
    entered = [(_indicator(organization, year, *spec[:7]), spec[7]) for spec in ENTERED]
    officer = _holder(organization, "performance_officer", "institutional_team")
    head = _holder(organization, "ukpbj_head")
    if officer is None or head is None or not _ready(organization):
        return
    for indicator, values in entered:
        for quarter in range(1, current + 1):
            if not Realisation.objects.filter(indicator=indicator, quarter=quarter).exists():
                services.realisation_record(indicator=indicator, quarter=quarter, value=values[quarter - 1],
                                            note="Data dari rekap OPD.", by=officer)  # fmt: skip
    late = entered[1][0]
    if current >= 1 and not late.action_plans.exists():
        services.action_plan_add(indicator=late, quarter=1, action="Percepat reviu dokumen persiapan bersama PPK.",
                                 owner="Tim Pengelolaan Kelembagaan", due_on=today + datetime.timedelta(days=30),
                                 by=officer)  # fmt: skip
    _reports(organization, year, current, officer, head)


def _reports(organization, year, current, officer, head) -> None:
    if (
        current > 1
        and not Report.objects.filter(organization=organization, year=year, period=f"q{current - 1}").exists()
    ):
        report = services.report_create(organization=organization, year=year, period=f"q{current - 1}", by=officer)
        report = services.report_update(report=report, by=officer, analysis="Sebagian besar indikator tercapai.",
                                         recommendations="Percepat pengumuman tender sesuai jadwal RUP.")  # fmt: skip
        report = services.report_submit(report=report, by=officer)
        services.report_approve(report=report, note="Disetujui, laksanakan rekomendasi.", by=head)
    if not Report.objects.filter(organization=organization, year=year, period=f"q{current}").exists():
        report = services.report_create(organization=organization, year=year, period=f"q{current}", by=officer)
        services.report_update(report=report, by=officer, analysis="Triwulan berjalan: data belum lengkap.",
                               recommendations="")  # fmt: skip
