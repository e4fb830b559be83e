"""The demo data of `make run`: one applicant at each stage of registration, made through the services."""

from __future__ import annotations

import pytest

from sopan.vendors import demo
from sopan.vendors.models import BlacklistEntry, Company, Registration
from sopan.vendors.tests import factories

pytestmark = pytest.mark.django_db(transaction=True)  # each demo step commits, as in `make run`


def test_the_demo_has_an_applicant_at_every_stage_and_is_idempotent(organization, personas):
    factories.bind_registration_sop(organization)
    assert demo.ensure_vendors(organization) == len(demo.APPLICANTS)
    statuses = dict(Registration.objects.values_list("user__username", "status"))
    assert statuses == {
        "penyedia1": "submitted",
        "penyedia2": "ready",
        "penyedia3": "received",
        "penyedia4": "completion_requested",
        "penyedia5": "approved",
    }
    assert Company.objects.get(admin_user=personas["vendor_admin"]).status == Company.Status.ACTIVE
    # the demo blacklist came through the real import, and the received applicant is found on it
    [entry] = BlacklistEntry.objects.filter(organization=organization)
    assert entry.source.rows == 1 and entry.npwp == demo.APPLICANTS[2][2]
    assert demo.ensure_vendors(organization) == 0  # a second run adds nothing
