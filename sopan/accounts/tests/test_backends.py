"""The model backend: the organisation read with the person, Django's model permissions only for the admin."""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sopan.accounts.backends import ModelBackend


def test_the_person_comes_with_their_organisation(verifier):
    ModelBackend().get_user(verifier.pk)  # read and kept (test_identity.py)
    with CaptureQueriesContext(connection) as queries:
        user = ModelBackend().get_user(verifier.pk)
        assert user.organization.timezone
    assert len(queries) == 1  # the database cache's read


def test_an_inactive_person_is_not_loaded(verifier):
    verifier.is_active = False
    verifier.save(update_fields=["is_active"])
    assert ModelBackend().get_user(verifier.pk) is None


def test_model_permissions_count_only_for_accounts_that_enter_the_admin(verifier):
    verifier.user_permissions.add(Permission.objects.get(codename="view_session", content_type__app_label="sessions"))
    with CaptureQueriesContext(connection) as queries:
        assert not ModelBackend().has_perm(verifier, "sessions.view_session")
    assert len(queries) == 0
    verifier.is_staff = True
    verifier.save(update_fields=["is_staff"])
    assert ModelBackend().has_perm(verifier, "sessions.view_session")
