"""The /standar-lpse/ pages: the overview with its duties and evidence, the refusals said in Indonesian (a change
approved by its requester, server access for who may not hold it) with nothing changed, a vendor refused, the demo
data and its Koordinator Standardisasi, the helpdesk's evidence."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from sopan.core.testing import login
from sopan.procurement.tests.factories import person
from sopan.standards import demo
from sopan.standards.models import AccessPermit, Assessment, ChangeRequest
from sopan.standards.selectors import live_evidence
from sopan.standards.tests.factories import head, id_, requested

pytestmark = pytest.mark.django_db


def _as(client, user):
    login(client, user)
    return client


def test_the_overview_lists_every_standard_with_the_duties_quoted(client, organization, django_assert_max_num_queries):
    _as(client, head(organization))
    with django_assert_max_num_queries(40):
        page = client.get(reverse("standards:overview"))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Standar Pengelolaan Kelangsungan Layanan" in body and body.count("data-standard=") == 16
    assert "hak akses server LPSE dipegang oleh administrator sistem dan koordinator LPSE" in body


def test_a_vendor_gets_403(client, organization):
    _as(client, person(organization, "penyedia.admin"))
    assert client.get(reverse("standards:overview")).status_code == 403
    assert client.get(reverse("standards:asset-list")).status_code == 403


def test_the_requester_approving_their_own_change_reads_why_and_nothing_changes(client, organization):
    boss = head(organization)
    change = requested(organization, by=boss)
    _as(client, boss)
    url = reverse("standards:change-transition", kwargs={"pk": change.pk})
    answer = client.post(url, {"transition": "approve", "version": 1}, follow=True)
    assert id_("You requested this change, so you cannot approve it: someone else must decide on it.") in (
        answer.content.decode()
    )
    change.refresh_from_db()
    assert change.status == ChangeRequest.Status.REQUESTED and change.version == 1


def test_server_access_for_the_helpdesk_is_refused_on_the_page(client, organization):
    helpdesk = person(organization, "helpdesk")
    _as(client, head(organization))
    data = {"holder": helpdesk.pk, "kind": "server", "target": "Server SPSE", "valid_from": timezone.localdate()}
    answer = client.post(reverse("standards:permit-list"), data)
    assert answer.status_code == 400
    expected = id_(
        "%(name)s may not hold access to the servers: only the Administrator Sistem and the Koordinator LPSE may "
        "(Perwali Salatiga 41/2024, annex 2.5.2 b).",
        name=helpdesk.full_name,
    )
    assert expected in answer.content.decode()
    assert not AccessPermit.objects.exists()


def test_a_standard_is_assessed_from_its_page(client, organization):
    _as(client, head(organization))
    year = timezone.localdate().year
    url = reverse("standards:assessment", kwargs={"standard": "change", "year": year})
    assert client.post(url, {"level": "2", "notes": ""}).status_code == 400
    assert client.post(url, {"level": "2", "notes": "Perubahan dicatat."}).status_code == 302
    saved = Assessment.objects.get(standard="change", year=year)
    assert saved.level == 2 and any(item["label"] == id_("Change requests this year") for item in saved.evidence)
    assert reverse("standards:assessment", kwargs={"standard": "nothing", "year": year})
    assert client.get(reverse("standards:assessment", kwargs={"standard": "nothing", "year": year})).status_code == 404


def test_the_demo_makes_the_koordinator_standardisasi_and_data_once(organization):
    from sopan.accounts.models import OrganizationRole, RoleAssignment

    for username in ("kepala.lpse", "admin.sistem", "koordinator.lpse", "helpdesk", "pendukung.layanan"):
        person(organization, username)
    demo.seed(organization)
    demo.seed(organization)
    role = OrganizationRole.objects.get(organization=organization, code=demo.ROLE_CODE)
    assert role.name == "Koordinator Standardisasi" and "standards.assess" in role.capabilities
    holder = RoleAssignment.objects.active().get(organization=organization, role=demo.ROLE_CODE).user
    assert holder.has_perm("standards.assess", organization)
    assert ChangeRequest.objects.filter(organization=organization).count() == 3
    assert AccessPermit.objects.filter(organization=organization, kind="server").count() == 2
    assert Assessment.objects.filter(organization=organization, standard="helpdesk").exists()


def test_the_helpdesk_answers_the_evidence_hook(organization):
    items = live_evidence(organization)["helpdesk"]
    assert [str(i.label) for i in items][1] == id_("Tickets followed up within 1 working day (Perwali 41/2024 Pasal 9)")
    assert items[0].value == "0" and items[1].value == "—"
