"""The criteria and the table that read the vendor-performance module (`sopan.performance.api`): low scores (SOP
Pembinaan Pelaku Usaha step 7a), passive vendors (no contract since a date, step 7c) and the scores before and after
the coaching (step 8's report)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from sopan.coaching import scores, selectors
from sopan.coaching.criteria import Params
from sopan.coaching.tests.factories import bind_coaching_sop, company, programme_until
from sopan.performance.models import Assessment, Band, Contract
from sopan.performance.tests.factories import contract
from sopan.procurement.tests.factories import person

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(organization):
    bind_coaching_sop(organization)
    return organization


def _assessed(org, provider, band, *, on, total=None, ended_on=None):
    given = contract(org, company=provider, status=Contract.Status.ASSESSED, ended_on=ended_on or on)
    return Assessment.objects.create(
        organization=org, contract=given, company=provider, scheme_effective=datetime.date(2021, 1, 1), band=band,
        total=total, assessed_by=person(org, "ppk"), assessed_at=timezone.now(), assessed_on=on, response_due_on=on,
    )  # fmt: skip


def test_vendors_whose_latest_band_is_buruk_or_cukup_have_a_low_score(org):
    programme = programme_until(org, "approved")
    today = timezone.localdate()
    poor, fair, good = company(org, "CV Buruk"), company(org, "CV Cukup"), company(org, "CV Baik")
    improved = company(org, "CV Membaik")
    _assessed(org, poor, Band.POOR, on=today)
    _assessed(org, fair, Band.FAIR, on=today)
    _assessed(org, good, Band.GOOD, on=today)
    _assessed(org, improved, Band.POOR, on=today - datetime.timedelta(days=90))
    _assessed(org, improved, Band.VERY_GOOD, on=today)  # the latest counts
    company(org, "CV Tanpa Nilai")
    preview = selectors.invitees_preview(programme, "low_score", Params())
    assert preview.count == 2 and sorted(c.name for c in preview.first) == ["CV Buruk", "CV Cukup"]


def test_a_vendor_with_a_contract_since_the_date_is_not_passive(org):
    programme = programme_until(org, "approved")
    since = timezone.localdate() - datetime.timedelta(days=180)
    busy = company(org, "CV Sibuk", activated_days_ago=400)
    company(org, "CV Lama Pasif", activated_days_ago=400)
    company(org, "CV Baru Sekali", activated_days_ago=5)  # not active before the date: new, not passive
    contract(org, company=busy, ended_on=since + datetime.timedelta(days=10))
    old = company(org, "CV Kontrak Lama", activated_days_ago=900)
    contract(org, company=old, ended_on=since - datetime.timedelta(days=10))  # before the date: still passive
    preview = selectors.invitees_preview(programme, "passive", Params(since=since))
    assert sorted(c.name for c in preview.first) == ["CV Kontrak Lama", "CV Lama Pasif"]


def test_the_report_shows_each_attendees_score_before_the_first_session_and_now(org):
    programme = programme_until(org, "held")
    attendee = selectors.attendees_of(programme)[0]
    first_session = timezone.localdate(programme.sessions.order_by("starts_at").first().starts_at)
    _assessed(org, attendee.company, Band.FAIR, on=first_session - datetime.timedelta(days=30), total=Decimal("1.40"))
    _assessed(org, attendee.company, Band.GOOD, on=first_session + datetime.timedelta(days=1), total=Decimal("2.30"))
    (row,) = scores.before_after(programme, selectors.attendees_of(programme))
    assert (row.before.band, row.after.band) == (Band.FAIR, Band.GOOD)
    assert row.change == Decimal("0.90")


def test_an_e_purchasing_rating_has_no_change_to_show(org):
    programme = programme_until(org, "held")
    attendee = selectors.attendees_of(programme)[0]
    first_session = timezone.localdate(programme.sessions.order_by("starts_at").first().starts_at)
    _assessed(org, attendee.company, Band.FAIR, on=first_session - datetime.timedelta(days=30))  # stars: no total
    _assessed(org, attendee.company, Band.GOOD, on=first_session + datetime.timedelta(days=1), total=Decimal("2.30"))
    (row,) = scores.before_after(programme, selectors.attendees_of(programme))
    assert row.before.total is None and row.change is None


def test_attendees_without_assessments_have_no_score_before_or_after(org):
    programme = programme_until(org, "held")
    rows = scores.before_after(programme, selectors.attendees_of(programme))
    assert len(rows) == 1 and rows[0].before is None and rows[0].after is None and rows[0].change is None
