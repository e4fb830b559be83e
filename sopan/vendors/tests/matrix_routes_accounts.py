"""Role matrix of the vendor account screens (/penyedia/). The objects are made on first use in the matrix's data (the
demo organisation): an active company administered by the demo vendor persona (penyedia.admin), a reported
suspension with its evidence, and an open data change request with its supporting document.

Who is who: the front office, verifiers and the Kepala LPSE see the vendor list (can_work_desk); LPSE staff who may
report an account action (verifier, Kepala LPSE, helpdesk, system administrator) see a vendor's file and its
actions; only the Kepala LPSE moves an action on; verifiers and the Kepala LPSE decide data changes; the vendor
sees their own data. The outsider (Kepala LPSE of another organisation) gets 404 for every object, and their own
organisation's (empty) lists.
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from sopan.core.tests.matrix import Route

ANON = {"anonymous": 302}
DESK = ("registration_officer", "verifier", "lpse_head")
REPORTERS = ("verifier", "lpse_head", "helpdesk_agent", "system_admin")


def accounts_data(data: dict) -> dict:
    """The company, its open account action and its open change request (made once per test)."""
    if "vendor_accounts" not in data:
        from sopan.vendors.models import AccountAction, ChangeRequest, Company

        organization = data["organization"]
        vendor = organization.users.get(username="penyedia.admin")
        head = organization.users.get(username="kepala.lpse")
        company = Company.objects.create(
            organization=organization,
            name="CV Maju Jaya",
            legal_form="cv",
            npwp="012345674505000",
            nib="9120104567812",
            kbli=["41011"],
            address="Jl. Diponegoro No. 10",
            province="33",
            regency="Kota Salatiga",
            phone="+62298321000",
            email="kantor@majujaya.co.id",
            admin_name="Budi Santoso",
            admin_nik="3373011708850001",
            admin_position="Direktur",
            admin_user=vendor,
            status=Company.Status.ACTIVE,
            activated_at=timezone.now(),
        )
        evidence = default_storage.save("vendors/evidence/matrix/pengaduan.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
        action = AccountAction.objects.create(
            organization=organization,
            company=company,
            kind=AccountAction.Kind.SUSPEND,
            basis="Pengaduan Pokja",
            evidence=evidence,
            evidence_sha256="0" * 64,
            reported_at=timezone.now(),
            reported_by=head,
        )
        document = default_storage.save("vendors/changes/matrix/akta.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
        change_request = ChangeRequest.objects.create(
            organization=organization,
            company=company,
            changes={
                "address": ["Jl. Diponegoro No. 10", "Jl. Sudirman No. 5"],
                "admin_nik": ["3373011708850001", "3373012208870002"],
            },
            reason="Pindah kantor",
            evidence=document,
            submitted_at=timezone.now(),
            submitted_by=vendor,
        )
        data["vendor_accounts"] = {"company": company, "action": action, "change_request": change_request}
    return data["vendor_accounts"]


def _company(data):
    return {"pk": accounts_data(data)["company"].pk}


def _action(data):
    return {"pk": accounts_data(data)["action"].pk}


def _change(data):
    return {"pk": accounts_data(data)["change_request"].pk}


def _mine(data):
    accounts_data(data)
    return {}


ROUTES = [
    Route(
        "vendors:company-list",
        default=403,
        expect={**ANON, "outsider": 200, **dict.fromkeys((*DESK, "helpdesk_agent", "system_admin"), 200)},
    ),
    Route("vendors:company-mine", default=404, kwargs=_mine, expect={**ANON, "vendor_admin": 200}),
    # The vendor's form is refused as incomplete (no reason given); nobody else has a company here.
    Route(
        "vendors:change-request",
        method="post",
        default=404,
        kwargs=_mine,
        expect={**ANON, "vendor_admin": 400},
    ),
    Route(
        "vendors:change-queue",
        default=403,
        expect={**ANON, "outsider": 200, "verifier": 200, "lpse_head": 200},
    ),
    # The vendor is sent to their own page; verifiers see the request.
    Route(
        "vendors:change-decide",
        default=404,
        kwargs=_change,
        expect={**ANON, "vendor_admin": 302, "verifier": 200, "lpse_head": 200},
    ),
    # Showing the NIK (a POST with a reason; empty here, so 400) is for the identity roles among the verifiers.
    Route(
        "vendors:change-identity-reveal",
        method="post",
        default=404,
        kwargs=_change,
        expect={**ANON, "vendor_admin": 403, "verifier": 400, "lpse_head": 400},
    ),
    # Only the company's administrator withdraws; verifiers may see the request but not withdraw it.
    Route(
        "vendors:change-withdraw",
        method="post",
        default=404,
        kwargs=_change,
        expect={**ANON, "vendor_admin": 302, "verifier": 403, "lpse_head": 403},
    ),
    Route(
        "vendors:change-evidence",
        default=404,
        kwargs=_change,
        expect={**ANON, "vendor_admin": 200, "verifier": 200, "lpse_head": 200},
    ),
    # The vendor is sent to "Data perusahaan"; LPSE staff see the file.
    Route(
        "vendors:company-detail",
        default=404,
        kwargs=_company,
        expect={**ANON, "vendor_admin": 302, **dict.fromkeys((*DESK, *REPORTERS), 200)},
    ),
    # Showing the administrator's NIK: the identity roles only (an empty reason: 400); other staff who see the file,
    # and the vendor, 403.
    Route(
        "vendors:company-identity-reveal",
        method="post",
        default=404,
        kwargs=_company,
        expect={
            **ANON,
            **dict.fromkeys(("vendor_admin", "registration_officer", "helpdesk_agent", "system_admin"), 403),
            "verifier": 400,
            "lpse_head": 400,
        },
    ),
    # An empty form: 400 for those who may report, 403 for the vendor and the front office.
    Route(
        "vendors:account-action-report",
        method="post",
        default=404,
        kwargs=_company,
        expect={**ANON, "vendor_admin": 403, "registration_officer": 403, **dict.fromkeys(REPORTERS, 400)},
    ),
    Route(
        "vendors:account-action-evidence",
        default=404,
        kwargs=_action,
        expect={**ANON, **dict.fromkeys(REPORTERS, 200)},
    ),
    # Examining is the Kepala LPSE's: an empty form is refused (400); other staff may not (403).
    Route(
        "vendors:account-action-step",
        method="post",
        default=404,
        kwargs=lambda d: {**_action(d), "step": "examine"},
        expect={**ANON, "lpse_head": 400, **dict.fromkeys(("verifier", "helpdesk_agent", "system_admin"), 403)},
    ),
]
