"""The compliance report's role filter offers the organisation's own roles too (issue 15 §5: they may be SOP lanes)."""

from __future__ import annotations

from sopan.accounts.models import User
from sopan.accounts.services import own_roles
from sopan.sop.forms_compliance import ComplianceFilterForm


def test_the_role_filter_offers_the_organisations_own_roles_and_takes_them(organization, personas):
    # Given an own team of the organisation, and another of another organisation
    head, outsider = personas["lpse_head"], personas["outsider"]
    own_roles.own_role_create(organization=organization, code="emergency_team", name="Tim Tanggap Darurat", by=head)
    own_roles.own_role_create(
        organization=outsider.organization, code="batang_team", name="Tim Batang", by=User.objects.get(pk=outsider.pk)
    )
    # Then the filter offers the catalogue's roles and its own, by name, and not the other organisation's
    choices = dict(ComplianceFilterForm(user=head).fields["role"].choices)
    assert choices["emergency_team"] == "Tim Tanggap Darurat" and "verifier" in choices and "" in choices
    assert "batang_team" not in choices
    # And a report filtered by it is accepted
    form = ComplianceFilterForm({"role": "emergency_team"}, user=head)
    assert form.filters()["role"] == "emergency_team"
    assert not ComplianceFilterForm({"role": "batang_team"}, user=head).is_valid()
