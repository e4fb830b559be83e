"""The demo programmes: made through the services by the coaching team and the Kepala UKPBJ (so the audit events and
SOP steps exist), a held one with attendance, a proposed one, an agency-users training; a second run adds nothing; an
organisation without the SOP bound gets none."""

import pytest

from sopan.coaching import demo
from sopan.coaching.models import Invitation, Programme
from sopan.coaching.tests.factories import bind_coaching_sop, company, head, team
from sopan.coaching.workflows import PROCEDURE
from sopan.core.models import AuditEvent
from sopan.procurement.tests.factories import person
from sopan.sop.api import case_for

pytestmark = pytest.mark.django_db


def test_demo_makes_three_programmes_through_the_services_and_a_second_run_adds_nothing(organization):
    bind_coaching_sop(organization)
    team(organization), head(organization), person(organization, "ppk"), person(organization, "pejabat.pengadaan")
    company(organization, "CV Baru Demo Satu", activated_days_ago=20)
    company(organization, "CV Baru Demo Dua", activated_days_ago=40)
    demo.seed(organization)
    programmes = {p.title: p for p in Programme.objects.filter(organization=organization)}
    held, proposed, training = (programmes[t] for t in (demo.HELD, demo.PROPOSED, demo.TRAINING))
    assert (held.status, proposed.status, training.status) == ("held", "proposed", "approved")
    assert held.invitations.count() == 2 and held.invitations.filter(attended_at__isnull=False).count() == 1
    assert training.audience == "agency_users"
    assert {i.user.username for i in Invitation.objects.filter(programme=training)} == {"ppk", "pejabat.pengadaan"}
    assert case_for(held, procedure=PROCEDURE) is not None
    counts = (Programme.objects.count(), Invitation.objects.count(), AuditEvent.objects.count())
    demo.seed(organization)
    assert (Programme.objects.count(), Invitation.objects.count(), AuditEvent.objects.count()) == counts


def test_no_demo_programmes_without_the_sop_bound(organization):
    team(organization), head(organization)
    demo.seed(organization)
    assert not Programme.objects.exists()
