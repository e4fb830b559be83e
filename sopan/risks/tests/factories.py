"""Test data for the risk register: the SOPs bound, the criteria, the people, risks taken to a status."""

from __future__ import annotations

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from sopan.procurement.tests.factories import person
from sopan.risks import services
from sopan.risks.demo import ensure_criteria
from sopan.risks.models import Risk
from sopan.risks.workflows import OPERATIONAL, STRATEGIC

SOPS = {OPERATIONAL: "pengelolaan-risiko", STRATEGIC: "manajemen-risiko-strategis"}


def id_(msgid: str, **values) -> str:
    """The Indonesian text of an English msgid, as the pages show it."""
    with translation.override("id"):
        text = translation.gettext(msgid)
    return text % values if values else text


def bind_risk_sops(organization):
    """Put Pagar Alam's two risk SOPs in force here and bind them to their procedures."""
    from sopan.sop import definition as d
    from sopan.sop.services import versions
    from sopan.sop.tests.factories import effective_version

    catalogue = {x.key: x for x in d.load_catalogue()["pagar-alam"]}
    for procedure, key in SOPS.items():
        version = effective_version(organization, catalogue[key].to_yaml())
        versions.procedure_bind(organization=organization, procedure=procedure, sop=version.sop, by=None)
    return ensure_criteria(organization)


def head(organization):
    return person(organization, "kepala.ukpbj")


def owner(organization):
    return person(organization, "pa.kpa")


def sekda(organization):
    return person(organization, "sekda")


def day(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def pdf_upload(name="bukti.pdf") -> SimpleUploadedFile:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


def identified(organization, *, criteria=None, title="HPS tidak wajar", procedure=OPERATIONAL, by=None, **fields):
    from sopan.risks.models import Criteria

    criteria = criteria or Criteria.objects.get(organization=organization, scheme="procurement")
    by = by or owner(organization)
    data = {"criteria": criteria, "owner": by, "title": title, "cause": "Survei harga kurang",
            "consequence": "Kemahalan harga", "context": Risk.Context.TASK, "context_text": "Paket gedung",
            "procedure": procedure} | fields  # fmt: skip
    return services.risk_create(organization=organization, by=by, **data)


def analysed(organization, *, likelihood=4, impact=4, **fields):
    risk = identified(organization, **fields)
    return services.risk_analyse(risk=risk, inherent_likelihood=likelihood, inherent_impact=impact,
                                 controls="Reviu", by=risk.owner)  # fmt: skip


def treated(organization, *, done=True, residual=(2, 3), **fields):
    risk = analysed(organization, **fields)
    treatment = services.treatment_add(risk=risk, action="Survei ulang", owner=risk.owner, due_on=day(5),
                                       by=risk.owner)  # fmt: skip
    risk = services.risk_move(risk=risk, name="plan", by=risk.owner)
    if done:
        services.treatment_complete(treatment=treatment, upload=pdf_upload(), by=risk.owner)
    if residual:
        risk = services.risk_rate_residual(risk=risk, residual_likelihood=residual[0], residual_impact=residual[1],
                                           by=risk.owner)  # fmt: skip
    return risk


def reported(organization, **fields):
    risk = treated(organization, **fields)
    return services.risk_move(risk=risk, name="report", note="Sudah ditangani.", by=risk.owner)
