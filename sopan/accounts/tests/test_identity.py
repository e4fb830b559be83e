"""The signed-in person between requests (issue 21 goal 5, accounts/identity.py): read once, then one cache read a
page (no query at all on the Redis tier), and forgotten as soon as anything it holds changes."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from sopan.accounts import identity
from sopan.accounts.backends import ModelBackend
from sopan.accounts.models import Organization, RoleAssignment, User
from sopan.accounts.services import role_assignment_end
from sopan.accounts.services.own_roles import own_role_create, own_role_update
from sopan.core.testing import login

pytestmark = pytest.mark.django_db


def _queries_of(function) -> tuple[object, int]:
    with CaptureQueriesContext(connection) as queries:
        answer = function()
    return answer, len(queries)


def test_the_second_page_reads_the_person_from_the_cache_in_one_read(verifier):
    first, _count = _queries_of(lambda: ModelBackend().get_user(verifier.pk))
    again, count = _queries_of(lambda: ModelBackend().get_user(verifier.pk))
    assert count == 1  # the database cache's read (the embedded tier); Redis in production: no query
    _read, count = _queries_of(lambda: (again.organization.timezone, again.capabilities, again.role_codes))
    assert count == 0 and "verifier" in again.role_codes and again.organization == verifier.organization
    assert again is not first  # a fresh object each time: nothing a request attaches to it reaches another


def test_a_logged_in_page_pays_no_query_for_the_person_their_roles_or_their_authenticator(client, verifier):
    login(client, verifier)
    assert client.get("/").status_code == 200  # the first page reads and keeps them
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    read = " ".join(query["sql"] for query in queries.captured_queries)
    for table in ("accounts_user", "accounts_roleassignment", "otp_totp_totpdevice", "otp_static_staticdevice"):
        assert f'FROM "{table}"' not in read


def test_an_ended_assignment_takes_its_rights_away_at_once(client, verifier, lpse_head):
    login(client, verifier)
    assert client.get("/registrasi/antrean/").status_code == 200
    assignment = RoleAssignment.objects.get(user=verifier, role="verifier")
    RoleAssignment.objects.filter(pk=assignment.pk).update(valid_from=datetime.date(2025, 1, 1))  # by SK, long ago
    role_assignment_end(
        assignment=assignment, valid_to=timezone.localdate() - datetime.timedelta(days=1), reason="Mutasi", by=lpse_head
    )
    assert "verifier" not in ModelBackend().get_user(verifier.pk).role_codes
    assert client.get("/registrasi/antrean/").status_code == 403


def test_a_bulk_update_forgets_the_people_it_changes(verifier):
    ModelBackend().get_user(verifier.pk)
    User.objects.filter(pk=verifier.pk).update(is_active=False)  # what the vendor account services do
    assert ModelBackend().get_user(verifier.pk) is None
    User.objects.filter(pk=verifier.pk).update(is_active=True)
    RoleAssignment.objects.filter(user=verifier).update(valid_from=timezone.localdate() + datetime.timedelta(days=5))
    assert ModelBackend().get_user(verifier.pk).role_codes == frozenset()


def test_a_change_of_the_organisation_reaches_its_people(verifier):
    ModelBackend().get_user(verifier.pk)
    Organization.objects.filter(pk=verifier.organization_id).update(timezone="Asia/Jayapura")
    assert ModelBackend().get_user(verifier.pk).organization.timezone == "Asia/Jayapura"
    organization = Organization.objects.get(pk=verifier.organization_id)
    organization.timezone = "Asia/Makassar"
    organization.save()
    assert ModelBackend().get_user(verifier.pk).organization.timezone == "Asia/Makassar"


def test_an_own_role_given_a_capability_reaches_its_holders(verifier, lpse_head):
    organization = verifier.organization
    role = own_role_create(organization=organization, code="tim_arsip", name="Tim Arsip", capabilities=[], by=lpse_head)
    RoleAssignment.objects.create(
        organization=organization,
        user=verifier,
        role=role.code,
        unit=RoleAssignment.objects.filter(user=verifier).first().unit,
        valid_from=timezone.localdate(),
    )
    assert "accounts.view_audit" not in ModelBackend().get_user(verifier.pk).capabilities
    own_role_update(role=role, by=lpse_head, capabilities=["accounts.view_audit"])
    assert "accounts.view_audit" in ModelBackend().get_user(verifier.pk).capabilities


def test_a_removed_authenticator_ends_the_verified_session(client, verifier):
    login(client, verifier)
    assert client.get("/").status_code == 200
    TOTPDevice.objects.filter(user=verifier).delete()
    assert client.get("/")["Location"].startswith("/akun/2fa/pasang/")  # staff must set one up again


def test_an_entry_of_yesterday_is_not_used(verifier):
    stale = ModelBackend().get_user(verifier.pk)
    stale.__dict__["capabilities"] = frozenset({"everything"})
    cache.set(identity._key(verifier.pk), (timezone.localdate() - datetime.timedelta(days=1), stale), identity.TTL)
    assert "everything" not in ModelBackend().get_user(verifier.pk).capabilities  # roles are valid from/to a date
