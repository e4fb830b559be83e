"""Accounts services: role assignment with separation of duties, units, users, password policy."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from sopan.accounts import separation, services
from sopan.accounts.models import OrgUnit, RoleAssignment, User
from sopan.core.models import AuditEvent

TODAY = timezone.localdate()  # the personas' role assignments start today


@pytest.fixture(autouse=True)
def english():
    """Messages are checked in English here; the Indonesian ones are checked where people see them (views)."""
    with translation.override("en"):
        yield


@pytest.fixture
def lpse(organization):
    return organization.units.get(code="LPSE")


@pytest.fixture
def ukpbj(organization):
    return organization.units.get(code="UKPBJ")


def _events(action):
    return AuditEvent.objects.filter(action=action).count()


def test_lpse_verifier_cannot_be_made_pokja_pasal_6(verifier, ukpbj, lpse_head):
    """Perwali Salatiga 41/2024 Pasal 6: LPSE personnel may not be assigned to the selection of vendors."""
    before = (RoleAssignment.objects.count(), _events("accounts.role_assignment.created"))
    with pytest.raises(ValidationError) as error:
        services.role_assign(
            user=verifier,
            role="selection_group_member",
            unit=ukpbj,
            valid_from=TODAY,
            decree_number="027/15/2026",
            by=lpse_head,
        )
    message = " ".join(error.value.messages)
    assert "Pasal 6" in message and "Verifier" in message
    assert (RoleAssignment.objects.count(), _events("accounts.role_assignment.created")) == before


def test_separation_message_is_indonesian_by_default(verifier, ukpbj, lpse_head):
    with translation.override("id"), pytest.raises(ValidationError) as error:
        services.role_assign(user=verifier, role="selection_group_member", unit=ukpbj, valid_from=TODAY, by=lpse_head)
    assert "Perangkat LPSE tidak dapat merangkap" in error.value.messages[0]
    assert "Anggota Pokja Pemilihan" in error.value.messages[0]


def test_pokja_member_cannot_be_given_an_lpse_role(personas, lpse, lpse_head):
    with pytest.raises(ValidationError, match="Pasal 6"):
        services.role_assign(user=personas["pokja"], role="helpdesk_agent", unit=lpse, valid_from=TODAY, by=lpse_head)
    assert not personas["pokja"].role_assignments.filter(role="helpdesk_agent").exists()


def test_ended_lpse_role_does_not_block_a_later_pokja_assignment(verifier, ukpbj, lpse_head):
    assignment = verifier.role_assignments.get(role="verifier")
    services.role_assignment_end(assignment=assignment, valid_to=TODAY, reason="Mutasi ke UKPBJ", by=lpse_head)
    later = services.role_assign(
        user=verifier,
        role="selection_group_member",
        unit=ukpbj,
        valid_from=TODAY + datetime.timedelta(days=1),
        by=lpse_head,
    )
    assert later.pk and later.valid_from == TODAY + datetime.timedelta(days=1)


def test_assignment_overlapping_an_ended_period_is_still_refused(verifier, ukpbj, lpse_head):
    assignment = verifier.role_assignments.get(role="verifier")
    services.role_assignment_end(assignment=assignment, valid_to=TODAY, reason="Mutasi", by=lpse_head)
    with pytest.raises(ValidationError, match="Pasal 6"):
        services.role_assign(
            user=verifier,
            role="selection_group_member",
            unit=ukpbj,
            valid_from=TODAY - datetime.timedelta(days=10),
            by=lpse_head,
        )


def test_compatible_roles_can_be_combined_and_are_audited(personas, ukpbj, lpse_head):
    ppk = personas["ppk"]
    assignment = services.role_assign(
        user=ppk,
        role="selection_group_member",
        unit=ukpbj,
        valid_from=TODAY,
        decree_number="027/99/2026",
        decree_date=TODAY,
        by=lpse_head,
    )
    event = AuditEvent.objects.get(action="accounts.role_assignment.created", target_id=str(assignment.pk))
    assert event.changes["role"] == "selection_group_member" and event.changes["decree_number"] == "027/99/2026"
    assert event.actor == lpse_head


def test_separation_mechanism_takes_new_rules(monkeypatch, personas, ukpbj, lpse_head):
    """A PPK may not sit in a Pokja: the shape of the rule that comes with procurement packages."""
    rule = separation.IncompatibleRoles(
        code="ppk-not-pokja",
        first=frozenset({"commitment_officer"}),
        second=frozenset({"selection_group_member"}),
        message="%(role)s / %(other)s (%(basis)s)",
        basis="Uji",
    )
    monkeypatch.setattr(separation, "RULES", (*separation.RULES, rule))
    with pytest.raises(ValidationError, match="Uji"):
        services.role_assign(
            user=personas["ppk"], role="selection_group_member", unit=ukpbj, valid_from=TODAY, by=lpse_head
        )


def test_same_open_role_twice_is_refused(verifier, lpse, lpse_head):
    with pytest.raises(ValidationError, match="already holds"):
        services.role_assign(user=verifier, role="verifier", unit=lpse, valid_from=TODAY, by=lpse_head)


def test_unit_of_another_organisation_is_refused(verifier, other_organization, lpse_head):
    foreign = other_organization.units.get(code="LPSE")
    with pytest.raises(ValidationError, match="organisation"):
        services.role_assign(user=verifier, role="helpdesk_agent", unit=foreign, valid_from=TODAY, by=lpse_head)


def test_end_before_start_is_refused(verifier, lpse, lpse_head):
    with pytest.raises(ValidationError):
        services.role_assign(
            user=verifier,
            role="helpdesk_agent",
            unit=lpse,
            valid_from=TODAY,
            valid_to=TODAY - datetime.timedelta(days=1),
            by=lpse_head,
        )


@pytest.mark.parametrize("persona", ["verifier", "helpdesk_agent", "ppk", "pokja", "vendor_admin", "auditor"])
def test_only_administrators_assign_roles(personas, lpse, persona):
    with pytest.raises(PermissionDenied):
        services.role_assign(
            user=personas["verifier"], role="helpdesk_agent", unit=lpse, valid_from=TODAY, by=personas[persona]
        )


def test_administrator_of_another_organisation_cannot_touch_this_one(verifier, lpse, outsider):
    with pytest.raises(PermissionDenied):
        services.role_assign(user=verifier, role="helpdesk_agent", unit=lpse, valid_from=TODAY, by=outsider)
    with pytest.raises(PermissionDenied):
        services.user_update(user=verifier, full_name="Diubah", by=outsider)


def test_ending_needs_a_reason_and_keeps_history(verifier, lpse_head):
    assignment = verifier.role_assignments.get(role="verifier")
    with pytest.raises(ValidationError, match="reason"):
        services.role_assignment_end(assignment=assignment, valid_to=TODAY, reason="  ", by=lpse_head)
    services.role_assignment_end(assignment=assignment, valid_to=TODAY, reason="Pensiun", by=lpse_head)
    assignment.refresh_from_db()
    assert assignment.valid_to == TODAY and assignment.end_reason == "Pensiun"
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_unit_cannot_be_moved_under_its_own_child(organization, lpse_head):
    ukpbj = organization.units.get(code="UKPBJ")
    lpse = organization.units.get(code="LPSE")  # a child of UKPBJ in the demo tree
    with pytest.raises(ValidationError, match="under itself"):
        services.unit_update(unit=ukpbj, parent=lpse, by=lpse_head)
    ukpbj.refresh_from_db()
    assert ukpbj.parent.code == "SETDA"


def test_unit_code_is_unique_per_organisation(organization, other_organization, lpse_head, outsider):
    with pytest.raises(ValidationError, match="already uses"):
        services.unit_create(
            organization=organization, name="LPSE lain", code="lpse", kind=OrgUnit.Kind.LPSE, by=lpse_head
        )
    services.unit_create(organization=other_organization, name="UKPBJ", code="UKPBJ", kind="ukpbj", by=outsider)


def test_user_update_records_old_and_new_values(verifier, lpse_head):
    services.user_update(user=verifier, phone="0298-326767", by=lpse_head)
    event = AuditEvent.objects.filter(action="accounts.user.updated", target_id=str(verifier.pk)).get()
    assert event.changes == {"phone": ["", "0298-326767"]}


def test_administrator_cannot_deactivate_themselves(lpse_head):
    with pytest.raises(ValidationError, match="your own"):
        services.user_update(user=lpse_head, is_active=False, by=lpse_head)


def test_deactivated_user_loses_roles_and_access(verifier, lpse_head):
    services.user_update(user=verifier, is_active=False, by=lpse_head)
    fresh = User.objects.get(pk=verifier.pk)
    assert fresh.role_codes == frozenset()


@pytest.mark.every_persona
def test_user_id_taken_is_refused_case_insensitively(organization, lpse_head):
    with pytest.raises(ValidationError, match="already taken"):
        services.user_create(
            organization=organization, username="VERIFIKATOR", full_name="X", email="x@x.test", by=lpse_head
        )


# --- password policy: at least 12 characters, no common passwords, no composition rules -------------------------
@pytest.mark.parametrize(
    ("password", "ok"),
    [
        ("pendek-11ch", False),  # 11 characters
        ("kopi tubruk pagi", True),  # a passphrase, no digits or capitals needed
        ("123456789012", False),  # numeric and common
        ("qwertyqwerty", False),  # common
    ],
)
def test_password_policy(organization, password, ok):
    user = User(organization=organization, username="calon", full_name="Calon Pengguna")
    if ok:
        validate_password(password, user)
    else:
        with pytest.raises(ValidationError):
            validate_password(password, user)


def test_organisation_can_require_longer_passwords(organization, lpse_head):
    services.organization_update(organization=organization, password_min_length=16, by=lpse_head)
    user = User(organization=User.objects.get(pk=lpse_head.pk).organization, username="baru", full_name="Baru")
    with pytest.raises(ValidationError, match="16"):
        validate_password("kopi tubruk 14", user)
    validate_password("kopi tubruk pagi hari", user)


def test_organisation_cannot_weaken_the_minimum(organization, lpse_head):
    with pytest.raises(ValidationError):
        services.organization_update(organization=organization, password_min_length=8, by=lpse_head)
    organization.refresh_from_db()
    assert organization.password_min_length == 12
