"""Demo reports: on an organisation with an LPSE, the last quarter approved with its narrative and the current quarter
as a draft; seeding twice changes nothing."""

from __future__ import annotations

import pytest

from sopan.reports import demo
from sopan.reports.models import Report
from sopan.reports.tests.factories import kepala_lpse

pytestmark = pytest.mark.django_db


def test_the_demo_has_an_approved_past_quarter_and_a_current_draft(organization):
    kepala_lpse(organization)
    demo.seed(organization)
    demo.seed(organization)
    reports = Report.objects.filter(organization=organization).order_by("period_end")
    statuses = list(reports.values_list("status", flat=True))
    assert statuses == [Report.Status.APPROVED, Report.Status.DRAFT]
    past = Report.objects.filter(organization=organization).order_by("period_end").first()
    assert past.introduction and past.conclusion and past.snapshot
