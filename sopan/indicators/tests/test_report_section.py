"""The indicators' section of the quarterly LPSE report (hook "report_sections"): each indicator's target and
realisation for the quarter with its achievement, in a fixed number of queries."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from sopan.core import modules
from sopan.indicators import report_section, scores
from sopan.indicators.models import Realisation
from sopan.indicators.selectors import today_of
from sopan.indicators.tests.factories import indicator, officer

pytestmark = pytest.mark.django_db


def _quarter(organization):
    today = today_of(organization)
    return scores.quarter_days(today.year, scores.quarter_of(today)), scores.quarter_of(today)


def test_section_lists_target_realisation_and_achievement(organization, django_assert_max_num_queries):
    (start, end), quarter = _quarter(organization)
    entered = indicator(organization, year=start.year, code="IKU-A", name="Kepuasan", target="80")
    Realisation.objects.create(indicator=entered, quarter=quarter, value=Decimal("60"),
                               entered_by=officer(organization), entered_at=timezone.now())  # fmt: skip
    indicator(organization, year=start.year, code="IKU-B", name="Penilaian", target="10",
              measure="performance.assessments_done")  # fmt: skip
    for n in range(3):  # more indicators, same number of queries
        indicator(organization, year=start.year, code=f"IKU-C{n}", measure="performance.assessments_done")
    with django_assert_max_num_queries(4):
        [section] = report_section.sections(organization=organization, start=start, end=end)
    assert section.key == "indicators" and section.order == 70
    rows = {row[0]: row for row in section.tables[0].rows}
    assert rows["IKU-A"][3:6] == ("80,00", "60,00", "75,0 %")
    assert rows["IKU-B"][4] == "0,00"  # computed: no assessments this quarter
    assert len(section.tables[0].columns) == len(rows["IKU-A"])


def test_a_year_without_indicators_still_has_its_chapter_saying_so(organization):
    (start, end), _quarter_number = _quarter(organization)
    [section] = report_section.sections(organization=organization, start=start, end=end)
    assert section.key == "indicators" and section.facts[0].value == "0" and section.tables[0].rows == ()


def test_the_hook_is_answered(organization):
    (start, end), _quarter_number = _quarter(organization)
    indicator(organization, year=start.year)
    answers = modules.call("report_sections", organization=organization, start=start, end=end)
    assert any(section.key == "indicators" for answer in answers for section in answer)
