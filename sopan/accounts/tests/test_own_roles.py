"""Roles as data and one permission model (issue 15 §4–5): capabilities per domain, the organisation's own roles and
teams (assigned by SK, under the separation rules, usable as SOP lanes), and its administration pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from sopan.accounts import roles, services, supervisors
from sopan.accounts.models import OrganizationRole, User
from sopan.accounts.services import own_roles
from sopan.core import selectors as core_selectors
from sopan.core.models import AuditEvent
from sopan.core.testing import login
from sopan.sop import policies as sop_policies
from sopan.sop.models import StepRecord
from sopan.sop.services import cases
from sopan.sop.tests import factories
from sopan.vendors import policies as vendor_policies


def _fresh(user) -> User:
    return User.objects.get(pk=user.pk)  # role_codes and capabilities are computed once per user object


def _staff(organization, username: str) -> User:
    return services.user_create(
        organization=organization, username=username, full_name=username.title(), email=f"{username}@x.invalid", by=None
    )


def _assign(user, role: str, *, by=None, **kwargs):
    return services.role_assign(
        user=user,
        role=role,
        unit=user.organization.units.get(code="LPSE"),
        valid_from=timezone.localdate(),
        decree_number="800/12/2026",
        decree_date=timezone.localdate(),
        by=by,
        **kwargs,
    )


# --- capabilities -----------------------------------------------------------------------------------------------------
def test_catalogue_roles_keep_their_capabilities_from_the_apps_declarations(personas):
    head, verifier, auditor = (_fresh(personas[name]) for name in ("lpse_head", "verifier", "auditor"))
    assert {"accounts.manage_organization", "accounts.view_audit", "sop.manage_sops"} <= head.capabilities
    assert {"vendors.verify", "vendors.view_identity", "vendors.decide_account"} <= head.capabilities
    assert "vendors.verify" in verifier.capabilities and "accounts.manage_organization" not in verifier.capabilities
    assert "sop.view_compliance" in auditor.capabilities and "sop.manage_sops" not in auditor.capabilities
    assert roles.capabilities_of("vendor_admin") == frozenset()


def test_an_own_role_grants_exactly_its_capabilities_in_its_organisation(organization, other_organization, lpse_head):
    # Given a "Koordinator Helpdesk" who may verify registrations and see the helpdesk reports
    role = own_roles.own_role_create(
        organization=organization,
        code="helpdesk_coordinator",
        name="Koordinator Helpdesk",
        capabilities=["vendors.verify", "helpdesk.view_reports"],
        by=lpse_head,
    )
    person = _staff(organization, "koordinator.helpdesk")
    # When it is assigned by SK
    assignment = _assign(person, role.code, by=lpse_head)
    # Then the holder may do that in their organisation, and nothing else
    person = _fresh(person)
    assert assignment.role_label == "Koordinator Helpdesk"
    assert person.capabilities == {"vendors.verify", "helpdesk.view_reports"}
    assert vendor_policies.can_verify(person, organization)
    assert not vendor_policies.can_verify(person, other_organization)
    assert not vendor_policies.can_decide_account(person, organization)
    assert person.requires_two_factor  # a staff role by default
    # And once deactivated, it grants nothing more and cannot be assigned again
    own_roles.own_role_deactivate(role=role, by=lpse_head)
    assert _fresh(person).capabilities == frozenset()
    with pytest.raises(ValidationError):
        _assign(_staff(organization, "orang.lain"), role.code, by=lpse_head)
    assert AuditEvent.objects.filter(action="accounts.role.deactivated", target_id=str(role.pk)).exists()


def test_own_role_codes_do_not_clash_and_capabilities_must_exist(organization, lpse_head):
    with pytest.raises(ValidationError, match="peran baku"):
        own_roles.own_role_create(organization=organization, code="verifier", name="Verifikator", by=lpse_head)
    own_roles.own_role_create(organization=organization, code="tim_darurat", name="Tim Tanggap Darurat", by=lpse_head)
    with pytest.raises(ValidationError, match="sudah memakai kode"):
        own_roles.own_role_create(organization=organization, code="tim_darurat", name="Lagi", by=lpse_head)
    with pytest.raises(ValidationError, match="Kewenangan tidak dikenal"):
        own_roles.own_role_create(
            organization=organization, code="tim_lain", name="Tim Lain", capabilities=["x.fly"], by=lpse_head
        )


def test_only_the_organisations_administrators_define_roles(organization, verifier, personas):
    with pytest.raises(PermissionDenied):
        own_roles.own_role_create(organization=organization, code="tim_a", name="Tim A", by=verifier)
    with pytest.raises(PermissionDenied):
        own_roles.own_role_create(organization=organization, code="tim_a", name="Tim A", by=personas["outsider"])
    assert not OrganizationRole.objects.exists()


# --- separation of duties ---------------------------------------------------------------------------------------------
def test_an_own_role_marked_lpse_personnel_conflicts_with_the_selection_group(organization, lpse_head):
    role = own_roles.own_role_create(
        organization=organization,
        code="koordinator_standardisasi",
        name="Koordinator Standardisasi LPSE",
        lpse_personnel=True,
        by=lpse_head,
    )
    person = _staff(organization, "standar.lpse")
    _assign(person, role.code, by=lpse_head)
    with pytest.raises(ValidationError) as refused:
        _assign(person, "selection_group_member", by=lpse_head)
    assert "Koordinator Standardisasi LPSE" in str(refused.value)
    assert "Pasal 6" in str(refused.value)
    # and the other way round: a Pokja member cannot be given the own LPSE role
    member = _staff(organization, "anggota.pokja")
    _assign(member, "selection_group_member", by=lpse_head)
    with pytest.raises(ValidationError):
        _assign(member, role.code, by=lpse_head)


def test_an_own_role_not_marked_lpse_personnel_does_not_conflict(organization, lpse_head):
    role = own_roles.own_role_create(
        organization=organization, code="pokja_paket_7", name="Pokja Paket 7", by=lpse_head
    )
    person = _staff(organization, "anggota.tujuh")
    _assign(person, role.code, by=lpse_head)
    _assign(person, "selection_group_member", by=lpse_head)
    assert _fresh(person).role_codes == {"pokja_paket_7", "selection_group_member"}


# --- acceptance: an own role assigned by SK and used as an SOP lane ---------------------------------------------------
EMERGENCY = """
format: sopan-sop/1
key: uji-tanggap-darurat
identity:
  organization: PEMERINTAH KOTA SALATIGA
  unit: LPSE
  number: SOP-UJI-090
  title: SOP Uji Tanggap Darurat
  approved_by: {position: Kepala LPSE}
lanes:
- {key: tim, name: Tim Tanggap Darurat, roles: [emergency_response_team]}
steps:
- {key: tangani, number: '1', text: Menangani gangguan, symbol: start, lanes: [tim], time: 10 menit, next: selesai}
- {key: selesai, number: '2', text: Selesai, symbol: end, lanes: [tim], time: N/A}
"""


def test_an_own_role_assigned_by_decree_runs_an_sop_lane(organization, lpse_head, verifier):
    # Given the organisation's "Tim Tanggap Darurat", a member appointed by SK, and an SOP whose lane names it
    own_roles.own_role_create(
        organization=organization,
        code="emergency_response_team",
        name="Tim Tanggap Darurat",
        kind=OrganizationRole.Kind.TEAM,
        by=lpse_head,
    )
    member = _staff(organization, "tim.darurat")
    assignment = _assign(member, "emergency_response_team", by=lpse_head)
    assert assignment.decree_number == "800/12/2026"
    version = factories.effective_version(organization, EMERGENCY)
    member = _fresh(member)
    assert sop_policies.can_start_case(member, version)

    # When a case starts, its first step is due for the team's holders, and a member completes it
    calendar = core_selectors.calendar_for(organization)
    start = calendar.next_working_instant(
        dt.datetime.combine(timezone.localdate() + dt.timedelta(days=7), dt.time(9), calendar.zone)
    )
    with freeze_time(start):
        case = cases.case_start(version=version, title="Gangguan SPSE", by=member)
    record = StepRecord.objects.get(case=case, step_key="tangani")
    assert record.role_codes == ["emergency_response_team"] and record.due_at > start
    assert not sop_policies.can_complete_step(_fresh(verifier), record)  # not a member of the team
    assert sop_policies.can_complete_step(member, record)
    with freeze_time(start + dt.timedelta(minutes=5)):
        cases.step_complete(record=record, by=member)

    # Then the step is done by the team's member, on time, and the case is theirs to see
    record.refresh_from_db()
    assert record.status == StepRecord.Status.DONE and record.completed_by == member
    assert sop_policies.can_view_case(member, case)


def test_an_sop_lane_may_not_name_another_organisations_own_role(organization, other_organization, personas):
    own_roles.own_role_create(
        organization=other_organization, code="emergency_response_team", name="Tim", by=personas["outsider"]
    )
    with pytest.raises(ValidationError, match="emergency_response_team"):
        factories.effective_version(organization, EMERGENCY)


# --- administration pages ---------------------------------------------------------------------------------------------
@pytest.fixture
def admin_client(client, lpse_head):
    login(client, lpse_head)
    return client


def test_administrator_creates_edits_and_deactivates_an_own_role(admin_client, organization):
    response = admin_client.post(
        reverse("accounts:own-role-create"),
        {
            "code": "koordinator_helpdesk",
            "name": "Koordinator Helpdesk",
            "kind": "position",
            "staff": "on",
            "capabilities": ["helpdesk.view_reports"],
            "supervisor": "lpse_head",
        },
    )
    assert response.status_code == 302
    role = OrganizationRole.objects.get(organization=organization, code="koordinator_helpdesk")
    assert role.capabilities == ["helpdesk.view_reports"]
    assert own_roles.supervisor_of(organization, role.code) == "lpse_head"
    created = AuditEvent.objects.get(action="accounts.role.created", target_id=str(role.pk))
    assert "Koordinator Helpdesk" in str(created.changes)
    assert AuditEvent.objects.filter(action="accounts.role.supervisor_changed").exists()

    page = admin_client.get(reverse("accounts:own-role-list"))
    assert "Koordinator Helpdesk" in page.content.decode() and "koordinator_helpdesk" in page.content.decode()

    response = admin_client.post(
        reverse("accounts:own-role-edit", kwargs={"pk": role.pk}),
        {"name": "Koordinator Helpdesk LPSE", "kind": "position", "staff": "on", "is_active": "on"},
    )
    assert response.status_code == 302
    role.refresh_from_db()
    assert role.name == "Koordinator Helpdesk LPSE" and role.capabilities == []
    assert AuditEvent.objects.filter(action="accounts.role.updated", target_id=str(role.pk)).exists()

    assert admin_client.post(reverse("accounts:own-role-deactivate", kwargs={"pk": role.pk})).status_code == 302
    role.refresh_from_db()
    assert not role.is_active


def test_a_clashing_code_is_shown_on_the_form(admin_client):
    response = admin_client.post(
        reverse("accounts:own-role-create"), {"code": "lpse_head", "name": "Kepala", "kind": "position"}
    )
    assert response.status_code == 200
    assert "lpse_head adalah peran baku; pilih kode lain." in response.content.decode()
    assert not OrganizationRole.objects.exists()


def test_an_own_role_is_offered_in_the_assignment_form(admin_client, organization, lpse_head, verifier):
    own_roles.own_role_create(organization=organization, code="tim_darurat", name="Tim Tanggap Darurat", by=lpse_head)
    page = admin_client.get(reverse("accounts:assignment-create", kwargs={"pk": verifier.pk}))
    assert 'value="tim_darurat"' in page.content.decode()


def test_administrator_of_another_organisation_gets_404_for_a_role(client, organization, lpse_head, personas):
    role = own_roles.own_role_create(organization=organization, code="tim_darurat", name="Tim", by=lpse_head)
    login(client, personas["outsider"])
    assert client.get(reverse("accounts:own-role-edit", kwargs={"pk": role.pk})).status_code == 404
    assert client.post(reverse("accounts:own-role-deactivate", kwargs={"pk": role.pk})).status_code == 404
    role.refresh_from_db()
    assert role.is_active


def test_administrator_changes_one_link_of_the_supervisor_chain(admin_client, organization):
    # Given the chain page, showing the catalogue's default (agent → Kepala LPSE, Perwali 41/2024 annex 2.4 b)
    page = admin_client.get(reverse("accounts:supervisor-chain"))
    form = page.context["form"]
    assert form["helpdesk_agent"].initial == "lpse_head" and form["lpse_head"].initial == "lpse_coordinator"
    values = {name: form[name].initial or "" for name in form.fields}

    # When the administrator puts the helpdesk agents directly under the Koordinator LPSE
    response = admin_client.post(reverse("accounts:supervisor-chain"), {**values, "helpdesk_agent": "lpse_coordinator"})

    # Then only that link changes, audited
    assert response.status_code == 302
    chain = supervisors.chain_for(organization.pk)
    assert chain["helpdesk_agent"] == "lpse_coordinator" and chain["verifier"] == "lpse_head"
    assert chain == {**roles.SUPERVISORS, "helpdesk_agent": "lpse_coordinator"}
    event = AuditEvent.objects.get(action="accounts.role.supervisor_changed")
    assert event.changes["supervisor"] == ["lpse_head", "lpse_coordinator"]
