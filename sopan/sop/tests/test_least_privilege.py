"""Least privilege on SOPs and cases (issue 13 §6).

- A revision in preparation (draft, submitted, approved) is for those who manage SOPs and those who approve it; the
  others — a vendor, a PPK, a Pokja member — do not find it (404), nor its YAML, PDF or diff.
- A case is for those who hold one of its lanes (or record one for an outside party), the holders of the role just
  above a lane's (roles.SUPERVISORS), the SOP managers, those who see every case (auditors), and the people taking part
  in it (the vendor bound to it). Everyone else gets 404, and the case list shows them nothing of it.
- The vendor's menu does not list the organisation's SOPs.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from sopan.accounts import demo
from sopan.core.testing import login
from sopan.sop.models import Case
from sopan.sop.services import cases, versions
from sopan.sop.tests import factories

# An SOP whose lanes are the PPK's and the Pokja's: nobody of the LPSE holds a lane of it.
PACKAGE = (
    factories.SMALL.replace("key: uji-verifikasi", "key: uji-paket")
    .replace(
        "{key: pemohon, name: Pelaku Usaha, roles: [vendor_admin], recorded_by: [registration_officer]}",
        "{key: pemohon, name: PPK, roles: [commitment_officer]}",
    )
    .replace(
        "{key: petugas, name: Petugas Registrasi, roles: [registration_officer]}",
        "{key: petugas, name: Pokja, roles: [selection_group_member]}",
    )
    .replace(
        "{key: verifikator, name: Verifikator, roles: [verifier]}",
        "{key: verifikator, name: Pokja, roles: [selection_group_member]}",
    )
)


def _person(organization, username: str):
    spec = next(p for p in demo.PERSONAS if p.username == username)
    return demo.ensure_persona(organization, spec, with_totp=False)


@pytest.fixture
def registration(organization):
    """A case of the registration-like SOP: lanes of the vendor (recorded by the front office), the front office and
    the verifier."""
    version = factories.effective_version(organization)
    return cases.case_start(version=version, title="CV Rahasia", by=None)


@pytest.fixture
def package(organization):
    """A case whose lanes are the PPK's and the Pokja's."""
    version = factories.effective_version(organization, PACKAGE)
    return cases.case_start(version=version, title="Paket Jalan", by=None)


@pytest.fixture
def draft(organization):
    return versions.sop_import(
        organization=organization, text=factories.SMALL.replace("key: uji-verifikasi", "key: uji-draf"), by=None
    )


def _get(client, name: str, **kwargs) -> int:
    return client.get(reverse(name, kwargs=kwargs)).status_code


# --- drafts ------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("persona", ["vendor_admin", "ppk", "pokja", "verifier", "auditor"])
def test_a_draft_revision_is_not_found_by_who_neither_manages_nor_approves_sops(client, personas, draft, persona):
    login(client, personas[persona])
    assert _get(client, "sop:version-detail", pk=draft.pk) == 404
    assert _get(client, "sop:version-yaml", pk=draft.pk) == 404
    assert _get(client, "sop:version-pdf", pk=draft.pk) == 404
    assert _get(client, "sop:version-diff", pk=draft.pk, other=draft.pk) == 404


def test_a_submitted_revision_is_read_by_its_approver_and_sop_managers(client, organization, personas, draft):
    versions.version_submit(version=draft, by=None)
    coordinator = _person(organization, "koordinator.lpse")  # "Disahkan oleh Kepala LPSE": LPSE's heads approve
    for user in (coordinator, personas["ukpbj_head"]):
        login(client, user)
        assert _get(client, "sop:version-detail", pk=draft.pk) == 200
        assert _get(client, "sop:version-yaml", pk=draft.pk) == 200


def test_a_revision_in_force_stays_readable_by_every_member(client, personas, registration):
    login(client, personas["pokja"])
    assert _get(client, "sop:version-detail", pk=registration.version_id) == 200


def test_the_revision_list_and_the_sop_list_hide_a_draft_from_who_may_not_read_it(
    client, organization, personas, registration, draft
):
    revision = versions.sop_revise(sop=registration.sop, by=personas["lpse_head"])
    login(client, personas["pokja"])
    page = client.get(reverse("sop:version-detail", kwargs={"pk": registration.version_id}))
    assert [v.pk for v in page.context["versions"]] == [registration.version_id]
    listed = client.get(reverse("sop:sop-list")).context["sops"]
    assert all(sop.open_version is None for sop in listed)
    assert revision.pk not in {v.pk for v in page.context["versions"]}
    # an SOP that has only a draft leads nowhere for them
    assert _get(client, "sop:sop-detail", pk=draft.sop_id) == 404
    login(client, personas["lpse_head"])
    assert client.get(reverse("sop:sop-list")).context["sops"][0].open_version is not None


# --- cases -------------------------------------------------------------------------------------------------------
def test_ppk_cannot_read_case_of_other_lane(client, personas, registration):
    login(client, personas["ppk"])
    assert _get(client, "sop:case-detail", pk=registration.pk) == 404
    assert registration.pk not in [c.pk for c in client.get(reverse("sop:case-list")).context["page"].items]


def test_pokja_cannot_read_case_of_other_lane(client, personas, registration):
    login(client, personas["pokja"])
    assert _get(client, "sop:case-detail", pk=registration.pk) == 404
    record = registration.steps.get()
    assert client.post(reverse("sop:step-complete", kwargs={"pk": record.pk})).status_code == 404


def test_helpdesk_agent_cannot_read_a_registration_case(client, personas, registration):
    login(client, personas["helpdesk_agent"])
    assert _get(client, "sop:case-detail", pk=registration.pk) == 404


@pytest.mark.parametrize("persona", ["ppk", "pokja"])
def test_a_lane_holder_reads_the_case_and_finds_it_in_the_list(client, personas, package, persona):
    login(client, personas[persona])
    assert _get(client, "sop:case-detail", pk=package.pk) == 200
    assert [c.pk for c in client.get(reverse("sop:case-list")).context["page"].items] == [package.pk]


def test_the_supervisor_of_a_lane_reads_the_case(client, organization, package, registration):
    budget_holder = _person(organization, "pa.kpa")  # PA/KPA supervises the PPK (roles.SUPERVISORS)
    login(client, budget_holder)
    assert _get(client, "sop:case-detail", pk=package.pk) == 200
    assert _get(client, "sop:case-detail", pk=registration.pk) == 404
    assert [c.pk for c in client.get(reverse("sop:case-list")).context["page"].items] == [package.pk]


@pytest.mark.parametrize("persona", ["lpse_head", "ukpbj_head", "system_admin", "auditor"])
def test_sop_managers_and_auditors_read_every_case(client, personas, package, registration, persona):
    login(client, personas[persona])
    assert _get(client, "sop:case-detail", pk=package.pk) == 200
    assert _get(client, "sop:case-detail", pk=registration.pk) == 200
    listed = {c.pk for c in client.get(reverse("sop:case-list")).context["page"].items}
    assert listed == {package.pk, registration.pk}


@pytest.mark.parametrize("persona", ["registration_officer", "verifier"])
def test_the_front_office_and_the_verifier_read_the_registration_case(client, personas, registration, persona):
    login(client, personas[persona])
    assert _get(client, "sop:case-detail", pk=registration.pk) == 200


def test_a_vendor_reads_only_the_case_they_take_part_in(client, organization, personas):
    version = factories.effective_version(organization)
    vendor = personas["vendor_admin"]
    mine = cases.case_start(version=version, title="CV Maju Jaya", by=None, participants={"pemohon": vendor})
    other = cases.case_start(version=version, title="CV Lain", by=None)
    login(client, vendor)
    assert _get(client, "sop:case-detail", pk=mine.pk) == 200
    assert _get(client, "sop:case-detail", pk=other.pk) == 404
    assert [c.pk for c in client.get(reverse("sop:case-list")).context["page"].items] == [mine.pk]


def test_the_case_list_costs_the_same_queries_for_a_lane_holder_with_1_or_20_cases(
    client, organization, personas, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    version = factories.effective_version(organization, PACKAGE)
    other = factories.effective_version(organization)
    cases.case_start(version=version, title="Paket 0", by=None)
    login(client, personas["ppk"])
    client.get(reverse("sop:case-list"))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("sop:case-list"))
    few = len(captured)
    assert len(response.context["page"].items) == 1
    for n in range(19):
        cases.case_start(version=version, title=f"Paket {n + 1}", by=None)
        cases.step_complete(record=cases.case_start(version=other, title=f"CV {n}", by=None).steps.get(), by=None)
    with django_assert_num_queries(few):
        response = client.get(reverse("sop:case-list"))
    assert len(response.context["page"].items) == 20
    assert {c.sop_id for c in response.context["page"].items} == {version.sop_id}
    assert Case.objects.count() == 39


# --- navigation --------------------------------------------------------------------------------------------------
def test_the_vendors_menu_does_not_list_the_organisations_sops(client, personas):
    login(client, personas["vendor_admin"])
    items = client.get(reverse("core:home")).context["nav_items"]
    assert reverse("sop:sop-list") not in [item["url"] for item in items]
    login(client, personas["verifier"])
    items = client.get(reverse("core:home")).context["nav_items"]
    assert reverse("sop:sop-list") in [item["url"] for item in items]
