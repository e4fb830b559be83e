"""The LPSE staff list of the staff-ties form counts the organisation's own roles flagged LPSE personnel (issue 15 §5:
an own role is used like any role, Perwali 41/2024 Pasal 6 applies to it by its flag)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from sopan.accounts import services as accounts
from sopan.accounts.models import User
from sopan.accounts.services import own_roles
from sopan.vendors.registration.forms_lpse import RelationForm


def _holder(organization, role: str, username: str) -> User:
    person = accounts.user_create(
        organization=organization, username=username, full_name=username.title(), email=f"{username}@x.invalid", by=None
    )
    accounts.role_assign(
        user=person,
        role=role,
        unit=organization.units.get(code="LPSE"),
        valid_from=timezone.localdate() - datetime.timedelta(days=1),
        decree_number="800/15/2026",
        decree_date=timezone.localdate(),
        by=None,
    )
    return person


@pytest.mark.every_persona
def test_the_staff_list_has_holders_of_own_roles_flagged_lpse_personnel_only(organization, personas):
    head = personas["lpse_head"]
    own_roles.own_role_create(
        organization=organization,
        code="standards_coordinator",
        name="Koordinator Standardisasi LPSE",
        lpse_personnel=True,
        by=head,
    )
    own_roles.own_role_create(organization=organization, code="guest_team", name="Tim Tamu", by=head)
    standards = _holder(organization, "standards_coordinator", "koordinator.standar")
    guest = _holder(organization, "guest_team", "tamu")

    staff = RelationForm(user=head, everyone=True).fields["person"].queryset

    assert standards in staff and personas["verifier"] in staff
    assert guest not in staff
