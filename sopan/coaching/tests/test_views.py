"""The /pembinaan/ pages: who gets what, the forms' refusals in Indonesian on the page, the preview then the
invitations, the check-in field, the vendor's own invitations."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from sopan.coaching.models import Invitation, Programme
from sopan.coaching.tests.factories import bind_coaching_sop, company, draft, id_, programme_until
from sopan.core.testing import login
from sopan.procurement.tests.factories import person

pytestmark = pytest.mark.django_db
S = Programme.Status


@pytest.fixture
def org(organization):
    bind_coaching_sop(organization)
    return organization


def _as(client, organization, username):
    login(client, person(organization, username))
    return client


def _url(name, **kwargs):
    return reverse(f"coaching:{name}", kwargs=kwargs)


def test_the_coaching_team_drafts_a_programme_from_the_form(org, client):
    _as(client, org, "tim.pembinaan")
    assert client.get(_url("programme-list")).status_code == 200
    refused = client.post(_url("programme-create"), {"title": "", "kind": "clinic", "audience": "vendors"})
    assert refused.status_code == 400 and not Programme.objects.exists()
    data = {"title": "Klinik SIKaP", "kind": "clinic", "audience": "vendors", "strategy": "Konsultasi per penyedia"}
    response = client.post(_url("programme-create"), data)
    programme = Programme.objects.get()
    assert response.status_code == 302 and response["Location"] == _url("programme-detail", pk=programme.pk)
    page = client.get(response["Location"])
    assert page.status_code == 200 and "Klinik SIKaP" in page.content.decode()


def test_a_vendor_gets_403_and_another_organisation_404(org, client, outsider):
    programme = draft(org)
    _as(client, org, "penyedia.admin")
    assert client.get(_url("programme-list")).status_code == 403
    assert client.get(_url("programme-detail", pk=programme.pk)).status_code == 403
    login(client, outsider)
    assert client.get(_url("programme-detail", pk=programme.pk)).status_code == 404


def test_the_proposal_and_the_direction_through_the_page(org, client):
    programme = draft(org)
    _as(client, org, "tim.pembinaan")
    response = client.post(_url("programme-transition", pk=programme.pk), {"transition": "propose",
                                                                           "version": programme.version})  # fmt: skip
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.status == S.PROPOSED
    _as(client, org, "kepala.ukpbj")
    page = client.get(_url("programme-detail", pk=programme.pk)).content.decode()
    assert 'id="form-approve"' in page and 'id="form-return"' in page
    empty = client.post(_url("programme-transition", pk=programme.pk), {"transition": "approve", "direction": "",
                                                                        "version": programme.version})  # fmt: skip
    assert empty.status_code == 400
    stale = client.post(_url("programme-transition", pk=programme.pk), {"transition": "approve", "direction": "Ok",
                                                                        "version": programme.version - 1})  # fmt: skip
    assert stale.status_code == 409
    done = client.post(_url("programme-transition", pk=programme.pk), {"transition": "approve", "direction": "Ok",
                                                                       "version": programme.version})  # fmt: skip
    assert done.status_code == 302
    programme.refresh_from_db()
    assert programme.status == S.APPROVED and programme.direction == "Ok"


def test_the_team_may_not_approve_through_the_page(org, client):
    programme = programme_until(org, "proposed")
    _as(client, org, "tim.pembinaan")
    response = client.post(_url("programme-transition", pk=programme.pk), {"transition": "approve",
                                                                           "direction": "Saya setujui"})  # fmt: skip
    assert response.status_code == 403


def test_preview_then_invite_by_a_criterion(org, client):
    programme = programme_until(org, "scheduled")
    company(org, "CV Pendatang Baru", activated_days_ago=3)
    _as(client, org, "tim.pembinaan")
    since = (timezone.localdate() - datetime.timedelta(days=30)).isoformat()
    preview = client.get(_url("invitations-add", pk=programme.pk), {"criterion": "new", "since": since})
    assert preview.status_code == 200
    body = preview.content.decode()
    assert "CV Pendatang Baru" in body and 'id="invite-confirm"' in body and not Invitation.objects.exists()
    missing = client.get(_url("invitations-add", pk=programme.pk), {"criterion": "new", "since": ""})
    assert missing.status_code == 400 and id_("Give the date this criterion counts from.") in missing.content.decode()
    added = client.post(_url("invitations-add", pk=programme.pk), {"criterion": "new", "since": since})
    assert added.status_code == 302 and programme.invitations.count() == 1


def test_check_in_on_the_page_and_its_refusal_in_indonesian(org, client):
    programme = programme_until(org, "invited")
    _as(client, org, "tim.pembinaan")
    page = client.get(_url("programme-detail", pk=programme.pk)).content.decode()
    assert 'id="check-in-form"' in page
    wrong = client.post(_url("check-in", pk=programme.pk), {"code": "ZZZZ-ZZZZ"})
    assert wrong.status_code == 400
    assert id_("No invitation of this programme has this code. Check what you typed.") in wrong.content.decode()
    invitation = programme.invitations.order_by("id").first()
    done = client.post(_url("check-in", pk=programme.pk), {"code": invitation.code_display.lower()})
    assert done.status_code == 302
    invitation.refresh_from_db()
    assert invitation.attended_at is not None


def test_the_vendor_sees_its_invitation_with_the_code(org, client):
    admin = person(org, "penyedia.admin")
    company(org, "CV Milik Admin", activated_days_ago=3, admin_user=admin)
    programme = programme_until(org, "invited")
    invitation = programme.invitations.get(company__admin_user=admin)
    login(client, admin)
    page = client.get(_url("my-invitations"))
    assert page.status_code == 200
    assert invitation.code_display in page.content.decode() and programme.title in page.content.decode()
    _as(client, org, "ppk")
    assert id_("You have no invitations.") in client.get(_url("my-invitations")).content.decode()


def test_the_invited_vendor_downloads_the_programmes_materials_and_nobody_elses(
    org, client, settings, tmp_path, django_capture_on_commit_callbacks
):
    from sopan.coaching import services
    from sopan.vendors.tests.factories import pdf_upload

    settings.MEDIA_ROOT = tmp_path
    admin = person(org, "penyedia.admin")
    company(org, "CV Milik Admin", activated_days_ago=3, admin_user=admin)
    programme = programme_until(org, "invited")
    with django_capture_on_commit_callbacks(execute=True):
        services.material_add(programme=programme, title="Panduan SPSE", upload=pdf_upload("panduan.pdf"),
                              by=person(org, "tim.pembinaan"))  # fmt: skip
    material = programme.materials.get()
    invitation = programme.invitations.get(company__admin_user=admin)
    login(client, admin)
    page = client.get(_url("my-invitations")).content.decode()
    assert "Panduan SPSE" in page
    url = reverse("coaching:my-material-download", kwargs={"pk": invitation.pk, "mid": material.pk})
    got = client.get(url)
    assert got.status_code == 200 and b"".join(got.streaming_content if got.streaming else [got.content])[:4] == b"%PDF"
    other = programme.invitations.exclude(pk=invitation.pk).first()
    stranger = reverse("coaching:my-material-download", kwargs={"pk": other.pk, "mid": material.pk})
    assert client.get(stranger).status_code == 404  # another vendor's invitation


def test_the_programme_page_costs_the_same_queries_whatever_its_invitations(org, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sopan.coaching import services_invitations
    from sopan.coaching.criteria import Params

    programme = programme_until(org, "invited")
    _as(client, org, "tim.pembinaan")
    url = _url("programme-detail", pk=programme.pk)
    client.get(url)  # the session and the user's roles warmed as on any page
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(6):
        company(org, f"CV Tambahan {n}", activated_days_ago=1)
    since = timezone.localdate() - datetime.timedelta(days=30)
    services_invitations.invitations_add(programme=programme, criterion="new", params=Params(since=since),
                                         by=person(org, "tim.pembinaan"))  # fmt: skip
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    assert page.status_code == 200 and "CV Tambahan 5" in page.content.decode()
    assert len(many) == len(few)
    assert 'id="sop-flow-tabs"' in page.content.decode()  # the programme's case on its flowchart
