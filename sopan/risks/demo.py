"""Demo risk data for `make run`, on every demo organisation that has the risk SOPs bound (sop's demo adopts Pagar
Alam's SOP Pengelolaan Risiko and Manajemen Resiko Strategis PBJ everywhere): both criteria sets (the UKPBJ's and
the LPSE's service-risk scheme), the risk library, and risks made through the services by the people who hold the
roles, so every audit event and SOP step exists as in real use:

- a procurement risk closed: analysed, treated with evidence, re-rated, reported and closed by the Kepala UKPBJ;
- a strategic risk escalated to the committee (Sekda / Komite Etik) and decided by it;
- a procurement risk being treated, one treatment done, one overdue;
- an LPSE service risk analysed high, and one only identified.

Idempotent: criteria and library entries are made once; a risk of the same title is left alone.
"""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from sopan.accounts.models import RoleAssignment, User
from sopan.risks import demo_data, services
from sopan.risks.models import Criteria, Risk, RiskTemplate
from sopan.sop import api as sop_api

STRATEGIC = Risk.Procedure.STRATEGIC
CLOSED = "HPS paket rehabilitasi gedung tidak wajar"
ESCALATED = "Sanggah berulang pada tender jalan lingkungan"
TREATING = "Spesifikasi alat kesehatan mengarah ke merek tertentu"
SERVICE_HIGH = "Layanan SPSE tidak dapat diakses saat batas akhir penawaran"
SERVICE_NEW = "Akun penyedia disalahgunakan pihak lain"


def _holder(organization, role: str) -> User | None:
    assignment = (
        RoleAssignment.objects.active()
        .filter(organization=organization, role=role, user__is_active=True)
        .select_related("user")
        .order_by("id")
        .first()
    )
    return assignment.user if assignment else None


def _day(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def _evidence(name: str) -> SimpleUploadedFile:
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": name})
    buffer = io.BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile(f"{name}.pdf", buffer.getvalue(), content_type="application/pdf")


def ensure_criteria(organization) -> dict[str, Criteria]:
    made = {}
    for scheme, values in demo_data.CRITERIA.items():
        made[scheme], _created = Criteria.objects.get_or_create(organization=organization, scheme=scheme,
                                                                defaults=values)  # fmt: skip
    for scheme, stage, title, cause, consequence, controls, treatment in demo_data.LIBRARY:
        RiskTemplate.objects.get_or_create(
            organization=organization, title=title,
            defaults={"scheme": scheme, "stage": stage, "cause": cause, "consequence": consequence,
                      "controls": controls, "treatment": treatment, "source": "Pustaka risiko (contoh demo)"},
        )  # fmt: skip
    return made


def _new(organization, criteria, owner, by, title, **fields) -> Risk | None:
    if Risk.objects.filter(organization=organization, title=title).exists():
        return None
    template = RiskTemplate.objects.filter(organization=organization, title__icontains=title.split()[0]).first()
    data = {
        "criteria": criteria,
        "owner": owner,
        "title": title,
        "cause": template.cause if template else "-",
        "consequence": template.consequence if template else "-",
        "context": Risk.Context.TASK,
    } | fields
    return services.risk_create(organization=organization, by=by, **data)  # fmt: skip


@transaction.atomic
def _closed(organization, criteria, owner, head) -> None:
    risk = _new(organization, criteria, owner, head, CLOSED, context_text="Rehabilitasi Gedung Kantor Dinas",
                cause="Survei harga hanya dari satu toko", consequence="Kemahalan harga atau tender gagal")  # fmt: skip
    if risk is None:
        return
    risk = services.risk_analyse(risk=risk, inherent_likelihood=4, inherent_impact=4, controls="Reviu HPS", by=owner)
    treatment = services.treatment_add(risk=risk, action="Survei harga ulang dari tiga sumber", owner=owner,
                                       due_on=_day(-20), by=owner)  # fmt: skip
    risk = services.risk_move(risk=risk, name="plan", by=owner)
    services.treatment_complete(treatment=treatment, upload=_evidence("survei-harga"), by=owner)
    risk = services.risk_rate_residual(risk=risk, residual_likelihood=2, residual_impact=3, by=owner)
    services.monitoring_add(risk=risk, note="HPS disusun ulang dengan tiga pembanding.", by=owner)
    risk = services.risk_move(risk=risk, name="report", note="HPS telah direviu ulang; risiko residual rendah.",
                              by=owner)  # fmt: skip
    services.risk_move(risk=risk, name="close", note="Masuk batas toleransi.", by=head)


@transaction.atomic
def _escalated(organization, criteria, owner, head, committee) -> None:
    risk = _new(organization, criteria, owner, head, ESCALATED, procedure=STRATEGIC,
                context=Risk.Context.STRATEGIC, context_text="Sasaran: tender selesai tepat waktu",
                cause="Penyedia yang kalah mengajukan sanggah berulang", consequence="Kontrak tertunda")  # fmt: skip
    if risk is None:
        return
    risk = services.risk_analyse(risk=risk, inherent_likelihood=5, inherent_impact=4, by=owner)
    treatment = services.treatment_add(risk=risk, action="Klarifikasi dokumen pemilihan kepada seluruh peserta",
                                       owner=owner, due_on=_day(-10), by=owner)  # fmt: skip
    risk = services.risk_move(risk=risk, name="plan", by=owner)
    services.treatment_complete(treatment=treatment, upload=_evidence("berita-acara-klarifikasi"), by=owner)
    risk = services.risk_rate_residual(risk=risk, residual_likelihood=4, residual_impact=4, by=owner)
    risk = services.risk_move(risk=risk, name="report", note="Sanggah masih diajukan.", by=owner)
    risk = services.risk_move(risk=risk, name="escalate", note="Perlu keputusan atas sanggah berulang.", by=head)
    if committee is not None:
        services.risk_move(risk=risk, name="decide", disposition="continue",
                           note="Lanjutkan penanganan; libatkan APIP dalam klarifikasi.", by=committee)  # fmt: skip


@transaction.atomic
def _treating(organization, criteria, owner, head) -> None:
    risk = _new(organization, criteria, owner, head, TREATING, context_text="Pengadaan alat kesehatan puskesmas",
                cause="Spesifikasi disalin dari brosur", consequence="Persaingan tidak sehat")  # fmt: skip
    if risk is None:
        return
    risk = services.risk_analyse(risk=risk, inherent_likelihood=3, inherent_impact=4, by=owner)
    done = services.treatment_add(risk=risk, action="Reviu spesifikasi oleh Pokja", owner=owner, due_on=_day(-5),
                                  by=owner)  # fmt: skip
    services.treatment_add(risk=risk, action="Konsultasi spesifikasi fungsional dengan pengguna", owner=owner,
                           due_on=_day(-1), by=owner)  # fmt: skip
    services.risk_move(risk=risk, name="plan", by=owner)
    services.treatment_complete(treatment=done, upload=_evidence("reviu-spesifikasi"), by=owner)


@transaction.atomic
def _service(organization, criteria, owner, head) -> None:
    risk = _new(organization, criteria, owner, head, SERVICE_HIGH, context=Risk.Context.SERVICE,
                context_text="Layanan SPSE", event_on=_day(30))  # fmt: skip
    if risk is not None:
        services.risk_analyse(risk=risk, inherent_likelihood=3, inherent_impact=5, controls="UPS", by=owner)
    _new(organization, criteria, owner, head, SERVICE_NEW, context=Risk.Context.SERVICE,
         context_text="Layanan registrasi penyedia")  # fmt: skip


def seed(organization) -> None:
    criteria = ensure_criteria(organization)
    try:
        for procedure in Risk.Procedure.values:
            sop_api.version_for(organization=organization, procedure=procedure)
    except sop_api.ProcedureNotReady:
        return
    head = _holder(organization, "ukpbj_head")
    owner = _holder(organization, "budget_holder") or head
    lpse = _holder(organization, "lpse_head") or head
    committee = _holder(organization, "regional_secretary") or _holder(organization, "ethics_committee")
    if head is None:
        return
    _closed(organization, criteria["procurement"], owner, head)
    _escalated(organization, criteria["procurement"], owner, head, committee)
    _treating(organization, criteria["procurement"], owner, head)
    _service(organization, criteria["service"], lpse, head)
