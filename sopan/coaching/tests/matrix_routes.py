"""Role matrix of the coaching pages (/pembinaan/). The objects are made on first use in the matrix's data, written
directly (the services need the SOP bound, which the matrix leaves alone): a draft programme, and a reported one with
its session, a material and the invitation of the vendor persona's company, sent and attended.

Who is who: the Kepala UKPBJ follows and approves (the pages 200, the team's forms 403); the Kepala LPSE (the SOP's
Kasubag LPSE) runs programmes; a vendor and everyone else of the organisation get 403; the outsider (Kepala LPSE of
another organisation) runs their own organisation's programmes (the list 200) and gets 404 for ours. Under the
vendor's own account, its invitations: the page for anyone signed in, the printed invitation for its company only.
"""

from __future__ import annotations

from sopan.core.tests.matrix import Route

ANON = {"anonymous": 302}
VIEWERS = {**ANON, "ukpbj_head": 200, "lpse_head": 200, "outsider": 404}
RUNNER = {**ANON, "lpse_head": 400, "ukpbj_head": 403, "outsider": 404}  # an empty form: refused as incomplete


def _programmes(data):
    if "coaching_draft" not in data:
        import datetime

        from django.core.files.base import ContentFile
        from django.core.files.storage import default_storage
        from django.utils import timezone

        from sopan.coaching.models import Invitation, Material, Programme, Session
        from sopan.procurement.tests.factories import person
        from sopan.vendors.models import Company
        from sopan.vendors.selectors import company_of
        from sopan.vendors.tests.factories import company_data, pdf_bytes, valid_nik

        organization = data["organization"]
        team = person(organization, "kepala.lpse")
        data["coaching_draft"] = Programme.objects.create(organization=organization, kind="clinic", title="Klinik",
                                                          audience="vendors", created_by=team)  # fmt: skip
        now = timezone.now()
        reported = Programme.objects.create(organization=organization, kind="socialisation", title="Sosialisasi",
                                            audience="vendors", created_by=team, status="reported", reported_by=team,
                                            reported_at=now, report="Selesai.")  # fmt: skip
        session = Session.objects.create(programme=reported, starts_at=now - datetime.timedelta(days=2),
                                         ends_at=now - datetime.timedelta(days=2, hours=-2), place="Aula",
                                         added_by=team)  # fmt: skip
        name = default_storage.save("coaching/materials/matrix/materi.pdf", ContentFile(pdf_bytes("materi")))
        material = Material.objects.create(programme=reported, title="Materi", file=name, size=10, sha256="0" * 64,
                                           content_type="application/pdf", uploaded_by=team)  # fmt: skip
        admin = organization.users.get(username__endswith="penyedia.admin")
        # the vendor persona's company (a vendor administrator has one; other modules' rows name it too)
        company = company_of(admin) or Company.objects.create(
            organization=organization, **company_data(name="CV Matriks"), business_scale="small",
            admin_name="Direktur", admin_nik=valid_nik(), admin_position="Direktur", admin_user=admin,
            status="active", activated_at=now,
        )  # fmt: skip
        invitation = Invitation.objects.create(programme=reported, company=company, criterion="new", added_by=team,
                                               code="ABCDEFGH", sent_at=now, attended_at=now,
                                               checked_in_by=team)  # fmt: skip
        data.update(coaching_reported=reported, coaching_session=session, coaching_material=material,
                    coaching_invitation=invitation)  # fmt: skip
    return data


def _draft(data):
    return {"pk": _programmes(data)["coaching_draft"].pk}


def _reported(data):
    return {"pk": _programmes(data)["coaching_reported"].pk}


ROUTES = [
    Route(
        "coaching:programme-list", default=403, expect={**ANON, "ukpbj_head": 200, "lpse_head": 200, "outsider": 200}
    ),
    Route("coaching:programme-create", default=403, expect={**ANON, "lpse_head": 200, "outsider": 200}),
    Route("coaching:programme-detail", default=403, kwargs=_draft, expect=VIEWERS),
    Route("coaching:programme-edit", default=403, kwargs=_draft, expect={**ANON, "lpse_head": 200, "outsider": 404}),
    # Approving with no direction: the Kepala UKPBJ gets the page back with the form's error (400); the team may not.
    Route(
        "coaching:programme-transition",
        default=403,
        method="post",
        kwargs=_draft,
        data={"transition": "approve"},
        expect={**ANON, "ukpbj_head": 400, "outsider": 404},
    ),
    Route("coaching:session-add", default=403, method="post", kwargs=_draft, expect=RUNNER),
    Route(
        "coaching:session-remove",
        default=403,
        method="post",
        kwargs=lambda data: {**_reported(data), "sid": _programmes(data)["coaching_session"].pk},
        expect={**ANON, "lpse_head": 302, "ukpbj_head": 403, "outsider": 404},
    ),
    Route("coaching:material-add", default=403, method="post", kwargs=_draft, expect=RUNNER),
    Route(
        "coaching:material-download",
        default=403,
        expect=VIEWERS,
        kwargs=lambda data: {**_reported(data), "mid": _programmes(data)["coaching_material"].pk},
    ),
    Route("coaching:invitations-add", default=403, kwargs=_draft, expect=RUNNER),
    Route("coaching:check-in", default=403, method="post", kwargs=_draft, expect=RUNNER),
    Route(
        "coaching:invitation-print",
        default=403,
        kwargs=lambda data: {**_reported(data), "iid": _programmes(data)["coaching_invitation"].pk},
        expect={**ANON, "lpse_head": 200, "ukpbj_head": 403, "outsider": 404},
    ),
    Route("coaching:report-print", default=403, kwargs=_reported, expect=VIEWERS),
    # the vendor's own invitations: the page for anyone signed in (empty for who has none)
    Route("coaching:my-invitations", default=200, expect=ANON),
    Route(
        "coaching:my-invitation-print",
        default=404,
        expect={**ANON, "vendor_admin": 200},
        kwargs=lambda data: {"pk": _programmes(data)["coaching_invitation"].pk},
    ),
    Route(
        "coaching:my-material-download",
        default=404,
        expect={**ANON, "vendor_admin": 200},
        kwargs=lambda data: {
            "pk": _programmes(data)["coaching_invitation"].pk,
            "mid": _programmes(data)["coaching_material"].pk,
        },
    ),
]
