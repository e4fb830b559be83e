"""The achievement percentage, with lower-is-better indicators, and the quarters' days."""

import datetime
from decimal import Decimal

from sopan.indicators import scores


def test_higher_is_better_is_realisation_over_target():
    assert scores.achievement(Decimal("80"), Decimal("60"), "higher") == Decimal("75.0")


def test_lower_is_better_rewards_a_realisation_under_target():
    # target 3 days: 2 days achieves 133.3 %, 4 days 66.7 %, 3 days 100 %, 7 days or more never below 0
    assert scores.achievement(Decimal("3"), Decimal("2"), "lower") == Decimal("133.3")
    assert scores.achievement(Decimal("3"), Decimal("4"), "lower") == Decimal("66.7")
    assert scores.achievement(Decimal("3"), Decimal("3"), "lower") == Decimal("100.0")
    assert scores.achievement(Decimal("3"), Decimal("9"), "lower") == Decimal("0")


def test_no_achievement_without_a_target_or_a_realisation():
    assert scores.achievement(None, Decimal("1"), "higher") is None
    assert scores.achievement(Decimal("1"), None, "lower") is None
    assert scores.achievement(Decimal("0"), Decimal("5"), "higher") is None


def test_quarter_days_and_the_running_quarter_measured_to_today():
    assert scores.quarter_days(2026, 4) == (datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))
    today = datetime.date(2026, 5, 10)
    assert scores.measured_days(2026, 2, today) == (datetime.date(2026, 4, 1), today)
    assert scores.measured_days(2026, 3, today) is None
    assert scores.under_target(Decimal("99.9")) and not scores.under_target(Decimal("100"))
