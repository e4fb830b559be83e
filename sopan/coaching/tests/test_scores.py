"""The criteria and the table that read the vendor-performance module (`sopan.performance.api`): low scores, passive
vendors (no contract since a date) and the scores before and after the coaching. Skipped until that module is
installed; the assessments and contracts made here are to be filled in after the merge (this file is the place)."""

from __future__ import annotations

import datetime

import pytest

pytest.importorskip("sopan.performance.api")

from django.utils import timezone

from sopan.coaching import scores, selectors
from sopan.coaching.criteria import Params
from sopan.coaching.tests.factories import bind_coaching_sop, company, programme_until

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(organization):
    bind_coaching_sop(organization)
    return organization


def test_without_assessments_no_vendor_has_a_low_score(org):
    programme = programme_until(org, "approved")
    company(org, "CV Tanpa Nilai")
    preview = selectors.invitees_preview(programme, "low_score", Params())
    assert preview.count == 0


def test_without_contracts_every_vendor_active_before_the_date_is_passive(org):
    programme = programme_until(org, "approved")
    company(org, "CV Lama Pasif", activated_days_ago=400)
    company(org, "CV Baru Sekali", activated_days_ago=5)
    since = timezone.localdate() - datetime.timedelta(days=180)
    preview = selectors.invitees_preview(programme, "passive", Params(since=since))
    assert [c.name for c in preview.first] == ["CV Lama Pasif"]


def test_attendees_without_assessments_have_no_score_before_or_after(org):
    programme = programme_until(org, "held")
    rows = scores.before_after(programme, selectors.attendees_of(programme))
    assert len(rows) == 1 and rows[0].before is None and rows[0].after is None and rows[0].change is None
