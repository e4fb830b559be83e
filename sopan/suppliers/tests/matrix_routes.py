"""Role matrix of /pendukung-layanan/. The objects are written directly on first use (the services need the SOPs
bound, which the matrix leaves alone): a supplier with a contract, a document, an evaluation and a proposal.

Who is who: the Kepala LPSE sees every page (200) and has no Pengelola's form (403); the matrix has no Pengelola
persona (the service tests cover them); a vendor and every other role get 403; the outsider (Kepala LPSE of another
organisation) gets their own lists (200) and 404 for our objects."""

from __future__ import annotations

from sopan.core.tests.matrix import Route

ANON = {"anonymous": 302}
VIEW = {**ANON, "lpse_head": 200, "outsider": 200}
OBJECT = {**ANON, "lpse_head": 200, "outsider": 404}
POST_ONLY = {**ANON, "lpse_head": 405, "outsider": 405}


def _objects(data):
    if "suppliers_contract" not in data:
        import datetime

        from django.core.files.base import ContentFile

        from sopan.procurement.tests.factories import person
        from sopan.suppliers.models import Contract, ContractDocument, Evaluation, Proposal, Supplier
        from sopan.vendors.tests.factories import pdf_bytes

        organization = data["organization"]
        by = person(organization, "kepala.lpse")
        supplier = Supplier.objects.create(organization=organization, name="PT Data", service="internet")
        today = datetime.date.today()
        contract = Contract.objects.create(organization=organization, supplier=supplier, number="1", title="Internet",
                                           starts_on=today, ends_on=today + datetime.timedelta(days=200), value=1,
                                           created_by=by)  # fmt: skip
        document = ContractDocument(contract=contract, kind="contract", name="k.pdf", content_type="application/pdf",
                                    size=1, sha256="0", uploaded_by=by)  # fmt: skip
        document.file.save("k.pdf", ContentFile(pdf_bytes()), save=False)
        document.save()
        evaluation = Evaluation.objects.create(organization=organization, contract=contract, started_by=by)
        proposal = Proposal.objects.create(organization=organization, title="Usulan", needs="x", created_by=by)
        data.update(suppliers_contract=contract, suppliers_document=document, suppliers_evaluation=evaluation,
                    suppliers_proposal=proposal, suppliers_supplier=supplier)  # fmt: skip
    return data


def _pk(key):
    return lambda data: {"pk": _objects(data)[key].pk}


def _document(data):
    _objects(data)
    return {"pk": data["suppliers_contract"].pk, "document_pk": data["suppliers_document"].pk}


ROUTES = [
    Route("suppliers:home", default=403, expect=VIEW),
    Route("suppliers:supplier-list", default=403, expect=VIEW),
    Route("suppliers:supplier-create", default=403, expect=ANON),
    Route("suppliers:supplier-update", default=403, kwargs=_pk("suppliers_supplier"), expect=OBJECT),
    Route("suppliers:supplier-history", default=403, kwargs=_pk("suppliers_supplier"), expect=OBJECT),
    Route("suppliers:supplier-export", default=403, expect=VIEW),
    Route("suppliers:supplier-import", default=403, expect=ANON),
    Route("suppliers:contract-create", default=403, expect=ANON),
    Route("suppliers:contract-detail", default=403, kwargs=_pk("suppliers_contract"), expect=OBJECT),
    Route("suppliers:contract-document", default=403, kwargs=_document, expect=OBJECT),
    Route("suppliers:contract-document-add", default=405, kwargs=_pk("suppliers_contract"), expect=POST_ONLY),
    Route("suppliers:contract-evaluate", default=405, kwargs=_pk("suppliers_contract"), expect=POST_ONLY),
    Route("suppliers:evaluation-detail", default=403, kwargs=_pk("suppliers_evaluation"), expect=OBJECT),
    Route("suppliers:evaluation-print", default=403, kwargs=_pk("suppliers_evaluation"), expect=OBJECT),
    Route("suppliers:proposal-list", default=403, expect=VIEW),
    Route("suppliers:proposal-create", default=403, expect=ANON),
    Route("suppliers:proposal-detail", default=403, kwargs=_pk("suppliers_proposal"), expect=OBJECT),
    Route("suppliers:proposal-print", default=403, kwargs=_pk("suppliers_proposal"), expect=OBJECT),
]
