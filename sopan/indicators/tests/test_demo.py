"""The demo: indicators of the year (computed and entered), realisations for the quarters begun, an action plan, the
previous quarter's report approved and the current one drafted; idempotent."""

import pytest

from sopan.indicators import demo
from sopan.indicators.models import ActionPlan, Indicator, Realisation, Report
from sopan.indicators.selectors import today_of
from sopan.indicators.tests.factories import bind_performance_sop, head, officer, team

pytestmark = pytest.mark.django_db


def test_demo_seeds_every_part_once(organization):
    bind_performance_sop(organization)
    officer(organization), team(organization), head(organization)
    demo.seed(organization)
    demo.seed(organization)
    today = today_of(organization)
    quarter = (today.month - 1) // 3 + 1
    assert Indicator.objects.filter(organization=organization).count() == 8
    assert Indicator.objects.exclude(measure="").count() == 5
    assert Realisation.objects.count() == 3 * quarter
    assert ActionPlan.objects.count() == 1
    statuses = set(Report.objects.values_list("status", flat=True))
    assert Report.Status.DRAFTED in statuses
    if quarter > 1:
        assert Report.Status.APPROVED in statuses
