"""Role matrix of the SOP screens. The objects are made on first use in the matrix's data (the demo organisation):
an SOP in force (factories.SMALL: its first lane is the vendor's, recorded by the front office), a draft of a second
SOP, a case with its open first step, and an output document.

Least privilege (issue 13 §6): the draft is read only by the SOP managers (ADMINS) and its approvers ("Disahkan oleh
Kepala LPSE": the Kepala LPSE, an admin here too); the case only by the holders of its lanes (front office, verifier),
their supervisor (Kepala LPSE), SOP managers and the auditor. Everyone else finds neither (404)."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from sopan.core.tests.matrix import ADMINS, Route
from sopan.sop.tests.matrix_routes_compliance import ROUTES as COMPLIANCE_ROUTES

MEMBERS = {"anonymous": 302}


def _sop(data: dict) -> dict:
    if "sop" not in data:
        from sopan.sop.models import StepOutput
        from sopan.sop.services import cases, versions
        from sopan.sop.tests import factories

        organization = data["organization"]
        version = factories.effective_version(organization)
        draft = versions.sop_import(
            organization=organization, text=factories.SMALL.replace("key: uji-verifikasi", "key: uji-draf"), by=None
        )
        case = cases.case_start(version=version, title="Matrix", by=None)
        record = case.steps.get()
        name = default_storage.save("sop/outputs/matrix/tanda-terima.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
        output = StepOutput.objects.create(
            step_record=record, file=name, name="tanda-terima.pdf", size=14, content_type="application/pdf", sha256="0"
        )
        data["sop"] = {"version": version, "draft": draft, "case": case, "record": record, "output": output}
    return data["sop"]


def _version(data):
    return {"pk": _sop(data)["version"].pk}


def _draft(data):
    return {"pk": _sop(data)["draft"].pk}


ADMIN_OK = {"anonymous": 302, "outsider": 200, **dict.fromkeys(ADMINS, 200)}
# Who reads the draft: its managers and approvers; the outsider does not find another organisation's draft.
DRAFT_READERS = {"anonymous": 302, **dict.fromkeys(ADMINS, 200)}
# Who reads the case: the lanes' holders (the front office records the vendor's lane), their supervisor, the SOP
# managers and the auditor.
CASE_READERS = ("registration_officer", "verifier", *ADMINS, "auditor")

ROUTES = [
    *COMPLIANCE_ROUTES,
    Route("sop:sop-list", default=200, expect=MEMBERS),
    Route("sop:sop-import", default=403, expect=ADMIN_OK),
    Route("sop:catalogue", default=200, expect=MEMBERS),
    Route("sop:procedure-list", default=200, expect=MEMBERS),
    Route("sop:related-map", default=200, expect=MEMBERS),
    # The organisation's SOP numbering scheme: its SOP managers (the outsider edits Batang's own).
    Route("sop:numbering", default=403, expect=ADMIN_OK),
    Route(
        "sop:sop-detail",
        default=302,
        kwargs=lambda d: {"pk": _sop(d)["version"].sop_id},
        expect={"outsider": 404},
    ),
    Route(
        "sop:sop-revise",
        method="post",
        default=403,
        kwargs=lambda d: {"pk": _sop(d)["version"].sop_id},
        expect={"anonymous": 302, "outsider": 404, **dict.fromkeys(ADMINS, 302)},
    ),
    # In force, so published: the outsider reads it too (the draft: test_least_privilege covers both).
    Route("sop:version-detail", default=200, kwargs=_version, expect=MEMBERS),
    # A draft's text, print and changes: its managers and approvers only.
    Route("sop:version-yaml", default=404, kwargs=_draft, expect=DRAFT_READERS),
    Route("sop:version-pdf", default=404, kwargs=_draft, expect=DRAFT_READERS),
    Route(
        "sop:version-diff",
        default=404,
        kwargs=lambda d: {"pk": _sop(d)["draft"].pk, "other": _sop(d)["draft"].pk},
        expect=DRAFT_READERS,
    ),
    # Those who may not read the draft do not find it to edit or submit either.
    Route(
        "sop:version-edit",
        default=404,
        kwargs=lambda d: {"pk": _sop(d)["draft"].pk},
        expect={"anonymous": 302, "outsider": 404, **dict.fromkeys(ADMINS, 200)},
    ),
    Route(
        "sop:version-transition",
        method="post",
        default=404,
        kwargs=lambda d: {"pk": _sop(d)["draft"].pk, "action": "submit"},
        expect={"anonymous": 302, "outsider": 404, **dict.fromkeys(ADMINS, 302)},
    ),
    # The adoption review of a draft: found by its readers only; the draft is no copy (a message, 302).
    Route(
        "sop:version-adoption",
        method="post",
        default=404,
        kwargs=lambda d: {"pk": _sop(d)["draft"].pk, "action": "replace"},
        expect={"anonymous": 302, "outsider": 404, **dict.fromkeys(ADMINS, 302)},
    ),
    # Salatiga's own admins already have the SOP (a message, 302); the outsider copies it into Batang.
    Route(
        "sop:version-copy",
        method="post",
        default=403,
        kwargs=_version,
        expect={"anonymous": 302, "outsider": 302, **dict.fromkeys(ADMINS, 302)},
    ),
    Route("sop:case-list", default=200, expect=MEMBERS),
    # The first step is the vendor's (recorded by the front office); SOP managers may start cases too.
    Route(
        "sop:case-start",
        default=403,
        kwargs=_version,
        # the front office records the vendor's first step (the SOP's lane "pemohon" is recorded_by it)
        expect={
            "anonymous": 302,
            "outsider": 404,
            "vendor_admin": 200,
            "registration_officer": 200,
            **dict.fromkeys(ADMINS, 200),
        },
    ),
    # The case: its lanes' holders, their supervisor, SOP managers, the auditor; a vendor only the cases they take
    # part in; the PPK, the Pokja and the helpdesk hold no lane of it.
    Route(
        "sop:case-detail",
        default=404,
        kwargs=lambda d: {"pk": _sop(d)["case"].pk},
        expect={"anonymous": 302, **dict.fromkeys(CASE_READERS, 200)},
    ),
    # The open step is the vendor's lane, recorded by the front office; the other readers of the case may not
    # complete it (403), the others do not find it (404).
    Route(
        "sop:step-complete",
        method="post",
        default=404,
        kwargs=lambda d: {"pk": _sop(d)["record"].pk},
        expect={"anonymous": 302, **dict.fromkeys(CASE_READERS, 403), "registration_officer": 302},
    ),
    Route(
        "sop:output-download",
        default=404,
        kwargs=lambda d: {"pk": _sop(d)["output"].pk},
        expect={"anonymous": 302, **dict.fromkeys(CASE_READERS, 200)},
    ),
]
