"""Role matrix of the risk register (/risiko/). The objects are made on first use in the matrix's data, written
directly (the services need the risk SOPs bound, which the matrix leaves alone): the criteria, an identified risk
owned by the PA/KPA with a treatment whose evidence is stored.

Who is who: the Kepala UKPBJ coordinates (every page; the forms, posted empty, answer 400 with their message); the
risk owners of the catalogue among the personas (Kepala LPSE for service risks, PPK, Pokja) see the register and act
only on their own risks (403 on this one); a vendor, the helpdesk agent and everyone else get 403; the outsider (Kepala
LPSE of another organisation) sees their own register (200) and gets 404 for ours.
"""

from __future__ import annotations

from sopan.core.tests.matrix import Route

ANON = {"anonymous": 302}
SEE = {"ukpbj_head": 200, "lpse_head": 200, "ppk": 200, "pokja": 200}
LIST = {**ANON, **SEE, "outsider": 200}
OBJECT = {**ANON, **SEE, "outsider": 404}
COORDINATOR_FORM = {**ANON, "ukpbj_head": 400, "outsider": 404}


def _objects(data):
    if "risk" not in data:
        import datetime

        from django.core.files.base import ContentFile
        from django.core.files.storage import default_storage

        from sopan.procurement.tests.factories import person
        from sopan.risks.demo import ensure_criteria
        from sopan.risks.models import Risk, Treatment
        from sopan.vendors.tests.factories import pdf_bytes

        organization = data["organization"]
        criteria = ensure_criteria(organization)["procurement"]
        owner = person(organization, "pa.kpa")
        risk = Risk.objects.create(organization=organization, criteria=criteria, title="Risiko matriks", owner=owner,
                                   context="task", context_text="Paket", cause="Sebab", consequence="Akibat",
                                   status="identified", created_by=owner)  # fmt: skip
        name = default_storage.save("risks/evidence/matrix/bukti.pdf", ContentFile(pdf_bytes("bukti")))
        treatment = Treatment.objects.create(risk=risk, action="Reviu", owner=owner, evidence=name,
                                             evidence_name="bukti.pdf", due_on=datetime.date(2026, 1, 1))  # fmt: skip
        data.update(risk=risk, risk_treatment=treatment)
    return data


def _criteria(data):
    from sopan.risks.demo import ensure_criteria

    return {"pk": ensure_criteria(data["organization"])["procurement"].pk}


def _risk(data):
    return {"pk": _objects(data)["risk"].pk}


def _treatment(data):
    return {**_risk(data), "tid": data["risk_treatment"].pk}


ROUTES = [
    Route("risks:risk-list", default=403, expect=LIST),
    Route("risks:risk-create", default=403, expect=LIST),
    Route("risks:library", default=403, expect=LIST),
    Route("risks:register-xlsx", default=403, expect=LIST),
    Route("risks:register-pdf", default=403, expect=LIST),
    Route("risks:register-import", default=403, expect={**ANON, "ukpbj_head": 200}),
    # the coordinator keeps the criteria: the page is for them only
    Route("risks:criteria-edit", default=403, kwargs=_criteria, expect={**ANON, "ukpbj_head": 200, "outsider": 404}),
    Route("risks:risk-detail", default=403, kwargs=_risk, expect=OBJECT),
    Route("risks:risk-analyse", default=403, method="post", kwargs=_risk, expect=COORDINATOR_FORM),
    Route("risks:risk-residual", default=403, method="post", kwargs=_risk, expect=COORDINATOR_FORM),
    # "plan" from the status identified: the coordinator is told the status does not allow it (400)
    Route(
        "risks:risk-transition",
        default=403,
        method="post",
        kwargs=_risk,
        data={"transition": "plan"},
        expect=COORDINATOR_FORM,
    ),
    Route("risks:treatment-add", default=403, method="post", kwargs=_risk, expect=COORDINATOR_FORM),
    Route("risks:treatment-done", default=403, method="post", kwargs=_treatment, expect=COORDINATOR_FORM),
    Route("risks:treatment-evidence", default=403, kwargs=_treatment, expect=OBJECT),
    Route("risks:monitoring-add", default=403, method="post", kwargs=_risk, expect=COORDINATOR_FORM),
]
