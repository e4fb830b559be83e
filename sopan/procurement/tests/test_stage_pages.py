"""The stages on the package's page (issue 17 §2, §3, §6): each persona sees only the actions they may take; the PPK
requests the selection; the Kepala UKPBJ appoints a Pokja (an LPSE staff member refused with the rule's source, the
candidates' workload shown); a Pokja member returns the documents and the rounds show in the timeline; a stale form
and another organisation's package are refused. In Indonesian, over the Django test client."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from sopan.accounts import demo
from sopan.accounts.models import RoleAssignment
from sopan.core.testing import duplicate_ids, login
from sopan.procurement import stages
from sopan.procurement.models import Package, PokjaAssignment, Review, SelectionRequest
from sopan.procurement.tests.factories import bind_stage_sops, make_package, person, staged_package
from sopan.procurement.workflows import SELECTION_PREPARATION
from sopan.sop.api import case_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _sops(organization):
    bind_stage_sops(organization)  # the stages record their SOP steps: the SOPs must be in force


def _page(client, user, package):
    login(client, user)
    response = client.get(reverse("procurement:package-detail", kwargs={"pk": package.pk}))
    assert response.status_code == 200
    return response.content.decode()


def _post(client, package, transition, data):
    url = reverse("procurement:package-action", kwargs={"pk": package.pk, "transition": transition})
    return client.post(url, {f"{transition}-{k}": v for k, v in data.items()})


def _make_pokja(organization, username):
    """Give `username` the role of Pokja member too (the demo has one persona per role)."""
    user = person(organization, username)
    RoleAssignment.objects.get_or_create(
        organization=organization, user=user, role="selection_group_member",
        unit=organization.units.get(code="UKPBJ"), defaults={"valid_from": datetime.date(2020, 1, 1)},
    )  # fmt: skip
    return user


def test_each_persona_sees_only_what_they_may_do(client, organization):
    package = staged_package(organization, "selection_preparation")
    html = _page(client, person(organization, "ppk"), package)
    assert 'id="stage-request_selection"' in html
    assert 'id="stage-assign_pokja"' not in html and 'id="stage-cancel"' not in html
    html = _page(client, person(organization, "kepala.ukpbj"), package)
    assert 'id="stage-assign_pokja"' not in html  # no request yet: the guard hides it
    assert 'id="stage-cancel"' in html and 'id="stage-request_selection"' not in html
    assert not duplicate_ids(html)
    html = _page(client, person(organization, "pa.kpa"), package)
    assert 'id="stage-cancel"' in html and 'id="stage-request_selection"' not in html

    preparation = staged_package(organization, "preparation", kd_rup="9900002")
    assert 'id="transition-approve-preparation"' in _page(client, person(organization, "pa.kpa"), preparation)
    assert 'id="transition-approve-preparation"' not in _page(client, person(organization, "ppk"), preparation)


def test_ppk_requests_the_selection_and_a_missing_item_is_refused(client, organization):
    package = staged_package(organization, "selection_preparation")
    login(client, person(organization, "ppk"))
    items = SelectionRequest.Item.values
    response = _post(client, package, "request_selection", {"version": package.version, "items": items[:-1]})
    assert response.status_code == 400
    refused = response.content.decode()
    assert "Permintaan belum dilengkapi" in refused
    assert not SelectionRequest.objects.filter(package=package).exists()
    # the page shown again is the whole package page, as on a plain visit: every section but the messages is the same
    plain = _page(client, person(organization, "ppk"), package)
    for section in ('id="package-availability"', 'id="sop-flow"', 'id="package-timeline"', 'id="package-fields"'):
        assert (section in refused) == (section in plain), section
    assert 'id="package-availability"' in refused

    response = _post(client, package, "request_selection", {"version": package.version, "items": items})
    assert response.status_code == 302
    assert SelectionRequest.objects.get(package=package).items == items
    html = client.get(response.url).content.decode()
    assert 'id="timeline-request"' in html and "Riwayat tahapan" in html
    assert "Permintaan pemilihan telah disampaikan." in html  # the success message, in Indonesian
    assert 'id="stage-request_selection"' not in html  # requested once: the form is gone


def test_head_appoints_a_pokja_lpse_staff_refused_with_the_source_and_workload_shown(client, organization):
    package = staged_package(organization, "requested")
    head = person(organization, "kepala.ukpbj")
    members = [_make_pokja(organization, u) for u in ("pokja", "jabfung.ppbj", "verifikator")]
    html = _page(client, head, package)
    for user in members:
        assert f'id="candidate-{user.pk}"' in html
    today = timezone.localdate().isoformat()
    ticks = {}
    for user in members:
        ticks |= {f"pick_{user.pk}": "on", f"competent_{user.pk}": "on", f"pact_{user.pk}": "on"}
    data = {"version": package.version, "decree_number": "800/7/UKPBJ/2026", "decree_date": today, **ticks}
    response = _post(client, package, "assign_pokja", data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Perwali Salatiga 41/2024, Pasal 6" in html  # the LPSE rule with its source
    assert not PokjaAssignment.objects.filter(package=package).exists()

    lpse = members[2]
    analyst = _make_pokja(organization, "tim.analisis")
    data = {k: v for k, v in data.items() if not k.endswith(f"_{lpse.pk}")}
    data |= {f"pick_{analyst.pk}": "on", f"competent_{analyst.pk}": "on", f"pact_{analyst.pk}": "on",
             f"note_{analyst.pk}": "Sertifikat PBJ tingkat dasar"}  # fmt: skip
    response = _post(client, package, "assign_pokja", data)
    assert response.status_code == 302
    assignment = PokjaAssignment.objects.get(package=package)
    assert {m.user_id for m in assignment.members.all()} == {members[0].pk, members[1].pk, analyst.pk}
    assert "Sertifikat PBJ tingkat dasar" in assignment.members.get(user=analyst).competence_note

    other = staged_package(organization, "requested", kd_rup="9900003")
    html = _page(client, head, other)
    row = html[html.index(f'id="candidate-{members[0].pk}"') :]
    assert '<td class="workload">1</td>' in row[: row.index("</tr>")]
    row = html[html.index(f'id="candidate-{lpse.pk}"') :]
    assert '<td class="workload">0</td>' in row[: row.index("</tr>")]


def test_pokja_member_returns_the_documents_and_the_rounds_show(client, organization):
    package = staged_package(organization, "pokja")
    pokja, ppk = person(organization, "pokja"), person(organization, "ppk")
    html = _page(client, pokja, package)
    assert 'id="stage-return_documents"' in html and 'id="stage-complete_review"' in html
    assert 'id="stage-cancel"' not in html

    response = _post(client, package, "return_documents", {"version": package.version, "findings": ""})
    assert response.status_code == 400  # findings are required to return
    response = _post(client, package, "return_documents", {"version": package.version, "findings": "HPS kurang"})
    assert response.status_code == 302
    package.refresh_from_db()
    stages.package_resubmit_documents(package=package, by=ppk, seen_version=package.version)
    package.refresh_from_db()
    response = _post(client, package, "return_documents", {"version": package.version, "findings": "Jadwal"})
    assert response.status_code == 302
    assert list(Review.objects.filter(package=package).values_list("round", flat=True).order_by("round")) == [1, 2]
    html = client.get(response.url).content.decode()
    assert 'id="timeline-review-1"' in html and 'id="timeline-review-2"' in html and "HPS kurang" in html
    case = case_for(package, procedure=SELECTION_PREPARATION)
    assert f'href="{reverse("sop:case-detail", kwargs={"pk": case.pk})}"' in html  # the bound SOP case, linked


def test_a_stale_form_is_refused_and_nothing_saved(client, organization):
    package = staged_package(organization, "pokja")
    seen = package.version
    stages.package_cancel(package=package, by=person(organization, "kepala.ukpbj"), seen_version=seen,
                          reason="Anggaran dialihkan")  # fmt: skip
    login(client, person(organization, "kepala.ukpbj"))
    response = _post(client, package, "cancel", {"version": seen, "reason": "lagi"})
    assert response.status_code == 409
    assert "Orang lain mengubah data ini" in response.content.decode()
    assert Package.objects.get(pk=package.pk).version == seen + 1

    fresh = staged_package(organization, "pokja", kd_rup="9900004")
    login(client, person(organization, "pokja"))
    response = _post(client, fresh, "complete_review", {"version": fresh.version - 1})
    assert response.status_code == 409 and not Review.objects.filter(package=fresh).exists()


def test_another_organisations_package_is_404(client, organization, other_organization):
    package = make_package(organization, kd_rup="9900005")
    spec = demo.Persona("batang.kepala.ukpbj", "Kepala UKPBJ Batang", "ukpbj_head", "LPSE")
    outsider_head = demo.ensure_persona(other_organization, spec, with_totp=False)
    login(client, outsider_head)
    assert _post(client, package, "cancel", {"version": package.version, "reason": "x"}).status_code == 404
    assert client.get(reverse("procurement:package-detail", kwargs={"pk": package.pk})).status_code == 404
    assert Package.objects.get(pk=package.pk).status == Package.Status.PLANNING


def test_who_may_not_act_gets_403_and_an_unknown_action_404(client, organization):
    package = staged_package(organization, "selection_preparation")
    login(client, person(organization, "ppk"))
    assert _post(client, package, "assign_pokja", {"version": package.version}).status_code == 403
    assert _post(client, package, "nothing", {"version": package.version}).status_code == 404
