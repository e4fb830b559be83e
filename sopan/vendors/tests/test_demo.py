"""The demo data of `make run`: one applicant at each stage of registration, made through the services."""

from __future__ import annotations

import pytest

from sopan.accounts.models import Organization
from sopan.vendors import demo
from sopan.vendors.identifiers import validate_nik
from sopan.vendors.models import BlacklistEntry, Company, Registration
from sopan.vendors.tests import factories

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.every_persona,
]  # each demo step commits, as in `make run`


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
    assert entry.source.rows == 1 and entry.npwp == demo.APPLICANTS[2][1]
    assert demo.ensure_vendors(organization) == 0  # a second run adds nothing
    # the applicants are companies of the office's own town (issue 14 §4)
    names = set(Registration.objects.values_list("company__name", flat=True))
    assert names == set(demo.LOCALITIES["salatiga"].companies)


@pytest.mark.parametrize("slug", ["salatiga", "pagar-alam", "batang", "kota-baru"])
def test_each_office_has_vendors_of_its_own_town(slug):
    """Pagar Alam's demo vendors are not named after Salatiga, nor is any office's after another demo office."""
    organization = Organization(slug=slug, name=f"Pemerintah {slug.replace('-', ' ').title()}")
    locality = demo.locality_for(organization)
    others = {"salatiga": "Salatiga", "pagar-alam": "Pagar Alam", "batang": "Batang"}
    for other_slug, town in others.items():
        if other_slug != slug:
            assert not any(town in name for name in (*locality.companies, locality.regency)), (slug, town)
    assert len(set(locality.companies)) == len(demo.APPLICANTS)
    for spec in demo.APPLICANTS:  # the admins' NIKs are issued in the town and valid
        assert validate_nik(locality.regency_code + spec[4]).startswith(locality.regency_code)
