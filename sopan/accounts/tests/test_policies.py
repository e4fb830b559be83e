"""`may`: the one question every module's `can_*` helpers ask of their rules (accounts/policies.py)."""

from django.contrib.auth.models import AnonymousUser

from sopan.accounts.policies import may

AUDIT = "core.view_audit"  # the Kepala LPSE's (ADMINISTRATORS), of their own organisation


def test_an_active_holder_may_within_their_organisation_only(organization, other_organization, lpse_head):
    assert may(AUDIT, lpse_head) and may(AUDIT, lpse_head, organization)
    assert not may(AUDIT, lpse_head, other_organization)


def test_a_superuser_without_the_role_may_not(organization, verifier):
    verifier.is_superuser = True  # Django's shortcut would say yes to every permission
    assert verifier.has_perm(AUDIT, organization)
    assert not may(AUDIT, verifier, organization)


def test_no_one_inactive_anonymous_or_missing_may(organization, lpse_head):
    lpse_head.is_active = False
    assert not may(AUDIT, lpse_head, organization)
    assert not may(AUDIT, AnonymousUser(), organization)
    assert not may(AUDIT, None, organization)
