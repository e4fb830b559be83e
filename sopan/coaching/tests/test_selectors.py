"""The reads: scoped to the user's organisation (another's programme is 404, a vendor 403), each list a fixed number
of queries whatever its length."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from sopan.coaching import selectors
from sopan.coaching.tests.factories import bind_coaching_sop, company, draft, programme_until, team
from sopan.procurement.tests.factories import person

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(organization):
    bind_coaching_sop(organization)
    return organization


def test_the_list_shows_the_organisations_programmes_with_their_counts(org, outsider):
    held = programme_until(org, "attended")
    planned = draft(org, title="Klinik Dokumen Penawaran")
    from sopan.coaching import services

    services.programme_create(organization=outsider.organization, by=outsider, title="Program Batang", kind="clinic",
                              audience="vendors", strategy="", target_notes="")  # fmt: skip
    page = selectors.programme_list_for(team(org))
    assert [p.pk for p in page.items] == [planned.pk, held.pk]
    assert (page.items[1].invited, page.items[1].attended) == (2, 1)
    assert [p.pk for p in selectors.programme_list_for(team(org), status="draft").items] == [planned.pk]


def test_the_list_costs_one_query_whatever_its_length(org, django_assert_max_num_queries):
    for n in range(12):
        draft(org, title=f"Program {n}")
    user = team(org)
    user.capabilities
    with django_assert_max_num_queries(1):
        page = selectors.programme_list_for(user, size=5)
    assert len(page.items) == 5 and page.has_next


def test_another_organisations_programme_is_404_and_a_vendor_gets_403(org, other_organization, outsider):
    programme = draft(org)
    with pytest.raises(Http404):
        selectors.programme_get_for(outsider, programme.pk)
    with pytest.raises(PermissionDenied):
        selectors.programme_get_for(person(org, "penyedia.admin"), programme.pk)
    with pytest.raises(PermissionDenied):
        selectors.programme_list_for(person(org, "penyedia.admin"))
    assert selectors.programme_get_for(person(org, "kepala.ukpbj"), programme.pk) == programme


def test_the_invitations_page_costs_one_query(org, django_assert_max_num_queries):
    programme = programme_until(org, "approved")
    for n in range(8):
        company(org, f"CV Undangan {n}", activated_days_ago=2)
    from django.utils import timezone

    from sopan.coaching.criteria import Params
    from sopan.coaching.services_invitations import invitations_add

    since = timezone.localdate() - datetime.timedelta(days=30)
    invitations_add(programme=programme, criterion="new", params=Params(since=since), by=team(org))
    with django_assert_max_num_queries(1):
        page = selectors.invitation_page(programme, size=5)
        names = [i.invitee_name for i in page.items]
    assert len(names) == 5 and page.has_next
    with django_assert_max_num_queries(1):
        rows = selectors.attendance_by_criterion(programme)
    assert [(r.key, r.invited, r.attended) for r in rows] == [("new", 8, 0)]


def test_the_preview_counts_and_shows_the_first_without_inviting(org, django_assert_max_num_queries):
    programme = programme_until(org, "approved")
    for n in range(25):
        company(org, f"CV Pratinjau {n:02d}", activated_days_ago=2)
    from django.utils import timezone

    from sopan.coaching.criteria import Params

    programme = selectors.programme_get_for(team(org), programme.pk)  # as the page has it
    since = timezone.localdate() - datetime.timedelta(days=30)
    with django_assert_max_num_queries(2):
        preview = selectors.invitees_preview(programme, "new", Params(since=since))
    assert preview.count == 25 and not preview.capped
    assert [c.name for c in preview.first] == [f"CV Pratinjau {n:02d}" for n in range(selectors.PREVIEW_SIZE)]
    assert not programme.invitations.exists()


def test_a_vendor_sees_its_companys_invitations_once_sent(org, django_assert_max_num_queries):
    admin = person(org, "penyedia.admin")
    mine = company(org, "CV Milik Admin", activated_days_ago=3, admin_user=admin)
    programme = programme_until(org, "chosen")
    assert selectors.my_invitations_for(admin) == []  # not sent yet
    from sopan.coaching import services

    services.programme_send_invitations(programme=programme, by=team(org))
    with django_assert_max_num_queries(3):
        found = selectors.my_invitations_for(admin)
        sessions = [list(i.programme.sessions.all()) for i in found]
    assert [i.company for i in found] == [mine] and len(sessions[0]) == 1
    with pytest.raises(Http404):
        selectors.own_invitation_get(person(org, "ppk"), found[0].pk)
